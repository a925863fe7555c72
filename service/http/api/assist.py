"""The translation-assist route: one call from raw text to segments, terms, matches and drafts."""

from __future__ import annotations

from service.application.assist import AlignmentMismatch, TooManySegments
from service.http.api import bp
from service.http.api.auth import require_role
from service.http.api.errors import ApiError
from service.http.api.registry import operation
from service.http.api.schemas import AssistIn, AssistOut
from service.http.context import db_session, runtime
from service.memory.langs import canonical_lang

SUPPORTED_SOURCE = ("zh-Hans", "zh-Hant")
SUPPORTED_TARGET = ("en",)


@operation(
    bp,
    "/assist",
    "POST",
    summary="Segments, glossary hits, memory matches, placeables and drafts",
    tags=["assist"],
    body=AssistIn,
    responses={200: AssistOut},
    description="Reads are open; store=true (with targets or translation) needs an editor token.",
)
def assist_text(body: AssistIn):
    source, target = canonical_lang(body.source_lang), canonical_lang(body.target_lang)
    if source not in SUPPORTED_SOURCE or target not in SUPPORTED_TARGET:
        raise ApiError(
            422, f"unsupported language pair {body.source_lang}→{body.target_lang}; supported: zh (Hans or Hant) → en"
        )
    rt = runtime()
    session = db_session()
    stored = None
    try:
        if body.store:
            if body.targets is None and body.translation is None:
                raise ApiError(422, "store=true needs 'targets' (one per segment) or a parallel 'translation'")
            principal = require_role("editor")
            stored = rt.store_aligned(
                session,
                body.text,
                principal.name,
                targets=body.targets,
                translation=body.translation,
                document=body.document,
                max_segments=body.max_segments,
            )
            session.commit()
        result = rt.assist(
            session,
            body.text,
            min_score=body.min_score,
            max_matches=body.max_matches,
            max_segments=body.max_segments,
            include_noise=body.include_noise,
            prefill_min_score=body.prefill_min_score,
        )
    except TooManySegments as exc:
        raise ApiError(422, str(exc), details={"segments": exc.count, "max_segments": exc.limit}) from None
    except AlignmentMismatch as exc:
        raise ApiError(422, str(exc), details={"segments": exc.segments, "targets": exc.targets}) from None
    if stored is not None:
        result["stats"]["stored"] = stored
    return result
