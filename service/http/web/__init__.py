"""Web pages (Jinja, Flask-WTF): glossary editing, assist, memory browser, quality dashboard."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/static")

# importing the page modules registers their routes on bp
from service.http.web import (  # noqa: F401
    accounts,
    align,
    assist,
    glossary,
    glossary_import,
    memory,
    pages,
    quality,
    workspace,
)
