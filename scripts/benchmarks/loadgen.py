"""Bounded local HTTP load: `wrk` when installed (a C client that leaves the CPU to the server), else threads.

Both drive one request shape at a fixed number of keep-alive connections for a fixed time
against 127.0.0.1 only, and report requests per second, latency percentiles and errors
(connection failures, timeouts and non-2xx statuses).
"""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from scripts.benchmarks.measure import percentile

_WRK_SCRIPT = """
wrk.method = "{method}"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK_JSON {{\\"requests\\": %d, \\"duration_us\\": %d, \\"connect\\": %d, \\"read\\": %d, "
    .. "\\"write\\": %d, \\"timeout\\": %d, \\"status\\": %d, \\"p50_us\\": %d, \\"p99_us\\": %d, \\"max_us\\": %d}}\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


@dataclass(frozen=True)
class LoadResult:
    tool: str
    seconds: float
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def run_wrk(
    port: int, path: str, body: Any, seconds: float, connections: int, threads: int, script_dir: Path
) -> LoadResult:
    """Run wrk with a Lua script that sends `body` (or GET when None) and prints a JSON summary."""
    method = "GET" if body is None else "POST"
    payload = "nil" if body is None else _lua_string(json.dumps(body, ensure_ascii=False))
    script = script_dir / "wrk-request.lua"
    script.write_text(_WRK_SCRIPT.format(method=method, body=payload), encoding="utf-8")
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}{path}",
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True)
    line = next(out for out in completed.stdout.splitlines() if out.startswith("WRK_JSON "))
    data = json.loads(line[len("WRK_JSON ") :])
    errors = data["connect"] + data["read"] + data["write"] + data["timeout"] + data["status"]
    duration = data["duration_us"] / 1e6
    return LoadResult(
        "wrk",
        duration,
        data["requests"],
        errors,
        data["requests"] / duration,
        data["p50_us"] / 1000,
        data["p99_us"] / 1000,
        data["max_us"] / 1000,
    )


def run_threads(port: int, path: str, body: Any, seconds: float, connections: int) -> LoadResult:
    """The same load from Python threads, one keep-alive http.client connection each."""
    payload = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    method = "GET" if body is None else "POST"
    headers = {"Content-Type": "application/json"} if payload is not None else {}
    latencies: list[float] = []  # every answered request, whatever its status
    failures = {"status": 0, "broken": 0}  # non-2xx answers; requests that got no answer
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, bad_status, broken = [], 0, 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                connection.request(method, path, body=payload, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                broken += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append(time.perf_counter() - start)
            if not 200 <= response.status < 300:
                bad_status += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            failures["status"] += bad_status
            failures["broken"] += broken

    started = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    done = len(latencies) + failures["broken"]
    errors = failures["status"] + failures["broken"]
    if not latencies:
        return LoadResult("threads", elapsed, done, errors, 0.0, float("nan"), float("nan"), float("nan"))
    return LoadResult(
        "threads",
        elapsed,
        done,
        errors,
        done / elapsed,
        percentile(latencies, 0.5) * 1000,
        percentile(latencies, 0.99) * 1000,
        max(latencies) * 1000,
    )


def run_load(
    port: int, path: str, body: Any, seconds: float, connections: int, script_dir: Path, prefer_wrk: bool = True
) -> LoadResult:
    """wrk when it is on PATH (and preferred), else the threaded client."""
    if prefer_wrk and shutil.which("wrk"):
        return run_wrk(port, path, body, seconds, connections, 1, script_dir)
    return run_threads(port, path, body, seconds, connections)
