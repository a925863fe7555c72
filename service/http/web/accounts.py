"""Sign-in and sign-out, with failed attempts limited per user name and address."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for

from service.application.accounts import (
    LOGIN_MAX_FAILURES,
    LOGIN_WINDOW,
    authenticate,
    clear_login_failures,
    login_blocked,
    record_login_failure,
)
from service.http.context import db_session
from service.http.web import bp
from service.http.web.auth import SESSION_USER, safe_next
from service.http.web.forms import ActionForm, SignInForm


def attempt_key(username: str, address: str | None) -> str:
    """Failures count per user name and client address, so one address cannot lock a user out everywhere."""
    return f"web:{username.strip().casefold()}|{address or '-'}"


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"))
        return render_template("sign_in.html", form=form)
    if not form.validate_on_submit():
        return render_template("sign_in.html", form=form), 400
    db = db_session()
    key = attempt_key(form.username.data, request.remote_addr)
    if login_blocked(db, key):
        minutes = int(LOGIN_WINDOW.total_seconds() // 60)
        message = (
            f"Too many failed sign-ins for this user name ({LOGIN_MAX_FAILURES} within {minutes} minutes). "
            f"Please wait up to {minutes} minutes and try again."
        )
        return render_template("sign_in.html", form=form, blocked=message), 429
    user = authenticate(db, form.username.data, form.password.data)
    if user is None:
        record_login_failure(db, key)
        db.commit()
        form.password.errors = ["The user name or password is wrong."]
        return render_template("sign_in.html", form=form), 401
    clear_login_failures(db, key)
    db.commit()
    session.clear()  # a fresh session on sign-in: nothing from before carries over
    session[SESSION_USER] = user.id
    flash(f"Signed in as {user.username} ({user.role}).", "success")
    return redirect(safe_next(form.next.data) or url_for("web.glossary"))


@bp.post("/sign-out")
def sign_out():
    form = ActionForm()
    if form.validate_on_submit():
        session.clear()
        flash("Signed out.", "success")
    return redirect(url_for("web.glossary"))
