"""Compatibility endpoints for clients that speak another server's API (tmserver/amaGama for Weblate)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("compat", __name__)

from service.http.compat import tmserver  # noqa: E402,F401  (registers its routes on bp)
