"""tmx-import / tmx-export: a generated TMX through `yiku tm import FILE` and `yiku tm export --format tmx OUT`.

Both commands run as subprocesses; wall time and the child's own peak RSS come from wait4. The
import goes into a fresh SQLite database, and into a scratch PostgreSQL database when
YIKU_PG_ADMIN_URL is set (created and dropped here; YIKU_PG_URL alone names a database others use,
so it is not written to). Baselines: translate-toolkit's `tmxfile` reading (or building and
serializing) the first `baseline_units` units, a subprocess as well, its time scaled linearly to
`units` — it only parses or writes XML, no normalization, hashing or database.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from scripts.benchmarks.measure import ChildRun, run_measured
from scripts.benchmarks.memory_db import sqlite_url
from scripts.benchmarks.report import Target, WorkloadResult
from scripts.benchmarks.tmx_file import write_tmx
from scripts.benchmarks.workloads import Context, Unavailable, Workload

MB = 2**20
_PARSE_WITH_TOOLKIT = """
import sys, time
from translate.storage.tmx import tmxfile
started = time.perf_counter()
with open(sys.argv[1], "rb") as handle:
    store = tmxfile(handle)
count = sum(1 for unit in store.units if unit.source and unit.target)
print(count, time.perf_counter() - started)
"""
_WRITE_WITH_TOOLKIT = """
import sys, time
from translate.storage.tmx import tmxfile
pairs = []
with open(sys.argv[1], "rb") as handle:
    for unit in tmxfile(handle).units:
        pairs.append((unit.source, unit.target))
started = time.perf_counter()
store = tmxfile(sourcelanguage="zh-CN", targetlanguage="en")
for source, target in pairs:
    store.addsourceunit(source).target = target
data = bytes(store)
with open(sys.argv[2], "wb") as out:
    out.write(data)
print(len(pairs), time.perf_counter() - started)
"""


def yiku_command() -> str:
    return str(Path(sys.executable).with_name("yiku"))


def require_cli(*words: str) -> None:
    """Raise Unavailable unless `yiku <words> --help` works."""
    probe = run_measured([yiku_command(), *words, "--help"], timeout=120)
    if probe.returncode != 0:
        raise Unavailable(f"`yiku {' '.join(words)}` is not available yet: {probe.stderr.strip()[-200:]}")


def yiku_env(database_url: str, data_dir: Path) -> dict[str, str]:
    return dict(os.environ, DATABASE_URL=database_url, YIKU_DATA_DIR=str(data_dir), YIKU_SECRET_KEY="benchmark")


def tmx_fixture(ctx: Context) -> tuple[Path, Path]:
    """The full TMX and its first-`baseline_units` subset, written once per run and size."""
    units, subset = ctx.size("units"), ctx.size("baseline_units")
    full = ctx.shared_dir / f"memory-{units}-{ctx.seed}.tmx"
    head = ctx.shared_dir / f"memory-{subset}-{ctx.seed}.tmx"  # same seed: the first units of the full file
    if not full.exists():
        write_tmx(full, units, ctx.seed)
    if not head.exists():
        write_tmx(head, min(subset, units), ctx.seed)
    return full, head


def import_into(url: str, tmx: Path, data_dir: Path) -> tuple[ChildRun, dict]:
    run = run_measured([yiku_command(), "tm", "import", str(tmx)], env=yiku_env(url, data_dir))
    if run.returncode != 0:
        raise RuntimeError(f"yiku tm import failed ({run.returncode}): {run.stderr.strip()[-500:]}")
    return run, json.loads(run.stdout[run.stdout.index("{") :])


def toolkit(script: str, *args: str) -> tuple[ChildRun, int, float]:
    """Run a translate-toolkit script; (run, units handled, seconds it timed itself)."""
    run = run_measured([sys.executable, "-c", script, *args])
    if run.returncode != 0:
        raise RuntimeError(f"translate-toolkit baseline failed: {run.stderr.strip()[-500:]}")
    count, seconds = run.stdout.split()
    return run, int(count), float(seconds)


class ScratchPostgres:
    """A database created on YIKU_PG_ADMIN_URL's server for one import, dropped afterwards."""

    def __init__(self, admin_url: str, name: str):
        from sqlalchemy import create_engine

        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.name = name
        self.url = admin_url.rsplit("/", 1)[0] + "/" + name

    def __enter__(self) -> ScratchPostgres:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {self.name}"))
            conn.execute(text(f"CREATE DATABASE {self.name}"))
        return self

    def __exit__(self, *_exc) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"))
        self.admin.dispose()


def run_import(ctx: Context, result: WorkloadResult) -> None:
    require_cli("tm", "import")
    units = ctx.size("units")
    full, head = tmx_fixture(ctx)
    result.sizes.update(tmx_bytes=full.stat().st_size, baseline_tmx_bytes=head.stat().st_size)

    database = ctx.work_dir / "import.db"
    sqlite, report = import_into(sqlite_url(ctx.work_dir, database.name), full, ctx.work_dir / "data")
    shutil.copyfile(database, ctx.shared_dir / f"imported-{units}-{ctx.seed}.db")  # for tmx-export
    base, parsed, parse_s = toolkit(_PARSE_WITH_TOOLKIT, str(head))
    scaled = parse_s * units / parsed
    result.timings.update(sqlite_import_s=sqlite.seconds, toolkit_parse_s=parse_s, toolkit_parse_scaled_s=scaled)
    result.memory.update(sqlite_import_peak_rss=sqlite.peak_rss_bytes, toolkit_parse_peak_rss=base.peak_rss_bytes)
    result.sizes.update(
        created=report.get("created"),
        skipped=report.get("skipped"),
        errors=len(report.get("errors", [])),
        baseline_units=parsed,
    )
    result.row("SQLite import time", sqlite.seconds, "s", baseline=scaled, target=Target("<=", 60, "s"))
    result.row("SQLite import rate", units / sqlite.seconds, "TU/s", baseline=units / scaled, higher_is_better=True)
    result.row(
        "SQLite import peak RSS",
        sqlite.peak_rss_bytes / MB,
        "MB",
        baseline=base.peak_rss_bytes / MB,
        target=Target("<=", 500, "MB"),
    )
    admin_url = os.environ.get("YIKU_PG_ADMIN_URL")
    if admin_url:
        with ScratchPostgres(admin_url, f"yiku_bench_{os.getpid()}") as scratch:
            pg, _ = import_into(scratch.url, full, ctx.work_dir / "data-pg")
        result.timings["postgresql_import_s"] = pg.seconds
        result.memory["postgresql_import_peak_rss"] = pg.peak_rss_bytes
        result.row("PostgreSQL import time", pg.seconds, "s", baseline=scaled, target=Target("<=", 60, "s"))
        result.row("PostgreSQL import peak RSS", pg.peak_rss_bytes / MB, "MB", target=Target("<=", 500, "MB"))
    else:
        result.notes.append(
            "PostgreSQL not measured: set YIKU_PG_ADMIN_URL (a server where a scratch database "
            "may be created) to include it"
        )
    result.notes.append(
        f"{units:,} TUs, {full.stat().st_size / MB:.0f} MB TMX; `yiku tm import` (resumable batches) into a new "
        f"SQLite file; baseline translate-toolkit tmxfile parse of the first {parsed:,} TUs scaled x{units / parsed:.1f} "
        "(its peak RSS is for the subset only: it holds the whole tree in memory)"
    )


def run_export(ctx: Context, result: WorkloadResult) -> None:
    require_cli("tm", "export")
    units = ctx.size("units")
    full, head = tmx_fixture(ctx)
    imported = ctx.shared_dir / f"imported-{units}-{ctx.seed}.db"
    database = ctx.work_dir / "export.db"
    url = sqlite_url(ctx.work_dir, database.name)
    if imported.exists():
        shutil.copyfile(imported, database)
        result.notes.append("exported the database tmx-import filled in this run")
    else:
        import_into(url, full, ctx.work_dir / "data")
        result.notes.append("imported the TMX first (untimed), as tmx-import did not run with these sizes")
    out = ctx.work_dir / "export.tmx"
    run = run_measured(
        [yiku_command(), "tm", "export", "--format", "tmx", str(out)], env=yiku_env(url, ctx.work_dir / "data")
    )
    if run.returncode != 0:
        raise RuntimeError(f"yiku tm export failed ({run.returncode}): {run.stderr.strip()[-500:]}")
    base, written, write_s = toolkit(_WRITE_WITH_TOOLKIT, str(head), str(ctx.work_dir / "toolkit.tmx"))
    scaled = write_s * units / written
    result.sizes.update(export_bytes=out.stat().st_size, baseline_units=written)
    result.timings.update(export_s=run.seconds, toolkit_write_s=write_s, toolkit_write_scaled_s=scaled)
    result.memory.update(export_peak_rss=run.peak_rss_bytes, toolkit_write_peak_rss=base.peak_rss_bytes)
    result.row("SQLite export time", run.seconds, "s", baseline=scaled)
    result.row(
        "SQLite export peak RSS",
        run.peak_rss_bytes / MB,
        "MB",
        baseline=base.peak_rss_bytes / MB,
        target=Target("<=", 500, "MB"),
    )
    result.notes.append(
        f"`yiku tm export --format tmx` of {units:,} TUs from SQLite ({out.stat().st_size / MB:.0f} MB written); "
        f"baseline translate-toolkit building and serializing a tmxfile of the first {written:,} TUs, scaled "
        f"x{units / written:.1f} (peak RSS for the subset only)"
    )


SIZES = {"units": 1_000_000, "baseline_units": 50_000}
QUICK_SIZES = {"units": 2_000, "baseline_units": 500}
IMPORT = Workload(
    "tmx-import",
    "yiku tm import of a generated TMX vs translate-toolkit parsing",
    dict(SIZES),
    dict(QUICK_SIZES),
    run_import,
)
EXPORT = Workload(
    "tmx-export", "yiku tm export --format tmx vs translate-toolkit writing", dict(SIZES), dict(QUICK_SIZES), run_export
)
