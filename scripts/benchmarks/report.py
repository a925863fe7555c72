"""What a workload reports: rows of Yiku vs baseline against a target, the result JSON and the printed table."""

from __future__ import annotations

import json
import operator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

OK, NOT_AVAILABLE, ERROR = "ok", "not available", "error"
_COMPARE = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt}
_SYMBOL = {"<=": "≤", ">=": "≥", "<": "<", ">": ">"}


@dataclass(frozen=True)
class Target:
    """A bound a measured value must meet, e.g. Target("<=", 10, "ms")."""

    op: str
    value: float
    unit: str = ""

    def met(self, measured: float) -> bool:
        return _COMPARE[self.op](measured, self.value)

    def __str__(self) -> str:
        return f"{_SYMBOL[self.op]} {_number(self.value)}{' ' + self.unit if self.unit else ''}"


@dataclass
class Row:
    """One measured quantity of a workload.

    `ratio` is how many times better Yiku is than the baseline: baseline/yiku when lower is better
    (times, latencies), yiku/baseline when higher is better (throughput). When a row has a
    `ratio_target`, that target is checked against the ratio rather than against the value.
    """

    workload: str
    metric: str
    yiku: float | None
    unit: str = ""
    baseline: float | None = None
    higher_is_better: bool = False
    target: Target | None = None
    ratio_target: Target | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.yiku is None or self.baseline is None:
            return None
        if self.higher_is_better:
            return self.yiku / self.baseline if self.baseline else None
        return self.baseline / self.yiku if self.yiku else None

    @property
    def passed(self) -> bool | None:
        """True/False against the target; None when there is no target or nothing was measured."""
        if self.ratio_target is not None:
            return None if self.ratio is None else self.ratio_target.met(self.ratio)
        if self.target is None or self.yiku is None:
            return None
        return self.target.met(self.yiku)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["target"] = str(self.target) if self.target else None
        data["ratio_target"] = str(self.ratio_target) if self.ratio_target else None
        data["ratio"] = self.ratio
        data["passed"] = self.passed
        return data


@dataclass
class WorkloadResult:
    """Everything one workload measured; `status` is ok, "not available" (a piece is missing) or error."""

    name: str
    status: str = OK
    rows: list[Row] = field(default_factory=list)
    sizes: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, Any] = field(default_factory=dict)
    memory: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    reason: str = ""

    def row(self, metric: str, yiku: float | None, unit: str = "", **fields: Any) -> Row:
        """Add (and return) a row of this workload."""
        row = Row(self.name, metric, yiku, unit, **fields)
        self.rows.append(row)
        return row

    @property
    def failed_targets(self) -> list[Row]:
        return [row for row in self.rows if row.passed is False]

    def to_json(self, context: dict[str, Any]) -> dict[str, Any]:
        return {
            "workload": self.name,
            "status": self.status,
            "reason": self.reason,
            **context,
            "sizes": self.sizes,
            "rows": [row.to_json() for row in self.rows],
            "timings": self.timings,
            "memory": self.memory,
            "notes": self.notes,
        }


def write_json(result: WorkloadResult, context: dict[str, Any], out_dir: Path) -> Path:
    """bench-results/<name>.json"""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{result.name}.json"
    path.write_text(
        json.dumps(result.to_json(context), ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    return path


def _number(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 0.01:
        return f"{value:.2f}"
    return f"{value:.2g}"


def _with_unit(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{_number(value)} {unit}".rstrip()


def _verdict(row: Row) -> str:
    return {True: "pass", False: "FAIL", None: "-"}[row.passed]


HEADER = ("workload", "Yiku", "baseline", "ratio", "target", "pass/fail")


def table_rows(results: list[WorkloadResult]) -> list[tuple[str, ...]]:
    """The cells of the summary table, one line per row (one per unavailable or crashed workload)."""
    lines = []
    for result in results:
        if result.status != OK and not result.rows:
            lines.append((result.name, result.status, "-", "-", "-", result.status))
            continue
        for row in result.rows:
            ratio = row.ratio
            target = str(row.target) if row.target else ""
            if row.ratio_target:
                target = (target + "; " if target else "") + f"ratio {row.ratio_target}"
            lines.append(
                (
                    f"{row.workload} {row.metric}",
                    _with_unit(row.yiku, row.unit),
                    _with_unit(row.baseline, row.unit),
                    "-" if ratio is None else f"{_number(ratio)}×",
                    target or "-",
                    _verdict(row),
                )
            )
    return lines


def format_table(results: list[WorkloadResult]) -> str:
    """A plain-text table (also valid Markdown) of every row of every result."""
    lines = [HEADER, *table_rows(results)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    out = []
    for index, line in enumerate(lines):
        out.append("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)) + " |")
        if index == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out) + "\n"
