"""SQLite concordance index kept exactly up to a high-water mark, so bulk imports can defer it.

The FTS5 trigram index costs tens of microseconds per pair. Single writes still index at once; a bulk
import marks itself with `fts_defer` and leaves its rows above the mark, and `dialect.catch_up_concordance`
indexes them afterwards in batches. Until then concordance searches scan the rows above the mark directly,
so results are complete at every moment.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TRIGGERS = [
    "DROP TRIGGER IF EXISTS segments_fts_ai",
    "DROP TRIGGER IF EXISTS segments_fts_ad",
    "DROP TRIGGER IF EXISTS segments_fts_au",
    # index a new row at once unless a bulk import is running or rows are still waiting to be indexed
    # (then the row waits too, so that the index always holds exactly the rows up to the mark)
    "CREATE TRIGGER segments_fts_ai AFTER INSERT ON segments"
    " WHEN (SELECT value FROM meta WHERE name = 'fts_defer') = 0"
    " AND NOT EXISTS (SELECT 1 FROM segments WHERE id > (SELECT value FROM meta WHERE name = 'fts_upto')"
    " AND id <> new.id) BEGIN"
    " INSERT INTO segments_fts(rowid, source, target) VALUES (new.id, new.source, new.target);"
    " UPDATE meta SET value = MAX(value, new.id) WHERE name = 'fts_upto'; END",
    "CREATE TRIGGER segments_fts_ad AFTER DELETE ON segments"
    " WHEN old.id <= (SELECT value FROM meta WHERE name = 'fts_upto') BEGIN"
    " INSERT INTO segments_fts(segments_fts, rowid, source, target) VALUES ('delete', old.id, old.source, old.target);"
    " END",
    "CREATE TRIGGER segments_fts_au AFTER UPDATE OF source, target ON segments"
    " WHEN old.id <= (SELECT value FROM meta WHERE name = 'fts_upto') BEGIN"
    " INSERT INTO segments_fts(segments_fts, rowid, source, target) VALUES ('delete', old.id, old.source, old.target);"
    " INSERT INTO segments_fts(rowid, source, target) VALUES (new.id, new.source, new.target); END",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "INSERT INTO meta(name, value) SELECT 'fts_defer', 0 WHERE NOT EXISTS "
        "(SELECT 1 FROM meta WHERE name = 'fts_defer')"
    )
    # everything stored so far went through the old triggers, so it is indexed
    op.execute(
        "INSERT INTO meta(name, value) SELECT 'fts_upto', COALESCE((SELECT MAX(id) FROM segments), 0) "
        "WHERE NOT EXISTS (SELECT 1 FROM meta WHERE name = 'fts_upto')"
    )
    for statement in TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "INSERT INTO segments_fts(rowid, source, target) SELECT id, source, target FROM segments "
        "WHERE id > (SELECT value FROM meta WHERE name = 'fts_upto')"
    )
    from service.storage.dialect import SQLITE_FTS

    for statement in [
        "DROP TRIGGER IF EXISTS segments_fts_ai",
        "DROP TRIGGER IF EXISTS segments_fts_ad",
        "DROP TRIGGER IF EXISTS segments_fts_au",
    ] + SQLITE_FTS[1:]:
        op.execute(statement)
    op.execute("DELETE FROM meta WHERE name IN ('fts_defer', 'fts_upto')")
