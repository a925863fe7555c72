"""Translation-memory routes: store pairs, concordance, edit and delete, lookup."""

from __future__ import annotations

import tempfile

from flask import Response, g, stream_with_context

from service.application import memory
from service.application.memory_exchange import ImportRejected, export_pairs, import_stream
from service.application.shapes import segment_to_dict
from service.errors import BadCursor, Conflict, NotFound
from service.formats import base as formats
from service.http.api import bp
from service.http.api.errors import ApiError
from service.http.api.registry import operation
from service.http.api.representation import check_body_read_only, read_only_fields
from service.http.api.schemas import (
    Deleted,
    ImportReport,
    PairIn,
    PairsIn,
    SegmentList,
    SegmentListQuery,
    SegmentOut,
    SegmentUpdate,
    StoreIn,
    StoreOut,
    TmExportQuery,
    TmImportQuery,
    TmLookupIn,
    TmLookupOut,
)
from service.http.api.uploads import attachment, detected_format, upload
from service.http.context import db_session, runtime
from service.memory.pairs import RawPair

TAGS = ["memory"]


def raw_pair(pair: PairIn) -> RawPair:
    return RawPair(
        pair.source,
        pair.target,
        source_lang=pair.source_lang,
        target_lang=pair.target_lang,
        document=pair.document,
        context_before=pair.context_before,
        context_after=pair.context_after,
        origin=pair.origin,
    )


@operation(
    bp,
    "/segments",
    "POST",
    summary='Store an aligned pair, or a batch {"pairs": [...]}',
    tags=TAGS,
    body=StoreIn,
    responses={201: StoreOut, 200: StoreOut},
    auth="editor",
)
def store_segments(body: StoreIn):
    pairs = body.root.pairs if isinstance(body.root, PairsIn) else [body.root]
    session = db_session()
    result = memory.store_pairs(session, [raw_pair(p) for p in pairs], g.principal.name)
    # the checks are kept with each pair, in the same transaction: a retry after a busy database then redoes
    # the whole store, and what it reports as created is what it created
    issues = runtime().stored_issues(session, result.items)
    session.commit()
    items = [
        {**segment_to_dict(r), "status": status, "issues": issues[r.id]}
        for r, status in zip(result.items, result.statuses)
    ]
    status = 201 if result.created else 200
    return {"created": len(result.created), "duplicates": len(result.duplicates), "items": items}, status


@operation(
    bp,
    "/segments",
    "GET",
    summary="Concordance search and listing of stored pairs",
    tags=TAGS,
    query=SegmentListQuery,
    responses={200: SegmentList},
)
def list_segments(query: SegmentListQuery):
    try:
        page = memory.search_pairs(
            db_session(), q=query.q, document=query.document, limit=query.limit, cursor=query.cursor
        )
    except BadCursor as exc:
        raise ApiError(400, str(exc)) from None
    return {"items": [segment_to_dict(r) for r in page.items], "next_cursor": page.next_cursor}


@operation(
    bp, "/segments/<int:segment_id>", "GET", summary="Get one stored pair", tags=TAGS, responses={200: SegmentOut}
)
def get_segment(segment_id: int):
    try:
        return segment_to_dict(memory.get_pair(db_session(), segment_id))
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None


@operation(
    bp,
    "/segments/<int:segment_id>",
    "PUT",
    summary="Change a stored pair",
    tags=TAGS,
    body=SegmentUpdate,
    responses={200: SegmentOut},
    auth="editor",
)
def update_segment(segment_id: int, body: SegmentUpdate):
    session = db_session()
    try:
        check_body_read_only(body, segment_to_dict(memory.get_pair(session, segment_id)))
        changes = body.model_dump(exclude=set(read_only_fields(SegmentUpdate)), exclude_none=True)
        row = memory.update_pair(session, segment_id, changes)
        session.commit()
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None
    except Conflict as exc:
        raise ApiError(409, str(exc)) from None
    return segment_to_dict(row)


@operation(
    bp,
    "/segments/<int:segment_id>",
    "DELETE",
    summary="Delete a stored pair",
    tags=TAGS,
    responses={200: Deleted},
    auth="editor",
)
def delete_segment(segment_id: int):
    session = db_session()
    try:
        memory.delete_pair(session, segment_id)
        session.commit()
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None
    return {"id": segment_id, "deleted": "hard"}


@operation(
    bp,
    "/tm/lookup",
    "POST",
    summary="Exact, in-context and fuzzy matches for one sentence",
    tags=TAGS,
    body=TmLookupIn,
    responses={200: TmLookupOut},
)
def tm_lookup(body: TmLookupIn):
    matches = runtime().tm_lookup(
        db_session(),
        body.text,
        min_score=body.min_score,
        limit=body.limit,
        context_before=body.context_before,
        context_after=body.context_after,
    )
    return {"matches": matches}


@operation(
    bp,
    "/tm/import",
    "POST",
    summary="Import a TMX or CSV memory (streamed; one transaction)",
    tags=["memory"],
    query=TmImportQuery,
    responses={200: ImportReport},
    auth="admin",
    body_kind="upload",
)
def import_tm_route(query: TmImportQuery):
    stream, name = upload()
    # spool to disk so the parser streams from a file and the request can be of any size up to the limit
    with tempfile.TemporaryFile(prefix="yiku-import-") as spool:
        size = 0
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            size += len(chunk)
            spool.write(chunk)
        if size == 0:
            raise ApiError(400, "the file is empty")
        spool.seek(0)
        fmt = query.format or detected_format("memory", name, spool.read(formats.SNIFF_BYTES))
        spool.seek(0)
        try:
            report = import_stream(
                runtime().db,
                spool,
                fmt,
                g.principal.name,
                mode="atomic",
                dry_run=bool(query.dry_run),
                source_lang=query.source_lang,
                document=query.document,
                filename=name,
            )
        except ImportRejected as exc:
            raise ApiError(
                422, f"file rejected, nothing was imported: {exc}", details={"line": exc.line, "errors": exc.errors}
            ) from None
    if report.refused:
        raise ApiError(422, report.refused, details=report.as_dict())
    if report.committed and report.created:
        runtime().index_in_background()
    return report.as_dict()


@operation(
    bp,
    "/tm/export",
    "GET",
    summary="Export the memory (or a document, or a search) as TMX 1.4b or CSV",
    tags=["memory"],
    query=TmExportQuery,
    responses={200: tuple(f.media_type for f in formats.formats("memory"))},
)
def export_tm_route(query: TmExportQuery):
    rt = runtime()

    def rows():
        with rt.db.session() as session:
            yield from memory.iter_pairs(session, q=query.q, document=query.document)

    chunks = export_pairs(rows(), query.format, bom=bool(query.bom))
    name = "yiku-memory" + (f"-{query.document}" if query.document else "")
    return Response(
        stream_with_context(chunks),
        mimetype=formats.get("memory", query.format).media_type,
        headers=attachment(name, query.format),
    )
