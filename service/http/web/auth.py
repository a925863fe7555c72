"""Who is signed in to the web pages, and the role checks in front of every change."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, flash, g, redirect, request, session, url_for

from service.application.accounts import Principal, user_principal
from service.http.context import db_session

SESSION_USER = "user_id"


def load_principal() -> Principal | None:
    """The signed-in, still active user of this request (looked up each time, so a deactivation takes hold)."""
    if "principal" not in g:
        principal = None
        user_id = session.get(SESSION_USER)
        if isinstance(user_id, int):
            principal = user_principal(db_session(), user_id)
        g.principal = principal
    return g.principal


def signed_in() -> Principal:
    """The principal of a view behind role_required (which sent anonymous requests to the sign-in page)."""
    principal = load_principal()
    if principal is None:
        abort(401, "sign in first")
    return principal


def role_required(role: str) -> Callable:
    """Anonymous requests go to the sign-in page (nothing is changed); a too small role gets 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            principal = load_principal()
            if principal is None:
                flash("Please sign in to make changes.", "info")
                back = safe_next(request.full_path) if request.method == "GET" else ""
                return redirect(url_for("web.sign_in", next=back or None))
            if not principal.can(role):
                abort(403, f"this needs the {role} role; you are signed in as {principal.role}")
            return view(*args, **kwargs)

        return wrapper

    return decorate


def safe_next(target: str | None) -> str:
    """A local path to return to after signing in; anything pointing elsewhere becomes ''."""
    if not target:
        return ""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return ""
    return target.rstrip("?")
