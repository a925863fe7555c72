"""Workspace routes: documents translated segment by segment, with statuses that persist and exports."""

from __future__ import annotations

from flask import Response, g, stream_with_context

from service.application import workspace
from service.application.assist import AssistOptions
from service.application.shapes import document_to_dict, issue_to_dict, workspace_segment_to_dict
from service.errors import Conflict, NotFound
from service.formats import base as formats
from service.formats.xliff import XliffRejected
from service.http.api import bp
from service.http.api.errors import ApiError
from service.http.api.registry import operation
from service.http.api.schemas import (
    DocumentCreated,
    DocumentDeleted,
    DocumentExportQuery,
    DocumentIn,
    DocumentList,
    DocumentListQuery,
    DocumentPage,
    DocumentPageQuery,
    SegmentWrite,
    SegmentWritten,
)
from service.http.api.uploads import attachment
from service.http.context import db_session, runtime

TAGS = ["workspace"]


def _summary(session, doc_id: int) -> dict:
    try:
        return document_to_dict(workspace.summary(session, doc_id))
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None


@operation(
    bp,
    "/documents",
    "POST",
    summary="Put a document in the workspace: its text becomes segments to translate (noise left out)",
    tags=TAGS,
    body=DocumentIn,
    responses={201: DocumentCreated},
    auth="editor",
)
def create_document(body: DocumentIn):
    session = db_session()
    field = "text" if body.text is not None else "xliff"
    try:
        if body.text is not None:
            created = workspace.create_document(session, body.name, body.text, g.principal.name)
        else:
            created = workspace.create_from_xliff(session, body.name, body.xliff or "", g.principal.name)
    except Conflict as exc:
        raise ApiError(409, str(exc)) from None
    except XliffRejected as exc:
        raise ApiError(422, f"the xliff cannot be read: {exc}", details={"field": "xliff", "line": exc.line}) from None
    except (workspace.EmptyDocument, workspace.TooLong, workspace.WrongLanguages) as exc:
        raise ApiError(422, str(exc), details={"field": field}) from None
    session.commit()
    return {**_summary(session, created.id), "noise_segments": created.noise}, 201


@operation(
    bp,
    "/documents",
    "GET",
    summary="Documents in the workspace with their progress, the most recently changed first",
    tags=TAGS,
    query=DocumentListQuery,
    responses={200: DocumentList},
)
def list_documents(query: DocumentListQuery):
    found = workspace.documents(db_session(), q=query.q)
    return {
        "items": [document_to_dict(d) for d in found[query.offset : query.offset + query.limit]],
        "total": len(found),
    }


@operation(
    bp,
    "/documents/<int:doc_id>",
    "GET",
    summary="A page of a document's segments with their status (and, with assist=1, terms, matches and drafts)",
    tags=TAGS,
    query=DocumentPageQuery,
    responses={200: DocumentPage},
)
def get_document(doc_id: int, query: DocumentPageQuery):
    session = db_session()
    doc = _summary(session, doc_id)
    if query.assist:
        options = AssistOptions(min_score=query.min_score, prefill_min_score=query.prefill_min_score)
        items = runtime().workspace_page(
            session, doc_id, offset=query.offset, limit=query.limit, status=query.status, options=options
        )
    else:
        rows = workspace.store_segments(session, doc_id, offset=query.offset, limit=query.limit, status=query.status)
        items = [workspace_segment_to_dict(row) for row in rows]
    total = doc["counts"][query.status] if query.status else doc["segments"]
    return {"document": doc, "items": items, "offset": query.offset, "total": total}


@operation(
    bp,
    "/documents/<int:doc_id>/segments/<int:number>",
    "PUT",
    summary="Save a segment's translation as a draft, or confirm it (checked, then stored in the memory)",
    tags=TAGS,
    body=SegmentWrite,
    responses={200: SegmentWritten},
    auth="editor",
    description=(
        "Confirming a translation with a forbidden rendering or a missing number answers 409 with the issues; "
        "send it again with force=true to store it anyway."
    ),
)
def write_segment(doc_id: int, number: int, body: SegmentWrite):
    position = number - 1
    session = db_session()
    who = g.principal.name
    stored, issues = False, []
    try:
        if body.status == "confirmed":
            done = runtime().workspace_confirm(session, doc_id, position, body.target, who, force=body.force)
            row, stored, issues = done.row, done.created, done.issues
        else:
            row = workspace.save_draft(session, doc_id, position, body.target, who)
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None
    except workspace.NeedsConfirmation as exc:
        session.rollback()
        raise ApiError(
            409,
            "the checks found a problem; correct the translation or send force=true to confirm it anyway",
            code="needs_confirmation",
            details={"issues": [issue_to_dict(i) for i in exc.issues]},
        ) from None
    except ValueError as exc:
        raise ApiError(422, str(exc), details={"field": "target"}) from None
    segment = workspace_segment_to_dict(row)
    session.commit()
    return {"segment": segment, "document": _summary(session, doc_id), "stored": stored, "issues": issues}


@operation(
    bp,
    "/documents/<int:doc_id>",
    "DELETE",
    summary="Take a document out of the workspace (the pairs it stored stay in the memory)",
    tags=TAGS,
    responses={200: DocumentDeleted},
    auth="editor",
)
def delete_document(doc_id: int):
    session = db_session()
    try:
        gone = workspace.delete_document(session, doc_id)
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None
    session.commit()
    return {"id": doc_id, "segments": gone}


@operation(
    bp,
    "/documents/<int:doc_id>/export",
    "GET",
    summary="A document's confirmed pairs as TMX or CSV, or all its segments with their state as XLIFF 1.2",
    tags=TAGS,
    query=DocumentExportQuery,
    responses={200: tuple(dict.fromkeys(f.media_type for f in formats.formats("memory")))},
)
def export_document(doc_id: int, query: DocumentExportQuery):
    try:
        out = workspace.export(db_session(), doc_id, query.format)
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None
    return Response(
        stream_with_context(out.chunks), mimetype=out.media_type, headers=attachment(out.name, out.extension)
    )
