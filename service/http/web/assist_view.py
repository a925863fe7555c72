"""Turn an assist result (the POST /api/v1/assist shape) into what the assist page shows per segment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from service.http.web.highlight import Run, mark_runs
from service.http.web.text_diff import DiffRun, char_diff, diff_runs


@dataclass(frozen=True)
class MatchView:
    """A memory match with the character diff from the stored source to this segment."""

    score: int
    kind: str
    source: str
    target: str
    segment_id: int | None
    diff: list[DiffRun]


@dataclass(frozen=True)
class TermView:
    """One term of a segment's term pane: its source, the renderings to insert and the forbidden ones."""

    text: str  # as the segment writes it
    source: str
    target: str
    admitted: list[str]
    forbidden: list[str]
    status: str
    foreign: str = ""


def term_views(hits: Sequence[Mapping[str, Any]]) -> list[TermView]:
    """The distinct terms of a segment's hits, in text order (a term written twice is listed once)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for hit in hits:
        key = (hit.get("source", ""), hit.get("target", ""))
        if key in seen:
            continue
        seen.add(key)
        out.append(
            TermView(
                text=hit.get("text", ""),
                source=key[0],
                target=key[1],
                admitted=list(hit.get("admitted") or []),
                forbidden=list(hit.get("forbidden") or []),
                status=hit.get("status", ""),
                foreign=hit.get("foreign", ""),
            )
        )
    return out


@dataclass(frozen=True)
class SegmentView:
    """One segment: its text cut into runs around glossary hits, its matches, draft and neighbours."""

    index: int
    text: str
    noise: str | None
    runs: list[Run]
    matches: list[MatchView]
    draft: str | None
    context_before: str
    context_after: str
    placeables: list[Mapping[str, Any]] = field(default_factory=list)
    terms: list[TermView] = field(default_factory=list)
    prefill: bool = False  # the draft goes into the translation box; otherwise it is only offered
    draft_withheld: list[str] = field(default_factory=list)
    draft_score: int | None = None


def segment_view(seg: Mapping[str, Any], context_before: str = "", context_after: str = "") -> SegmentView:
    """One segment of an assist answer. The diff compares each match's source with the segment, both as matching
    saw them (normalized), so inserted and deleted characters are what an editor must change."""
    text = seg["text"]
    compared = seg.get("normalized") or text
    matches = [
        MatchView(
            int(m["score"]),
            m.get("kind", ""),
            m["source"],
            m["target"],
            m.get("segment_id"),
            # The diff of the answer: the stored source as matching saw it (cleaned, simplified) against this
            # segment as matching saw it, so an exact match of a traditional, annotated pair shows no change.
            diff_runs(m["diff"]) if "diff" in m else char_diff(m["source"], compared),
        )
        for m in seg.get("matches", [])
    ]
    return SegmentView(
        index=seg.get("index", 0),
        text=text,
        noise=seg.get("noise"),
        runs=mark_runs(text, seg.get("terms", []), base=seg.get("start", 0)),
        matches=matches,
        draft=seg.get("draft"),
        context_before=context_before,
        context_after=context_after,
        placeables=list(seg.get("placeables", [])),
        terms=term_views(seg.get("terms", [])),
        prefill=bool(seg.get("prefill")) and bool(seg.get("draft")),
        draft_withheld=list(seg.get("draft_withheld", [])),
        draft_score=matches[0].score if matches else None,
    )


def segment_views(result: Mapping[str, Any]) -> list[SegmentView]:
    """Views in segment order. The context of a segment is its nearest non-noise neighbours, as stored pairs
    carry it."""
    segments: Sequence[Mapping[str, Any]] = result.get("segments", [])
    content = [i for i, s in enumerate(segments) if not s.get("noise")]
    views = []
    for i, seg in enumerate(segments):
        before = [j for j in content if j < i]
        after = [j for j in content if j > i]
        views.append(
            segment_view(
                {"index": i, **seg},
                segments[before[-1]]["text"] if before else "",
                segments[after[0]]["text"] if after else "",
            )
        )
    return views


def term_tooltip(hit: Mapping[str, Any]) -> str:
    """The title shown over a highlighted term: the approved rendering, then the forbidden ones."""
    tip = f"{hit.get('source', '')} → {hit.get('target', '')}"
    if hit.get("status") and hit["status"] != "approved":
        tip += f" ({hit['status']})"
    forbidden = hit.get("forbidden") or []
    if forbidden:
        tip += "; do not use: " + ", ".join(forbidden)
    return tip
