"""XLIFF round trip: a text out as XLIFF 1.2 with drafts, matches and terms; a translated XLIFF back into the
memory."""

from __future__ import annotations

from flask import Response, g

from service.formats.base import FormatRejected
from service.formats.xliff import MEDIA_TYPE
from service.http.api import bp
from service.http.api.errors import ApiError
from service.http.api.registry import operation
from service.http.api.schemas import XliffExportIn, XliffImportOut, XliffImportQuery
from service.http.api.uploads import MAX_TERM_FILE, attachment, read_limited, upload
from service.http.context import db_session, runtime

TAGS = ["xliff"]


@operation(
    bp,
    "/xliff/export",
    "POST",
    summary="A text as XLIFF 1.2: each segment with its draft, memory matches (alt-trans) and glossary terms",
    tags=TAGS,
    body=XliffExportIn,
    responses={200: MEDIA_TYPE},
)
def xliff_export(body: XliffExportIn):
    data = runtime().xliff_export(
        db_session(), body.text, document=body.document, min_score=body.min_score, max_matches=body.max_matches
    )
    return Response(data, mimetype=MEDIA_TYPE, headers=attachment(body.document, "xlf"))


@operation(
    bp,
    "/xliff/import",
    "POST",
    summary="Store the translated units of an XLIFF file (OmegaT, Trados, memoQ, Weblate, translate-toolkit)",
    tags=TAGS,
    query=XliffImportQuery,
    responses={200: XliffImportOut},
    auth="editor",
    body_kind="upload",
)
def xliff_import(query: XliffImportQuery):
    stream, _name = upload()
    data = read_limited(stream, MAX_TERM_FILE)
    session = db_session()
    try:
        outcome = runtime().xliff_import(session, data, g.principal.name, document=query.document)
    except FormatRejected as exc:
        raise ApiError(422, f"the XLIFF file cannot be read: {exc.message}", details={"line": exc.line}) from None
    if not outcome.items:
        raise ApiError(422, "no translated unit in the file; nothing was stored", details=outcome.as_dict())
    session.commit()
    if outcome.created:
        runtime().index_in_background()
    return outcome.as_dict()
