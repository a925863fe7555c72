"""The benchmark runner: result rows and targets, the table, the JSON fields, sizes, status handling, the load
generator and child peak RSS, and a quick in-process run of two workloads (no timing assertions)."""

import argparse
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scripts.benchmarks.__main__ import main, parse_size
from scripts.benchmarks.loadgen import run_load, run_threads
from scripts.benchmarks.measure import percentile, run_measured, summarize
from scripts.benchmarks.registry import BY_NAME, WORKLOADS
from scripts.benchmarks.report import ERROR, NOT_AVAILABLE, OK, Row, Target, WorkloadResult, format_table
from scripts.benchmarks.runner import run_all, run_workload
from scripts.benchmarks.workloads import Unavailable, Workload

MACHINE_FIELDS = {"cpu_model", "cores", "memory_bytes", "python", "platform"}
RESULT_FIELDS = {
    "workload",
    "status",
    "seed",
    "quick",
    "machine",
    "packages",
    "sizes",
    "rows",
    "timings",
    "memory",
    "notes",
}


def test_percentiles_are_observed_values_by_nearest_rank():
    samples = list(range(1, 101))
    assert percentile(samples, 0.5) == 50
    assert percentile(samples, 0.95) == 95
    assert percentile([3.0], 0.99) == 3.0
    stats = summarize([4.0, 1.0, 3.0, 2.0])
    assert (stats["median"], stats["p95"], stats["min"], stats["max"], stats["n"]) == (2.0, 4.0, 1.0, 4.0, 4)
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_ratio_is_how_many_times_better_and_targets_decide_pass():
    latency = Row("w", "p95", 5.0, "ms", baseline=50.0, target=Target("<=", 10, "ms"))
    assert latency.ratio == 10 and latency.passed is True
    throughput = Row("w", "rate", 4.0, "MB/s", baseline=2.0, higher_is_better=True, target=Target(">=", 20, "MB/s"))
    assert throughput.ratio == 2 and throughput.passed is False
    speedup = Row("w", "median", 2.0, "ms", baseline=100.0, ratio_target=Target(">=", 100))
    assert speedup.passed is False
    assert Row("w", "info", 1.0).passed is None
    assert Row("w", "missing", None, target=Target("<=", 1)).passed is None
    assert str(Target("<=", 10, "ms")) == "≤ 10 ms" and str(Target(">=", 0.99)) == "≥ 0.99"


def test_table_has_the_documented_columns_and_marks_misses_and_missing_pieces():
    done = WorkloadResult("tm-lookup")
    done.row("p95 latency", 12.5, "ms", baseline=800.0, target=Target("<=", 10, "ms"))
    missing = WorkloadResult("tmx-import", status=NOT_AVAILABLE, reason="no importer")
    table = format_table([done, missing])
    header = table.splitlines()[0]
    for column in ("workload", "Yiku", "baseline", "ratio", "target", "pass/fail"):
        assert column in header
    assert "| tm-lookup p95 latency" in table and "12.5 ms" in table and "64×" in table and "FAIL" in table
    assert "not available" in table.splitlines()[-1]


def test_sizes_take_quick_or_full_values_and_overrides_that_name_them():
    workload = BY_NAME["tm-lookup"]
    assert workload.sizes_for(True, {})["segments"] < workload.sizes_for(False, {})["segments"]
    assert workload.sizes_for(False, {"segments": "5000"})["segments"] == 5000
    assert workload.sizes_for(False, {"tm-lookup.queries": "7"})["queries"] == 7
    assert workload.sizes_for(False, {"http.seconds": "1"}) == workload.sizes_for(False, {})


def test_size_arguments_are_checked_and_unknown_workloads_refused(capsys):
    assert parse_size("segments=1_000") == ("segments", "1000")
    with pytest.raises(argparse.ArgumentTypeError, match="expected k=v"):
        parse_size("segments")
    assert main(["no-such-workload"]) == 1
    assert "unknown workload" in capsys.readouterr().err


def test_every_documented_workload_is_registered():
    assert {w.name for w in WORKLOADS} == {
        "tm-lookup",
        "glossary-match",
        "normalize",
        "tmx-import",
        "tmx-export",
        "assist",
        "workspace",
        "tmserver",
        "http",
        "quality",
        "align",
    }


def _workload(action) -> Workload:
    return Workload("probe", "test workload", {}, {}, action)


def test_a_missing_piece_is_reported_not_available_and_a_crash_as_error(tmp_path):
    def missing(ctx, result):
        raise Unavailable("importer not there")

    def crash(ctx, result):
        raise KeyError("boom")

    def fine(ctx, result):
        result.row("value", 1.0, target=Target(">=", 2))

    gone = run_workload(_workload(missing), seed=1, quick=True, overrides={}, shared_dir=tmp_path)
    assert (gone.status, gone.reason) == (NOT_AVAILABLE, "importer not there")
    broken = run_workload(_workload(crash), seed=1, quick=True, overrides={}, shared_dir=tmp_path)
    assert broken.status == ERROR and "KeyError" in broken.reason and "Traceback" in broken.notes[-1]
    ok = run_workload(_workload(fine), seed=1, quick=True, overrides={}, shared_dir=tmp_path)
    assert ok.status == OK and [r.metric for r in ok.failed_targets] == ["value"]


def test_child_peak_rss_is_the_childs_own():
    run = run_measured([sys.executable, "-c", "b = bytearray(120 * 2**20); print(len(b))"])
    assert run.returncode == 0 and run.stdout.strip() == str(120 * 2**20)
    assert run.peak_rss_bytes >= 120 * 2**20
    assert run_measured([sys.executable, "-c", "raise SystemExit(3)"]).returncode == 3


def test_child_peak_rss_does_not_inherit_the_parents():
    ballast = bytearray(300 * 2**20)  # the benchmark process is large when it starts the importer
    ballast[::4096] = b"x" * len(ballast[::4096])
    run = run_measured([sys.executable, "-c", "print('small')"])
    assert run.stdout.strip() == "small" and 0 < run.peak_rss_bytes < 100 * 2**20
    del ballast


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status = 500 if self.path == "/fail" else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *_args):
        pass


@pytest.fixture
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_threaded_load_counts_requests_and_treats_non_2xx_as_errors(local_server):
    good = run_threads(local_server, "/ok", {"text": "会议"}, 0.3, 2)
    assert good.requests > 0 and good.errors == 0 and good.p99_ms >= good.p50_ms
    bad = run_threads(local_server, "/fail", {"text": "会议"}, 0.3, 2)
    assert bad.requests > 0 and bad.errors == bad.requests


def test_load_without_wrk_falls_back_to_threads(local_server, tmp_path):
    assert run_load(local_server, "/ok", {"text": "会议"}, 0.2, 1, tmp_path, prefer_wrk=False).tool == "threads"


def test_quick_run_writes_result_json_with_the_documented_fields(tmp_path, capsys):
    chosen = [BY_NAME["tm-lookup"], BY_NAME["quality"]]
    overrides = {"segments": "3000", "queries": "40", "scan_queries": "8", "recall_queries": "40"}
    results = run_all(chosen, seed=5, quick=True, overrides=overrides, out_dir=tmp_path)
    assert [r.status for r in results] == [OK, OK]

    lookup = json.loads((tmp_path / "tm-lookup.json").read_text(encoding="utf-8"))
    assert set(lookup) >= RESULT_FIELDS
    assert set(lookup["machine"]) >= MACHINE_FIELDS and lookup["machine"]["cores"] >= 1
    assert lookup["packages"]["rapidfuzz"] and lookup["quick"] is True and lookup["seed"] == 5
    assert lookup["sizes"]["segments"] == 3000 and lookup["sizes"]["queries"] == 40
    for stats in (lookup["timings"]["search_ms"], lookup["timings"]["scan_ms"]):
        assert {"median", "p95", "n"} <= set(stats)
    rows = {row["metric"]: row for row in lookup["rows"]}
    assert {"yiku", "baseline", "ratio", "target", "passed", "unit"} <= set(rows["p95 latency"])
    assert rows["p95 latency"]["baseline"] > 0 and rows["recall of top match"]["target"] == "≥ 0.99"
    assert 0 <= rows["recall of top match"]["yiku"] <= 1
    assert "index_bytes" in lookup["memory"]
    assert set(lookup["sizes"]["recall_by_kind"]) == {"exact", "near", "far", "absent"}
    assert 0 <= lookup["sizes"]["recall_by_kind"]["exact"]["recall"] <= 1

    quality = json.loads((tmp_path / "quality.json").read_text(encoding="utf-8"))
    metrics = {row["metric"] for row in quality["rows"]}
    assert any(m.endswith(" precision") for m in metrics) and any(m.endswith(" recall") for m in metrics)
    assert quality["sizes"]["labelled_pairs"] > 0
    assert "tm-lookup" in capsys.readouterr().out
