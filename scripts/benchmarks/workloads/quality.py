"""quality: precision and recall of every pair check on the labelled zh-en set (tests/data/quality).

Not a speed benchmark: it records how well the checks agree with reviewers, so a change to a
check shows up next to the performance figures. The evaluation time is kept in the timings.
"""

from __future__ import annotations

import time

from scripts.benchmarks.report import WorkloadResult
from scripts.benchmarks.workloads import Context, Unavailable, Workload

LABELLED = "tests/data/quality/labelled.jsonl"
TERMS = "tests/data/quality/terms.csv"


def run(ctx: Context, result: WorkloadResult) -> None:
    try:
        from service.quality.evaluation import evaluate
    except ImportError as missing:
        raise Unavailable(f"service.quality.evaluation is not there: {missing}") from None
    labelled, terms = ctx.root / LABELLED, ctx.root / TERMS
    if not labelled.exists() or not terms.exists():
        raise Unavailable(f"labelled set missing: {labelled} / {terms}")
    started = time.perf_counter()
    scores = evaluate(labelled, terms)
    result.timings["evaluate_s"] = time.perf_counter() - started
    result.sizes["labelled_pairs"] = sum(
        1 for line in labelled.read_text(encoding="utf-8").splitlines() if line.strip()
    )
    result.timings["checks"] = scores
    for code, row in scores.items():
        support = row["tp"] + row["fn"]
        result.row(f"{code} precision", row["precision"], note=f"tp {row['tp']}, fp {row['fp']}")
        result.row(f"{code} recall", row["recall"], note=f"{support} labelled")
    result.notes.append("precision/recall per check code; None where a check neither fired nor was expected")


WORKLOAD = Workload(
    name="quality",
    summary="precision and recall of the pair checks on the labelled set",
    sizes={},
    quick_sizes={},
    run=run,
)
