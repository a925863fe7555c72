"""Totals over many checked pairs: what goes wrong most often and which pairs to fix first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from service.quality.checks import PairScore


@dataclass(frozen=True)
class PairSummary:
    """One pair in a report: its key (a segment id), score and issue codes."""

    key: Hashable
    score: float
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """Issue counts by code and by severity, the mean score and the worst pairs first."""

    pairs: int
    pairs_with_issues: int
    by_code: dict[str, int] = field(default_factory=dict)
    by_severity: dict[str, int] = field(default_factory=dict)
    mean_score: float | None = None
    worst: list[PairSummary] = field(default_factory=list)


def summarize(pairs_with_issues: Iterable[tuple[Hashable, PairScore]], worst_limit: int = 20) -> Report:
    """Summarize `(key, PairScore)` items. `worst` lists up to `worst_limit` pairs that have issues,
    lowest score first, then most issues first, then by key so the order is stable."""
    by_code: Counter[str] = Counter()
    by_severity: Counter[str] = Counter()
    summaries: list[tuple[PairSummary, int]] = []
    total_score = 0.0
    count = 0
    for key, scored in pairs_with_issues:
        count += 1
        total_score += scored.score
        by_code.update(issue.code for issue in scored.issues)
        by_severity.update(issue.severity for issue in scored.issues)
        if scored.issues:
            codes = tuple(sorted({issue.code for issue in scored.issues}))
            summaries.append((PairSummary(key, scored.score, codes), len(scored.issues)))
    summaries.sort(key=lambda item: (item[0].score, -item[1], str(item[0].key)))
    return Report(
        pairs=count,
        pairs_with_issues=len(summaries),
        by_code=dict(sorted(by_code.items())),
        by_severity=dict(sorted(by_severity.items())),
        mean_score=total_score / count if count else None,
        worst=[summary for summary, _ in summaries[:worst_limit]],
    )
