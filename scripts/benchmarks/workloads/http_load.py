"""http: sustained load on one sentence against `yiku serve --workers 2` with a 100k-segment memory.

Each endpoint gets `seconds` of load from `connections` keep-alive connections on 127.0.0.1 (wrk
when installed, else the threaded client; the JSON says which). Baseline: GET /healthz under the
same load, the cost of the HTTP stack and one database ping without any Yiku work. The load
generator shares the machine's cores with the server.
"""

from __future__ import annotations

from scripts.benchmarks.corpus import SentenceFactory
from scripts.benchmarks.live_server import LiveServer, request
from scripts.benchmarks.loadgen import run_load
from scripts.benchmarks.memory_db import build_memory_database, sqlite_url
from scripts.benchmarks.report import Target, WorkloadResult
from scripts.benchmarks.workloads import Context, Workload
from scripts.benchmarks.workloads.assist import make_app, require_route, warm_up_workers

WORKERS = 2
ENDPOINTS = {
    "assist": "/api/v1/assist",
    "tm/lookup": "/api/v1/tm/lookup",
}


def run(ctx: Context, result: WorkloadResult) -> None:
    url = sqlite_url(ctx.work_dir)
    app = make_app(url, ctx.work_dir / "data")
    for path in ENDPOINTS.values():
        require_route(app, path)
    app.extensions["yiku"].close()
    result.timings["database"] = build_memory_database(url, ctx.size("segments"), ctx.seed)

    sentence = SentenceFactory(ctx.seed + 5).pair().source  # same grammar, another stream: fuzzy matches
    bodies = {
        "assist": {"text": sentence, "source_lang": "zh", "target_lang": "en", "min_score": 70},
        "tm/lookup": {"text": sentence, "min_score": 70, "limit": 5},
    }
    seconds, connections, saturation = ctx.size("seconds"), ctx.size("connections"), ctx.size("saturation_connections")
    with LiveServer(url, ctx.work_dir / "data", WORKERS, ctx.work_dir / "serve.log") as server:
        for name, path in ENDPOINTS.items():
            status, answer = request(server.port, "POST", path, bodies[name])
            if status != 200:
                raise RuntimeError(f"{path} answered {status}: {str(answer)[:300]}")
            warm_up_workers(server.port, path, bodies[name], WORKERS)
        baseline = run_load(server.port, "/healthz", None, seconds, connections, ctx.work_dir)
        loads = {
            name: run_load(server.port, path, bodies[name], seconds, connections, ctx.work_dir)
            for name, path in ENDPOINTS.items()
        }
        saturated = (
            {
                name: run_load(server.port, path, bodies[name], seconds, saturation, ctx.work_dir)
                for name, path in ENDPOINTS.items()
            }
            if saturation
            else {}
        )
    result.timings["healthz"] = baseline.to_json()
    for name, load in loads.items():
        result.timings[name] = load.to_json()
        result.row(
            f"{name} throughput",
            load.rps,
            "req/s",
            baseline=baseline.rps,
            higher_is_better=True,
            target=Target(">=", 200, "req/s"),
        )
        result.row(f"{name} p99", load.p99_ms, "ms", baseline=baseline.p99_ms, target=Target("<", 50, "ms"))
        result.row(f"{name} errors", load.errors, "", baseline=baseline.errors, target=Target("<=", 0))
    for name, load in saturated.items():  # every worker thread busy: queueing shows in the tail
        result.timings[f"{name} at {saturation} connections"] = load.to_json()
        result.row(f"{name} throughput, {saturation} conn", load.rps, "req/s", higher_is_better=True)
        result.row(f"{name} p99, {saturation} conn", load.p99_ms, "ms")
        result.row(f"{name} errors, {saturation} conn", load.errors, "", target=Target("<=", 0))
    result.sizes.update(sentence=sentence, workers=WORKERS, load_tool=baseline.tool)
    result.notes.append(
        f"memory of {result.timings['database']['segments_created']:,} generated pairs on SQLite; {seconds} s per "
        f"endpoint at {connections} keep-alive connections (targets), then at {saturation} (as many as the "
        f"{WORKERS} workers x 4 threads serve at once); load from {baseline.tool} on the same machine; "
        "baseline = GET /healthz under the same load"
    )


WORKLOAD = Workload(
    name="http",
    summary="assist and tm/lookup on one sentence under load, yiku serve --workers 2, 100k-segment memory",
    sizes={"segments": 100_000, "seconds": 20, "connections": 4, "saturation_connections": 8},
    quick_sizes={"segments": 1_000, "seconds": 2, "connections": 4, "saturation_connections": 0},
    run=run,
)
