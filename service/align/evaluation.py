"""Scoring an alignment against a gold one, as vecalign's score.py does: beads written `[i,j]:[k]` (0-based line
indices, an empty list for a segment left alone). Strict counts a bead right only when the gold has it exactly;
lax when it shares at least one segment on each side with a gold bead. Beads with an empty side are left out of
both, as in vecalign."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Pair = tuple[tuple[int, ...], tuple[int, ...]]
_BEAD = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def read_beads(text: str) -> list[Pair]:
    beads = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        found = _BEAD.match(line)
        if not found:
            raise ValueError(f"line {number}: not a bead: {line!r}")
        zh, en = (tuple(int(x) for x in part.split(",") if x.strip()) for part in found.groups())
        beads.append((zh, en))
    return beads


def write_beads(beads: Iterable[Pair]) -> str:
    return "".join(f"[{','.join(map(str, zh))}]:[{','.join(map(str, en))}]\n" for zh, en in beads)


@dataclass(frozen=True)
class Scores:
    strict_precision: float
    strict_recall: float
    lax_precision: float
    lax_recall: float

    @property
    def strict_f1(self) -> float:
        return _f1(self.strict_precision, self.strict_recall)

    @property
    def lax_f1(self) -> float:
        return _f1(self.lax_precision, self.lax_recall)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: Sequence[Pair], test: Sequence[Pair]) -> Scores:
    gold_full = [b for b in gold if b[0] and b[1]]
    test_full = [b for b in test if b[0] and b[1]]
    gold_set, test_set = set(gold_full), set(test_full)
    strict_hits = len(gold_set & test_set)

    def overlaps(bead: Pair, others: Sequence[Pair]) -> bool:
        zh, en = set(bead[0]), set(bead[1])
        return any(zh & set(o[0]) and en & set(o[1]) for o in others)

    lax_p = sum(1 for b in test_full if overlaps(b, gold_full))
    lax_r = sum(1 for b in gold_full if overlaps(b, test_full))
    return Scores(
        strict_hits / len(test_full) if test_full else 0.0,
        strict_hits / len(gold_full) if gold_full else 0.0,
        lax_p / len(test_full) if test_full else 0.0,
        lax_r / len(gold_full) if gold_full else 0.0,
    )
