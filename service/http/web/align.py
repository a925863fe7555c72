"""The alignment page: a Chinese document and its English version side by side as beads; a person confirms,
rejects or merges them, and the confirmed pairs go into the memory."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from service.application import memory as memory_service
from service.application.alignment import MIN_CONFIDENCE, MissingSide
from service.http.context import db_session, runtime
from service.http.web import bp
from service.http.web.auth import role_required, signed_in
from service.http.web.forms import ActionForm, AlignForm
from service.memory.pairs import RawPair

MAX_BEADS = 5000


@bp.route("/align", methods=["GET", "POST"])
def align_page():
    form = AlignForm()
    beads, stats = None, None
    if form.validate_on_submit():
        source, target, text = form.source.data or "", form.target.data or "", form.text.data or ""
        try:
            if text.strip():
                result = runtime().align(db_session(), text=text)
            elif source.strip() and target.strip():
                result = runtime().align(db_session(), source=source, target=target)
            else:
                form.source.errors = list(form.source.errors) + [
                    "Paste the Chinese and its English version, or one bilingual text."
                ]
                result = None
        except MissingSide as exc:
            field = form.text if text.strip() else form.source if exc.side == "source" else form.target
            field.errors = list(field.errors) + [str(exc)[:1].upper() + str(exc)[1:] + "."]
            result = None
        if result is not None:
            beads, stats = result.beads, result.stats
    status = 400 if request.method == "POST" and beads is None else 200
    return render_template(
        "align.html",
        form=form,
        beads=beads,
        stats=stats,
        threshold=MIN_CONFIDENCE,
        store_form=ActionForm(formdata=None),
    ), status


@bp.post("/align/store")
@role_required("editor")
def align_store():
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400, "the form was not valid; reload the page and try again")
    document = (request.form.get("document") or "").strip()
    if not document or len(document) > 300:
        abort(400, "name the document the pairs belong to (at most 300 characters)")
    count = (
        min(int(request.form.get("beads", "0") or 0), MAX_BEADS) if (request.form.get("beads") or "0").isdigit() else 0
    )
    kept = []
    for i in range(count):
        source, target = request.form.get(f"source_{i}", "").strip(), request.form.get(f"target_{i}", "").strip()
        if request.form.get(f"keep_{i}") == "1" and source and target:
            kept.append((source, target, request.form.get(f"confidence_{i}", "")))
    if not kept:
        flash("No bead was confirmed: nothing was stored.", "info")
        return redirect(url_for("web.align_page"))
    pairs = [
        RawPair(
            source,
            target,
            document=document,
            context_before=kept[n - 1][0] if n else "",
            context_after=kept[n + 1][0] if n + 1 < len(kept) else "",
            origin="aligned",
            extra={"alignment": {"confidence": confidence, "reviewed_by": signed_in().name}},
        )
        for n, (source, target, confidence) in enumerate(kept)
    ]
    db = db_session()
    stored = memory_service.store_pairs(db, pairs, signed_in().name)
    db.commit()
    runtime().index_in_background()
    flash(
        f"Stored {len(stored.created)} aligned pair{'' if len(stored.created) == 1 else 's'} under “{document}”"
        + (f"; {len(stored.duplicates)} were in the memory already." if stored.duplicates else "."),
        "success",
    )
    return redirect(url_for("web.memory", document=document))
