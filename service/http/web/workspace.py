"""The workspace pages: documents with their progress, and a document translated segment by segment."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath
from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import abort, flash, jsonify, redirect, render_template, request, url_for

from service.application import workspace
from service.application.assist import PREFILL_MIN_SCORE, AssistOptions
from service.application.shapes import document_to_dict
from service.errors import Conflict, NotFound
from service.formats.xliff import EXTENSIONS as XLIFF_EXTENSIONS
from service.formats.xliff import XliffRejected, looks_like_xliff
from service.http.api.uploads import attachment
from service.http.context import db_session, runtime
from service.http.web import bp
from service.http.web.assist_view import SegmentView, segment_view, term_tooltip
from service.http.web.auth import role_required, signed_in
from service.http.web.forms import ActionForm, NewDocumentForm, WorkspaceSegmentForm

PAGE_SIZE = workspace.PAGE_SIZE
_BACK_KEYS = ("page", "status", "prefill")


def _list_page(form: NewDocumentForm, status: int = 200):
    docs = [document_to_dict(d) for d in workspace.documents(db_session())]
    return render_template("workspace/list.html", form=form, documents=docs, delete_form=ActionForm()), status


@bp.get("/workspace")
def workspace_list():
    return _list_page(NewDocumentForm(formdata=None))


@bp.post("/workspace")
@role_required("editor")
def workspace_create():
    form = NewDocumentForm()
    created = _create(form, signed_in().name)
    if created is None:
        return _list_page(form, 400)
    noise = f"; {created.noise} noise segment{'' if created.noise == 1 else 's'} left out" if created.noise else ""
    flash(f"{created.segments} segment{'' if created.segments == 1 else 's'} to translate{noise}.", "success")
    return redirect(url_for("web.workspace_document", doc_id=created.id))


def _create(form: NewDocumentForm, who: str) -> workspace.Created | None:
    if not form.validate_on_submit():
        return None
    text = form.text.data or ""
    upload = form.upload.data
    data: bytes | None = None
    if upload and getattr(upload, "filename", ""):
        data = upload.read()
        if PurePath(upload.filename).suffix.lower().lstrip(".") in XLIFF_EXTENSIONS or looks_like_xliff(data[:4096]):
            text = ""
        else:
            try:
                text, data = data.decode("utf-8-sig"), None
            except UnicodeDecodeError:
                form.upload.errors = list(form.upload.errors) + ["the file is not UTF-8 text"]
                return None
    if data is None and not text.strip():
        form.text.errors = list(form.text.errors) + ["Paste a text or choose a .txt or XLIFF file."]
        return None
    db = db_session()
    try:
        if data is not None:
            created = workspace.create_from_xliff(db, form.name.data.strip(), data, who)
        else:
            created = workspace.create_document(db, form.name.data.strip(), text, who)
    except Conflict:
        db.rollback()
        form.name.errors = list(form.name.errors) + ["A document of this name is in the workspace already."]
        return None
    except XliffRejected as exc:
        db.rollback()
        form.upload.errors = list(form.upload.errors) + [f"The XLIFF file cannot be read: {exc}."]
        return None
    except (workspace.EmptyDocument, workspace.TooLong, workspace.WrongLanguages) as exc:
        db.rollback()
        field = form.upload if data is not None else form.text
        field.errors = list(field.errors) + [_sentence(str(exc))]
        return None
    db.commit()
    return created


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        abort(400, f"{name} must be a whole number from {low} to {high}")
    return int(raw)


@bp.get("/workspace/<int:doc_id>")
def workspace_document(doc_id: int):
    db = db_session()
    try:
        doc = document_to_dict(workspace.summary(db, doc_id))
    except NotFound:
        abort(404, f"no document {doc_id} in the workspace")
    status = request.args.get("status") or None
    if status is not None and status not in workspace.STATUSES:
        abort(400, f"status must be one of {', '.join(workspace.STATUSES)}")
    total = doc["counts"][status] if status else doc["segments"]
    pages = max(1, -(-total // PAGE_SIZE))
    page = _int_arg("page", 1, 1, pages)
    prefill = _int_arg("prefill", int(PREFILL_MIN_SCORE), 0, 101)
    items = runtime().workspace_page(
        db,
        doc_id,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
        status=status,
        options=AssistOptions(prefill_min_score=prefill),
    )
    rows = [{**item, "view": _view(item)} for item in items]
    back = urlencode({k: v for k, v in (("page", page), ("status", status), ("prefill", prefill)) if v})
    return render_template(
        "workspace/document.html",
        doc=doc,
        rows=rows,
        status=status,
        page=page,
        pages=pages,
        prefill=prefill,
        back=back,
        segment_form=WorkspaceSegmentForm(formdata=None),
        tooltip=term_tooltip,
    )


def _view(item: dict[str, Any]) -> SegmentView:
    """A segment's view; a draft that only repeats the translation saved is not shown again."""
    view = segment_view({**item["assist"], "index": item["number"] - 1}, item["context_before"], item["context_after"])
    if item["target"] and view.draft == item["target"]:
        view = replace(view, draft=None)
    return view


def _back_url(doc_id: int, back: str | None, number: int | None = None) -> str:
    args: dict[str, Any] = {k: v for k, v in parse_qsl(back or "") if k in _BACK_KEYS}
    anchor = f"#seg-{number}" if number else ""
    return url_for("web.workspace_document", doc_id=doc_id, **args) + anchor


@bp.post("/workspace/<int:doc_id>/segments/<int:number>")
@role_required("editor")
def workspace_segment(doc_id: int, number: int):
    form = WorkspaceSegmentForm()
    wants_json = request.accept_mimetypes.best == "application/json"
    if not form.validate_on_submit() or form.action.data not in ("draft", "confirm"):
        if wants_json:
            return jsonify({"saved": False, "errors": form.errors or {"action": ["draft or confirm"]}}), 400
        abort(400, "the form was not valid; reload the page and try again")
    db = db_session()
    who = signed_in().name
    target = form.target.data or ""
    issues: list[str] = []
    try:
        if form.action.data == "confirm":
            if not target.strip():
                raise ValueError("write a translation before confirming it")
            done = runtime().workspace_confirm(db, doc_id, number - 1, target, who, force=form.confirm.data == "1")
            row = done.row
            issues = [i["message"] for i in done.issues]
            message = f"Segment {number} confirmed" + (" and stored in the memory." if done.created else ".")
        else:
            row = workspace.save_draft(db, doc_id, number - 1, target, who)
            message = f"Segment {number} saved as {'a draft' if row.status == 'draft' else row.status}."
    except NotFound as exc:
        abort(404, str(exc))
    except workspace.NeedsConfirmation as exc:
        db.rollback()
        found = [i.message for i in exc.issues]
        if wants_json:
            return jsonify({"saved": False, "needs_confirmation": True, "issues": found}), 409
        return render_template("workspace/confirm.html", form=form, issues=found, doc_id=doc_id, number=number), 409
    except ValueError as exc:
        db.rollback()
        if wants_json:
            return jsonify({"saved": False, "errors": {"target": [str(exc)]}}), 400
        flash(f"Segment {number}: {exc}.", "error")
        return redirect(_back_url(doc_id, form.back.data, number))
    status = row.status
    db.commit()
    counts = workspace.summary(db, doc_id).counts
    if wants_json:
        return jsonify({"saved": True, "status": status, "message": message, "issues": issues, "counts": counts})
    flash(message, "success")
    for issue in issues:
        flash(f"Segment {number}: {issue}", "warning")
    return redirect(_back_url(doc_id, form.back.data, number))


@bp.get("/workspace/<int:doc_id>/export")
def workspace_export(doc_id: int):
    fmt = request.args.get("format", "tmx")
    if fmt not in workspace.export_formats():
        abort(400, f"format must be one of {', '.join(workspace.export_formats())}")
    try:
        out = workspace.export(db_session(), doc_id, fmt)
    except NotFound:
        abort(404, f"no document {doc_id} in the workspace")
    return (b"".join(out.chunks), 200, {"Content-Type": out.media_type, **attachment(out.name, out.extension)})


@bp.post("/workspace/<int:doc_id>/delete")
@role_required("editor")
def workspace_delete(doc_id: int):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400, "the form was not valid; reload the page and try again")
    db = db_session()
    try:
        name = workspace.summary(db, doc_id).name
        workspace.delete_document(db, doc_id)
    except NotFound:
        abort(404, f"no document {doc_id} in the workspace")
    db.commit()
    flash(f"“{name}” is out of the workspace; the pairs it stored stay in the memory.", "success")
    return redirect(url_for("web.workspace_list"))


def _sentence(message: str) -> str:
    """A message as a sentence: its first letter upper case (the rest as written), a full stop at the end."""
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
