"""Stored sources without scraper noise, their script from the text, concordance on the normalized source.

- `segments.source_raw` (new, nullable) keeps a source exactly as it was sent; `source` becomes that text without
  zero-width characters and pinyin annotations (發(fā)揮 → 發揮), in the script it was sent in. Existing rows are
  cleaned in batches; `source_raw` is set only where cleaning changed the source.
- `source_lang` of a Chinese source follows its own script: `zh-Hant` for traditional text, `zh-Hans` otherwise.
- The concordance index covers `normalized_source` (cleaned and simplified) and `target`, so a search in either
  script finds pairs in either script: SQLite's FTS5 table and its triggers are recreated over those columns and
  rebuilt; PostgreSQL's trigram index on `source` is replaced by one on `normalized_source`.

The downgrade puts every source back as it was sent and the concordance indexes back on `source`.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 5000

_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS segments_fts_ai",
    "DROP TRIGGER IF EXISTS segments_fts_ad",
    "DROP TRIGGER IF EXISTS segments_fts_au",
    "DROP TABLE IF EXISTS segments_fts",
]


def _sqlite_fts(column: str) -> list[str]:
    """The FTS5 table over `column` and target, and the deferred-indexing triggers of revision 0002."""
    return [
        f"CREATE VIRTUAL TABLE segments_fts USING fts5({column}, target, content='segments', content_rowid='id',"
        " tokenize='trigram')",
        "CREATE TRIGGER segments_fts_ai AFTER INSERT ON segments"
        " WHEN (SELECT value FROM meta WHERE name = 'fts_defer') = 0"
        " AND NOT EXISTS (SELECT 1 FROM segments WHERE id > (SELECT value FROM meta WHERE name = 'fts_upto')"
        " AND id <> new.id) BEGIN"
        f" INSERT INTO segments_fts(rowid, {column}, target) VALUES (new.id, new.{column}, new.target);"
        " UPDATE meta SET value = MAX(value, new.id) WHERE name = 'fts_upto'; END",
        "CREATE TRIGGER segments_fts_ad AFTER DELETE ON segments"
        " WHEN old.id <= (SELECT value FROM meta WHERE name = 'fts_upto') BEGIN"
        f" INSERT INTO segments_fts(segments_fts, rowid, {column}, target)"
        f" VALUES ('delete', old.id, old.{column}, old.target); END",
        f"CREATE TRIGGER segments_fts_au AFTER UPDATE OF {column}, target ON segments"
        " WHEN old.id <= (SELECT value FROM meta WHERE name = 'fts_upto') BEGIN"
        f" INSERT INTO segments_fts(segments_fts, rowid, {column}, target)"
        f" VALUES ('delete', old.id, old.{column}, old.target);"
        f" INSERT INTO segments_fts(rowid, {column}, target) VALUES (new.id, new.{column}, new.target); END",
        "INSERT INTO segments_fts(segments_fts) VALUES ('rebuild')",
        "UPDATE meta SET value = COALESCE((SELECT MAX(id) FROM segments), 0) WHERE name = 'fts_upto'",
    ]


def _clean_rows() -> None:
    from service.memory.pairs import source_lang_of
    from service.text.normalize import clean

    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.text("SELECT id, source, source_lang FROM segments WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            return
        changes = []
        for row_id, source, lang in rows:
            cleaned = clean(source).strip()
            new_lang = source_lang_of(cleaned, lang)
            if cleaned != source or new_lang != lang:
                changes.append(
                    {"id": row_id, "source": cleaned, "raw": source if cleaned != source else None, "lang": new_lang}
                )
        if changes:
            bind.execute(
                sa.text("UPDATE segments SET source = :source, source_raw = :raw, source_lang = :lang WHERE id = :id"),
                changes,
            )
        last = rows[-1][0]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("segments", sa.Column("source_raw", sa.Text, nullable=True))
    if dialect == "sqlite":
        for statement in _SQLITE_DROP:
            op.execute(statement)
        _clean_rows()
        for statement in _sqlite_fts("normalized_source"):
            op.execute(statement)
    else:
        _clean_rows()
        if dialect == "postgresql":
            op.execute("DROP INDEX IF EXISTS ix_segments_source_trgm")
            op.execute(
                "CREATE INDEX IF NOT EXISTS ix_segments_normalized_trgm ON segments USING gin"
                " (normalized_source gin_trgm_ops)"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_DROP:
            op.execute(statement)
    op.execute("UPDATE segments SET source = source_raw WHERE source_raw IS NOT NULL")
    if dialect == "sqlite":
        op.drop_column("segments", "source_raw")
        for statement in _sqlite_fts("source"):
            op.execute(statement)
    else:
        op.drop_column("segments", "source_raw")
        if dialect == "postgresql":
            op.execute("DROP INDEX IF EXISTS ix_segments_normalized_trgm")
            op.execute("CREATE INDEX IF NOT EXISTS ix_segments_source_trgm ON segments USING gin (source gin_trgm_ops)")
