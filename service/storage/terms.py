"""Glossary storage: CRUD with optimistic locking, full history, all-or-nothing imports, version counter.

Every write bumps the `glossary` counter in `meta`, which each worker polls to rebuild its matcher.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from glossary.model import Category, Status
from glossary.model import Term as TermData
from glossary.model import validate_term
from glossary.variants import normalize_form
from service.storage.models import Meta, Term, TermHistory, iso_utc, utcnow

GLOSSARY_COUNTER = "glossary"
EDITABLE = ("source", "target", "category", "status", "variants", "forbidden", "note", "domain", "pattern")


class NotFound(LookupError):
    pass


class Conflict(Exception):
    """The write was based on a stale version, or would duplicate another term's source."""

    def __init__(self, message: str, current: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.current = current


class InvalidTerm(ValueError):
    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m in errors))
        self.errors = errors


class BadCursor(ValueError):
    pass


def term_to_dict(row: Term) -> dict[str, Any]:
    return {
        "id": row.id, "source": row.source, "target": row.target, "category": row.category,
        "status": row.status, "variants": list(row.variants or []), "forbidden": list(row.forbidden or []),
        "note": row.note, "domain": row.domain, "pattern": row.pattern, "version": row.version,
        "created_at": iso_utc(row.created_at), "updated_at": iso_utc(row.updated_at),
        "created_by": row.created_by, "updated_by": row.updated_by,
    }


def row_to_data(row: Term) -> TermData:
    return TermData(
        id=row.id, source=row.source, target=row.target, category=Category(row.category),
        status=Status(row.status), variants=tuple(row.variants or ()), forbidden=tuple(row.forbidden or ()),
        note=row.note, domain=row.domain, pattern=row.pattern, version=row.version,
    )


def data_to_fields(term: TermData) -> dict[str, Any]:
    return {
        "source": term.source, "target": term.target, "category": str(term.category),
        "status": str(term.status), "variants": list(term.variants), "forbidden": list(term.forbidden),
        "note": term.note, "domain": term.domain, "pattern": term.pattern,
    }


def _check(fields: dict[str, Any]) -> TermData:
    try:
        data = TermData(
            source=fields["source"].strip(), target=fields["target"].strip(),
            category=Category(fields.get("category", "other")), status=Status(fields.get("status", "approved")),
            variants=tuple(v.strip() for v in fields.get("variants", ())),
            forbidden=tuple(v.strip() for v in fields.get("forbidden", ())),
            note=fields.get("note", ""), domain=fields.get("domain", ""), pattern=fields.get("pattern", ""),
        )
    except ValueError as exc:
        raise InvalidTerm([("category/status", str(exc))]) from None
    errors = validate_term(data)
    if errors:
        raise InvalidTerm([(e.field, e.message) for e in errors])
    return data


def bump_glossary_version(session: Session) -> None:
    updated = session.execute(update(Meta).where(Meta.name == GLOSSARY_COUNTER).values(value=Meta.value + 1))
    if updated.rowcount == 0:
        session.add(Meta(name=GLOSSARY_COUNTER, value=1))


def glossary_version(session: Session) -> int:
    return session.scalar(select(Meta.value).where(Meta.name == GLOSSARY_COUNTER)) or 0


def _record(session: Session, row: Term, action: str, who: str) -> None:
    session.add(TermHistory(term_id=row.id, version=row.version, action=action, snapshot=term_to_dict(row),
                            changed_by=who))


def _source_taken(session: Session, key: str, exclude_id: int | None) -> Term | None:
    stmt = select(Term).where(Term.source_key == key)
    if exclude_id is not None:
        stmt = stmt.where(Term.id != exclude_id)
    return session.scalar(stmt)


def create(session: Session, fields: dict[str, Any], who: str) -> Term:
    data = _check(fields)
    key = normalize_form(data.source)
    existing = _source_taken(session, key, None)
    if existing is not None:
        raise Conflict(f"a term with source {existing.source!r} exists already (id {existing.id})",
                       term_to_dict(existing))
    row = Term(source_key=key, created_by=who, updated_by=who, **data_to_fields(data))
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"a term with source {data.source!r} exists already") from None
    _record(session, row, "create", who)
    bump_glossary_version(session)
    return row


def _flush_versioned(session: Session, term_id: int) -> None:
    """Write pending changes; if the row's version moved since it was read, nothing is written: 409."""
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        raise Conflict(f"term {term_id} was changed by someone else meanwhile") from None


def get(session: Session, term_id: int) -> Term:
    row = session.get(Term, term_id)
    if row is None:
        raise NotFound(f"no term {term_id}")
    return row


def update_term(session: Session, term_id: int, changes: dict[str, Any], expected_version: int, who: str,
                *, replace: bool) -> Term:
    """Apply a PUT (replace) or PATCH; a version other than the stored one is a conflict."""
    row = get(session, term_id)
    if row.version != expected_version:
        raise Conflict(f"term {term_id} is at version {row.version}, the write was based on {expected_version}",
                       term_to_dict(row))
    merged = {k: getattr(row, k) for k in EDITABLE}
    if replace:
        merged.update({"category": "other", "status": "approved", "variants": [], "forbidden": [], "note": "",
                       "domain": "", "pattern": ""})
    merged.update({k: v for k, v in changes.items() if k in EDITABLE and v is not None})
    data = _check(merged)
    key = normalize_form(data.source)
    clash = _source_taken(session, key, term_id)
    if clash is not None:
        raise Conflict(f"a term with source {clash.source!r} exists already (id {clash.id})", term_to_dict(clash))
    new = data_to_fields(data)
    if all(new[k] == (list(getattr(row, k)) if k in ("variants", "forbidden") else getattr(row, k)) for k in new):
        return row  # nothing changed: no new version, no history entry
    for k, v in new.items():
        setattr(row, k, v)
    row.source_key = key
    row.updated_by = who
    row.updated_at = utcnow()
    try:
        _flush_versioned(session, term_id)  # UPDATE ... WHERE id = :id AND version = :loaded
    except IntegrityError:
        session.rollback()
        raise Conflict(f"a term with source {data.source!r} exists already") from None
    _record(session, row, "update", who)
    bump_glossary_version(session)
    return row


def delete(session: Session, term_id: int, who: str, *, hard: bool, expected_version: int | None) -> str:
    """Soft delete marks the term deprecated (kept, still visible); hard delete removes it (history stays)."""
    row = get(session, term_id)
    if expected_version is not None and row.version != expected_version:
        raise Conflict(f"term {term_id} is at version {row.version}, the delete was based on {expected_version}",
                       term_to_dict(row))
    if hard:
        snapshot = term_to_dict(row)
        session.delete(row)
        _flush_versioned(session, term_id)
        session.add(TermHistory(term_id=term_id, version=snapshot["version"], action="delete", snapshot=snapshot,
                                changed_by=who))
        bump_glossary_version(session)
        return "hard"
    if row.status != Status.DEPRECATED:
        row.status = str(Status.DEPRECATED)
        row.updated_by = who
        row.updated_at = utcnow()
        _flush_versioned(session, term_id)
        _record(session, row, "deprecate", who)
        bump_glossary_version(session)
    return "soft"


def history(session: Session, term_id: int) -> list[TermHistory]:
    rows = list(session.scalars(select(TermHistory).where(TermHistory.term_id == term_id)
                                .order_by(TermHistory.id)))
    if not rows and session.get(Term, term_id) is None:
        raise NotFound(f"no term {term_id}")
    return rows


def encode_cursor(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, keys: Sequence[str]) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BadCursor("cursor is not one this server issued") from None
    if not isinstance(payload, dict) or set(payload) != set(keys):
        raise BadCursor("cursor is not one this server issued")
    # a forged id past 64 bits would overflow the database driver; no row has one
    if any(isinstance(v, int) and not -(2**63) <= v < 2**63 for v in payload.values()):
        raise BadCursor("cursor is not one this server issued")
    return payload


@dataclass
class Page:
    items: list[Term]
    next_cursor: str | None


def list_terms(session: Session, *, q: str | None = None, category: str | None = None,
               status: str | None = None, limit: int = 50, cursor: str | None = None) -> Page:
    stmt = select(Term)
    if q:
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        key_like = "%" + normalize_form(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(Term.source.like(like, escape="\\"), Term.source_key.like(key_like, escape="\\"),
                              func.lower(Term.target).like(like.lower(), escape="\\"),
                              func.lower(Term.note).like(like.lower(), escape="\\")))
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


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[tuple[int | None, str]] = field(default_factory=list)


def import_terms(session: Session, terms: Iterable[tuple[int | None, TermData]], who: str) -> ImportOutcome:
    """Upsert by normalized source inside the caller's transaction; identical rows are skipped.

    The caller commits only when `errors` is empty, so an import is all-or-nothing.
    """
    out = ImportOutcome()
    existing = {row.source_key: row for row in session.scalars(select(Term))}
    seen: dict[str, int | None] = {}
    changed = False
    for line, term in terms:
        fields = data_to_fields(term)
        try:
            data = _check(fields)
        except InvalidTerm as exc:
            out.errors.append((line, str(exc)))
            continue
        key = normalize_form(data.source)
        if key in seen:
            out.errors.append((line, f"duplicate source {data.source!r} (also on line {seen[key]})"))
            continue
        seen[key] = line
        fields = data_to_fields(data)
        row = existing.get(key)
        if row is None:
            row = Term(source_key=key, created_by=who, updated_by=who, **fields)
            session.add(row)
            session.flush()
            _record(session, row, "import", who)
            out.created += 1
            changed = True
            continue
        current = {k: (list(getattr(row, k)) if k in ("variants", "forbidden") else getattr(row, k)) for k in fields}
        if current == fields:
            out.skipped += 1
            continue
        for k, v in fields.items():
            setattr(row, k, v)
        row.updated_by = who
        row.updated_at = utcnow()
        session.flush()
        _record(session, row, "import", who)
        out.updated += 1
        changed = True
    if changed:
        bump_glossary_version(session)
    return out
