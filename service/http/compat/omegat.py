"""The OmegaT team feed: the memory as TMX and the glossary as TBX (or OmegaT's tab-separated glossary) at stable
URLs, for a team project's repository mapping of type `http` to pull on each sync. Each answer carries an `ETag`;
a request with `If-None-Match` naming it gets a 304 and no body.

- `GET /omegat/memory.tmx` (and `memory.csv`): the whole memory
- `GET /omegat/glossary.tbx`, `GET /omegat/glossary.txt` (tab-separated) and `glossary.csv`: every term but the
  deprecated ones
"""

from __future__ import annotations

from flask import Response, request, stream_with_context

from service.application import feeds
from service.formats import base as formats
from service.http.api.errors import error_response
from service.http.compat import bp
from service.http.context import db_session, runtime

_GLOSSARY_FILES = {"tbx": "tbx", "txt": "tsv", "csv": "csv"}  # file extension -> glossary format


def _answer(feed: feeds.Feed, media_type: str) -> Response:
    headers = {"ETag": feed.etag, "Cache-Control": "no-cache"}
    if feed.chunks is None:
        return Response(status=304, headers=headers)
    return Response(stream_with_context(feed.chunks), mimetype=media_type, headers=headers)


@bp.get("/omegat/memory.<ext>")
def omegat_memory(ext: str):
    if ext not in formats.names("memory"):
        return error_response(
            404, f"the memory is served as {', '.join('memory.' + n for n in formats.names('memory'))}"
        )
    feed = feeds.memory_feed(runtime().db, ext, request.headers.get("If-None-Match"))
    return _answer(feed, formats.memory_format(ext).media_type)


@bp.get("/omegat/glossary.<ext>")
def omegat_glossary(ext: str):
    fmt = _GLOSSARY_FILES.get(ext)
    if fmt is None:
        return error_response(404, f"the glossary is served as {', '.join('glossary.' + e for e in _GLOSSARY_FILES)}")
    feed = feeds.glossary_feed(db_session(), fmt, request.headers.get("If-None-Match"))
    return _answer(feed, formats.glossary_format(fmt).media_type)
