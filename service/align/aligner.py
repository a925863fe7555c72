"""Sentence alignment by dynamic programming over beads, banded around the diagonal.

Cost of a bead = −log(prior of its shape) + the length model's −log probability (Gale and Church 1993: the
English length of a span against the Chinese length times the document's own ratio, its spread growing with
the square root of the Chinese length) + `lexical_weight` × (1 − the lexical similarity of the two spans) per
segment. Beads with an empty side cost their prior and the full lexical weight per segment, no length term.
The band starts at `band` segments either side of the line on which both sides' characters run evenly; while the best path touches its edge, the band
is centred on that path and doubled (up to the whole table), so a translation that drops or adds a long passage
still aligns. Bead costs are computed for the whole band at once (numpy); the recursion runs a row at a time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from service.align.lexicon import BandHits, EnEvidence, Extra, ZhEvidence, en_evidence, zh_evidence

# Shapes and their prior probabilities: official Chinese often runs two or more English sentences into one.
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

Progress = Callable[[int, int], None]  # (rows done, rows in all) of the dynamic programming


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


def _confidence(cost: float) -> float:
    return 1.0 / (1.0 + math.exp(CONFIDENCE_SLOPE * (cost - CONFIDENCE_MIDPOINT)))


def _neg_log_tail(z: np.ndarray) -> np.ndarray:
    """−log erfc(z) for z ≥ 0, without underflow (the Chebyshev fit of Numerical Recipes' erfcc, relative
    error below 1.2e-7): −log of the two-sided tail probability of a standard normal at z √2."""
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -1.26551223 + t * (
        1.00002368
        + t
        * (
            0.37409196
            + t
            * (
                0.09678418
                + t
                * (
                    -0.18628806
                    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))
                )
            )
        )
    )
    return -np.log(t) + z * z - poly


class _Model:
    def __init__(self, zh: Sequence[ZhEvidence], en: Sequence[EnEvidence], lexical_weight: float) -> None:
        self.zh, self.en = zh, en
        self.zh_prefix = np.concatenate(([0], np.cumsum([z.length for z in zh]))).astype(np.float64)
        self.en_prefix = np.concatenate(([0], np.cumsum([e.length for e in en]))).astype(np.float64)
        zh_total = self.zh_prefix[-1] or 1.0
        self.ratio = (self.en_prefix[-1] or 1.0) / zh_total
        self.variance = VARIANCE * self.ratio
        self.lexical_weight = lexical_weight
        self.log_priors = {shape: -math.log(p) for shape, p in PRIORS.items()}
        self.max_di = max(di for di, _ in PRIORS)
        self.max_dj = max(dj for _, dj in PRIORS)
        self.hits = BandHits(zh, en)

    def alone(self, di: int, dj: int) -> float:
        """The cost of a segment left alone: its prior and the evidence it lacks, no length to compare."""
        return self.log_priors[(di, dj)] + self.lexical_weight * (di + dj) / 2

    def costs(self, lows: np.ndarray, widths: np.ndarray) -> dict[tuple[int, int], tuple[np.ndarray, np.ndarray]]:
        """For each shape with both sides, (cost, similarity) of the bead ending at each cell of the band:
        row i, column c is the bead zh[i-di:i], en[j-dj:j] with j = lows[i] + c (inf where there is none)."""
        n, m = len(self.zh), len(self.en)
        rows = n + 1
        width = int(widths.max())
        column = np.arange(width)
        j_end = lows[:, None] + column[None, :]
        inside = column[None, :] < widths[:, None]
        # the spans a bead's Chinese rows may start: rows zi serve beads ending at zi+1 .. zi+max_di
        span_lo = np.full(max(n, 1), m, dtype=np.int64)
        span_hi = np.zeros(max(n, 1), dtype=np.int64)
        for di in range(1, self.max_di + 1):
            end = np.arange(n) + di
            ok = end <= n
            span_lo[ok] = np.minimum(span_lo[ok], np.maximum(lows[end[ok]] - self.max_dj, 0))
            span_hi[ok] = np.maximum(span_hi[ok], np.minimum(lows[end[ok]] + widths[end[ok]] - 1, m))
        span_lo = np.minimum(span_lo[:n], span_hi[:n])
        hits_width, hits = self.hits.band(span_lo, span_hi[:n], self.max_dj)
        out = {}
        i_end = np.arange(rows)[:, None]
        for (di, dj), log_prior in self.log_priors.items():
            if not di or not dj:
                continue
            j_start = j_end - dj
            valid = inside & (i_end >= di) & (j_start >= 0) & (j_end <= m)
            i0 = np.clip(i_end - di, 0, n)
            zh_len = self.zh_prefix[np.clip(i_end, 0, n)] - self.zh_prefix[i0]
            en_len = self.en_prefix[np.clip(j_end, 0, m)] - self.en_prefix[np.clip(j_start, 0, m)]
            mean = np.maximum(zh_len, 1.0) * self.ratio
            spread = np.sqrt(self.variance * np.where(zh_len > 0, np.maximum(zh_len, 1.0), self.ratio))
            length = _neg_log_tail(np.abs(en_len - mean) / spread / math.sqrt(2.0))
            found = np.zeros(j_end.shape)
            total = np.zeros(j_end.shape)
            table = hits[dj]
            for t in range(di):
                zi = np.clip(i_end - di + t, 0, max(n - 1, 0))
                col = j_start - span_lo[zi] if n else j_start
                ok = valid & (col >= 0) & (col < hits_width)
                if n:
                    found += np.where(ok, table[zi, np.clip(col, 0, hits_width - 1)], 0.0)
                    total += np.broadcast_to(self.hits.totals[zi], j_end.shape)
            sim = np.where(total > 0, found / np.where(total > 0, total, 1.0), 0.0)
            cost = log_prior + length + self.lexical_weight * (1.0 - sim) * (di + dj) / 2
            out[(di, dj)] = (np.where(valid, cost, np.inf), sim)
        return out


def align_evidence(
    zh: Sequence[ZhEvidence],
    en: Sequence[EnEvidence],
    *,
    band: int = 20,
    lexical_weight: float = LEXICAL_WEIGHT,
    progress: Progress | None = None,
) -> list[Bead]:
    n, m = len(zh), len(en)
    if not n or not m:
        model = _Model(zh, en, lexical_weight)
        return [Bead((i,), (), model.alone(1, 0), 0.0, _confidence(model.alone(1, 0))) for i in range(n)] + [
            Bead((), (j,), model.alone(0, 1), 0.0, _confidence(model.alone(0, 1))) for j in range(m)
        ]
    model = _Model(zh, en, lexical_weight)
    width = max(band, 2)
    # the first band follows the lengths: row i faces the English segment as far into the English characters
    # as row i is into the Chinese ones (a straight line from corner to corner, when segments are even)
    centre = np.searchsorted(model.en_prefix, model.zh_prefix * model.ratio, side="left").astype(np.int64)
    centre = np.clip(centre, 0, m)
    centre[0], centre[n] = 0, m
    while True:
        beads, touched, path = _banded(model, centre, width, progress)
        if not touched or width >= max(n, m):
            return beads
        centre, width = path, width * 2


def _banded(
    model: _Model, centre: np.ndarray, width: int, progress: Progress | None
) -> tuple[list[Bead], bool, np.ndarray]:
    """The cheapest path within `width` of `centre` (a column per row), whether it touches the band's edge,
    and the path's column per row (to centre a wider band on)."""
    n, m = len(model.zh), len(model.en)
    lows = np.clip(centre - width, 0, m)
    highs = np.clip(centre + width, 0, m)
    lows[0], highs[n] = 0, m
    highs = np.maximum(highs, lows)
    # each row's band starts where the row before's has not ended, so every cell of the band can be reached
    # (a long Chinese segment may move the centre further than the band is wide)
    lows[1:] = np.minimum(lows[1:], highs[:-1])
    widths = highs - lows + 1
    costs = model.costs(lows, widths)
    shapes = [shape for shape in costs if shape[0]]
    both = [costs[shape][0] for shape in shapes]
    zh_alone = model.alone(1, 0)
    en_alone = model.alone(0, 1)
    index = {shape: k for k, shape in enumerate(shapes)}
    index[(1, 0)] = len(shapes)
    index[(0, 1)] = len(shapes) + 1
    shape_of = [*shapes, (1, 0), (0, 1)]
    best = np.full((n + 1, int(widths.max())), np.inf)
    back = np.full(best.shape, -1, dtype=np.int8)
    column = np.arange(best.shape[1], dtype=np.float64)
    # the moves into a row: each shape with a Chinese side, from the row it starts at (0-1 runs along the row)
    moves = [(k, di, dj, both[k]) for k, (di, dj) in enumerate(shapes)]
    moves.append((index[(1, 0)], 1, 0, np.full(best.shape, zh_alone)))
    candidates = np.empty((len(moves), best.shape[1]))
    kinds = np.array([k for k, *_ in moves], dtype=np.int8)
    positions = np.arange(best.shape[1])
    low_of, width_of = lows.tolist(), widths.tolist()
    step = max(1, (n + 1) // 100)
    for i in range(n + 1):
        w, low = width_of[i], low_of[i]
        candidates[:, :w] = np.inf
        if i == 0:
            candidates[0, 0] = 0.0  # lows[0] is 0: the start
        for row, (_k, di, dj, cost) in enumerate(moves):
            r = i - di
            if r < 0:
                continue
            off = low - dj - low_of[r]  # column c of this row continues column c + off of row r
            c_lo, c_hi = max(0, -off), min(w, width_of[r] - off)
            if c_lo < c_hi:
                np.add(best[r, c_lo + off : c_hi + off], cost[i, c_lo:c_hi], out=candidates[row, c_lo:c_hi])
        choice = candidates[:, :w].argmin(axis=0)
        cand = candidates[choice, positions[:w]]
        # 0-1 beads run along the row: best[c] = min over c' ≤ c of cand[c'] + en_alone (c - c')
        chained = np.minimum.accumulate(cand - en_alone * column[:w]) + en_alone * column[:w]
        take = chained < cand - 1e-9
        best[i, :w] = np.where(take, chained, cand)
        back[i, :w] = np.where(take, index[(0, 1)], np.where(np.isfinite(cand), kinds[choice], -1))
        if progress is not None and (i % step == 0 or i == n):
            progress(i, n)
    beads: list[Bead] = []
    touched = False
    path = np.zeros(n + 1, dtype=np.int64)
    seen = np.zeros(n + 1, dtype=bool)
    i, j = n, m
    while i or j:
        c = j - int(lows[i])
        if not seen[i]:
            path[i], seen[i] = j, True
        if j in (int(lows[i]), int(highs[i])) and j not in (0, m):
            touched = True
        di, dj = shape_of[int(back[i, c])]
        if di and dj:
            bead_cost = float(costs[(di, dj)][0][i, c])
            sim = float(costs[(di, dj)][1][i, c])
        else:
            bead_cost, sim = (zh_alone if di else en_alone), 0.0
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), bead_cost, sim, _confidence(bead_cost)))
        i, j = i - di, j - dj
    path[0], seen[0] = 0, True
    # rows inside a bead of several Chinese segments take the column of the row after them
    for r in range(n - 1, -1, -1):
        if not seen[r]:
            path[r] = path[r + 1]
    beads.reverse()
    return beads, touched, path


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
