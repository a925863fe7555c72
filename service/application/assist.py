"""Translation assist for one raw text: segments, glossary hits, placeables, memory matches and drafts.

Offsets in the result point into the text exactly as the client sent it (code points, end exclusive).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from glossary.matcher import TermMatcher
from service.application.memory import MemoryState, draft_for, lookup, store_pairs
from service.application.shapes import hit_to_dict
from service.memory.keys import match_key
from service.memory.pairs import RawPair
from service.text.pipeline import ProcessedSegment, process
from service.text.segment import segment as split_sentences


class TooManySegments(ValueError):
    def __init__(self, count: int, limit: int) -> None:
        super().__init__(f"the text has {count} segments, more than max_segments={limit}")
        self.count, self.limit = count, limit


class AlignmentMismatch(ValueError):
    def __init__(self, segments: int, targets: int) -> None:
        super().__init__(
            f"{targets} target segments given for {segments} source segments (noise excluded); the counts must be equal"
        )
        self.segments, self.targets = segments, targets


PREFILL_MIN_SCORE = 95.0  # a draft at or above this score is filled into the translation box


@dataclass
class AssistOptions:
    min_score: float = 70
    max_matches: int = 3
    max_segments: int = 2000
    include_noise: bool = False
    prefill_min_score: float = PREFILL_MIN_SCORE


def prefills(kind: str, score: float, withheld: Sequence[str], threshold: float = PREFILL_MIN_SCORE) -> bool:
    """Whether a draft may be filled into the translation box: a 101 or 100 match, or a match at or above the
    threshold (a repaired match: only numbers, dates or terms differ), and never a withheld draft. A lower match
    is offered beside the box, never put in it, so that a different sentence is not stored by mistake."""
    return not withheld and (kind in ("context", "exact") or score >= threshold)


def _placeables(seg: ProcessedSegment, original: str) -> list[dict[str, Any]]:
    out = []
    for p in seg.placeables:
        start, end = seg.offsets.to_original(p.start, p.end)
        out.append({"start": start, "end": end, "text": original[start:end], "kind": p.kind})
    return out


def segments_of(text: str, options: AssistOptions) -> list[ProcessedSegment]:
    segs = process(text)
    if len(segs) > options.max_segments:
        raise TooManySegments(len(segs), options.max_segments)
    return segs


def assist_segment(
    session: Session,
    matcher: TermMatcher,
    memory: MemoryState,
    seg: ProcessedSegment,
    original: str,
    options: AssistOptions,
    *,
    prev_key: str | None = None,
    next_key: str | None = None,
) -> dict[str, Any]:
    """One segment's terms, placeables, memory matches and draft; offsets point into `original`, the text the
    segment's offsets map into (the whole document, or the segment alone)."""
    skip = seg.noise is not None and not options.include_noise
    hits_norm = [] if skip else matcher.match(seg.normalized)
    hits = [h.to_original(seg.offsets) for h in hits_norm]
    matches: list[dict[str, Any]] = []
    draft = None
    repairs: list[dict[str, str]] = []
    withheld: list[str] = []
    prefill = False
    if not skip and options.max_matches > 0:
        _qk, found = lookup(
            session,
            memory,
            seg.normalized,
            seg.placeables,
            prev_key=prev_key,
            next_key=next_key,
            min_score=options.min_score,
            limit=options.max_matches,
        )
        matches = [f.as_dict(seg.normalized) for f in found]
        if found:
            d = draft_for(found[0], seg.normalized, seg.placeables, matcher, hits_norm)
            repairs, withheld = d.repairs, d.withheld
            draft = None if withheld else d.text
            prefill = prefills(found[0].kind, found[0].score, withheld, options.prefill_min_score)
    return {
        "index": seg.index,
        "start": seg.start,
        "end": seg.end,
        "text": seg.text,
        "normalized": seg.normalized,
        "noise": seg.noise,
        "terms": [hit_to_dict(h, original) for h in hits],
        "matches": matches,
        "placeables": [] if skip else _placeables(seg, original),
        "draft": draft,
        "repairs": repairs,
        "draft_withheld": withheld,
        "prefill": prefill,
    }


def context_key(seg: ProcessedSegment | None) -> str | None:
    """The match key a neighbouring segment gives in-context matching (None for noise or no neighbour)."""
    if seg is None or seg.noise:
        return None
    return match_key(seg.normalized, seg.placeables).key


def assist(
    session: Session, matcher: TermMatcher, memory: MemoryState, text: str, options: AssistOptions
) -> dict[str, Any]:
    started = time.perf_counter()
    segs = segments_of(text, options)
    keys = [context_key(seg) for seg in segs]
    out_segments = []
    for i, seg in enumerate(segs):
        prev_key = next((k for k in reversed(keys[:i]) if k), None)
        next_key = next((k for k in keys[i + 1 :] if k), None)
        out_segments.append(
            assist_segment(session, matcher, memory, seg, text, options, prev_key=prev_key, next_key=next_key)
        )
    return {
        "segments": out_segments,
        "stats": {
            "segments": len(segs),
            "terms": sum(len(s["terms"]) for s in out_segments),
            "noise_segments": sum(1 for s in segs if s.noise),
            "elapsed_ms": round((time.perf_counter() - started) * 1000, 2),
        },
    }


def aligned_pairs(
    text: str, options: AssistOptions, targets: list[str] | None, translation: str | None
) -> list[tuple[ProcessedSegment, str, str, str]]:
    """(segment, target, context_before, context_after) for every non-noise segment, aligned by index."""
    segs = [s for s in segments_of(text, options) if s.noise is None]
    if targets is None:
        targets = [s.text for s in split_sentences(translation or "", lang="en")]
    if len(targets) != len(segs):
        raise AlignmentMismatch(len(segs), len(targets))
    out = []
    for i, (seg, target) in enumerate(zip(segs, targets)):
        before = segs[i - 1].text if i > 0 else ""
        after = segs[i + 1].text if i + 1 < len(segs) else ""
        out.append((seg, target, before, after))
    return out


def store_aligned(
    session: Session,
    text: str,
    who: str,
    *,
    targets: list[str] | None,
    translation: str | None,
    document: str | None,
    max_segments: int = 2000,
) -> int:
    """Store the non-noise segments of text with their aligned targets; returns how many were new."""
    options = AssistOptions(max_segments=max_segments)
    pairs = [
        RawPair(seg.text, target, document=document, context_before=before, context_after=after)
        for seg, target, before, after in aligned_pairs(text, options, targets, translation)
        if target.strip()
    ]
    return len(store_pairs(session, pairs, who).created)
