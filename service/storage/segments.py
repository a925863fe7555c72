"""Translation-memory storage: aligned pairs with dedupe, documents, concordance, and the change log
that keeps every worker's in-memory index in step."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, joinedload

from service.errors import BadCursor, Conflict, NotFound
from service.memory.pairs import PreparedPair
from service.storage import dialect
from service.storage.cursors import decode_cursor, encode_cursor
from service.storage.models import Document, MemoryChange, QualityVerdict, Segment, utcnow


def document_id(session: Session, name: str | None, cache: dict[str, int] | None = None) -> int | None:
    if not name:
        return None
    if cache is not None and name in cache:
        return cache[name]
    doc_id = session.scalar(select(Document.id).where(Document.name == name))
    if doc_id is None:
        try:
            with session.begin_nested():
                doc = Document(name=name)
                session.add(doc)
                session.flush()
                doc_id = doc.id
        except IntegrityError:  # another writer created it meanwhile
            doc_id = session.scalar(select(Document.id).where(Document.name == name))
    if doc_id is None:
        raise RuntimeError(f"document {name!r} could neither be found nor created")
    if cache is not None:
        cache[name] = doc_id
    return doc_id


def _row(p: PreparedPair, doc_id: int | None, who: str, import_id: int | None) -> Segment:
    now = utcnow()
    return Segment(
        source=p.source,
        source_raw=p.source_raw,
        target=p.target,
        source_lang=p.source_lang,
        target_lang=p.target_lang,
        normalized_source=p.normalized,
        match_key=p.key,
        key_hash=p.key_hash,
        context_hash=p.context_hash,
        pair_hash=p.pair_hash,
        document_id=doc_id,
        context_before=p.context_before,
        context_after=p.context_after,
        origin=p.origin,
        extra=p.extra,
        created_by=who,
        created_at=p.created_at or now,
        updated_at=now,
        import_id=import_id,
    )


@dataclass
class StoreResult:
    created: list[Segment] = field(default_factory=list)
    duplicates: list[Segment] = field(default_factory=list)


def store_pairs(
    session: Session, pairs: Iterable[PreparedPair], who: str, *, import_id: int | None = None
) -> StoreResult:
    """Insert pairs not stored yet (same normalized source and target = same pair), logging each add.

    Safe against concurrent writers: a pair inserted by someone else meanwhile is reported as a duplicate.
    """
    result = StoreResult()
    pairs = list(pairs)
    hashes = [p.pair_hash for p in pairs]
    existing: dict[str, Segment] = {}
    for chunk in range(0, len(hashes), 500):
        for row in session.scalars(select(Segment).where(Segment.pair_hash.in_(hashes[chunk : chunk + 500]))):
            existing[row.pair_hash] = row
    docs: dict[str, int] = {}
    # inserted in pair-hash order: two batches sharing pairs then take the unique-index locks in the same
    # order, so one waits for the other instead of both deadlocking (PostgreSQL)
    for p in sorted(pairs, key=lambda pair: pair.pair_hash):
        if p.pair_hash in existing:
            result.duplicates.append(existing[p.pair_hash])
            continue
        row = _row(p, document_id(session, p.document, docs), who, import_id)
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:
            other = session.scalar(select(Segment).where(Segment.pair_hash == p.pair_hash))
            if other is None:
                raise
            existing[p.pair_hash] = other
            result.duplicates.append(other)
            continue
        existing[p.pair_hash] = row
        session.add(MemoryChange(segment_id=row.id, op="add"))
        result.created.append(row)
    session.flush()
    return result


_INSERT_COLUMNS = (
    "source",
    "source_raw",
    "target",
    "source_lang",
    "target_lang",
    "normalized_source",
    "match_key",
    "key_hash",
    "context_hash",
    "pair_hash",
    "document_id",
    "context_before",
    "context_after",
    "origin",
    "extra",
    "created_by",
    "created_at",
    "updated_at",
    "import_id",
)


def _sqlite_datetime(dt: datetime) -> str:
    """The text SQLAlchemy's SQLite DateTime type writes and reads back."""
    return dt.strftime("%Y-%m-%d %H:%M:%S.%f")


def bulk_insert(
    session: Session, pairs: list[PreparedPair], who: str, import_id: int | None, docs: dict[str, int]
) -> tuple[int, int]:
    """Fast path for imports: one round trip to find duplicates, then executemany inserts.

    Returns (created, skipped). Concurrent writers of the same pair are excluded by the caller's lock.
    """
    seen: set[str] = set()
    fresh: list[PreparedPair] = []
    hashes = [p.pair_hash for p in pairs]
    stored: set[str] = set()
    for chunk in range(0, len(hashes), 900):
        stored.update(
            session.scalars(select(Segment.pair_hash).where(Segment.pair_hash.in_(hashes[chunk : chunk + 900])))
        )
    for p in pairs:
        if p.pair_hash in stored or p.pair_hash in seen:
            continue
        seen.add(p.pair_hash)
        fresh.append(p)
    if not fresh:
        return 0, len(pairs)
    now = utcnow()
    name = session.get_bind().dialect.name
    stamp = _sqlite_datetime if name == "sqlite" else (lambda dt: dt)
    stamped_now = stamp(now)
    placeholders = ", ".join(["?" if name == "sqlite" else "%s"] * len(_INSERT_COLUMNS))
    rows = [
        (
            p.source,
            p.source_raw,
            p.target,
            p.source_lang,
            p.target_lang,
            p.normalized,
            p.key,
            p.key_hash,
            p.context_hash,
            p.pair_hash,
            document_id(session, p.document, docs),
            p.context_before,
            p.context_after,
            p.origin,
            json.dumps(p.extra, ensure_ascii=False) if p.extra else "{}",
            who,
            stamp(p.created_at) if p.created_at else stamped_now,
            stamped_now,
            import_id,
        )
        for p in fresh
    ]
    dialect.defer_concordance(session, True)  # indexed afterwards in batches (dialect.catch_up_concordance)
    # straight to the driver: the rows are plain values already, and this is the hot loop of a large import
    session.connection().exec_driver_sql(
        f"INSERT INTO segments ({', '.join(_INSERT_COLUMNS)}) VALUES ({placeholders})", rows
    )
    dialect.defer_concordance(session, False)
    # the change log, written by the database from the rows just stored (no ids back and forth)
    added = (
        select(Segment.id, literal("add"))
        .where(Segment.pair_hash.in_([p.pair_hash for p in fresh]))
        .order_by(Segment.id)
    )
    session.execute(insert(MemoryChange).from_select(["segment_id", "op"], added))
    return len(fresh), len(pairs) - len(fresh)


def get(session: Session, segment_id: int) -> Segment:
    row = session.get(Segment, segment_id)
    if row is None:
        raise NotFound(f"no segment {segment_id}")
    return row


def update(
    session: Session, segment_id: int, p: PreparedPair, *, set_document: bool = False, document: str | None = None
) -> Segment:
    """Store a changed pair under its id (keys recomputed by the caller) and tell the index (delete + add).

    With `set_document` the pair moves to `document` (None: to no document); without, it keeps its own.
    """
    row = get(session, segment_id)
    if set_document:
        row.document_id = document_id(session, document)
    clash = session.scalar(select(Segment.id).where(Segment.pair_hash == p.pair_hash, Segment.id != segment_id))
    if clash is not None:
        raise Conflict(f"the same pair is stored already as segment {clash}")
    for name in (
        "source",
        "source_raw",
        "target",
        "source_lang",
        "target_lang",
        "context_before",
        "context_after",
        "origin",
    ):
        setattr(row, name, getattr(p, name))
    row.normalized_source, row.match_key, row.key_hash = p.normalized, p.key, p.key_hash
    row.context_hash, row.pair_hash = p.context_hash, p.pair_hash
    row.updated_at = utcnow()
    row.quality_score, row.quality = None, None
    session.flush()
    session.add(MemoryChange(segment_id=row.id, op="delete"))
    session.add(MemoryChange(segment_id=row.id, op="add"))
    return row


def delete(session: Session, segment_id: int) -> None:
    row = get(session, segment_id)
    session.delete(row)
    session.add(MemoryChange(segment_id=segment_id, op="delete"))
    session.flush()


@dataclass
class Page:
    items: list[Segment]
    next_cursor: str | None


def document_filter_id(session: Session, document: str | None) -> int | bool | None:
    if document is None:
        return None
    doc_id = session.scalar(select(Document.id).where(Document.name == document))
    return False if doc_id is None else doc_id


def search(
    session: Session,
    *,
    q: str | None = None,
    document: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
    q_normalized: str | None = None,
) -> Page:
    """Concordance on the normalized source (with `q_normalized`, the query as the caller normalized it) and the
    target (FTS5 trigram / pg_trgm), or the newest pairs when q is empty."""
    doc_id = document_filter_id(session, document)
    if doc_id is False:
        return Page([], None)
    if q:
        after = None
        if cursor:
            c = decode_cursor(cursor, ["r", "id"])
            if not isinstance(c["r"], (int, float)) or not isinstance(c["id"], int):
                raise BadCursor("cursor is not one this server issued")
            after = (float(c["r"]), c["id"])
        hits = dialect.concordance_ids(
            session, q, document_id=doc_id, after=after, limit=limit + 1, q_normalized=q_normalized
        )
        rows_by_id = {r.id: r for r in session.scalars(select(Segment).where(Segment.id.in_([h[0] for h in hits])))}
        rows = [rows_by_id[i] for i, _ in hits[:limit] if i in rows_by_id]
        nxt = encode_cursor({"r": hits[limit - 1][1], "id": hits[limit - 1][0]}) if len(hits) > limit else None
        return Page(rows, nxt)
    stmt = select(Segment)
    if doc_id is not None:
        stmt = stmt.where(Segment.document_id == doc_id)
    if cursor:
        c = decode_cursor(cursor, ["id"])
        if not isinstance(c["id"], int):
            raise BadCursor("cursor is not one this server issued")
        stmt = stmt.where(Segment.id < c["id"])
    rows = list(session.scalars(stmt.order_by(Segment.id.desc()).limit(limit + 1)))
    nxt = encode_cursor({"id": rows[limit - 1].id}) if len(rows) > limit else None
    return Page(rows[:limit], nxt)


def iter_segments(session: Session, *, document: str | None = None, batch: int = 2000) -> Iterable[Segment]:
    """Every pair (of a document), in id order, a batch at a time, for streaming exports."""
    doc_id = document_filter_id(session, document)
    if doc_id is False:
        return
    last = 0
    while True:
        stmt = select(Segment).where(Segment.id > last)
        if doc_id is not None:
            stmt = stmt.where(Segment.document_id == doc_id)
        rows = list(session.scalars(stmt.order_by(Segment.id).limit(batch)))
        if not rows:
            return
        yield from rows
        last = rows[-1].id
        session.flush()  # keep what the caller changed on these rows before letting them go
        session.expunge_all()


def list_documents(session: Session) -> list[tuple[str, int]]:
    stmt = (
        select(Document.name, func.count(Segment.id))
        .join(Segment, Segment.document_id == Document.id, isouter=True)
        .group_by(Document.id, Document.name)
        .order_by(Document.name)
    )
    return [(name, n) for name, n in session.execute(stmt)]


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Segment)) or 0


_LOOKUP_OPTIONS = (joinedload(Segment.document), defer(Segment.extra), defer(Segment.quality))


def by_ids(session: Session, ids: Iterable[int]) -> dict[int, Segment]:
    ids = list(ids)
    out: dict[int, Segment] = {}
    for chunk in range(0, len(ids), 500):
        for row in session.scalars(
            select(Segment).options(*_LOOKUP_OPTIONS).where(Segment.id.in_(ids[chunk : chunk + 500]))
        ):
            out[row.id] = row
    return out


def by_key_hash(session: Session, key_hash: str, normalized: str, limit: int) -> list[Segment]:
    """Pairs sharing a match key: those whose normalized source is the query itself first, then the newest.

    A repetitive memory can hold thousands of pairs that differ only in their numbers; only the best few
    are loaded.
    """
    return list(
        session.scalars(
            select(Segment)
            .options(*_LOOKUP_OPTIONS)
            .where(Segment.key_hash == key_hash)
            .order_by((Segment.normalized_source == normalized).desc(), Segment.created_at.desc(), Segment.id.desc())
            .limit(limit)
        )
    )


def changes_since(session: Session, last_id: int) -> list[tuple[int, int, str]]:
    return [
        (r.id, r.segment_id, r.op)
        for r in session.scalars(select(MemoryChange).where(MemoryChange.id > last_id).order_by(MemoryChange.id))
    ]


def last_change_id(session: Session) -> int:
    return session.scalar(select(func.max(MemoryChange.id))) or 0


def all_keys(session: Session, batch: int = 50_000) -> Iterable[tuple[int, str]]:
    last = 0
    while True:
        rows = session.execute(
            select(Segment.id, Segment.match_key).where(Segment.id > last).order_by(Segment.id).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def newest_pairs(session: Session, limit: int) -> list[tuple[str, str]]:
    """(source, target) of the newest pairs, newest first (a sample for the memory's length statistics)."""
    return [
        (s, t)
        for s, t in session.execute(select(Segment.source, Segment.target).order_by(Segment.id.desc()).limit(limit))
    ]


def other_targets(session: Session, row: Segment) -> list[str]:
    """The targets of the other pairs with the same normalized source."""
    return list(
        session.scalars(
            select(Segment.target).where(Segment.normalized_source == row.normalized_source, Segment.id != row.id)
        )
    )


def quality_scores(session: Session, document: str | None = None) -> list[float]:
    """The stored quality score of every scored pair (of a document)."""
    stmt = select(Segment.quality_score).where(Segment.quality_score.is_not(None))
    if document:
        doc_id = document_filter_id(session, document)
        if not doc_id:
            return []
        stmt = stmt.where(Segment.document_id == doc_id)
    return [score for (score,) in session.execute(stmt) if score is not None]


# ------------------------------------------------------------------ reviewers' verdicts on quality flags


def set_verdict(session: Session, segment_id: int, code: str, message: str, verdict: str, who: str) -> QualityVerdict:
    """Record (or change) the verdict on one flag of a pair."""
    get(session, segment_id)  # NotFound for a pair that is not there
    row = session.scalar(
        select(QualityVerdict).where(
            QualityVerdict.segment_id == segment_id, QualityVerdict.code == code, QualityVerdict.message == message
        )
    )
    if row is None:
        row = QualityVerdict(segment_id=segment_id, code=code, message=message, verdict=verdict, created_by=who)
        session.add(row)
    else:
        row.verdict, row.created_by, row.created_at = verdict, who, utcnow()
    session.flush()
    return row


def verdicts(session: Session, segment_ids: list[int] | None = None) -> list[QualityVerdict]:
    """The verdicts on the flags of these pairs (all pairs when None)."""
    stmt = select(QualityVerdict)
    if segment_ids is not None:
        stmt = stmt.where(QualityVerdict.segment_id.in_(segment_ids))
    return list(session.scalars(stmt.order_by(QualityVerdict.id)))
