"""Web pages (Jinja, Flask-WTF): glossary editing, assist, memory browser, quality dashboard."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/static")

from service.web import auth_pages, glossary_pages, pages  # noqa: E402,F401  (registers routes on bp)
