"""Quality dashboard: the checks over one document or the whole memory, with server-drawn SVG charts."""

from __future__ import annotations

from flask import render_template, request

from service.application.memory import documents
from service.application.quality import scores_histogram
from service.http.context import db_session, runtime
from service.http.web import bp
from service.http.web.charts import issue_bars, score_histogram


@bp.get("/quality")
def quality():
    db = db_session()
    document = request.args.get("document", "").strip() or None
    report = runtime().quality_report(db, document=document)  # refreshes stale pair scores first
    counts = scores_histogram(db, document=document)
    return render_template(
        "quality.html",
        report=report,
        document=document or "",
        documents=documents(db),
        bars=issue_bars(report["by_code"]),
        histogram=score_histogram(counts),
        scored=sum(counts),
        issues=sum(report["by_code"].values()),
    )
