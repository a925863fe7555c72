"""Quality dashboard: the checks over one document or the whole memory, with server-drawn SVG charts."""
from __future__ import annotations

from flask import render_template, request

from service.context import db_session, runtime
from service.storage import segments_repo
from service.web import bp
from service.web.charts import issue_bars, score_histogram


@bp.get("/quality")
def quality():
    db = db_session()
    document = request.args.get("document", "").strip()
    report = runtime().quality_report(db, document=document or None)
    scores = [row.quality_score for row in segments_repo.iter_segments(db, document=document or None)
              if row.quality_score is not None]
    return render_template("quality.html", report=report, document=document,
                           documents=segments_repo.list_documents(db), bars=issue_bars(report.get("by_code", {})),
                           histogram=score_histogram(scores), scored=len(scores))
