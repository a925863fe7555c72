"""One source of truth for each route: the pydantic models that validate it also describe it in OpenAPI.

`operation(...)` wraps a view: it checks auth, content type and JSON, validates the body and the query
string with pydantic, and records the operation so `openapi.build_document()` can describe it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import g, request
from pydantic import BaseModel, ValidationError

from service.http.api.errors import ApiError
from service.http.busy import run_retrying_when_busy

MAX_JSON_DEPTH = 64
# Row ids are 32-bit INTEGER columns; a larger id in a path cannot name a row (and would overflow the driver).
MAX_PATH_ID = 2**31 - 1
_INT_PARAM = re.compile(r"<int:(\w+)>")


@dataclass
class Operation:
    path: str  # Flask rule, e.g. /terms/<int:term_id>
    method: str
    summary: str
    tags: list[str]
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    responses: dict[int, type[BaseModel] | str | tuple[str, ...] | None]  # str: media type(s) of a file
    auth: str | None
    body_kind: str = "json"  # json | upload
    path_params: dict[str, str] = field(default_factory=dict)
    description: str = ""


OPERATIONS: list[Operation] = []


def _depth(value: Any, limit: int) -> int:
    """Depth of nested JSON, stopping early past the limit."""
    stack = [(value, 1)]
    deepest = 0
    while stack:
        item, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, d + 1) for v in item)
    return deepest


def validation_details(exc: ValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors(include_url=False, include_input=False):
        out.append({"field": ".".join(str(p) for p in err["loc"]) or None, "message": err["msg"], "type": err["type"]})
    return out


def parse_json_body() -> Any:
    ctype = request.mimetype or ""
    if ctype != "application/json" and not ctype.endswith("+json"):
        raise ApiError(415, f"expected Content-Type application/json, got {ctype or 'none'}")
    from flask import current_app

    limit = current_app.config["YIKU_MAX_BODY_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, f"request body too large: {request.content_length} bytes, limit {limit}")
    raw = request.stream.read(limit + 1) if request.content_length is None else request.get_data(cache=True)
    if len(raw) > limit:
        raise ApiError(413, f"request body too large: limit {limit} bytes")
    if not raw.strip():
        raise ApiError(400, "request body is empty; expected a JSON object")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"request body is not valid UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise ApiError(400, "JSON nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ApiError(400, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if _depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise ApiError(400, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return data


def validate(model: type[BaseModel], data: Any, where: str) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ApiError(422, f"invalid {where}", details=validation_details(exc)) from None


def query_dict() -> dict[str, Any]:
    return dict(request.args.items())


def operation(
    bp,
    path: str,
    method: str = "GET",
    *,
    summary: str,
    tags: list[str],
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    responses: dict[int, type[BaseModel] | str | tuple[str, ...] | None] | None = None,
    auth: str | None = None,
    body_kind: str = "json",
    description: str = "",
) -> Callable:
    """Register a view on the blueprint with validation, auth and an OpenAPI description."""

    def decorate(view: Callable) -> Callable:
        op = Operation(
            path=path,
            method=method.upper(),
            summary=summary,
            tags=tags,
            body=body,
            query=query,
            responses=responses or {200: None},
            auth=auth,
            body_kind=body_kind,
            description=description or (view.__doc__ or "").strip(),
        )
        OPERATIONS.append(op)
        id_params = _INT_PARAM.findall(path)

        @wraps(view)
        def wrapper(*args, **kwargs):
            for name in id_params:
                if not 1 <= kwargs[name] <= MAX_PATH_ID:
                    raise ApiError(404, f"no such {name.removesuffix('_id')}: {name} must be 1..{MAX_PATH_ID}")
            if auth is not None:
                from service.http.api.auth import require_role

                g.principal = require_role(auth)
            if query is not None:
                kwargs["query"] = validate(query, query_dict(), "query parameters")
            if body is not None and body_kind == "json":
                kwargs["body"] = validate(body, parse_json_body(), "request body")
            if body_kind != "json":  # an upload's stream can be read only once
                return view(*args, **kwargs)
            return run_retrying_when_busy(view, args, kwargs)

        bp.add_url_rule(path, endpoint=f"{view.__name__}_{method.lower()}", view_func=wrapper, methods=[method.upper()])
        return wrapper

    return decorate
