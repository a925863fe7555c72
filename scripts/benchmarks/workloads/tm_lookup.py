"""tm-lookup: the memory's fuzzy index, top-5 search over a large memory against an exhaustive rapidfuzz scan.

Latency: every query through `KeyGroupIndex.search(key, 70, 5)` (one core), the index the service
keeps (repeated keys grouped, each distinct key once in a bigram FuzzyIndex); the baseline
`rapidfuzz.process.extract(..., scorer=fuzz.ratio, limit=5, score_cutoff=70)` over all keys
(also one core) on the first `scan_queries` queries, and the speed-up compares medians over that
same subset. Recall: the exhaustive top score of `recall_queries` queries, computed with
`process.cdist` in chunks on all cores (ground truth only, not timed against the index); a query
whose exhaustive top score is >= 70 is a hit when the index's top score is the same.
"""

from __future__ import annotations

import random
import time

import numpy as np
from rapidfuzz import fuzz, process

from scripts.benchmarks.corpus import SentenceFactory
from scripts.benchmarks.measure import peak_rss_bytes, rss_bytes, summarize
from scripts.benchmarks.report import Target, WorkloadResult
from scripts.benchmarks.workloads import Context, Workload

MIN_SCORE = 70
LIMIT = 5
QUERY_KINDS = ("exact", "near", "far", "absent")
FAR_RANGE = (60.0, 75.0)
CDIST_CHUNK = 16
SCORE_TOLERANCE = 1e-3  # cdist scores are float32


def _edit(text: str, alphabet: str, rng: random.Random) -> str:
    """One random character substitution, insertion or deletion."""
    position = rng.randrange(len(text))
    action = rng.choice(("substitute", "insert", "delete") if len(text) > 2 else ("substitute", "insert"))
    if action == "substitute":
        return text[:position] + rng.choice(alphabet) + text[position + 1 :]
    if action == "insert":
        return text[:position] + rng.choice(alphabet) + text[position:]
    return text[:position] + text[position + 1 :]


def far_variant(key: str, alphabet: str, rng: random.Random, attempts: int = 20) -> str:
    """A variant of `key` whose fuzz.ratio to it lies in FAR_RANGE (60–75), by accumulating edits."""
    for _ in range(attempts):
        variant = key
        while fuzz.ratio(key, variant) > FAR_RANGE[1]:
            variant = _edit(variant, alphabet, rng)
        if fuzz.ratio(key, variant) >= FAR_RANGE[0]:
            return variant
    return variant


def make_queries(keys: list[str], count: int, rng: random.Random) -> list[tuple[str, str]]:
    """`count` (kind, query) pairs cycling through exact, near (1–3 edits), far (60–75) and absent, shuffled.

    Absent queries are stored keys with their characters shuffled: the same characters, almost none
    of the bigrams, which the candidate filter has to reject.
    """
    alphabet = "".join(sorted({ch for key in keys[:2000] for ch in key if "\u4e00" <= ch <= "\u9fff"}))
    queries = []
    for i in range(count):
        kind = QUERY_KINDS[i % len(QUERY_KINDS)]
        key = keys[rng.randrange(len(keys))]
        if kind == "near":
            for _ in range(rng.randint(1, 3)):
                key = _edit(key, alphabet, rng)
        elif kind == "far":
            key = far_variant(key, alphabet, rng)
        elif kind == "absent":
            chars = list(key)
            rng.shuffle(chars)
            key = "".join(chars)
        queries.append((kind, key))
    rng.shuffle(queries)
    return queries


def exhaustive_top_scores(queries: list[str], keys: list[str]) -> list[float]:
    """Best fuzz.ratio >= MIN_SCORE of each query over all keys (0 when none), on all cores."""
    best = []
    for start in range(0, len(queries), CDIST_CHUNK):
        scores = process.cdist(
            queries[start : start + CDIST_CHUNK],
            keys,
            scorer=fuzz.ratio,
            dtype=np.float32,
            score_cutoff=MIN_SCORE,
            workers=-1,
        )
        best.extend(float(v) for v in scores.max(axis=1))
    return best


def recall(index_top: list[float | None], truth: list[float]) -> tuple[float | None, int, int]:
    """(recall, hits, queries with a true match): a hit has the exhaustive top score (ties count)."""
    relevant = [(mine, true) for mine, true in zip(index_top, truth) if true >= MIN_SCORE]
    hits = sum(1 for mine, true in relevant if mine is not None and abs(mine - true) <= SCORE_TOLERANCE)
    return (hits / len(relevant) if relevant else None), hits, len(relevant)


def run(ctx: Context, result: WorkloadResult) -> None:
    from service.memory.groups import KeyGroupIndex

    segments, query_count = ctx.size("segments"), ctx.size("queries")
    started = time.perf_counter()
    factory = SentenceFactory(ctx.seed)
    keys = [factory.pair().key for _ in range(segments)]
    result.timings["generate_s"] = time.perf_counter() - started
    result.sizes["distinct_keys"] = len(set(keys))
    result.sizes["mean_key_chars"] = sum(map(len, keys)) / len(keys)

    before, peak_before = rss_bytes(), peak_rss_bytes()
    started = time.perf_counter()
    index = KeyGroupIndex()
    index.build(list(range(1, segments + 1)), keys)
    build_s = time.perf_counter() - started
    after = rss_bytes()
    result.memory.update(
        rss_before_build=before,
        rss_after_build=after,
        index_bytes=index.memory_bytes(),
        peak_rss_before_build=peak_before,
        peak_rss_after_build=peak_rss_bytes(),
    )

    queries = make_queries(keys, query_count, random.Random(ctx.seed + 1))
    for _kind, query in queries[:5]:
        index.search(query, MIN_SCORE, LIMIT)  # warm caches and lazy imports
    latencies, top_scores, by_kind = [], [], {kind: [] for kind in QUERY_KINDS}
    for kind, query in queries:
        start = time.perf_counter()
        found = index.search(query, MIN_SCORE, LIMIT)
        elapsed = time.perf_counter() - start
        latencies.append(elapsed)
        by_kind[kind].append(elapsed)
        top_scores.append(found[0][1] if found else None)

    scan_subset = queries[: ctx.size("scan_queries")]
    scan_latencies = []
    for _kind, query in scan_subset:
        start = time.perf_counter()
        process.extract(query, keys, scorer=fuzz.ratio, limit=LIMIT, score_cutoff=MIN_SCORE)
        scan_latencies.append(time.perf_counter() - start)

    recall_subset = queries[: ctx.size("recall_queries")]
    started = time.perf_counter()
    truth = exhaustive_top_scores([q for _k, q in recall_subset], keys)
    result.timings["ground_truth_s"] = time.perf_counter() - started
    value, hits, relevant = recall(top_scores[: len(recall_subset)], truth)
    result.sizes["recall_by_kind"] = {
        kind: dict(
            zip(
                ("recall", "hits", "with_true_match"),
                recall(
                    [top for (k, _q), top in zip(recall_subset, top_scores) if k == kind],
                    [true for (k, _q), true in zip(recall_subset, truth) if k == kind],
                ),
            )
        )
        for kind in QUERY_KINDS
    }

    ms = lambda seconds: [s * 1000 for s in seconds]  # noqa: E731
    yiku = summarize(ms(latencies))
    yiku_on_scan_subset = summarize(ms(latencies[: len(scan_subset)]))
    scan = summarize(ms(scan_latencies))
    result.timings.update(
        search_ms=yiku,
        search_ms_on_scan_subset=yiku_on_scan_subset,
        scan_ms=scan,
        build_s=build_s,
        search_ms_by_kind={kind: summarize(ms(v)) for kind, v in by_kind.items() if v},
    )
    result.sizes.update(
        segments=segments,
        queries=query_count,
        scan_queries=len(scan_subset),
        recall_queries=len(recall_subset),
        queries_with_true_match=relevant,
        recall_hits=hits,
    )
    result.row(
        "median latency (scan subset)",
        yiku_on_scan_subset["median"],
        "ms",
        baseline=scan["median"],
        ratio_target=Target(">=", 100),
    )
    result.row("p95 latency", yiku["p95"], "ms", baseline=scan["p95"], target=Target("<=", 10, "ms"))
    result.row("recall of top match", value, "", target=Target(">=", 0.99))
    result.row("index build", build_s, "s")
    if before is not None and after is not None:
        result.row("index RSS delta", (after - before) / 2**20, "MB")
    result.notes.append(
        f"{segments:,} generated keys; {query_count} queries (exact/near/far/absent in equal parts); "
        f"baseline: exhaustive process.extract on the first {len(scan_subset)} queries, one core, like the index; "
        f"recall on {len(recall_subset)} queries ({relevant} with a true match >= {MIN_SCORE}) "
        "against process.cdist ground truth on all cores"
    )


WORKLOAD = Workload(
    name="tm-lookup",
    summary="KeyGroupIndex top-5 fuzzy search vs an exhaustive rapidfuzz scan",
    sizes={"segments": 1_000_000, "queries": 1000, "scan_queries": 50, "recall_queries": 1000},
    quick_sizes={"segments": 20_000, "queries": 200, "scan_queries": 20, "recall_queries": 200},
    run=run,
)
