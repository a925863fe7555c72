"""A resumable `yiku tm import` killed with SIGKILL mid-way leaves whole batches and a job row that agrees with
them; running the same import again finishes it with every unit stored exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from service.application.memory_exchange import BATCH

ROOT = Path(__file__).resolve().parents[2]
UNITS = 100_000
KILL_AFTER_BATCHES = 3


def _write_tmx(path: Path, units: int) -> None:
    """A TMX file of distinct pairs, written in a streaming way."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" '
            'datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" '
            'creationtoolversion="1" o-tmf="t"/><body>\n'
        )
        for i in range(units):
            fh.write(
                f'<tu><tuv xml:lang="zh-CN"><seg>第{i}号文件已于今日印发。</seg></tuv>'
                f'<tuv xml:lang="en"><seg>Document No. {i} was issued today.</seg></tuv></tu>\n'
            )
        fh.write("</body></tmx>\n")


def _state(engine) -> tuple[int, int, int | None, str | None]:
    """(segments, distinct pair hashes, units_done and status of the newest import job)."""
    with engine.connect() as conn:
        segments = conn.execute(text("SELECT count(*) FROM segments")).scalar_one()
        distinct = conn.execute(text("SELECT count(DISTINCT pair_hash) FROM segments")).scalar_one()
        job = conn.execute(text("SELECT units_done, status FROM import_jobs ORDER BY id DESC LIMIT 1")).first()
    return segments, distinct, (job[0] if job else None), (job[1] if job else None)


@pytest.mark.slow
def test_killed_import_leaves_whole_batches_and_resumes(yiku, yiku_env, db_url, tmp_path):
    tmx = tmp_path / "big.tmx"
    _write_tmx(tmx, UNITS)
    engine = create_engine(db_url)
    try:
        yiku("db", "upgrade", "--no-seed")
        proc = subprocess.Popen(
            [sys.executable, "-c", "from service.cli import main; main()", "tm", "import", str(tmx)],
            cwd=ROOT,
            env=yiku_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        try:
            while True:
                _, _, done, _ = _state(engine)
                if done is not None and done >= KILL_AFTER_BATCHES * BATCH:
                    break
                assert proc.poll() is None, "the import ended before it could be killed"
                assert time.monotonic() < deadline, "the import made no progress"
                time.sleep(0.05)
        finally:
            os.killpg(proc.pid, signal.SIGKILL)  # the import and any helper process it started
            proc.wait()
        assert proc.returncode == -signal.SIGKILL

        segments, distinct, done, status = _state(engine)
        assert status == "running"  # killed: nobody marked it failed or done
        assert 0 < done < UNITS and done % BATCH == 0, done  # progress is only ever a whole batch
        assert segments == distinct == done, (segments, distinct, done)  # no partial batch stored

        report = yiku("tm", "import", str(tmx), timeout=300)
        assert '"created"' in report.stdout
        segments, distinct, done, status = _state(engine)
        assert (segments, distinct, done, status) == (UNITS, UNITS, UNITS, "done")
        with engine.connect() as conn:
            jobs = conn.execute(text("SELECT count(*) FROM import_jobs")).scalar_one()
            changes = conn.execute(text("SELECT count(*) FROM memory_changes")).scalar_one()
        assert jobs == 1  # the second run resumed the killed job instead of starting over
        assert changes <= UNITS
    finally:
        engine.dispose()
