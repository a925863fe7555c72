"""The tmserver/amaGama API, as Weblate's "tmserver" machinery service and translate-toolkit's tmclient call it.

- `GET /tmserver/languages/` → `{"sourceLanguages": [...], "targetLanguages": [...]}`
- `GET /tmserver/{source}/{target}/unit/{text}` (or `/unit/?source=text`) → `[{"source", "target", "quality",
  "rank", "context"}]`, best first; `min_similarity` (default 70) and `max_candidates` (default 5) in the query.

The text is the rest of the path, percent-decoded (Weblate quotes it with nothing safe, so `/` comes as `%2F`); a
trailing `/` is not part of it, and a `+` stands for a space when the client wrote the path with `quote_plus`
(translate-toolkit's tmclient), which a raw `+` in the request line shows.
"""

from __future__ import annotations

from urllib.parse import unquote_plus

from flask import jsonify, request

from service.application import tmserver
from service.http.api.errors import error_response
from service.http.compat import bp
from service.http.context import db_session, runtime


def _bounded(name: str, default: int, low: int, high: int) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(float(raw))
    except ValueError:
        return None
    return value if low <= value <= high else None


def _text(path_text: str) -> str:
    text = path_text[:-1] if path_text.endswith("/") else path_text
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or ""
    if "+" in raw.split("?", 1)[0] and "%20" not in raw:  # written with quote_plus: + is a space
        text = unquote_plus(raw.split("?", 1)[0].split("/unit/", 1)[1]).removesuffix("/")
    return text


@bp.get("/tmserver/languages/")
@bp.get("/tmserver/languages")
def tmserver_languages():
    return jsonify(
        {"sourceLanguages": list(tmserver.SOURCE_LANGUAGES), "targetLanguages": list(tmserver.TARGET_LANGUAGES)}
    )


@bp.get("/tmserver/<source>/<target>/unit/")
@bp.get("/tmserver/<source>/<target>/unit/<path:text>")
def tmserver_unit(source: str, target: str, text: str | None = None):
    query = _text(text) if text is not None else request.args.get("source", "")
    if not query:
        return error_response(404, "no text to look up: send it in the path or as ?source=")
    min_similarity = _bounded("min_similarity", 70, 0, 100)
    max_candidates = _bounded("max_candidates", 5, 1, 50)
    if min_similarity is None:
        return error_response(400, "min_similarity must be a number from 0 to 100")
    if max_candidates is None:
        return error_response(400, "max_candidates must be a whole number from 1 to 50")
    found = runtime().tmserver_suggestions(
        db_session(), source, target, query, min_similarity=min_similarity, max_candidates=max_candidates
    )
    return jsonify([s.as_dict() for s in found])
