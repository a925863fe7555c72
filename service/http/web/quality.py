"""Quality dashboard: the checks over one document or the whole memory, with server-drawn SVG charts."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from service.application.memory import documents
from service.application.quality import VERDICTS, NoSuchFlag, scores_histogram
from service.errors import NotFound
from service.http.context import db_session, runtime
from service.http.web import bp
from service.http.web.auth import role_required, signed_in
from service.http.web.charts import issue_bars, score_histogram
from service.http.web.forms import VerdictForm


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
        verdict_form=VerdictForm(formdata=None),
    )


@bp.post("/quality/verdict")
@role_required("editor")
def quality_verdict():
    """An editor marks a flag a false positive (or confirms it); it stays listed, with the verdict."""
    form = VerdictForm()
    if not form.validate_on_submit() or form.verdict.data not in VERDICTS or not form.segment_id.data.isdigit():
        abort(400, "a verdict needs the pair, the flag's check and message, and false-positive or confirmed")
    db = db_session()
    try:
        runtime().mark_flag(
            db, int(form.segment_id.data), form.code.data, form.message.data, form.verdict.data, signed_in().name
        )
    except NotFound:
        abort(404)
    except NoSuchFlag as exc:
        db.rollback()
        flash(str(exc), "error")
    else:
        db.commit()
        shown = "a false positive" if form.verdict.data == "false-positive" else "confirmed"
        flash(f"Segment {form.segment_id.data}: {form.code.data} marked {shown}.", "success")
    return redirect(url_for("web.quality", document=form.document.data or None))
