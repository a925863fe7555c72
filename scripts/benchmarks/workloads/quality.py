"""quality: how well the pair checks agree with reviewers, on two kinds of data.

- the labelled zh-en set written for the checks (tests/data/quality): precision and recall per check;
- real published translations (tests/data/real): per check the error-or-warning flags per 100 pairs as
  published, the precision over the flags a reviewer labelled (tests/data/real/labels.tsv), and the share of
  injected faults caught, against the targets (at most 5 flags per 100 pairs, precision >= 0.9, recall >= 0.9).

Not a speed benchmark: a change to a check shows up next to the performance figures. The evaluation times are
kept in the timings.
"""

from __future__ import annotations

import time

from scripts.benchmarks.report import Target, WorkloadResult
from scripts.benchmarks.workloads import Context, Unavailable, Workload

LABELLED = "tests/data/quality/labelled.jsonl"
TERMS = "tests/data/quality/terms.csv"
REAL = "tests/data/real"
REAL_LABELS = "tests/data/real/labels.tsv"
MAX_FLAGS_PER_100 = 5.0
MIN_PRECISION = 0.9
MIN_RECALL = 0.9


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
    run_real(ctx, result)


def run_real(ctx: Context, result: WorkloadResult) -> None:
    """The checks on real published pairs, with the glossary a new installation serves (starter and places)."""
    from glossary.starter import load_starter
    from service.application.glossary import GlossaryState
    from service.quality import field
    from service.quality.checks import LengthStats

    labels_path = ctx.root / REAL_LABELS
    files = sorted(f for f in (ctx.root / REAL).glob("*.tsv") if f != labels_path)
    if not files:
        result.notes.append(f"no real pairs under {REAL}")
        return
    started = time.perf_counter()
    pairs = field.read_pairs(files)
    matcher = GlossaryState().index.ensure("starter", load_starter)
    flags = field.flags_of(pairs, field.check_all(pairs, matcher))
    result.timings["real_checks_s"] = time.perf_counter() - started
    result.sizes["real_pairs"] = len(pairs)
    result.sizes["real_flags"] = len(flags)
    labels = field.read_labels(labels_path) if labels_path.exists() else {}
    result.sizes["real_labelled_flags"] = len(labels)
    rates = field.flag_rates(flags, len(pairs))
    precision = field.precision(flags, labels)
    for code, rate in rates.items():
        if not rate and not precision[code].labelled:
            continue
        result.row(f"real {code} flags per 100 pairs", rate, target=Target("<=", MAX_FLAGS_PER_100))
        share = precision[code]
        result.row(
            f"real {code} precision",
            share.value,
            target=Target(">=", MIN_PRECISION),
            note=f"{share.true} true of {share.labelled} labelled",
        )
    started = time.perf_counter()
    stats = LengthStats.from_pairs((p.source, p.target) for p in pairs)
    faults = field.inject(pairs, matcher, per_kind=ctx.size("injected_per_kind"))
    for kind, caught in field.recall(faults, matcher, stats).items():
        result.row(
            f"real injected {kind} recall",
            caught.value,
            target=Target(">=", MIN_RECALL),
            note=f"{caught.caught} of {caught.injected} caught",
        )
    result.timings["real_injection_s"] = time.perf_counter() - started
    result.notes.append(f"real pairs: {', '.join(f.name for f in files)}; sources in {REAL}/SOURCES.md")


WORKLOAD = Workload(
    name="quality",
    summary="precision and recall of the pair checks on the labelled set",
    sizes={"injected_per_kind": 200},
    quick_sizes={"injected_per_kind": 20},
    run=run,
)
