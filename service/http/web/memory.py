"""Memory browser: concordance search, a document filter, editing and deleting pairs, export links."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, flash, redirect, render_template, request, url_for

from service.application import memory as memory_service
from service.application.shapes import segment_to_dict
from service.errors import BadCursor, Conflict, NotFound
from service.formats import base as formats
from service.http.context import db_session, runtime
from service.http.web import bp
from service.http.web.auth import role_required
from service.http.web.forms import ActionForm, SegmentForm

PAGE_SIZE = 50


def export_url(fmt: str, document: str | None, q: str | None = None) -> str:
    """The API export of what the browser shows: a document, or the whole memory."""
    params = {"format": fmt}
    if document:
        params["document"] = document
    if q:
        params["q"] = q
    return "/api/v1/tm/export?" + urlencode(params)


def _segment_or_404(segment_id: int):
    try:
        return memory_service.get_pair(db_session(), segment_id)
    except NotFound:
        abort(404, f"there is no segment {segment_id}")


@bp.get("/memory")
def memory():
    db = db_session()
    q = request.args.get("q", "").strip()
    document = request.args.get("document", "").strip()
    cursor = request.args.get("cursor") or None
    try:
        page = memory_service.search_pairs(db, q=q or None, document=document or None, limit=PAGE_SIZE, cursor=cursor)
    except BadCursor:
        abort(400, "this page link is not valid any more; start from the first page")
    pairs = [segment_to_dict(row) for row in page.items]
    return render_template(
        "memory/list.html",
        pairs=pairs,
        next_cursor=page.next_cursor,
        q=q,
        document=document,
        documents=memory_service.documents(db),
        total=memory_service.count_pairs(db),
        paged=cursor is not None,
        exports={fmt: export_url(fmt, document, q) for fmt in formats.names("memory")},
        action_form=ActionForm(),
    )


@bp.route("/memory/<int:segment_id>/edit", methods=["GET", "POST"])
@role_required("editor")
def segment_edit(segment_id: int):
    db = db_session()
    row = _segment_or_404(segment_id)
    form = SegmentForm(obj=row) if request.method == "GET" else SegmentForm()
    if form.validate_on_submit():
        try:
            memory_service.update_pair(db, segment_id, {"source": form.source.data, "target": form.target.data})
            db.commit()
        except Conflict as exc:
            db.rollback()
            form.target.errors = list(form.target.errors) + [str(exc)]
        else:
            flash(f"Segment {segment_id} saved.", "success")
            return redirect(url_for("web.memory", document=_document_name(row) or None))
    status = 400 if request.method == "POST" else 200
    issues = runtime().segment_quality(db, segment_id)["issues"]  # what the quality page sent the editor here for
    db.commit()  # a stale result was refreshed
    return render_template("memory/edit.html", form=form, pair=segment_to_dict(row), issues=issues), status


@bp.post("/memory/<int:segment_id>/delete")
@role_required("editor")
def segment_delete(segment_id: int):
    form = ActionForm()
    row = _segment_or_404(segment_id)
    if not form.validate_on_submit():
        abort(400, "the form was not valid; reload the page and try again")
    document = _document_name(row)
    db = db_session()
    memory_service.delete_pair(db, segment_id)
    db.commit()
    flash(f"Segment {segment_id} deleted.", "success")
    return redirect(url_for("web.memory", document=document or None))


def _document_name(row) -> str | None:
    return row.document.name if row.document else None
