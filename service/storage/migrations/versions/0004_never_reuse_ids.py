"""Never give a deleted row's id to a new row (SQLite): AUTOINCREMENT on terms and segments.

With a plain INTEGER PRIMARY KEY, SQLite gives a new row the highest id plus one, so once the row with
the highest id is deleted its id is handed out again. A hard-deleted term's id went to the next new term,
which then showed the old term's history, and a client holding a deleted pair's id would get the next
pair. SQLite adds AUTOINCREMENT only by rebuilding the table: rows, ids, indexes and triggers (the
concordance triggers on segments) are carried over, and no foreign key points at these ids. PostgreSQL's
sequences never reuse ids, so it is left alone.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import re

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("terms", "segments")
_PLAIN_ID = re.compile(r"\bid INTEGER NOT NULL,")
_TABLE_KEY = re.compile(r",\s*PRIMARY KEY \(id\)")
_AUTO_ID = re.compile(r"\bid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,")


def _with_autoincrement(ddl: str) -> str:
    if not _PLAIN_ID.search(ddl) or not _TABLE_KEY.search(ddl):
        raise RuntimeError(f"unexpected table definition, not rebuilt: {ddl[:120]}")
    return _TABLE_KEY.sub("", _PLAIN_ID.sub("id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,", ddl, count=1), count=1)


def _without_autoincrement(ddl: str) -> str:
    if not _AUTO_ID.search(ddl):
        raise RuntimeError(f"unexpected table definition, not rebuilt: {ddl[:120]}")
    ddl = _AUTO_ID.sub("id INTEGER NOT NULL,", ddl, count=1)
    return ddl[: ddl.rindex(")")].rstrip() + ", \n\tPRIMARY KEY (id)\n)"


def _rebuild(table: str, change) -> None:
    """Recreate `table` from its own definition passed through `change`, keeping rows, indexes and triggers."""
    conn = op.get_bind()
    ddl = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar_one()
    extras = (
        conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ? AND sql IS NOT NULL "
            "ORDER BY type, name",
            (table,),
        )
        .scalars()
        .all()
    )
    rebuilt = f"{table}_rebuilt"
    new_ddl = re.sub(rf'^CREATE TABLE "?{table}"?', f"CREATE TABLE {rebuilt}", change(ddl), count=1)
    columns = ", ".join(row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({table})"))
    conn.exec_driver_sql(new_ddl)
    conn.exec_driver_sql(f"INSERT INTO {rebuilt} ({columns}) SELECT {columns} FROM {table}")
    conn.exec_driver_sql(f"DROP TABLE {table}")
    conn.exec_driver_sql(f"ALTER TABLE {rebuilt} RENAME TO {table}")
    for statement in extras:
        conn.exec_driver_sql(statement)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        _rebuild(table, _with_autoincrement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        _rebuild(table, _without_autoincrement)
