"""Sentence alignment by dynamic programming over beads, banded around the diagonal.

Cost of a bead = −log(prior of its shape) + the length model's −log probability (Gale and Church 1993: the
English length of a span against the Chinese length times the document's own ratio, its spread growing with
the square root of the Chinese length) + `lexical_weight` × (1 − the lexical similarity of the two spans) per
segment. Beads with an empty side cost their prior and the full lexical weight per segment, no length term. The band starts at `band` segments
either side of the diagonal and doubles (up to the whole table) while the best path touches its edge.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from service.align.lexicon import EnEvidence, Extra, SpanSimilarity, ZhEvidence, en_evidence, zh_evidence

# Shapes and their prior probabilities: official Chinese often runs two English sentences into one.
PRIORS = {
    (1, 1): 0.80,
    (1, 2): 0.07,
    (2, 1): 0.07,
    (1, 0): 0.01,
    (0, 1): 0.01,
    (2, 2): 0.002,
    (1, 3): 0.015,
    (3, 1): 0.015,
}
VARIANCE = 10.0  # spread of English characters per Chinese character, times the ratio (see docs/alignment.md)
LEXICAL_WEIGHT = 8.0
CONFIDENCE_SLOPE, CONFIDENCE_MIDPOINT = (
    0.254,
    15.0,
)  # a logistic of the cost, fitted on the development pair (docs/alignment.md)


@dataclass(frozen=True)
class Bead:
    zh: tuple[int, ...]  # indices of the Chinese segments, in order (empty: an English segment left alone)
    en: tuple[int, ...]
    cost: float
    similarity: float
    confidence: float  # in [0, 1]

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.zh), len(self.en)


class _Model:
    def __init__(self, zh: Sequence[ZhEvidence], en: Sequence[EnEvidence], lexical_weight: float) -> None:
        self.zh, self.en = zh, en
        zh_total = sum(z.length for z in zh) or 1
        self.ratio = (sum(e.length for e in en) or 1) / zh_total
        self.variance = VARIANCE * self.ratio
        self.lexical_weight = lexical_weight
        self.log_priors = {shape: -math.log(p) for shape, p in PRIORS.items()}
        self.similarity = SpanSimilarity(zh, en)

    def cost(self, i: int, j: int, di: int, dj: int) -> tuple[float, float]:
        """(cost, similarity) of the bead of zh[i:i+di] and en[j:j+dj]."""
        zh, en = self.zh[i : i + di], self.en[j : j + dj]
        if not di or not dj:  # a segment left alone: its prior and the evidence it lacks, no length to compare
            return self.log_priors[(di, dj)] + self.lexical_weight * (di + dj) / 2, 0.0
        zh_len = sum(z.length for z in zh)
        en_len = sum(e.length for e in en)
        mean = max(zh_len, 1) * self.ratio
        delta = (en_len - mean) / math.sqrt(self.variance * max(zh_len, 1) if zh_len else self.variance * mean)
        length = -math.log(max(math.erfc(abs(delta) / math.sqrt(2)), 1e-300))
        sim = self.similarity(i, di, j, dj)
        # the lexical cost counts per segment, so that merging segments into fewer beads saves nothing
        return self.log_priors[(di, dj)] + length + self.lexical_weight * (1.0 - sim) * (di + dj) / 2, sim


def _confidence(cost: float) -> float:
    return 1.0 / (1.0 + math.exp(CONFIDENCE_SLOPE * (cost - CONFIDENCE_MIDPOINT)))


def align_evidence(
    zh: Sequence[ZhEvidence], en: Sequence[EnEvidence], *, band: int = 20, lexical_weight: float = LEXICAL_WEIGHT
) -> list[Bead]:
    n, m = len(zh), len(en)
    if not n and not m:
        return []
    model = _Model(zh, en, lexical_weight)
    width = max(band, 2)
    while True:
        beads, touched = _banded(model, n, m, width)
        if not touched or width >= max(n, m):
            return beads
        width *= 2


def _banded(model: _Model, n: int, m: int, width: int) -> tuple[list[Bead], bool]:
    """The cheapest path within `width` of the diagonal, and whether it touches the band's edge."""
    slope = m / n if n else 0.0
    lows = [max(0, int(i * slope) - width) for i in range(n + 1)]
    highs = [min(m, int(i * slope) + width) for i in range(n + 1)]
    inf = math.inf
    best: list[dict[int, tuple[float, int, int, float, float]]] = [{} for _ in range(n + 1)]
    best[0][0] = (0.0, 0, 0, 0.0, 0.0)
    for i in range(n + 1):
        row = best[i]
        for j in range(lows[i], highs[i] + 1):
            if i == 0 and j == 0:
                continue
            choice = (inf, 0, 0, 0.0, 0.0)
            for di, dj in PRIORS:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                previous = best[pi].get(pj)
                if previous is None:
                    continue
                cost, sim = model.cost(pi, pj, di, dj)
                total = previous[0] + cost
                if total < choice[0]:
                    choice = (total, di, dj, cost, sim)
            if choice[0] < inf:
                row[j] = choice
    if m not in best[n]:
        return [], True
    beads = []
    touched = False
    i, j = n, m
    while i or j:
        _total, di, dj, cost, sim = best[i][j]
        if (j in (lows[i], highs[i])) and j not in (0, m):
            touched = True
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), cost, sim, _confidence(cost)))
        i, j = i - di, j - dj
    beads.reverse()
    return beads, touched


def align(
    zh: Sequence[str],
    en: Sequence[str],
    *,
    extra: Extra | None = None,
    band: int = 20,
    lexical_weight: float = LEXICAL_WEIGHT,
) -> list[Bead]:
    """Beads covering every segment of both sides in order."""
    return align_evidence(
        [zh_evidence(t, extra) for t in zh], [en_evidence(t) for t in en], band=band, lexical_weight=lexical_weight
    )
