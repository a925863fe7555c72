"""The alignment page: a Chinese document and its English version side by side as beads; a person confirms,
rejects, merges or splits them, and the confirmed pairs go into the memory."""

from __future__ import annotations

import re
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from service.application import memory as memory_service
from service.application.alignment import MIN_CONFIDENCE, MissingSide
from service.http.context import db_session, runtime
from service.http.web import bp
from service.http.web.auth import role_required, signed_in
from service.http.web.forms import ActionForm, AlignForm
from service.memory.pairs import RawPair

MAX_BEADS = 5000
_SHAPE = re.compile(r"\d{1,3}-\d{1,3}")


def segment_pieces(bead: dict[str, Any], side: str) -> list[tuple[str, str]]:
    """Each segment of one side of a bead as (the text before it since the previous one, its text): joined in
    order they give the bead's text on that side, so the page can show and split the bead segment by segment."""
    text, start, spans = bead[side], bead[f"{side}_start"], bead.get(f"{side}_spans") or []
    if not text:
        return []
    if start is None or not spans:
        return [("", text)]
    pieces: list[tuple[str, str]] = []
    previous = spans[0][0]
    for begin, end in spans:
        pieces.append((text[previous - start : begin - start], text[begin - start : end - start]))
        previous = end
    return pieces


def _score(value: str) -> float | None:
    """The confidence a row of the page sent back: a number from 0 to 1, or None (a bead edited from parts
    that had no score)."""
    try:
        score = float(value)
    except ValueError:
        return None
    return score if 0.0 <= score <= 1.0 else None


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
        pieces=[(segment_pieces(b, "source"), segment_pieces(b, "target")) for b in beads or []],
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
            shape = request.form.get(f"type_{i}", "")
            alignment: dict[str, Any] = {"confidence": _score(request.form.get(f"confidence_{i}", ""))}
            if _SHAPE.fullmatch(shape):
                alignment["type"] = shape
            if request.form.get(f"edited_{i}") == "1":  # merged or split on the page
                alignment["edited"] = True
            kept.append((source, target, alignment))
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
            extra={"alignment": {**alignment, "reviewed_by": signed_in().name}},
        )
        for n, (source, target, alignment) in enumerate(kept)
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
