"""One pass over a document: normalize once, segment, label noise, find placeables.

The whole document is normalized once and the normalized text is segmented; segment spans
are mapped back through the document's OffsetMap, so `start`/`end` point into the original
text exactly and `text == original[start:end]`, while `normalized` and `placeables` are in the
normalized coordinates used for matching.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .noise import classify_segments
from .normalize import normalize
from .offsets import OffsetMap
from .placeables import Placeable, find_placeables
from .segment import segment

TABLE_TEXT_WIDTH = 60


@dataclass(frozen=True, slots=True)
class ProcessedSegment:
    """A segment with original offsets, its normalized form and what the pipeline found in it."""

    index: int
    start: int
    end: int
    text: str
    normalized: str
    offsets: OffsetMap
    noise: str | None
    placeables: list[Placeable]


def process(text: str, lang: str = "zh") -> list[ProcessedSegment]:
    """Segments of `text` in document order."""
    document = normalize(text)
    spans = segment(document.text, lang)
    labels = classify_segments([span.text for span in spans])
    offsets = document.offsets
    segments = []
    for index, (span, label) in enumerate(zip(spans, labels)):
        segment_offsets = offsets.slice(span.start, span.end)
        start, end = segment_offsets.to_original(0, len(segment_offsets))
        # Positional arguments, in field order: this runs once per segment of every document.
        segments.append(
            ProcessedSegment(
                index, start, end, text[start:end], span.text, segment_offsets, label, find_placeables(span.text)
            )
        )
    return segments


def process_one(text: str, index: int = 0) -> ProcessedSegment:
    """`text` as one segment, not split again (a segment stored earlier): normalized, with its placeables; its
    offsets point into `text`. Noise is not judged: a stored segment was kept as content."""
    normalized = normalize(text)
    return ProcessedSegment(
        index, 0, len(text), text, normalized.text, normalized.offsets, None, find_placeables(normalized.text)
    )


def _shorten(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def format_table(segments: Sequence[ProcessedSegment], width: int = TABLE_TEXT_WIDTH) -> str:
    """Plain-text table: index, original offsets, noise label and the (shortened) original text."""
    rows = [("#", "start", "end", "noise", "text")]
    rows += [(str(s.index), str(s.start), str(s.end), s.noise or "-", _shorten(s.text, width)) for s in segments]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = []
    for row in rows:
        cells = [row[0].rjust(widths[0]), row[1].rjust(widths[1]), row[2].rjust(widths[2]), row[3].ljust(widths[3])]
        lines.append("  ".join(cells + [row[4]]).rstrip())
    return "\n".join(lines) + "\n"


def to_json(segments: Sequence[ProcessedSegment]) -> list[dict]:
    """JSON-ready dicts (the offset maps are left out; offsets are in `start`/`end`)."""
    return [
        {
            "index": s.index,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "normalized": s.normalized,
            "noise": s.noise,
            "placeables": [{"start": p.start, "end": p.end, "text": p.text, "kind": p.kind} for p in s.placeables],
        }
        for s in segments
    ]
