"""Timing statistics and memory readings: medians and tails over repeats, RSS from /proc, child peak RSS."""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import tempfile
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


# Runs the command and writes its peak RSS (KiB, from wait4) to argv[1]. A separate small process, because
# on Linux a child's ru_maxrss starts from its parent's RSS at fork: measured from the benchmark process
# itself, a child would inherit the gigabyte the tm-lookup index left behind.
_LAUNCHER = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(process.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def run_measured(
    command: Sequence[str], *, env: dict[str, str] | None = None, cwd: str | None = None, timeout: float = 3600
) -> ChildRun:
    """Run a command; its wall time and its own peak RSS (exact, from wait4 in a small launcher)."""
    with tempfile.TemporaryDirectory(prefix="yiku-bench-child-") as scratch:
        rss_path = os.path.join(scratch, "maxrss")
        with (
            open(os.path.join(scratch, "out"), "w+", encoding="utf-8") as out,
            open(os.path.join(scratch, "err"), "w+", encoding="utf-8") as err,
        ):
            start = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-c", _LAUNCHER, rss_path, *command],
                env=env,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
            try:
                returncode = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the launcher's session: it and the command only
                returncode = process.wait()
                err.write(f"\nkilled after {timeout} s")
            seconds = time.perf_counter() - start
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read(), err.read()
        try:
            with open(rss_path, encoding="ascii") as maxrss:
                peak = int(maxrss.read()) * 1024
        except (FileNotFoundError, ValueError):
            peak = 0
    return ChildRun(returncode, seconds, peak, stdout, stderr)
