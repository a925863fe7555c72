"""Consistent snapshots: SQLite's online backup API, pg_dump/pg_restore for PostgreSQL.

A backup taken while the service runs is a consistent point in time: SQLite's backup API copies a
transaction-consistent image, pg_dump runs in one repeatable-read transaction.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import make_url

from service.storage.db import Database
from service.storage.models import Segment, Term

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


def _sqlite_connection(raw: Any) -> sqlite3.Connection:
    """The sqlite3 connection under a pooled SQLAlchemy connection."""
    connection = raw.driver_connection
    if not isinstance(connection, sqlite3.Connection):
        raise RuntimeError("the SQLite backup needs the sqlite3 driver")
    return connection


class RestoreRefused(RuntimeError):
    pass


def _pg_env_args(db: Database) -> tuple[dict[str, str], list[str]]:
    url = make_url(db.url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    args = [
        "-h",
        url.host or "localhost",
        "-p",
        str(url.port or 5432),
        "-U",
        url.username or "postgres",
        "-d",
        url.database or "postgres",
    ]
    return env, args


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if candidates:
        return str(candidates[-1])
    raise RuntimeError(f"{name} not found; install the PostgreSQL client tools")


def backup_database(db: Database, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if db.dialect == "sqlite":
        raw = db.engine.raw_connection()
        try:
            target = sqlite3.connect(str(out))
            with target:
                _sqlite_connection(raw).backup(target)
            target.close()
        finally:
            raw.close()
        return
    env, args = _pg_env_args(db)
    subprocess.run(
        [_pg_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(out), *args], env=env, check=True, capture_output=True
    )


def holds_data(db: Database) -> bool:
    if "terms" not in inspect(db.engine).get_table_names():
        return False
    with db.session() as s:
        return bool(
            s.scalar(select(func.count()).select_from(Term)) or s.scalar(select(func.count()).select_from(Segment))
        )


def restore_database(db: Database, src: Path, *, force: bool = False) -> None:
    head = src.open("rb").read(16)
    if head.startswith(SQLITE_MAGIC):
        kind = "sqlite"
    elif head.startswith(PG_MAGIC):
        kind = "postgresql"
    else:
        raise RestoreRefused(f"{src} is not a Yiku backup (neither an SQLite file nor a pg_dump archive)")
    if kind != db.dialect:
        raise RestoreRefused(f"{src} is a {kind} backup but the database is {db.dialect}")
    if holds_data(db) and not force:
        raise RestoreRefused("the database already holds terms or segments; use --force to replace them")
    if kind == "sqlite":
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        db.dispose()
        raw = db.engine.raw_connection()
        try:
            source.backup(_sqlite_connection(raw))
        finally:
            raw.close()
            source.close()
        return
    env, args = _pg_env_args(db)
    subprocess.run(
        [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(src)],
        env=env,
        check=True,
        capture_output=True,
    )
