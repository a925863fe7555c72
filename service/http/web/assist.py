"""The assist page: paste or upload a text, see terms, noise, memory matches and drafts; store translations."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for

from service.application import memory as memory_service
from service.application import quality as quality_service
from service.application.assist import PREFILL_MIN_SCORE, TooManySegments
from service.http.context import db_session, runtime
from service.http.web import bp
from service.http.web.assist_view import segment_views, term_tooltip
from service.http.web.auth import role_required, signed_in
from service.http.web.forms import AssistForm, StoreSegmentForm
from service.memory.pairs import RawPair


def read_upload(storage) -> str:
    """The text of an uploaded .txt file; UTF-8 (with or without BOM) is what scrapers and editors write."""
    data = storage.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("the file is not UTF-8 text") from None


@bp.route("/assist", methods=["GET", "POST"])
def assist():
    form = AssistForm()
    views, stats = None, None
    if form.validate_on_submit():
        text = form.text.data or ""
        upload = form.upload.data
        if upload and getattr(upload, "filename", ""):
            try:
                text = read_upload(upload)
            except ValueError as exc:
                form.upload.errors = list(form.upload.errors) + [str(exc)]
                text = ""
            else:
                form.text.data = text
                if not form.document.data:
                    form.document.data = upload.filename
        if not text.strip() and not form.upload.errors:
            form.text.errors = list(form.text.errors) + ["Paste a text or choose a .txt file."]
        if text.strip() and not form.errors:
            try:
                result = runtime().assist(
                    db_session(),
                    text,
                    min_score=form.min_score.data,
                    include_noise=False,
                    prefill_min_score=(
                        PREFILL_MIN_SCORE if form.prefill_min_score.data is None else form.prefill_min_score.data
                    ),
                )
            except TooManySegments as exc:
                form.text.errors = list(form.text.errors) + [f"{exc}; split the text into smaller parts."]
            else:
                views, stats = segment_views(result), result.get("stats", {})
    status = 400 if request.method == "POST" and views is None else 200
    store_form = StoreSegmentForm(formdata=None)
    return render_template(
        "assist.html",
        form=form,
        views=views,
        stats=stats,
        store_form=store_form,
        tooltip=term_tooltip,
        document=form.document.data or "",
    ), status


@bp.post("/assist/store")
@role_required("editor")
def assist_store():
    form = StoreSegmentForm()
    wants_json = request.accept_mimetypes.best == "application/json"
    if not form.validate_on_submit():
        if wants_json:
            return jsonify({"stored": False, "errors": form.errors}), 400
        abort(400, "a translation and its source are needed to store a pair")
    pair = RawPair(
        form.source.data,
        form.target.data,
        document=form.document.data or None,
        context_before=form.context_before.data or "",
        context_after=form.context_after.data or "",
        origin="human",
    )
    db = db_session()
    checks = runtime().draft_issues(db, pair.source, pair.target)
    blockers = quality_service.blocking(checks)
    if blockers and form.confirm.data != "1":
        found = [issue.message for issue in blockers]
        if wants_json:
            return jsonify({"stored": False, "needs_confirmation": True, "issues": found}), 409
        return render_template("assist_confirm.html", form=form, issues=found), 409
    outcome = memory_service.store_pairs(db, [pair], signed_in().name)
    row = outcome.items[0]
    issues = runtime().stored_issues(db, [row])[row.id]  # one transaction with the store (see the API's store)
    db.commit()
    message = (
        f"Stored as segment {row.id}." if outcome.created else f"This pair is in the memory already (segment {row.id})."
    )
    if wants_json:
        return jsonify(
            {
                "stored": bool(outcome.created),
                "segment_id": row.id,
                "message": message,
                "issues": [issue["message"] for issue in issues if issue["severity"] != "info"],
            }
        )
    flash(message, "success")
    for issue in issues:
        if issue["severity"] != "info":
            flash(f"Segment {row.id}: {issue['message']}", "warning")
    return redirect(url_for("web.memory", q=form.source.data[:50]))
