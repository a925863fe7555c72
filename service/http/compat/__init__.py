"""Compatibility endpoints for clients that speak another server's API: tmserver/amaGama (Weblate's machinery)
and the OmegaT team feed."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("compat", __name__)

from service.http.compat import omegat, tmserver  # noqa: E402,F401  (they register their routes on bp)
