"""Glossary import pages: upload, a dry-run preview of every change and error, then a confirm step."""

from __future__ import annotations

import base64
import binascii

from flask import abort, flash, redirect, render_template, url_for

from service.application import glossary as glossary_service
from service.application.shapes import term_to_dict
from service.formats import base as formats
from service.formats.results import ReadResult
from service.http.context import db_session
from service.http.web import bp
from service.http.web.auth import role_required, signed_in
from service.http.web.forms import ImportConfirmForm, TermImportForm
from service.http.web.import_plan import CREATE, UNCHANGED, UPDATE, detect_format, plan_import


def _dry_run(read: ReadResult):
    """Run the real import inside a transaction that is always rolled back: its counts and errors are
    exactly what confirming would produce against the glossary as it is now."""
    db = db_session()
    stored = {row.source_key: term_to_dict(row) for row in glossary_service.all_terms(db)}
    plan = plan_import(read.terms, stored)
    try:
        outcome = glossary_service.apply_terms(
            db, [(None, t) for t in read.terms], signed_in().name, may_approve=signed_in().can("admin")
        )
    finally:
        db.rollback()
    return plan, outcome


@bp.route("/glossary/import", methods=["GET", "POST"])
@role_required("editor")
def term_import():
    form = TermImportForm()
    if not form.validate_on_submit():
        return render_template("glossary/import.html", form=form), 400 if form.errors else 200
    upload = form.file.data
    if upload is None or not upload.filename:
        form.file.errors = list(form.file.errors) + ["Choose a file to import."]
        return render_template("glossary/import.html", form=form), 400
    fmt = detect_format(upload.filename, form.format.data)
    if fmt is None:
        form.format.errors = list(form.format.errors) + ["Choose CSV or TBX: the file name does not tell."]
        return render_template("glossary/import.html", form=form), 400
    data = upload.read()
    return _preview(data, fmt, upload.filename)


def _preview(data: bytes, fmt: str, filename: str):
    read = glossary_service.read_terms(data, fmt)
    plan, outcome = _dry_run(read)
    errors = [(e.line, e.message) for e in read.errors] + list(outcome.errors)
    confirm = ImportConfirmForm(
        formdata=None, payload=base64.b64encode(data).decode("ascii"), format=fmt, filename=filename
    )
    counts = {action: sum(1 for row in plan if row.action == action) for action in (CREATE, UPDATE, UNCHANGED)}
    return render_template(
        "glossary/import_preview.html",
        plan=plan,
        errors=errors,
        counts=counts,
        outcome=outcome,
        confirm=confirm,
        filename=filename,
        fmt=fmt,
    )


@bp.post("/glossary/import/confirm")
@role_required("editor")
def term_import_confirm():
    form = ImportConfirmForm()
    if not form.validate_on_submit() or form.format.data not in formats.names("glossary"):
        abort(400, "the import form was incomplete; upload the file again")
    try:
        data = base64.b64decode(form.payload.data.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        abort(400, "the import form was damaged; upload the file again")
    read = glossary_service.read_terms(data, form.format.data)
    db = db_session()
    outcome = glossary_service.apply_terms(
        db, [(None, t) for t in read.terms], signed_in().name, may_approve=signed_in().can("admin")
    )
    if read.errors or outcome.errors:
        db.rollback()
        flash("Nothing was imported: the file has errors. They are listed below.", "error")
        return _preview(data, form.format.data, form.filename.data or "")
    db.commit()
    flash(
        f"Imported {form.filename.data or 'the file'}: {outcome.created} created, {outcome.updated} updated, "
        f"{outcome.skipped} unchanged.",
        "success",
    )
    return redirect(url_for("web.glossary"))
