"""workspace: the seed article as a workspace document; a page of its segments with their help, and confirming.

Memory: `segments` generated pairs bulk-loaded into SQLite, plus the starter glossary (as for assist). A page
is `GET /api/v1/documents/{id}?assist=1` (every segment processed alone, matched in the context of its
neighbours); its baseline is `POST /api/v1/assist` on the same article, which computes the same help over the
pasted text. Confirming is `PUT /api/v1/documents/{id}/segments/{n}` with status `confirmed` (the checks, then the
pair stored in the memory); its baseline is `POST /api/v1/segments` storing a pair of the same size with its
checks.
"""

from __future__ import annotations

import time

from scripts.benchmarks.measure import repeat_timed, summarize
from scripts.benchmarks.memory_db import build_memory_database, sqlite_url
from scripts.benchmarks.report import Target, WorkloadResult
from scripts.benchmarks.workloads import Context, Unavailable, Workload
from scripts.benchmarks.workloads.assist import ASSIST_PATH, make_app, require_route, seed_article_path


def _editor_token(app) -> str:
    from service.application.accounts import create_token

    with app.extensions["yiku"].db.session() as session:
        _, token = create_token(session, "editor", "bench")
        session.commit()
    return token


def run(ctx: Context, result: WorkloadResult) -> None:
    article_path = seed_article_path(ctx.root)
    if not article_path.exists():
        raise Unavailable(f"seed article not found at {article_path} (set YIKU_SHARED_DIR)")
    article = article_path.read_text(encoding="utf-8")
    url = sqlite_url(ctx.work_dir)
    app = make_app(url, ctx.work_dir / "data")
    require_route(app, "/api/v1/documents")
    app.extensions["yiku"].close()
    result.timings["database"] = build_memory_database(url, ctx.size("segments"), ctx.seed)

    app = make_app(url, ctx.work_dir / "data")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {_editor_token(app)}"}
    started = time.perf_counter()
    created = client.post("/api/v1/documents", json={"name": "seed article", "text": article}, headers=headers)
    result.timings["create_ms"] = (time.perf_counter() - started) * 1000
    if created.status_code != 201:
        raise RuntimeError(f"creating the document answered {created.status_code}: {created.get_data(as_text=True)}")
    doc = created.get_json()
    page_path = f"/api/v1/documents/{doc['id']}?assist=1&limit=50"
    first = client.get(page_path)
    if first.status_code != 200:
        raise RuntimeError(f"the page answered {first.status_code}: {first.get_data(as_text=True)[:300]}")
    body = {"text": article, "min_score": 70}
    client.post(ASSIST_PATH, json=body)  # the matcher and index are built by now either way
    repeats = ctx.size("repeats")
    page = summarize([s * 1000 for s in repeat_timed(lambda: client.get(page_path), repeats)])
    assist = summarize([s * 1000 for s in repeat_timed(lambda: client.post(ASSIST_PATH, json=body), repeats)])
    result.sizes.update(document_segments=doc["segments"], noise_segments=doc["noise_segments"])
    result.timings.update(page_ms=page, assist_ms=assist)
    result.row(
        "page of segments with help, median",
        page["median"],
        "ms",
        baseline=assist["median"],
        target=Target("<=", 150, "ms"),
    )
    result.row("page of segments with help, p95", page["p95"], "ms", baseline=assist["p95"])

    items = first.get_json()["items"]
    numbers = iter(range(1, len(items) + 1))
    counter = iter(range(10**6))

    def confirm() -> None:
        number = next(numbers, None)
        if number is None:
            return
        target = f"Translation {next(counter)} of segment {number}, with no number left out."
        resp = client.put(
            f"/api/v1/documents/{doc['id']}/segments/{number}",
            json={"target": target, "status": "confirmed", "force": True},
            headers=headers,
        )
        if resp.status_code != 200:
            raise RuntimeError(f"confirming answered {resp.status_code}: {resp.get_data(as_text=True)[:300]}")

    def store() -> None:
        i = next(counter)
        resp = client.post(
            "/api/v1/segments",
            json={"source": f"会议第{i}次强调推进退役军人工作高质量发展。", "target": f"Meeting {i} stressed quality."},
            headers=headers,
        )
        if resp.status_code not in (200, 201):
            raise RuntimeError(f"storing answered {resp.status_code}")

    confirms = min(repeats, len(items))
    confirmed = summarize([s * 1000 for s in repeat_timed(confirm, confirms)])
    stored = summarize([s * 1000 for s in repeat_timed(store, confirms)])
    app.extensions["yiku"].close()
    result.timings.update(confirm_ms=confirmed, store_ms=stored)
    result.row("confirm a segment, median", confirmed["median"], "ms", baseline=stored["median"])
    result.notes.append(
        f"seed article as a workspace document ({doc['segments']} segments, {doc['noise_segments']} noise left out); "
        f"memory of {result.timings['database']['segments_created']:,} generated pairs and the starter glossary on "
        f"SQLite, in-process; {repeats} page requests against as many assist requests on the same article "
        f"(baseline), {confirms} confirmations against as many single-pair stores (baseline)"
    )


WORKLOAD = Workload(
    name="workspace",
    summary="seed article as a workspace document: a page of segments with help, and confirming segments",
    sizes={"segments": 10_000, "repeats": 24},
    quick_sizes={"segments": 500, "repeats": 3},
    run=run,
)
