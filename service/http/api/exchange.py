"""Import and export routes for the glossary (CSV/TBX) and the memory (TMX/CSV)."""
from __future__ import annotations

import os
import tempfile
from datetime import datetime, timezone
from typing import BinaryIO

from flask import Response, g, request, stream_with_context

from service.http.api import bp
from service.http.api.errors import ApiError
from service.http.api.registry import operation
from service.http.api.schemas import ImportReport, TermExportQuery, TermImportQuery, TmExportQuery, TmImportQuery
from service.http.context import db_session, runtime
from service.storage import segments as segment_store
from service.application.glossary_exchange import export_terms, import_terms
from service.application.memory_exchange import ImportRejected, export_csv, export_tmx, import_stream

MAX_TERM_FILE = 50 * 1024 * 1024
MEDIA = {"csv": "text/csv; charset=utf-8", "tbx": "application/x-tbx+xml", "tmx": "application/x-tmx+xml"}


def _upload() -> tuple[BinaryIO, str]:
    """The uploaded file: a multipart field named `file`, or the raw request body."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise ApiError(400, "multipart upload needs a field named 'file'")
        return upload.stream, os.path.basename(upload.filename or "")
    if request.content_length == 0 or (request.content_length is None and not request.headers.get("Transfer-Encoding")):
        raise ApiError(400, "no file: send it as multipart field 'file' or as the request body")
    return request.stream, ""


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ApiError(413, f"file too large: limit {limit} bytes")
    if not data:
        raise ApiError(400, "the file is empty")
    return data


def _attachment(name: str, ext: str) -> dict[str, str]:
    """A download name built only from safe characters (never a path from the request)."""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in name)[:100]
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    return {"Content-Disposition": f'attachment; filename="{safe}-{stamp}.{ext}"'}


@operation(bp, "/terms/import", "POST", summary="Import terms from CSV or TBX (all-or-nothing, dry_run=1 to check)",
           tags=["glossary"], query=TermImportQuery, responses={200: ImportReport},
           auth="admin", body_kind="upload")
def import_terms_route(query: TermImportQuery):
    stream, _name = _upload()
    data = _read_limited(stream, MAX_TERM_FILE)
    report = import_terms(db_session(), data, query.format, g.principal.name, dry_run=bool(query.dry_run))
    if report.errors:
        raise ApiError(422, f"{len(report.errors)} problem(s) in the file; nothing was imported",
                       details=report.as_dict())
    if report.committed:
        runtime().glossary.invalidate()
    return report.as_dict()


@operation(bp, "/terms/export", "GET", summary="Export the glossary as CSV or TBX", tags=["glossary"],
           query=TermExportQuery, responses={200: ("text/csv", "application/x-tbx+xml")})
def export_terms_route(query: TermExportQuery):
    data = export_terms(db_session(), query.format, bom=bool(query.bom), status=query.status,
                        category=query.category)
    return Response(data, mimetype=MEDIA[query.format].split(";")[0],
                    headers=_attachment("yiku-glossary", query.format))


@operation(bp, "/tm/import", "POST", summary="Import a TMX or CSV memory (streamed; one transaction)",
           tags=["memory"], query=TmImportQuery, responses={200: ImportReport}, auth="admin", body_kind="upload")
def import_tm_route(query: TmImportQuery):
    stream, name = _upload()
    # spool to disk so the parser streams from a file and the request can be of any size up to the limit
    with tempfile.TemporaryFile(prefix="yiku-import-") as spool:
        size = 0
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            size += len(chunk)
            spool.write(chunk)
        if size == 0:
            raise ApiError(400, "the file is empty")
        spool.seek(0)
        try:
            report = import_stream(runtime().db, spool, query.format, g.principal.name, mode="atomic",
                                   dry_run=bool(query.dry_run), source_lang=query.source_lang,
                                   document=query.document, filename=name)
        except ImportRejected as exc:
            raise ApiError(422, f"file rejected, nothing was imported: {exc}",
                           details={"line": exc.line, "errors": exc.errors}) from None
    if report.committed and report.created:
        runtime().index_in_background()
    return report.as_dict()


@operation(bp, "/tm/export", "GET", summary="Export the memory (or a document, or a search) as TMX 1.4b or CSV",
           tags=["memory"], query=TmExportQuery, responses={200: ("application/x-tmx+xml", "text/csv")})
def export_tm_route(query: TmExportQuery):
    rt = runtime()

    def rows():
        with rt.db.session() as session:
            if query.q:
                cursor = None
                while True:
                    page = segment_store.search(session, q=query.q, document=query.document, limit=500, cursor=cursor)
                    yield from page.items
                    if not page.next_cursor:
                        return
                    cursor = page.next_cursor
            else:
                yield from segment_store.iter_segments(session, document=query.document)

    chunks = export_tmx(rows()) if query.format == "tmx" else export_csv(rows(), bom=bool(query.bom))
    name = "yiku-memory" + (f"-{query.document}" if query.document else "")
    return Response(stream_with_context(chunks), mimetype=MEDIA[query.format].split(";")[0],
                    headers=_attachment(name, query.format))
