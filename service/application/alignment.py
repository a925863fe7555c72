"""Aligning a Chinese document with its English version, and storing the sure pairs in the memory.

Both sides go through the text pipeline: the Chinese is cleaned and segmented (`process`), the English split
into sentences (`segment(lang="en")`); a segment the noise labels mark (captions, metadata, spam) on either side
is aligned to nothing. One bilingual text, in which Chinese and English paragraphs or lines alternate, is split
by script first: a line with Han characters is Chinese, any other line English. The glossary adds its evidence:
a term of a Chinese segment counts as found when its approved or an admitted rendering's words are in the English.
Offsets are code points into the texts as sent (for one bilingual text, into that text).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from glossary.english import rendering_stems
from glossary.matcher import TermMatcher
from service.align.aligner import Bead, align_evidence
from service.align.lexicon import Extra, en_evidence, zh_evidence
from service.application import memory as memory_service
from service.memory.pairs import RawPair
from service.text.chars import HAN_CLASS
from service.text.noise import classify
from service.text.pipeline import process
from service.text.segment import segment

MIN_CONFIDENCE = 0.8
_HAN = re.compile(f"[{HAN_CLASS}]")
_LATIN = re.compile(r"[A-Za-z]")


class MissingSide(ValueError):
    def __init__(self, side: str, message: str) -> None:
        super().__init__(message)
        self.side = side


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    text: str
    noise: str | None


def _chinese_pieces(text: str, base: int = 0) -> list[Piece]:
    return [Piece(base + s.start, base + s.end, s.text, s.noise) for s in process(text) if s.text.strip()]


def _english_pieces(text: str, base: int = 0) -> list[Piece]:
    out = []
    for span in segment(text, lang="en"):
        if span.text.strip():
            out.append(Piece(base + span.start, base + span.end, span.text, classify(span.text)))
    return out


def split_bilingual(text: str) -> tuple[list[Piece], list[Piece]]:
    """The Chinese and the English segments of one text whose lines alternate between the languages."""
    zh: list[Piece] = []
    en: list[Piece] = []
    position = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            if _HAN.search(line):
                zh += _chinese_pieces(line, position)
            elif _LATIN.search(line):
                en += _english_pieces(line, position)
        position += len(line)
    return zh, en


def glossary_evidence(matcher: TermMatcher) -> Extra:
    """The glossary's evidence for the aligner: the stems of each term's approved and admitted renderings."""

    def extra(normalized: str) -> Iterable[frozenset[str]]:
        for hit in matcher.match(normalized):
            renderings = [hit.target, *getattr(hit.term, "admitted", ())] if hit.term is not None else [hit.target]
            stems = frozenset(s for r in renderings if r for s in rendering_stems(r))
            if stems:
                yield stems

    return extra


@dataclass
class Alignment:
    beads: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)


def _shape(bead: Bead) -> str:
    return f"{len(bead.zh)}-{len(bead.en)}"


Progress = Callable[[int, int], None]  # (steps done, steps in all): a segment read, a row of the recursion


def align_texts(
    matcher: TermMatcher,
    *,
    source: str | None = None,
    target: str | None = None,
    text: str | None = None,
    progress: Progress | None = None,
) -> Alignment:
    """The beads of a document pair (or of one bilingual text), in order, covering every segment of both.
    `progress` hears how far the work is: reading each segment's evidence, then the recursion's rows."""
    if text is not None:
        zh, en = split_bilingual(text)
        zh_text = en_text = text
    else:
        zh_text, en_text = source or "", target or ""
        zh, en = _chinese_pieces(zh_text), _english_pieces(en_text)
    if not any(_HAN.search(p.text) for p in zh):
        raise MissingSide("source", "no Chinese text to align")
    if not any(_LATIN.search(p.text) for p in en):
        raise MissingSide("target", "no English text to align")
    zh_content = [p for p in zh if p.noise is None]
    en_content = [p for p in en if p.noise is None]
    extra = glossary_evidence(matcher)
    total = 2 * len(zh_content) + len(en_content) + 1
    step = max(1, total // 200)

    def tell(done: int) -> None:
        if progress is not None and (done % step == 0 or done == total):
            progress(done, total)

    zh_ev = []
    for k, piece in enumerate(zh_content, 1):
        zh_ev.append(zh_evidence(piece.text, extra))
        tell(k)
    en_ev = []
    for k, piece in enumerate(en_content, len(zh_content) + 1):
        en_ev.append(en_evidence(piece.text))
        tell(k)
    read = len(zh_content) + len(en_content)
    reached = 0

    def rows(done: int, _all: int) -> None:  # a wider band runs the rows again: the bar does not go back
        nonlocal reached
        if done > reached:
            reached = done
            tell(read + done)

    beads = align_evidence(zh_ev, en_ev, progress=rows if progress is not None else None)
    tell(total)
    content: list[dict[str, Any]] = []
    for bead in beads:
        zs = [zh_content[i] for i in bead.zh]
        es = [en_content[j] for j in bead.en]
        content.append(
            _bead(
                _shape(bead),
                (zs[0].start, zs[-1].end) if zs else None,
                (es[0].start, es[-1].end) if es else None,
                zh_text,
                en_text,
                round(bead.confidence, 3) if zs and es else 1.0,
                segments=([(p.start, p.end) for p in zs], [(p.start, p.end) for p in es]),
            )
        )
    # noise on either side is aligned to nothing, in document order among the others
    keyed: list[tuple[tuple[int, int], dict[str, Any]]] = [((k, 1), b) for k, b in enumerate(content)]
    for piece in zh:
        if piece.noise:
            k = next(
                (k for k, b in enumerate(content) if b["source_start"] is not None and b["source_start"] > piece.start),
                len(content),
            )
            keyed.append(((k, 0), _bead("1-0", (piece.start, piece.end), None, zh_text, en_text, 1.0, piece.noise)))
    for piece in en:
        if piece.noise:
            k = next(
                (k for k, b in enumerate(content) if b["target_start"] is not None and b["target_start"] > piece.start),
                len(content),
            )
            keyed.append(((k, 0), _bead("0-1", None, (piece.start, piece.end), zh_text, en_text, 1.0, piece.noise)))
    out = [b for _, b in sorted(keyed, key=lambda item: item[0])]
    shapes: dict[str, int] = {}
    for b in out:
        shapes[b["type"]] = shapes.get(b["type"], 0) + 1
    return Alignment(
        out,
        {
            "source_segments": len(zh),
            "target_segments": len(en),
            "beads": len(out),
            "types": shapes,
            "noise": sum(1 for b in out if b["noise"]),
            "low_confidence": sum(1 for b in out if b["source"] and b["target"] and b["confidence"] < MIN_CONFIDENCE),
        },
    )


def _bead(
    kind: str,
    zh: tuple[int, int] | None,
    en: tuple[int, int] | None,
    zh_text: str,
    en_text: str,
    confidence: float,
    noise: str | None = None,
    *,
    segments: tuple[list[tuple[int, int]], list[tuple[int, int]]] | None = None,
) -> dict[str, Any]:
    if segments is None:
        segments = ([zh] if zh else [], [en] if en else [])
    return {
        "type": kind,
        "source_start": zh[0] if zh else None,
        "source_end": zh[1] if zh else None,
        "target_start": en[0] if en else None,
        "target_end": en[1] if en else None,
        "source": _joined(zh_text, segments[0], ""),
        "target": _joined(en_text, segments[1], " "),
        "confidence": confidence,
        "noise": noise,
        # each segment of the bead, as [start, end] offsets like the bead's own
        "source_spans": [list(span) for span in segments[0]],
        "target_spans": [list(span) for span in segments[1]],
    }


def _joined(text: str, spans: list[tuple[int, int]], separator: str) -> str:
    """The text of a bead's side: as written from its first segment to its last, unless something other than
    space lies between two of them (the other language's lines of a bilingual text): then the segments joined."""
    if not spans:
        return ""
    if all(not text[end:start].strip() for (_, end), (start, _) in itertools.pairwise(spans)):
        return text[spans[0][0] : spans[-1][1]]
    return separator.join(text[start:end].strip() for start, end in spans)


def store_alignment(
    session: Session, alignment: Alignment, who: str, *, document: str, min_confidence: float = MIN_CONFIDENCE
) -> dict[str, Any]:
    """Store the pairs of the beads at or above `min_confidence` (origin `aligned`, the confidence kept), with
    their neighbours as context; the answer lists the beads left for review. The caller commits."""
    full = [b for b in alignment.beads if b["source"] and b["target"] and not b["noise"]]
    sure = [b for b in full if b["confidence"] >= min_confidence]
    pairs = []
    for i, bead in enumerate(full):
        if bead not in sure:
            continue
        pairs.append(
            RawPair(
                bead["source"],
                bead["target"],
                document=document,
                context_before=full[i - 1]["source"] if i else "",
                context_after=full[i + 1]["source"] if i + 1 < len(full) else "",
                origin="aligned",
                extra={"alignment": {"confidence": bead["confidence"], "type": bead["type"]}},
            )
        )
    stored = memory_service.store_pairs(session, pairs, who) if pairs else None
    return {
        "stored": len(stored.created) if stored else 0,
        "duplicates": len(stored.duplicates) if stored else 0,
        "review": [i for i, b in enumerate(alignment.beads) if b in full and b not in sure],
    }
