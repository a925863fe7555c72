"""Geometry for the quality dashboard's charts, drawn by the template as inline SVG (no chart library)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    """One bar in chart units: its label, value and rectangle."""

    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    """A chart of bars, with the drawing size and the largest value (for the axis)."""

    bars: list[Bar]
    width: int
    height: int
    maximum: int


# Charts are drawn 400 units wide and shown at most 560 px wide (yiku.css): 13-unit labels stay at 12 px or more
# on a 390 px phone and under 19 px on a desktop.
WIDTH = 400


def issue_bars(counts: Mapping[str, int], *, width: int = WIDTH, row_height: int = 26, label_width: int = 150) -> Chart:
    """Horizontal bars, one per issue code, most frequent first; lengths are proportional to the count."""
    items = sorted(((code, int(n)) for code, n in counts.items()), key=lambda item: (-item[1], item[0]))
    maximum = max((n for _, n in items), default=0)
    span = width - label_width - 60
    bars = [
        Bar(code, n, label_width, i * row_height + 4, span * n / maximum if maximum else 0, row_height - 8)
        for i, (code, n) in enumerate(items)
    ]
    return Chart(bars, width, max(len(items), 1) * row_height, maximum)


def score_histogram(
    counts: Sequence[int],
    *,
    low: float = 0.0,
    high: float = 100.0,
    width: int = WIDTH,
    height: int = 200,
    axis: int = 24,
    top: int = 18,
) -> Chart:
    """Vertical bars for pair counts in equal score bands over [low, high], one band per count; `top`
    leaves room for the count written above the tallest bar, `axis` for the band labels below."""
    bins = len(counts)
    step = (high - low) / bins if bins else 0
    maximum = max(counts, default=0)
    column = width / bins if bins else width
    plot = height - axis - top
    bars = []
    for i, n in enumerate(counts):
        bar_height = plot * n / maximum if maximum else 0
        label = f"{low + i * step:g}–{low + (i + 1) * step:g}"
        bars.append(Bar(label, int(n), i * column + 1, top + plot - bar_height, column - 2, bar_height))
    return Chart(bars, width, height, maximum)
