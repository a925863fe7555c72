"""Concurrent writers against `yiku serve --workers 2` (gunicorn, two processes) on the test database.

8 threads edit the same terms with the version they read: every version has exactly one winner, the others get
409, and the history holds every accepted change. 8 threads store the same pairs: each pair is stored once,
and created + duplicates add up to every request made.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]

THREADS = 8
TERMS = 4
ROUNDS = 12
PAIRS = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(yiku, yiku_env, tmp_path):
    """`yiku serve --workers 2` on the test database; yields its base URL and an admin token header."""
    token = yiku("token", "create", "--role", "admin", "--name", "load").stdout.strip().splitlines()[-1]
    port = _free_port()
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115  (the server writes to it until the test stops it)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from service.cli import main; main()",
            "serve",
            "--workers",
            "2",
            "--port",
            str(port),
            "--no-seed",
        ],
        cwd=ROOT,
        env=yiku_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert proc.poll() is None, "yiku serve exited"
            assert time.monotonic() < deadline, "yiku serve did not come up"
            time.sleep(0.2)
        yield base, {"Authorization": f"Bearer {token}"}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
        tail = (tmp_path / "serve.log").read_text(errors="replace")
        assert "Traceback" not in tail, tail[-3000:]


def _run_threads(target) -> list[BaseException]:
    failures: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def run(i: int) -> None:
        try:
            barrier.wait()
            target(i)
        except BaseException as exc:  # collected and re-raised in the test
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer hung"
    return failures


@pytest.mark.slow
def test_no_lost_update_on_terms(live_server, db_url):
    base, headers = live_server
    ids = []
    for i in range(TERMS):
        resp = requests.post(
            base + "/api/v1/terms",
            json={"source": f"中央委员会第{i}局", "target": f"Bureau {i}"},
            headers=headers,
            timeout=30,
        )
        assert resp.status_code == 201, resp.text
        ids.append(resp.json()["id"])
    wins: dict[tuple[int, int], list[str]] = defaultdict(list)
    statuses: Counter = Counter()
    lock = threading.Lock()

    def edit(worker: int) -> None:
        session = requests.Session()
        for rnd in range(ROUNDS):
            term_id = ids[(worker + rnd) % TERMS]
            read = session.get(f"{base}/api/v1/terms/{term_id}", timeout=30)
            assert read.status_code == 200, read.text
            version = read.json()["version"]
            value = f"Bureau edited by {worker} in round {rnd}"
            resp = session.patch(
                f"{base}/api/v1/terms/{term_id}",
                json={"target": value, "version": version},
                headers=headers,
                timeout=30,
            )
            assert resp.status_code in (200, 409), resp.text
            with lock:
                statuses[resp.status_code] += 1
                if resp.status_code == 200:
                    assert resp.json()["version"] == version + 1
                    wins[(term_id, version)].append(value)

    failures = _run_threads(edit)
    assert not failures, failures
    assert statuses[200] + statuses[409] == THREADS * ROUNDS
    assert statuses[200] >= TERMS and statuses[409] > 0, statuses  # there was contention, and progress
    assert all(len(winners) == 1 for winners in wins.values()), {k: v for k, v in wins.items() if len(v) > 1}

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            for term_id in ids:
                version, target = conn.execute(
                    text("SELECT version, target FROM terms WHERE id = :i"), {"i": term_id}
                ).one()
                won = sorted(v for (t, v) in wins if t == term_id)
                assert version == 1 + len(won) and won == list(range(1, version)), (term_id, version, won)
                assert target == wins[(term_id, version - 1)][0]  # the last accepted change is the one kept
                history = (
                    conn.execute(
                        text("SELECT version FROM term_history WHERE term_id = :i ORDER BY version"), {"i": term_id}
                    )
                    .scalars()
                    .all()
                )
                assert history == list(range(1, version + 1)), history
    finally:
        engine.dispose()


@pytest.mark.slow
def test_same_pairs_stored_once(live_server, db_url):
    base, headers = live_server
    pairs = [
        {
            "source": f"第{i}次会议在北京召开。",
            "target": f"Meeting number {i} opened in Beijing.",
            "document": "concurrency",
        }
        for i in range(PAIRS)
    ]
    totals: Counter = Counter()
    lock = threading.Lock()

    def store(worker: int) -> None:
        """Odd workers send batches of 5 in their own shuffled order, even ones single pairs, newest first."""
        session = requests.Session()
        if worker % 2:
            order = random.Random(worker).sample(pairs, len(pairs))
            bodies = [({"pairs": order[i : i + 5]}, 5) for i in range(0, len(order), 5)]
        else:
            bodies = [(pair, 1) for pair in reversed(pairs)]
        for body, sent in bodies:
            resp = session.post(f"{base}/api/v1/segments", json=body, headers=headers, timeout=60)
            assert resp.status_code in (200, 201), resp.text
            with lock:
                totals["created"] += resp.json()["created"]
                totals["duplicates"] += resp.json()["duplicates"]
                totals["sent"] += sent

    failures = _run_threads(store)
    assert not failures, failures
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT count(*) FROM segments")).scalar_one()
            distinct = conn.execute(text("SELECT count(DISTINCT pair_hash) FROM segments")).scalar_one()
            changes = conn.execute(text("SELECT count(*) FROM memory_changes WHERE op = 'add'")).scalar_one()
    finally:
        engine.dispose()
    sent_pairs = {(p["source"], p["target"]) for p in pairs}
    assert rows == distinct == PAIRS
    assert totals["created"] == rows and totals["sent"] == THREADS * PAIRS, totals
    assert totals["created"] + totals["duplicates"] == totals["sent"], totals
    assert changes == rows  # one change-log row per stored pair, so every worker's index sees each pair once
    listed = requests.get(f"{base}/api/v1/segments", params={"document": "concurrency", "limit": 500}, timeout=30)
    assert {(s["source"], s["target"]) for s in listed.json()["items"]} == sent_pairs
