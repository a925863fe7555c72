"""Builds the OpenAPI 3.1 document from the registered operations and their pydantic models."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from service.http.api.registry import MAX_PATH_ID, OPERATIONS, Operation
from service.http.api.schemas import ErrorResponse

REF = "#/components/schemas/{model}"
STATUS_TEXT = {
    200: "OK",
    201: "Created",
    204: "No content",
    400: "Malformed request",
    401: "Missing or invalid token",
    403: "Role not allowed",
    404: "Not found",
    409: "Conflict",
    413: "Body too large",
    415: "Unsupported media type",
    422: "Invalid input",
    503: "Unavailable",
}
_RULE_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _openapi_path(rule: str) -> tuple[str, list[tuple[str, str]]]:
    params = [(name, conv or "string") for conv, name in _RULE_PARAM.findall(rule)]
    return _RULE_PARAM.sub(lambda m: "{" + m.group(2) + "}", rule), params


def _query_parameters(model: type[BaseModel], schemas: dict[str, Any]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template=REF)
    for name, sub in schema.pop("$defs", {}).items():
        schemas.setdefault(name, sub)
    required = set(schema.get("required", []))
    out = []
    for name, prop in schema.get("properties", {}).items():
        out.append(
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "schema": prop,
                **({"description": prop["description"]} if "description" in prop else {}),
            }
        )
    return out


def _error_statuses(op: Operation) -> list[int]:
    statuses = {400, 422}
    if op.auth:
        statuses |= {401, 403}
    if op.body is not None or op.body_kind == "upload":
        statuses |= {413, 415}
    if "<" in op.path:
        statuses.add(404)
    if op.method in ("PUT", "PATCH", "DELETE", "POST"):
        statuses.add(409)
    return sorted(statuses)


def build_document(server_url: str = "/") -> dict[str, Any]:
    models: set[type[BaseModel]] = {ErrorResponse}
    for op in OPERATIONS:
        if op.body is not None:
            models.add(op.body)
        for resp in op.responses.values():
            if isinstance(resp, type) and issubclass(resp, BaseModel):
                models.add(resp)
    ordered = sorted(models, key=lambda m: m.__name__)
    _, top = models_json_schema([(m, "validation") for m in ordered], ref_template=REF)
    schemas: dict[str, Any] = dict(top.get("$defs", {}))

    paths: dict[str, Any] = {}
    for op in OPERATIONS:
        path, params = _openapi_path("/api/v1" + op.path)
        item: dict[str, Any] = {
            "summary": op.summary,
            "tags": op.tags,
            "operationId": f"{op.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', path.lower()).strip('_')}",
        }
        if op.description:
            item["description"] = op.description
        parameters = [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": (
                    {"type": "integer", "minimum": 1, "maximum": MAX_PATH_ID} if conv == "int" else {"type": "string"}
                ),
            }
            for name, conv in params
        ]
        if op.query is not None:
            parameters += _query_parameters(op.query, schemas)
        if parameters:
            item["parameters"] = parameters
        if op.body is not None:
            item["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": REF.format(model=op.body.__name__)}}},
            }
        elif op.body_kind == "upload":
            item["requestBody"] = {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {"file": {"type": "string", "format": "binary"}},
                            "required": ["file"],
                        }
                    },
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                },
            }
        if op.auth:
            item["security"] = [{"bearer": []}]
        responses: dict[str, Any] = {}
        for status, resp in op.responses.items():
            entry: dict[str, Any] = {"description": STATUS_TEXT.get(status, "Response")}
            if isinstance(resp, type) and issubclass(resp, BaseModel):
                entry["content"] = {"application/json": {"schema": {"$ref": REF.format(model=resp.__name__)}}}
            elif isinstance(resp, (str, tuple)):  # a file download: one media type, or one per format
                entry["content"] = {
                    media: {"schema": {"type": "string"}} for media in ((resp,) if isinstance(resp, str) else resp)
                }
            responses[str(status)] = entry
        for status in _error_statuses(op):
            responses.setdefault(
                str(status),
                {
                    "description": STATUS_TEXT.get(status, "Error"),
                    "content": {"application/json": {"schema": {"$ref": REF.format(model="ErrorResponse")}}},
                },
            )
        item["responses"] = responses
        paths.setdefault(path, {})[op.method.lower()] = item

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Yiku API",
            "version": "1.0.0",
            "description": "Translation memory and glossary service for official Chinese. See docs/api.md.",
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
