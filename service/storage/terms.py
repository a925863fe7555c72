"""Glossary persistence: term rows with optimistic locking (a version column), their history, and the
`glossary` counter in `meta` that every worker polls to rebuild its matcher.

What a valid term is, and what a change means, is decided by the application (service.application.glossary);
this module stores what it is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from glossary.model import Category, Status
from glossary.model import Term as TermData
from service.errors import BadCursor, Conflict, NotFound
from service.storage.cursors import decode_cursor, encode_cursor
from service.storage.models import Meta, Term, TermHistory, utcnow

GLOSSARY_COUNTER = "glossary"
LIST_FIELDS = ("variants", "admitted", "forbidden")


def row_to_data(row: Term) -> TermData:
    return TermData(
        id=row.id,
        source=row.source,
        target=row.target,
        category=Category(row.category),
        status=Status(row.status),
        variants=tuple(row.variants or ()),
        admitted=tuple(row.admitted or ()),
        forbidden=tuple(row.forbidden or ()),
        note=row.note,
        domain=row.domain,
        pattern=row.pattern,
        version=row.version,
    )


def data_to_fields(term: TermData) -> dict[str, Any]:
    """The stored columns of a term (everything but id, key, version and the audit columns)."""
    return {
        "source": term.source,
        "target": term.target,
        "category": str(term.category),
        "status": str(term.status),
        "variants": list(term.variants),
        "admitted": list(term.admitted),
        "forbidden": list(term.forbidden),
        "note": term.note,
        "domain": term.domain,
        "pattern": term.pattern,
    }


def stored_fields(row: Term, names: Iterable[str]) -> dict[str, Any]:
    """The row's values of the given columns, lists as lists (comparable with data_to_fields)."""
    return {k: (list(getattr(row, k) or []) if k in LIST_FIELDS else getattr(row, k)) for k in names}


def bump_glossary_version(session: Session) -> None:
    updated = session.execute(update(Meta).where(Meta.name == GLOSSARY_COUNTER).values(value=Meta.value + 1))
    if updated.rowcount == 0:  # type: ignore[attr-defined]
        session.add(Meta(name=GLOSSARY_COUNTER, value=1))


def glossary_version(session: Session) -> int:
    return session.scalar(select(Meta.value).where(Meta.name == GLOSSARY_COUNTER)) or 0


def add_history(session: Session, term_id: int, version: int, action: str, snapshot: dict[str, Any], who: str) -> None:
    session.add(TermHistory(term_id=term_id, version=version, action=action, snapshot=snapshot, changed_by=who))


def by_source_key(session: Session, key: str, exclude_id: int | None = None) -> Term | None:
    stmt = select(Term).where(Term.source_key == key)
    if exclude_id is not None:
        stmt = stmt.where(Term.id != exclude_id)
    return session.scalar(stmt)


def add(session: Session, data: TermData, key: str, who: str) -> Term:
    """Insert a term; a source key taken meanwhile by another writer is a Conflict."""
    row = Term(source_key=key, created_by=who, updated_by=who, **data_to_fields(data))
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"a term with source {data.source!r} exists already") from None
    return row


def flush_versioned(session: Session, term_id: int) -> None:
    """Write pending changes; if the row's version moved since it was read, nothing is written: Conflict."""
    try:
        session.flush()  # UPDATE ... WHERE id = :id AND version = :loaded
    except StaleDataError:
        session.rollback()
        raise Conflict(f"term {term_id} was changed by someone else meanwhile") from None


def change(session: Session, row: Term, fields: dict[str, Any], who: str, key: str | None = None) -> None:
    """Set columns of a row, stamp who and when, and write it under optimistic locking."""
    for k, v in fields.items():
        setattr(row, k, v)
    if key is not None:
        row.source_key = key
    row.updated_by = who
    row.updated_at = utcnow()
    try:
        flush_versioned(session, row.id)
    except IntegrityError:  # a concurrent writer took the source key
        session.rollback()
        raise Conflict(f"a term with source {fields.get('source', '')!r} exists already") from None


def remove(session: Session, row: Term) -> None:
    term_id = row.id
    session.delete(row)
    flush_versioned(session, term_id)


def get(session: Session, term_id: int) -> Term:
    row = session.get(Term, term_id)
    if row is None:
        raise NotFound(f"no term {term_id}")
    return row


def find(session: Session, term_id: int) -> Term | None:
    return session.get(Term, term_id)


def history(session: Session, term_id: int) -> list[TermHistory]:
    rows = list(session.scalars(select(TermHistory).where(TermHistory.term_id == term_id).order_by(TermHistory.id)))
    if not rows and session.get(Term, term_id) is None:
        raise NotFound(f"no term {term_id}")
    return rows


@dataclass
class Page:
    items: list[Term]
    next_cursor: str | None


def _like(q: str) -> str:
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def list_terms(
    session: Session,
    *,
    q: str | None = None,
    q_key: str | None = None,
    category: str | None = None,
    status: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page:
    """Terms in id order; q matches source, target or note, q_key (q normalized) the source key."""
    stmt = select(Term)
    if q:
        like = _like(q)
        stmt = stmt.where(
            or_(
                Term.source.like(like, escape="\\"),
                Term.source_key.like(_like(q_key or q), escape="\\"),
                func.lower(Term.target).like(like.lower(), escape="\\"),
                func.lower(Term.note).like(like.lower(), escape="\\"),
            )
        )
    if category:
        stmt = stmt.where(Term.category == category)
    if status:
        stmt = stmt.where(Term.status == status)
    if cursor:
        after = decode_cursor(cursor, ["id"])
        if not isinstance(after["id"], int):
            raise BadCursor("cursor is not one this server issued")
        stmt = stmt.where(Term.id > after["id"])
    rows = list(session.scalars(stmt.order_by(Term.id).limit(limit + 1)))
    next_cursor = encode_cursor({"id": rows[limit - 1].id}) if len(rows) > limit else None
    return Page(rows[:limit], next_cursor)


def all_terms(session: Session, *, status: str | None = None, category: str | None = None) -> list[Term]:
    stmt = select(Term)
    if status:
        stmt = stmt.where(Term.status == status)
    if category:
        stmt = stmt.where(Term.category == category)
    return list(session.scalars(stmt.order_by(Term.source_key)))


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Term)) or 0
