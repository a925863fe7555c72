"""REST API v1 (docs/api.md): a blueprint whose routes are declared with pydantic models."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from service.http.api import (  # noqa: F401  (each module registers its routes on bp)
    align,
    assist,
    glossary,
    memory,
    meta,
    quality,
    workspace,
    xliff,
)
