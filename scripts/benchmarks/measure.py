"""Timing statistics and memory readings: medians and tails over repeats, RSS from /proc, child peak RSS."""

from __future__ import annotations

import math
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (`fraction` in 0..1): a value that was actually observed."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarize(samples: Sequence[float]) -> dict[str, float]:
    """Median, p95, p99, mean, min and max of some samples (same unit as the samples)."""
    return {
        "n": len(samples),
        "median": percentile(samples, 0.5),
        "p95": percentile(samples, 0.95),
        "p99": percentile(samples, 0.99),
        "mean": sum(samples) / len(samples),
        "min": min(samples),
        "max": max(samples),
    }


def repeat_timed(action: Callable[[], object], repeats: int) -> list[float]:
    """Wall-clock seconds of `repeats` calls of `action`."""
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return seconds


def _status_field(name: str, pid: int | str = "self") -> int | None:
    """A `kB` field of /proc/<pid>/status in bytes (None where /proc is not there)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(name + ":"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def rss_bytes() -> int | None:
    """Current resident set size of this process."""
    return _status_field("VmRSS")


def peak_rss_bytes() -> int | None:
    """Peak resident set size of this process so far."""
    return _status_field("VmHWM")


@dataclass(frozen=True)
class ChildRun:
    """Outcome of one measured subprocess."""

    returncode: int
    seconds: float
    peak_rss_bytes: int
    stdout: str
    stderr: str


def run_measured(command: Sequence[str], *, env: dict[str, str] | None = None, cwd: str | None = None,
                 timeout: float = 3600) -> ChildRun:
    """Run a command; wall time and the child's own peak RSS (from wait4's rusage: exact, no sampling)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
        out.seek(0)
        err.seek(0)
        return ChildRun(process.returncode, seconds, usage.ru_maxrss * 1024, out.read(), err.read())
