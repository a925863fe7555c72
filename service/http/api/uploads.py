"""Files in and out of the API: an upload as a multipart field or the raw body, and download headers."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import BinaryIO, cast

from flask import request

from service.formats import base as formats
from service.http.api.errors import ApiError

MAX_TERM_FILE = 50 * 1024 * 1024


def upload() -> tuple[BinaryIO, str]:
    """The uploaded file: a multipart field named `file`, or the raw request body."""
    if request.mimetype == "multipart/form-data":
        part = request.files.get("file")
        if part is None:
            raise ApiError(400, "multipart upload needs a field named 'file'")
        return cast(BinaryIO, part.stream), os.path.basename(part.filename or "")
    if request.content_length == 0 or (request.content_length is None and not request.headers.get("Transfer-Encoding")):
        raise ApiError(400, "no file: send it as multipart field 'file' or as the request body")
    return cast(BinaryIO, request.stream), ""


def read_limited(stream: BinaryIO, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ApiError(413, f"file too large: limit {limit} bytes")
    if not data:
        raise ApiError(400, "the file is empty")
    return data


def attachment(name: str, ext: str) -> dict[str, str]:
    """A download name built only from safe characters (never a path from the request)."""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in name)[:100]
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return {"Content-Disposition": f'attachment; filename="{safe}-{stamp}.{ext}"'}


def detected_format(kind: formats.Kind, name: str, head: bytes) -> str:
    """The format of an upload sent without `format`: its file name's extension, or else its first bytes."""
    found = formats.detect(kind, name, head[: formats.SNIFF_BYTES])
    if found is None:
        raise ApiError(
            422,
            f"cannot tell the file's format from its name or content; send format= one of {', '.join(formats.names(kind))}",
            details={"field": "format"},
        )
    return found.name
