"""tmserver: memory suggestions as Weblate's machinery asks for them, `GET /tmserver/zh_hans/en/unit/{text}`.

Memory: `segments` generated pairs bulk-loaded into SQLite, plus the starter glossary. Queries are generated
sentences of the same kind (some stored, some changed), sent one by one through the Flask test client. Baseline:
`POST /api/v1/tm/lookup` for the same sentences, which finds the same matches without repairing their targets.
"""

from __future__ import annotations

from urllib.parse import quote

from scripts.benchmarks.corpus import SentenceFactory
from scripts.benchmarks.measure import repeat_timed, summarize
from scripts.benchmarks.memory_db import build_memory_database, sqlite_url
from scripts.benchmarks.report import Target, WorkloadResult
from scripts.benchmarks.workloads import Context, Workload
from scripts.benchmarks.workloads.assist import make_app, require_route


def run(ctx: Context, result: WorkloadResult) -> None:
    url = sqlite_url(ctx.work_dir)
    app = make_app(url, ctx.work_dir / "data")
    require_route(app, "/tmserver/zh_hans/en/unit/x", "GET")
    app.extensions["yiku"].close()
    result.timings["database"] = build_memory_database(url, ctx.size("segments"), ctx.seed)
    queries = [pair.source for pair in SentenceFactory(ctx.seed + 1).pairs(ctx.size("queries"))]
    app = make_app(url, ctx.work_dir / "data")
    client = app.test_client()
    client.get("/tmserver/zh_hans/en/unit/" + quote(queries[0], safe=""))  # builds the index and the matcher
    position = iter(range(10**9))

    def suggest() -> None:
        text = queries[next(position) % len(queries)]
        resp = client.get("/tmserver/zh_hans/en/unit/" + quote(text, safe=""))
        if resp.status_code != 200:
            raise RuntimeError(f"tmserver answered {resp.status_code}")

    baseline_position = iter(range(10**9))

    def lookup() -> None:
        text = queries[next(baseline_position) % len(queries)]
        resp = client.post("/api/v1/tm/lookup", json={"text": text, "min_score": 70, "limit": 5})
        if resp.status_code != 200:
            raise RuntimeError(f"tm/lookup answered {resp.status_code}")

    found = sum(
        1 for text in queries[:50] if client.get("/tmserver/zh_hans/en/unit/" + quote(text, safe="")).get_json()
    )
    served = summarize([s * 1000 for s in repeat_timed(suggest, len(queries))])
    plain = summarize([s * 1000 for s in repeat_timed(lookup, len(queries))])
    app.extensions["yiku"].close()
    result.timings.update(tmserver_ms=served, lookup_ms=plain)
    result.sizes.update(queries=len(queries), with_suggestions_of_first_50=found)
    result.row("suggestions median", served["median"], "ms", baseline=plain["median"], target=Target("<=", 50, "ms"))
    result.row("suggestions p95", served["p95"], "ms", baseline=plain["p95"])
    result.notes.append(
        f"{len(queries)} generated sentences against {result.timings['database']['segments_created']:,} generated "
        "pairs and the starter glossary on SQLite, in-process; baseline = POST /api/v1/tm/lookup on the same "
        "sentences (the matches without their repaired targets)"
    )


WORKLOAD = Workload(
    name="tmserver",
    summary="memory suggestions through GET /tmserver/{source}/{target}/unit/{text} (10k-pair memory)",
    sizes={"segments": 10_000, "queries": 300},
    quick_sizes={"segments": 500, "queries": 10},
    run=run,
)
