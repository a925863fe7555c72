"""Writes that send back the representation a GET returned: its read-only fields (marked with
`schemas.read_only()`, `readOnly` in the OpenAPI document) are accepted when they equal the stored values and
then ignored; one that differs is a 422 naming it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from service.http.api.errors import ApiError


def read_only_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a request model declared read-only and compared on a write, in the model's order (a
    recomputed one is not compared: the server may have moved it since the client read it)."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if isinstance(info.json_schema_extra, dict)
        and info.json_schema_extra.get("readOnly")
        and not info.json_schema_extra.get("x-recomputed")
    )


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _same(sent: Any, stored: Any) -> bool:
    """Equal, or two ISO 8601 times with offsets naming the same instant ("…Z" and "…+00:00")."""
    if sent == stored:
        return True
    a, b = _instant(sent), _instant(stored)
    return a is not None and b is not None and a == b


def check_read_only(sent: Mapping[str, Any], stored: Mapping[str, Any], fields: Iterable[str]) -> None:
    """Refuse (422) a write whose read-only fields differ from the stored representation; fields not sent
    are fine."""
    problems = [
        {
            "field": name,
            "message": f"read-only; it is {json.dumps(stored.get(name), ensure_ascii=False)} and cannot be changed",
            "type": "read_only",
        }
        for name in fields
        if name in sent and not _same(sent[name], stored.get(name))
    ]
    if problems:
        raise ApiError(
            422,
            "read-only field(s) differ from the stored values: " + ", ".join(p["field"] for p in problems),
            details=problems,
        )


def check_body_read_only(body: BaseModel, stored: Mapping[str, Any]) -> None:
    """`check_read_only` for the read-only fields the request body actually sent."""
    fields = read_only_fields(type(body))
    sent = {name: getattr(body, name) for name in fields if name in body.model_fields_set}
    check_read_only(sent, stored, fields)
