"""REST API v1 (docs/api.md): a blueprint whose routes are declared with pydantic models."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from service.api import assist_routes, meta_routes, segments_routes, terms_routes  # noqa: E402,F401
