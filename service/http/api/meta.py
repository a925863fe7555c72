"""The API describing itself: the OpenAPI document and a readable reference page."""

from __future__ import annotations

import json

from flask import current_app, jsonify, render_template

from service.http.api import bp
from service.http.api.openapi import build_document


def _document() -> dict:
    cache = current_app.extensions.setdefault("yiku_openapi", {})
    if "doc" not in cache:
        cache["doc"] = build_document()
    return cache["doc"]


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(_document())


def register_docs_page(app) -> None:
    @app.get("/api/docs")
    def api_docs():
        doc = _document()
        return render_template(
            "api_docs.html",
            doc=doc,
            schemas_json={
                name: json.dumps(schema, ensure_ascii=False, indent=2)
                for name, schema in doc["components"]["schemas"].items()
            },
        )
