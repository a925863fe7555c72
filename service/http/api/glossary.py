"""Glossary routes: CRUD with optimistic locking, history, lookup, import and export."""

from __future__ import annotations

from contextlib import contextmanager

from flask import Response, g, jsonify, request

from service.application import glossary
from service.application.shapes import history_to_dict, term_to_dict
from service.errors import BadCursor, Conflict, InvalidTerm, NotAllowed, NotFound
from service.formats import base as formats
from service.http.api import bp
from service.http.api.errors import ApiError
from service.http.api.registry import operation
from service.http.api.representation import check_body_read_only, read_only_fields
from service.http.api.schemas import (
    Deleted,
    DeleteQuery,
    HistoryList,
    ImportReport,
    LookupIn,
    LookupOut,
    TermExportQuery,
    TermImportQuery,
    TermIn,
    TermList,
    TermListQuery,
    TermOut,
    TermPatch,
    TermReplace,
)
from service.http.api.uploads import MAX_TERM_FILE, attachment, detected_format, read_limited, upload
from service.http.context import db_session, runtime

TAGS = ["glossary"]


def _who() -> str:
    return g.principal.name


def _conflict(exc: Conflict) -> ApiError:
    return ApiError(409, str(exc), details={"current": exc.current} if exc.current else None)


def _invalid(exc: InvalidTerm) -> ApiError:
    return ApiError(422, "invalid term", details=[{"field": f, "message": m} for f, m in exc.errors])


def expected_version(body_version: int | None) -> int:
    """The version a write is based on: from the body, or from an If-Match header ("3" or W/"3")."""
    if body_version is not None:
        return body_version
    header = request.headers.get("If-Match")
    if header:
        value = header.strip().removeprefix("W/").strip('"')
        if value.isdigit():
            return int(value)
        raise ApiError(400, f'If-Match must carry the term version, e.g. If-Match: "3"; got {header!r}')
    raise ApiError(
        422,
        "send the version you read (field 'version' or an If-Match header), "
        "so that no one else's change is overwritten",
    )


def _with_etag(body: dict, status: int = 200) -> Response:
    resp = jsonify(body)
    resp.status_code = status
    resp.headers["ETag"] = f'"{body["version"]}"'
    return resp


@operation(
    bp, "/terms", "GET", summary="List and search terms", tags=TAGS, query=TermListQuery, responses={200: TermList}
)
def list_terms(query: TermListQuery):
    try:
        page = glossary.list_terms(
            db_session(),
            q=query.q,
            category=query.category,
            status=query.status,
            limit=query.limit,
            cursor=query.cursor,
        )
    except BadCursor as exc:
        raise ApiError(400, str(exc)) from None
    return {"items": [term_to_dict(r) for r in page.items], "next_cursor": page.next_cursor}


@operation(
    bp, "/terms", "POST", summary="Create a term", tags=TAGS, body=TermIn, responses={201: TermOut}, auth="editor"
)
def create_term(body: TermIn):
    with _glossary_write() as session:
        row = glossary.create_term(session, body.model_dump(), _who(), may_approve=g.principal.can("admin"))
    return _with_etag(term_to_dict(row), 201)


@operation(bp, "/terms/<int:term_id>", "GET", summary="Get one term", tags=TAGS, responses={200: TermOut})
def get_term(term_id: int):
    try:
        return _with_etag(term_to_dict(glossary.get_term(db_session(), term_id)))
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None


@contextmanager
def _glossary_write():
    """Commit a glossary change and tell this worker's matcher; map repository errors to API errors."""
    session = db_session()
    try:
        yield session
        session.commit()
        runtime().glossary.invalidate()
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None
    except Conflict as exc:
        raise _conflict(exc) from None
    except InvalidTerm as exc:
        raise _invalid(exc) from None
    except NotAllowed as exc:
        raise ApiError(403, str(exc)) from None


def _update(term_id: int, body: TermReplace | TermPatch, replace: bool):
    expected = expected_version(body.version)
    not_written = {"version", *read_only_fields(type(body))}
    changes = body.model_dump(exclude=not_written, exclude_none=not replace)
    with _glossary_write() as session:
        stored = glossary.get_term(session, term_id)
        if stored.version == expected:  # a write based on another version is a conflict (409), whatever it sends
            check_body_read_only(body, term_to_dict(stored))
        row = glossary.update_term(
            session, term_id, changes, expected, _who(), replace=replace, may_approve=g.principal.can("admin")
        )
    return _with_etag(term_to_dict(row))


@operation(
    bp,
    "/terms/<int:term_id>",
    "PUT",
    summary="Replace a term (send the version you read)",
    tags=TAGS,
    body=TermReplace,
    responses={200: TermOut},
    auth="editor",
)
def replace_term(term_id: int, body: TermReplace):
    return _update(term_id, body, replace=True)


@operation(
    bp,
    "/terms/<int:term_id>",
    "PATCH",
    summary="Change some fields of a term",
    tags=TAGS,
    body=TermPatch,
    responses={200: TermOut},
    auth="editor",
)
def patch_term(term_id: int, body: TermPatch):
    return _update(term_id, body, replace=False)


@operation(
    bp,
    "/terms/<int:term_id>",
    "DELETE",
    summary="Deprecate a term, or delete it (hard=1, admin)",
    tags=TAGS,
    query=DeleteQuery,
    responses={200: Deleted},
    auth="editor",
)
def delete_term(term_id: int, query: DeleteQuery):
    if query.hard and not g.principal.can("admin"):
        raise ApiError(403, "hard delete needs the admin role")
    version = query.version
    if version is None and request.headers.get("If-Match"):
        version = expected_version(None)
    with _glossary_write() as session:
        kind = glossary.delete_term(session, term_id, _who(), hard=bool(query.hard), expected_version=version)
    return {"id": term_id, "deleted": kind}


@operation(
    bp,
    "/terms/<int:term_id>/history",
    "GET",
    summary="Every accepted change of a term",
    tags=TAGS,
    responses={200: HistoryList},
)
def term_history(term_id: int):
    try:
        rows = glossary.term_history(db_session(), term_id)
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None
    return {"items": [history_to_dict(r) for r in rows]}


@operation(
    bp,
    "/terms/lookup",
    "POST",
    summary="Find every glossary term in a text",
    tags=TAGS,
    body=LookupIn,
    responses={200: LookupOut},
)
def lookup_terms(body: LookupIn):
    return {"terms": runtime().lookup_terms(db_session(), body.text)}


@operation(
    bp,
    "/terms/import",
    "POST",
    summary="Import terms from CSV or TBX (all-or-nothing, dry_run=1 to check; an editor's new terms are proposed)",
    tags=["glossary"],
    query=TermImportQuery,
    responses={200: ImportReport},
    auth="editor",
    body_kind="upload",
)
def import_terms_route(query: TermImportQuery):
    stream, name = upload()
    data = read_limited(stream, MAX_TERM_FILE)
    report = glossary.import_terms(
        db_session(),
        data,
        query.format or detected_format("glossary", name, data),
        g.principal.name,
        dry_run=bool(query.dry_run),
        may_approve=g.principal.can("admin"),
    )
    if report.errors:
        raise ApiError(
            422, f"{len(report.errors)} problem(s) in the file; nothing was imported", details=report.as_dict()
        )
    if report.committed:
        runtime().glossary.invalidate()
    return report.as_dict()


@operation(
    bp,
    "/terms/export",
    "GET",
    summary="Export the glossary as CSV or TBX",
    tags=["glossary"],
    query=TermExportQuery,
    responses={200: tuple(f.media_type for f in formats.formats("glossary"))},
)
def export_terms_route(query: TermExportQuery):
    data = glossary.export_terms(
        db_session(), query.format, bom=bool(query.bom), status=query.status, category=query.category
    )
    return Response(
        data,
        mimetype=formats.get("glossary", query.format).media_type,
        headers=attachment("yiku-glossary", query.format),
    )
