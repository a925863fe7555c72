"""Fixtures shared by the reliability and security tests: a fingerprint of what the database holds, the tally of
hostile files printed at the end of the run, and `yiku` run as a separate process on the test database."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[2]

# Tables whose content a rejected import must leave untouched, with the columns that make up the content
# (ids and timestamps included: a rejected import must not even renumber or touch a row).
FINGERPRINT_TABLES = {
    "terms": "id, source, target, category, status, variants, forbidden, note, version",
    "term_history": "id, term_id, version, action",
    "segments": "id, source, target, source_lang, target_lang, pair_hash, document_id, origin",
    "documents": "id, name",
    "memory_changes": "id, segment_id, op",
}

HOSTILE_TALLY: Counter = Counter()


def fingerprint(engine) -> dict[str, tuple[int, str]]:
    """(row count, sha256 of every row in id order) per table: equal fingerprints mean equal content."""
    out = {}
    with engine.connect() as conn:
        for table, columns in FINGERPRINT_TABLES.items():
            digest = hashlib.sha256()
            count = 0
            for row in conn.execute(text(f"SELECT {columns} FROM {table} ORDER BY id")):
                digest.update(json.dumps([str(v) for v in row], ensure_ascii=False).encode("utf-8"))
                count += 1
            out[table] = (count, digest.hexdigest())
    return out


@pytest.fixture
def db_fingerprint():
    return fingerprint


@pytest.fixture(scope="session")
def hostile_tally() -> Counter:
    return HOSTILE_TALLY


def pytest_terminal_summary(terminalreporter):
    if not HOSTILE_TALLY:
        return
    t = HOSTILE_TALLY
    terminalreporter.section("hostile files")
    terminalreporter.write_line(
        f"cases tried {t['tried']}, rejected cleanly {t['rejected']}, accepted with per-line errors "
        f"{t['line_errors']}, accepted whole {t['accepted']}, rows lost {t['rows_lost']}, "
        f"slowest {t['slowest_ms']} ms"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def yiku_env(db_url, tmp_path) -> dict[str, str]:
    """Environment for `yiku` subprocesses that use the test's database."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db_url,
        YIKU_DATA_DIR=str(tmp_path / "yiku-data"),
        YIKU_SECRET_KEY="test-secret",
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.fixture
def yiku(yiku_env):
    """Run `yiku ARGS...` to completion (on another database with database_url=); returns the CompletedProcess."""

    def run(
        *args: str, timeout: float = 120, check: bool = True, database_url: str | None = None
    ) -> subprocess.CompletedProcess:
        env = {**yiku_env, "DATABASE_URL": database_url} if database_url else yiku_env
        proc = subprocess.run(
            [sys.executable, "-c", "from service.cli import main; main()", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"yiku {' '.join(args)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
        return proc

    return run
