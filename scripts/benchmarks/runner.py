"""Run selected workloads: sizes, scratch directory, error capture, JSON files and the summary table."""

from __future__ import annotations

import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scripts.benchmarks.machine import machine_info, package_versions
from scripts.benchmarks.report import ERROR, NOT_AVAILABLE, WorkloadResult, write_json
from scripts.benchmarks.workloads import Context, Unavailable, Workload

ROOT = Path(__file__).resolve().parents[2]


def run_workload(
    workload: Workload, *, seed: int, quick: bool, overrides: dict[str, Any], shared_dir: Path
) -> WorkloadResult:
    """Run one workload in its own scratch directory; a missing piece or a crash becomes its status."""
    result = WorkloadResult(workload.name)
    sizes = workload.sizes_for(quick, overrides)
    result.sizes.update(sizes)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"yiku-bench-{workload.name}-") as scratch:
        ctx = Context(seed=seed, quick=quick, sizes=sizes, work_dir=Path(scratch), root=ROOT, shared_dir=shared_dir)
        try:
            workload.run(ctx, result)
        except Unavailable as missing:
            result.status, result.reason = NOT_AVAILABLE, str(missing)
        except Exception as crash:
            result.status = ERROR
            result.reason = f"{type(crash).__name__}: {crash}"
            result.notes.append(traceback.format_exc())
    result.timings["workload_s"] = time.perf_counter() - started
    return result


def run_context(seed: int, quick: bool) -> dict[str, Any]:
    """The part of every result file that describes the run rather than the workload."""
    return {
        "seed": seed,
        "quick": quick,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "packages": package_versions(),
    }


def run_all(
    workloads: list[Workload], *, seed: int, quick: bool, overrides: dict[str, Any], out_dir: Path, progress=print
) -> list[WorkloadResult]:
    """Run each workload in turn, writing its JSON as soon as it is done."""
    context = run_context(seed, quick)
    results = []
    with tempfile.TemporaryDirectory(prefix="yiku-bench-run-") as shared:
        for workload in workloads:
            progress(f"== {workload.name}: {workload.summary}", flush=True)
            result = run_workload(workload, seed=seed, quick=quick, overrides=overrides, shared_dir=Path(shared))
            path = write_json(result, context, out_dir)
            if result.reason:
                progress(f"   {result.status}: {result.reason}", flush=True)
            progress(f"   {result.timings['workload_s']:.1f} s, wrote {path}", flush=True)
            results.append(result)
    return results
