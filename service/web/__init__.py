"""Web pages (Jinja, Flask-WTF): glossary editing, assist, memory browser, quality dashboard."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/static")

# importing the page modules registers their routes on bp
from service.web import (  # noqa: E402,F401
    assist_page,
    auth_pages,
    glossary_import,
    glossary_pages,
    memory_pages,
    pages,
    quality_page,
)
