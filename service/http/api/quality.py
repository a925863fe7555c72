"""Quality routes: sacrebleu metrics on submitted text, checks of a stored pair, reports over the memory."""

from __future__ import annotations

from flask import g

from service.application.quality import NoSuchFlag
from service.errors import NotFound
from service.http.api import bp
from service.http.api.errors import ApiError
from service.http.api.registry import operation
from service.http.api.schemas import QualityReport, QualityReportQuery, ScoreIn, ScoreOut, SegmentQuality, VerdictIn
from service.http.context import db_session, runtime
from service.quality.metrics import ReferenceShapeError, corpus_scores

TAGS = ["quality"]


@operation(
    bp,
    "/score",
    "POST",
    summary="Corpus BLEU, chrF, chrF++ and TER, as sacrebleu's command line prints them",
    tags=TAGS,
    body=ScoreIn,
    responses={200: ScoreOut},
)
def score(body: ScoreIn):
    try:
        scores = corpus_scores(body.hypotheses, body.references, target_lang=body.target_lang).rounded(1)
    except ReferenceShapeError as exc:
        raise ApiError(422, str(exc)) from None
    return {
        "bleu": scores.bleu,
        "chrf": scores.chrf,
        "chrf_pp": scores.chrf_pp,
        "ter": scores.ter,
        "signatures": scores.signatures,
    }


@operation(
    bp,
    "/segments/<int:segment_id>/quality",
    "GET",
    summary="Checks and score of one stored pair",
    tags=TAGS,
    responses={200: SegmentQuality},
)
def segment_quality(segment_id: int):
    session = db_session()
    try:
        result = runtime().segment_quality(session, segment_id)
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None
    session.commit()
    return {"segment_id": result["segment_id"], "score": result["score"], "issues": result["issues"]}


@operation(
    bp,
    "/segments/<int:segment_id>/quality/verdicts",
    "POST",
    summary="Mark one flag of a pair a false positive (or confirm it); kept and counted in the report",
    tags=TAGS,
    body=VerdictIn,
    responses={200: SegmentQuality},
    auth="editor",
)
def mark_flag(segment_id: int, body: VerdictIn):
    session = db_session()
    try:
        result = runtime().mark_flag(session, segment_id, body.code, body.message, body.verdict, g.principal.name)
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None
    except NoSuchFlag as exc:
        raise ApiError(422, str(exc), details={"code": body.code, "message": body.message}) from None
    session.commit()
    return {"segment_id": result["segment_id"], "score": result["score"], "issues": result["issues"]}


@operation(
    bp,
    "/quality/report",
    "GET",
    summary="Quality totals over a document or the whole memory, worst first",
    tags=TAGS,
    query=QualityReportQuery,
    responses={200: QualityReport},
)
def quality_report(query: QualityReportQuery):
    return runtime().quality_report(db_session(), document=query.document, worst=query.worst)
