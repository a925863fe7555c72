"""Alignment: a Chinese document and its English version (or one bilingual text) into beads; the sure ones
stored as memory pairs."""

from __future__ import annotations

from service.application.alignment import MissingSide, store_alignment
from service.http.api import bp
from service.http.api.auth import require_role
from service.http.api.errors import ApiError
from service.http.api.registry import operation
from service.http.api.schemas import AlignIn, AlignOut
from service.http.context import db_session, runtime


@operation(
    bp,
    "/align",
    "POST",
    summary="Align a Chinese text with its English version (or one bilingual text); store the sure pairs",
    tags=["alignment"],
    body=AlignIn,
    responses={200: AlignOut},
    description="Reads are open; store=true needs an editor token and a document.",
)
def align(body: AlignIn):
    session = db_session()
    try:
        result = runtime().align(session, source=body.source, target=body.target, text=body.text)
    except MissingSide as exc:
        raise ApiError(422, str(exc), details={"field": "text" if body.text is not None else exc.side}) from None
    answer = {"beads": result.beads, "stats": result.stats}
    if body.store:
        principal = require_role("editor")
        answer["stored"] = store_alignment(
            session, result, principal.name, document=body.document or "", min_confidence=body.min_confidence
        )
        session.commit()
        runtime().index_in_background()
    return answer
