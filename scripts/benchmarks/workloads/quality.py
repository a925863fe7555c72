"""quality: how well the pair checks agree with reviewers, on two kinds of data.

- the labelled zh-en set written for the checks (tests/data/quality): precision and recall per check;
- real published translations (tests/data/real): per check the error-or-warning flags per 100 pairs as
  published, the precision over the flags a reviewer labelled (tests/data/real/labels.tsv), and the share of
  injected faults caught, against the targets (at most 5 flags per 100 pairs in all, precision >= 0.9, recall
  >= 0.9);
- the held-out real pairs (tests/data/real/heldout), which no rule was written for: the same flag rates and
  precision, reported apart.

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
HELD_OUT = "tests/data/real/heldout"
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

    matcher = GlossaryState().index.ensure("starter", load_starter)
    pairs = _flag_rows(ctx, result, "real", ctx.root / REAL, matcher)
    if pairs is None:
        return
    started = time.perf_counter()
    stats = LengthStats.from_pairs((p.source, p.target) for p in pairs)
    faults = field.inject(pairs, matcher, per_kind=ctx.size("injected_per_kind"))
    for kind, caught in field.recall(faults, matcher, stats).items():
        result.row(
            f"real injected {kind} recall",
            caught.value,
            # The faults carry the recall target; a halved English is measured for length-ratio's sake.
            target=None if kind == "truncated" else Target(">=", MIN_RECALL),
            note=f"{caught.caught} of {caught.injected} caught",
        )
    result.timings["real_injection_s"] = time.perf_counter() - started
    _flag_rows(ctx, result, "held-out", ctx.root / HELD_OUT, matcher)


def _flag_rows(ctx: Context, result: WorkloadResult, name: str, folder, matcher):
    """Flag rates (all checks, then per check) and labelled precision over the pairs of one folder; its pairs,
    or None when it has none."""
    from service.quality import field

    labels_path = folder / "labels.tsv"
    files = sorted(f for f in folder.glob("*.tsv") if f != labels_path)
    if not files:
        result.notes.append(f"no real pairs under {folder.relative_to(ctx.root)}")
        return None
    started = time.perf_counter()
    pairs = field.read_pairs(files)
    flags = field.flags_of(pairs, field.check_all(pairs, matcher))
    result.timings[f"{name}_checks_s"] = time.perf_counter() - started
    labels = field.read_labels(labels_path) if labels_path.exists() else {}
    serious = [flag for flag in flags if flag.severity in ("error", "warning")]
    result.sizes[f"{name}_pairs"] = len(pairs)
    result.sizes[f"{name}_flags"] = len(serious)
    result.sizes[f"{name}_labels"] = sum(len(given) for given in labels.values())
    result.sizes[f"{name}_unlabelled_flags"] = len(field.unlabelled(flags, labels))
    result.row(
        f"{name} all checks flags per 100 pairs",
        100 * len(serious) / len(pairs),
        target=Target("<=", MAX_FLAGS_PER_100),
        note=f"{len(serious)} flags on {len(pairs)} pairs, {result.sizes[f'{name}_unlabelled_flags']} unlabelled",
    )
    rates = field.flag_rates(flags, len(pairs))
    precision = field.precision(flags, labels)
    for code, rate in rates.items():
        if not rate and not precision[code].labelled:
            continue
        result.row(f"{name} {code} flags per 100 pairs", rate)
        share = precision[code]
        result.row(
            f"{name} {code} precision",
            share.value,
            target=Target(">=", MIN_PRECISION),
            note=f"{share.true} true of {share.labelled} labelled",
        )
    result.notes.append(
        f"{name} pairs: {', '.join(f.name for f in files)}; sources in {folder.relative_to(ctx.root)}/SOURCES.md"
    )
    return pairs


WORKLOAD = Workload(
    name="quality",
    summary="precision and recall of the pair checks on the labelled set",
    sizes={"injected_per_kind": 200},
    quick_sizes={"injected_per_kind": 20},
    run=run,
)
