"""Split a text into plain runs and marked runs, so a template can wrap glossary hits in <mark>."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Run:
    """A piece of the text; `hit` is the glossary hit covering it, or None for plain text."""

    text: str
    hit: Mapping[str, Any] | None = None


def mark_runs(text: str, hits: Iterable[Mapping[str, Any]], base: int = 0) -> list[Run]:
    """Runs covering `text` exactly once. Hit offsets are relative to the document; `base` is where `text`
    starts in it. Overlapping hits keep the leftmost, then the longest; hits outside the text are dropped."""
    spans = []
    for hit in hits:
        start, end = int(hit["start"]) - base, int(hit["end"]) - base
        start, end = max(start, 0), min(end, len(text))
        if start < end:
            spans.append((start, -end, hit))
    spans.sort(key=lambda s: (s[0], s[1]))
    runs: list[Run] = []
    position = 0
    for start, neg_end, hit in spans:
        end = -neg_end
        if start < position:
            continue
        if start > position:
            runs.append(Run(text[position:start]))
        runs.append(Run(text[start:end], hit))
        position = end
    if position < len(text):
        runs.append(Run(text[position:]))
    return runs
