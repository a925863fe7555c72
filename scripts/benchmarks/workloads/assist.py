"""assist: the seed article end to end through POST /api/v1/assist, in-process and over HTTP.

Memory: `segments` generated pairs bulk-loaded into SQLite, plus the starter glossary. In-process
uses the Flask test client (no sockets); over HTTP a live `yiku serve --workers 2` on 127.0.0.1,
requests one at a time. Baseline: the text pipeline alone (`service.text.pipeline.process`) on the
same article, i.e. the share of the request that is normalization and segmentation.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from scripts.benchmarks.live_server import LiveServer, request
from scripts.benchmarks.measure import repeat_timed, summarize
from scripts.benchmarks.memory_db import build_memory_database, sqlite_url
from scripts.benchmarks.report import Target, WorkloadResult
from scripts.benchmarks.workloads import Context, Unavailable, Workload

ASSIST_PATH = "/api/v1/assist"


def seed_article_path(root: Path) -> Path:
    """data/seed-article.txt under $YIKU_SHARED_DIR, else under ../shared next to the repository."""
    shared = Path(os.environ.get("YIKU_SHARED_DIR") or root.parent / "shared")
    return shared / "data" / "seed-article.txt"


def require_route(app, path: str, method: str = "POST") -> None:
    """Raise Unavailable unless the app serves `method path`."""
    adapter = app.url_map.bind("localhost")
    try:
        adapter.match(path, method=method)
    except Exception as missing:  # werkzeug's NotFound / MethodNotAllowed
        raise Unavailable(f"{method} {path} is not served yet ({type(missing).__name__})") from None


def make_app(url: str, data_dir: Path):
    from service.config import Settings
    from service.http.app import create_app

    return create_app(Settings(database_url=url, data_dir=data_dir, secret_key="benchmark-secret", testing=True))


def warm_up_workers(port: int, path: str, body: dict, workers: int) -> None:
    """Concurrent requests so every worker has built its indexes before timing starts."""
    threads = [threading.Thread(target=request, args=(port, "POST", path, body)) for _ in range(4 * workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run(ctx: Context, result: WorkloadResult) -> None:
    article_path = seed_article_path(ctx.root)
    if not article_path.exists():
        raise Unavailable(f"seed article not found at {article_path} (set YIKU_SHARED_DIR)")
    article = article_path.read_text(encoding="utf-8")
    url = sqlite_url(ctx.work_dir)
    app = make_app(url, ctx.work_dir / "data")
    require_route(app, ASSIST_PATH)
    app.extensions["yiku"].close()
    result.timings["database"] = build_memory_database(url, ctx.size("segments"), ctx.seed)

    app = make_app(url, ctx.work_dir / "data")
    client = app.test_client()
    body = {"text": article, "source_lang": "zh", "target_lang": "en", "min_score": 70}
    started = time.perf_counter()
    first = client.post(ASSIST_PATH, json=body)
    result.timings["first_request_s"] = time.perf_counter() - started  # builds the index and the matcher
    if first.status_code != 200:
        raise RuntimeError(f"assist answered {first.status_code}: {first.get_data(as_text=True)[:300]}")
    payload = first.get_json()
    segments = payload["segments"]
    result.sizes.update(
        article_chars=len(article),
        article_segments=len(segments),
        terms_found=sum(len(s["terms"]) for s in segments),
        segments_with_matches=sum(1 for s in segments if s["matches"]),
    )

    repeats = ctx.size("repeats")
    in_process = summarize([s * 1000 for s in repeat_timed(lambda: client.post(ASSIST_PATH, json=body), repeats)])
    app.extensions["yiku"].close()
    from service.text.pipeline import process

    pipeline_only = summarize([s * 1000 for s in repeat_timed(lambda: process(article), repeats)])
    result.timings.update(in_process_ms=in_process, pipeline_only_ms=pipeline_only)
    result.row(
        "in-process median",
        in_process["median"],
        "ms",
        baseline=pipeline_only["median"],
        target=Target("<=", 100, "ms"),
    )
    result.row("in-process p95", in_process["p95"], "ms", baseline=pipeline_only["p95"])

    with LiveServer(url, ctx.work_dir / "data", 2, ctx.work_dir / "serve.log") as server:
        warm_up_workers(server.port, ASSIST_PATH, body, 2)

        def over_http() -> None:
            status, _ = request(server.port, "POST", ASSIST_PATH, body)
            if status != 200:
                raise RuntimeError(f"assist over HTTP answered {status}")

        over = summarize([s * 1000 for s in repeat_timed(over_http, ctx.size("http_repeats"))])
    result.timings["http_ms"] = over
    result.row("HTTP median", over["median"], "ms", baseline=pipeline_only["median"])
    result.row("HTTP p95", over["p95"], "ms", baseline=pipeline_only["p95"])
    result.notes.append(
        f"seed article ({len(article)} characters, {len(segments)} segments); memory of "
        f"{result.timings['database']['segments_created']:,} generated pairs and the starter glossary on SQLite; "
        f"{repeats} in-process requests, {ctx.size('http_repeats')} sequential HTTP requests to yiku serve --workers 2; "
        "baseline = the text pipeline alone on the article"
    )


WORKLOAD = Workload(
    name="assist",
    summary="seed article through POST /api/v1/assist (10k-segment memory), in-process and over HTTP",
    sizes={"segments": 10_000, "repeats": 30, "http_repeats": 30},
    quick_sizes={"segments": 500, "repeats": 3, "http_repeats": 3},
    run=run,
)
