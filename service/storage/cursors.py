"""Opaque paging cursors: a small JSON object, base64url-encoded, checked on the way back in."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

from service.errors import BadCursor


def encode_cursor(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, keys: Sequence[str]) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BadCursor("cursor is not one this server issued") from None
    if not isinstance(payload, dict) or set(payload) != set(keys):
        raise BadCursor("cursor is not one this server issued")
    # a forged id past 64 bits would overflow the database driver; no row has one
    if any(isinstance(v, int) and not -(2**63) <= v < 2**63 for v in payload.values()):
        raise BadCursor("cursor is not one this server issued")
    return payload
