"""Glossary pages: list and search, create, edit with optimistic locking and a conflict view, history, delete."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from glossary.model import Category, Status
from service.application import glossary as glossary_service
from service.application.shapes import term_to_dict
from service.errors import BadCursor, Conflict, InvalidTerm, NotAllowed, NotFound
from service.http.context import db_session
from service.http.web import bp
from service.http.web.auth import role_required, signed_in
from service.http.web.forms import ActionForm, TermForm
from service.http.web.term_compare import compare_terms

PAGE_SIZE = 50


def _term_or_404(term_id: int):
    try:
        return glossary_service.get_term(db_session(), term_id)
    except NotFound:
        abort(404, f"there is no term {term_id}")


@bp.get("/glossary")
def glossary():
    q = request.args.get("q", "").strip()
    category = request.args.get("category", "")
    status = request.args.get("status", "")
    category = category if category in set(Category) else ""
    status = status if status in set(Status) else ""
    cursor = request.args.get("cursor") or None
    try:
        page = glossary_service.list_terms(
            db_session(), q=q or None, category=category or None, status=status or None, limit=PAGE_SIZE, cursor=cursor
        )
    except BadCursor:
        abort(400, "this page link is not valid any more; start from the first page")
    return render_template(
        "glossary/list.html",
        terms=page.items,
        next_cursor=page.next_cursor,
        q=q,
        category=category,
        status=status,
        categories=list(Category),
        statuses=list(Status),
        paged=cursor is not None,
    )


@bp.route("/glossary/new", methods=["GET", "POST"])
@role_required("editor")
def term_new():
    form = TermForm()
    problems: list[str] = []
    if form.validate_on_submit():
        db = db_session()
        try:
            row = glossary_service.create_term(
                db, form.term_fields(), signed_in().name, may_approve=signed_in().can("admin")
            )
            db.commit()
        except InvalidTerm as exc:
            db.rollback()
            problems = form.add_errors(exc.errors)
        except Conflict as exc:
            db.rollback()
            form.source.errors = list(form.source.errors) + [str(exc)]
        else:
            proposed = " as proposed: an admin approves it" if row.status == "proposed" else ""
            flash(f"Term {row.source} created{proposed}.", "success")
            return redirect(url_for("web.term_detail", term_id=row.id))
    status = 400 if request.method == "POST" else 200
    return render_template("glossary/form.html", form=form, term=None, problems=problems), status


@bp.get("/glossary/<int:term_id>")
def term_detail(term_id: int):
    row = _term_or_404(term_id)
    return render_template("glossary/detail.html", term=term_to_dict(row), action_form=ActionForm())


@bp.route("/glossary/<int:term_id>/edit", methods=["GET", "POST"])
@role_required("editor")
def term_edit(term_id: int):
    db = db_session()
    row = _term_or_404(term_id)
    form = TermForm()
    if request.method == "GET":
        form.fill(term_to_dict(row))
        return render_template("glossary/form.html", form=form, term=term_to_dict(row), problems=[])
    problems: list[str] = []
    if form.validate_on_submit():
        if not (form.version.data or "").isdigit():
            problems = ["The form carried no version; reload the term and edit it again."]
        else:
            based_on = int(form.version.data)
            try:
                glossary_service.update_term(
                    db,
                    term_id,
                    form.term_fields(),
                    based_on,
                    signed_in().name,
                    replace=True,
                    may_approve=signed_in().can("admin"),
                )
                db.commit()
            except NotAllowed as exc:
                db.rollback()
                form.status.errors = list(form.status.errors) + [str(exc)]
            except InvalidTerm as exc:
                db.rollback()
                problems = form.add_errors(exc.errors)
            except Conflict as exc:
                db.rollback()
                current = _term_or_404(term_id)
                if current.version != based_on:
                    return _conflict_view(form, term_to_dict(current), based_on)
                form.source.errors = list(form.source.errors) + [str(exc)]
            else:
                flash("Term saved.", "success")
                return redirect(url_for("web.term_detail", term_id=term_id))
    return render_template("glossary/form.html", form=form, term=term_to_dict(row), problems=problems), 400


def _conflict_view(form: TermForm, current: dict, based_on: int):
    """Someone saved the term after this editor opened it: show both versions and let the editor choose.

    The form below the comparison keeps the editor's values but now carries the current version, so
    submitting it applies them on top of what is stored; leaving keeps the stored version untouched."""
    mine = form.term_fields()
    comparison = compare_terms(mine, current)
    form.version.data = str(current["version"])
    form.submit.label.text = f"Apply mine on top of version {current['version']}"
    return render_template(
        "glossary/conflict.html", form=form, current=current, based_on=based_on, comparison=comparison
    ), 409


@bp.get("/glossary/<int:term_id>/history")
def term_history(term_id: int):
    try:
        entries = glossary_service.term_history(db_session(), term_id)
    except NotFound:
        abort(404, f"there is no term {term_id}")
    row = glossary_service.find_term(db_session(), term_id)
    steps = []
    previous: dict = {}
    for entry in entries:
        changed = [c for c in compare_terms(entry.snapshot, previous) if c.differs] if previous else []
        steps.append({"entry": entry, "changed": changed})
        previous = entry.snapshot
    return render_template("glossary/history.html", term_id=term_id, term=row, steps=list(reversed(steps)))


@bp.post("/glossary/<int:term_id>/deprecate")
@role_required("editor")
def term_deprecate(term_id: int):
    return _delete(term_id, hard=False)


@bp.post("/glossary/<int:term_id>/delete")
@role_required("admin")
def term_delete(term_id: int):
    return _delete(term_id, hard=True)


def _delete(term_id: int, *, hard: bool):
    form = ActionForm()
    _term_or_404(term_id)
    if not form.validate_on_submit():
        abort(400, "the form was not valid; reload the page and try again")
    db = db_session()
    version = request.form.get("version", "")
    try:
        glossary_service.delete_term(
            db, term_id, signed_in().name, hard=hard, expected_version=int(version) if version.isdigit() else None
        )
        db.commit()
    except Conflict:
        db.rollback()
        flash("The term changed since you opened it; nothing was deleted. Check the current version.", "error")
        return redirect(url_for("web.term_detail", term_id=term_id))
    if hard:
        flash(f"Term {term_id} deleted; its history is kept.", "success")
        return redirect(url_for("web.glossary"))
    flash("Term marked deprecated.", "success")
    return redirect(url_for("web.term_detail", term_id=term_id))
