"""Every difference between SQLite and PostgreSQL lives here: concordance indexes and their queries.

SQLite: an external-content FTS5 table with the trigram tokenizer over the normalized source and the target, kept in
step by triggers (revision 0006). PostgreSQL: pg_trgm GIN indexes on the normalized source and the target, queried
with ILIKE. A search gives the source side the query normalized as stored sources are, so either script finds
pairs in either script. (`SQLITE_FTS` and `POSTGRES_TRGM` are the definitions revision 0001 created.)
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import CursorResult, text
from sqlalchemy.orm import Session

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE segments_fts USING fts5(source, target, content='segments', content_rowid='id',"
    " tokenize='trigram')",
    "CREATE TRIGGER segments_fts_ai AFTER INSERT ON segments BEGIN"
    " INSERT INTO segments_fts(rowid, source, target) VALUES (new.id, new.source, new.target); END",
    "CREATE TRIGGER segments_fts_ad AFTER DELETE ON segments BEGIN"
    " INSERT INTO segments_fts(segments_fts, rowid, source, target) VALUES ('delete', old.id, old.source, old.target);"
    " END",
    "CREATE TRIGGER segments_fts_au AFTER UPDATE OF source, target ON segments BEGIN"
    " INSERT INTO segments_fts(segments_fts, rowid, source, target) VALUES ('delete', old.id, old.source, old.target);"
    " INSERT INTO segments_fts(rowid, source, target) VALUES (new.id, new.source, new.target); END",
]
POSTGRES_TRGM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_segments_source_trgm ON segments USING gin (source gin_trgm_ops)",
    "CREATE INDEX ix_segments_target_trgm ON segments USING gin (target gin_trgm_ops)",
]


def concordance_ddl(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return SQLITE_FTS
    if dialect == "postgresql":
        return POSTGRES_TRGM
    return []


def concordance_drop_ddl(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            "DROP TRIGGER IF EXISTS segments_fts_ai",
            "DROP TRIGGER IF EXISTS segments_fts_ad",
            "DROP TRIGGER IF EXISTS segments_fts_au",
            "DROP TABLE IF EXISTS segments_fts",
        ]
    if dialect == "postgresql":
        return ["DROP INDEX IF EXISTS ix_segments_source_trgm", "DROP INDEX IF EXISTS ix_segments_target_trgm"]
    return []


def _like_escape(q: str) -> str:
    return q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(q: str) -> str:
    return '"' + q.replace('"', '""') + '"'


CATCH_UP_BATCH = 20_000


def concordance_catches_up(dialect: str) -> bool:
    """Whether bulk imports leave concordance indexing to a catch-up afterwards: SQLite's FTS5 index does;
    PostgreSQL's pg_trgm index is kept up to date by every insert."""
    return dialect == "sqlite"


def defer_concordance(session: Session, on: bool) -> None:
    """Bulk imports switch the SQLite per-row concordance indexing off for their own inserts."""
    if concordance_catches_up(session.get_bind().dialect.name):
        session.execute(text("UPDATE meta SET value = :v WHERE name = 'fts_defer'"), {"v": 1 if on else 0})


def concordance_pending(session: Session) -> int:
    """How many pairs wait for the SQLite concordance index (always 0 on PostgreSQL)."""
    if not concordance_catches_up(session.get_bind().dialect.name):
        return 0
    return session.execute(
        text("SELECT COUNT(*) FROM segments WHERE id > (SELECT value FROM meta WHERE name = 'fts_upto')")
    ).scalar_one()


def catch_up_concordance(session: Session, batch: int = CATCH_UP_BATCH) -> int:
    """Index the next batch of waiting pairs and move the mark; returns how many were indexed.

    The caller commits; run it until it returns 0.
    """
    if not concordance_catches_up(session.get_bind().dialect.name):
        return 0
    upto = session.execute(text("SELECT value FROM meta WHERE name = 'fts_upto'")).scalar_one()
    last = session.execute(
        text("SELECT MAX(id) FROM (SELECT id FROM segments WHERE id > :u ORDER BY id LIMIT :n)"),
        {"u": upto, "n": batch},
    ).scalar()
    if last is None:
        return 0
    inserted = session.execute(
        text(
            "INSERT INTO segments_fts(rowid, normalized_source, target) SELECT id, normalized_source, target "
            "FROM segments WHERE id > :u AND id <= :last"
        ),
        {"u": upto, "last": last},
    )
    done = cast(CursorResult, inserted).rowcount  # an INSERT's result is a cursor result
    session.execute(text("UPDATE meta SET value = :last WHERE name = 'fts_upto'"), {"last": last})
    return done


def concordance_ids(
    session: Session,
    q: str,
    *,
    document_id: int | None,
    after: tuple[float, int] | None,
    limit: int,
    q_normalized: str | None = None,
) -> list[tuple[int, float]]:
    """Segment ids whose normalized source contains `q_normalized` (the query normalized as stored sources are;
    `q` itself when not given) or whose target contains q, best first, as (id, rank) pairs.

    Rank: shorter segments containing the phrase first (the closest concordance hits), then id.
    Keyset pagination on (rank, id) so pages stay stable under inserts. On SQLite, pairs above the
    concordance mark (a bulk import not indexed yet) are scanned directly, so results are always complete.
    """
    qn = q_normalized or q
    dialect = session.get_bind().dialect.name
    params: dict[str, object] = {"limit": limit, "doc": document_id}
    doc_clause = " AND s.document_id = :doc" if document_id is not None else ""
    after_clause = ""
    if after is not None:
        params["ar"], params["aid"] = after
        after_clause = " AND (rank > :ar OR (rank = :ar AND s.id > :aid))"
    if dialect == "sqlite" and len(q) >= 3 and len(qn) >= 3:
        params["q"] = f"normalized_source : {_fts_phrase(qn)} OR target : {_fts_phrase(q)}"
        params["like"] = "%" + _like_escape(q) + "%"
        params["like_n"] = "%" + _like_escape(qn) + "%"
        sql = (
            "SELECT id, rank FROM (SELECT s.id AS id, CAST(length(s.source) AS REAL) AS rank, s.document_id"
            " FROM segments_fts JOIN segments s ON s.id = segments_fts.rowid WHERE segments_fts MATCH :q"
            " UNION ALL SELECT s.id AS id, CAST(length(s.source) AS REAL) AS rank, s.document_id FROM segments s"
            " WHERE s.id > (SELECT value FROM meta WHERE name = 'fts_upto')"
            " AND (s.normalized_source LIKE :like_n ESCAPE '\\' OR s.target LIKE :like ESCAPE '\\')) s"
            f" WHERE 1=1{doc_clause}{after_clause} ORDER BY rank, id LIMIT :limit"
        )
    else:
        params["q"] = "%" + _like_escape(q) + "%"
        params["qn"] = "%" + _like_escape(qn) + "%"
        op = "ILIKE" if dialect == "postgresql" else "LIKE"
        sql = (
            "SELECT id, rank FROM (SELECT s.id AS id, CAST(length(s.source) AS REAL) AS rank, s.document_id"
            f" FROM segments s WHERE (s.normalized_source {op} :qn ESCAPE '\\' OR s.target {op} :q ESCAPE '\\')) s"
            f" WHERE 1=1{doc_clause}{after_clause} ORDER BY rank, id LIMIT :limit"
        )
    return [(int(r[0]), float(r[1])) for r in session.execute(text(sql), params)]
