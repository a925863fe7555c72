"""Precision and recall of the pair checks on a labelled set of translations.

The labelled set is JSON lines: `{"id", "source", "target", "labels": [codes], "alternatives"?}`;
the terms are a CSV with `source,target,forbidden` (forbidden renderings joined by `|`). Term hits
come from the glossary's TermMatcher; length statistics from the labelled pairs themselves, as a
memory would compute them from its own pairs.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from glossary.matcher import TermMatcher
from glossary.model import Status, Term
from service.quality.checks import CODES, Issue, LengthStats, check_pair


@dataclass(frozen=True)
class LabelledPair:
    """A pair and the issue codes a reviewer expects the checks to report."""

    id: str
    source: str
    target: str
    labels: frozenset[str]
    alternatives: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class PairOutcome:
    """What the checks reported for one labelled pair against what was expected."""

    pair: LabelledPair
    predicted: frozenset[str]
    issues: list[Issue] = field(default_factory=list)

    @property
    def false_positives(self) -> frozenset[str]:
        return self.predicted - self.pair.labels

    @property
    def false_negatives(self) -> frozenset[str]:
        return self.pair.labels - self.predicted


def load_labelled(path: str | Path) -> list[LabelledPair]:
    pairs = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            unknown = set(row["labels"]) - set(CODES)
            if unknown:
                raise ValueError(f"{row['id']}: unknown issue codes {sorted(unknown)}")
            pairs.append(
                LabelledPair(
                    id=row["id"],
                    source=row["source"],
                    target=row["target"],
                    labels=frozenset(row["labels"]),
                    alternatives=tuple(row.get("alternatives", ())),
                    note=row.get("note", ""),
                )
            )
    return pairs


def load_terms(path: str | Path) -> list[Term]:
    with open(path, encoding="utf-8", newline="") as rows:
        return [
            Term(
                source=row["source"],
                target=row["target"],
                status=Status.APPROVED,
                forbidden=tuple(f.strip() for f in (row.get("forbidden") or "").split("|") if f.strip()),
            )
            for row in csv.DictReader(rows)
        ]


def run_checks(pairs: list[LabelledPair], terms: Iterable[Term]) -> list[PairOutcome]:
    matcher = TermMatcher(terms)
    length_stats = LengthStats.from_pairs((p.source, p.target) for p in pairs)
    outcomes = []
    for pair in pairs:
        issues = check_pair(
            pair.source,
            pair.target,
            matcher.match(pair.source),
            length_stats=length_stats,
            alternatives=pair.alternatives,
        )
        outcomes.append(PairOutcome(pair, frozenset(issue.code for issue in issues), issues))
    return outcomes


class CodeTally(TypedDict):
    """One code's counts over the labelled pairs, with precision and recall (None when undefined)."""

    tp: int
    fp: int
    fn: int
    precision: float | None
    recall: float | None


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def tally(outcomes: Iterable[PairOutcome]) -> dict[str, CodeTally]:
    """Per code: pairs correctly flagged (tp), wrongly flagged (fp), missed (fn), precision, recall."""
    counts = {code: {"tp": 0, "fp": 0, "fn": 0} for code in CODES}
    for outcome in outcomes:
        for code in CODES:
            expected, predicted = code in outcome.pair.labels, code in outcome.predicted
            if expected and predicted:
                counts[code]["tp"] += 1
            elif predicted:
                counts[code]["fp"] += 1
            elif expected:
                counts[code]["fn"] += 1
    return {
        code: CodeTally(
            tp=row["tp"],
            fp=row["fp"],
            fn=row["fn"],
            precision=_ratio(row["tp"], row["tp"] + row["fp"]),
            recall=_ratio(row["tp"], row["tp"] + row["fn"]),
        )
        for code, row in counts.items()
    }


def evaluate(labelled_path: str | Path, terms_path: str | Path) -> dict[str, CodeTally]:
    """Precision and recall of every check code on the labelled set."""
    return tally(run_checks(load_labelled(labelled_path), load_terms(terms_path)))
