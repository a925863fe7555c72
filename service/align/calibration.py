"""How a bead's confidence relates to its being right: the share of right beads per confidence band."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from service.align.aligner import Bead
from service.align.evaluation import Pair

BANDS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01))


def calibration(beads: Iterable[Bead], gold: Sequence[Pair]) -> list[tuple[float, float, int, float | None]]:
    """(low, high, beads, share right) per confidence band; beads with an empty side are left out."""
    right = set(gold)
    rows = []
    scored = [(b.confidence, (b.zh, b.en) in right) for b in beads if b.zh and b.en]
    for low, high in BANDS:
        inside = [ok for confidence, ok in scored if low <= confidence < high]
        rows.append((low, min(high, 1.0), len(inside), sum(inside) / len(inside) if inside else None))
    return rows
