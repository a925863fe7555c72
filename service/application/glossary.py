"""The glossary as the application sees it: the worker's live matcher, term lookup, the rules a term
change follows (validation, one term per normalized source, optimistic locking, history), and import and
export through the format registry.

Each worker checks the glossary version at most once a second, so every worker sees a change within about
a second without a query per request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from dataclasses import replace as with_fields
from typing import Any

from sqlalchemy.orm import Session

from glossary.matcher import GlossaryIndex, Hit, TermMatcher
from glossary.model import Category, Status, validate_term
from glossary.model import Term as TermData
from glossary.places import load_countries, load_places
from service.application.shapes import hit_to_dict, term_to_dict
from service.errors import Conflict, InvalidTerm, NotAllowed
from service.formats import base as formats
from service.formats.results import ReadResult
from service.storage import terms as term_store
from service.storage.models import Term, TermHistory
from service.text.normalize import normalize, normalize_form

POLL_SECONDS = 1.0
EDITABLE = (
    "source",
    "target",
    "category",
    "status",
    "variants",
    "admitted",
    "forbidden",
    "note",
    "domain",
    "pattern",
)
REPLACED_DEFAULTS = {
    "category": "other",
    "status": "approved",
    "variants": [],
    "admitted": [],
    "forbidden": [],
    "note": "",
    "domain": "",
    "pattern": "",
}


class GlossaryState:
    """One worker's matcher, rebuilt when the glossary version in the database moves."""

    def __init__(self) -> None:
        self.index = GlossaryIndex(load_places(), load_countries())
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Check the version on the next request (this worker just changed the glossary)."""
        self._checked_at = 0.0

    def matcher(self, session: Session, *, force: bool = False) -> TermMatcher:
        now = time.monotonic()
        if not force and self.index.version is not None and now - self._checked_at < POLL_SECONDS:
            return self.index.matcher
        with self._lock:
            self._checked_at = now
            version = term_store.glossary_version(session)
            return self.index.ensure(
                version, lambda: [term_store.row_to_data(r) for r in term_store.all_terms(session)]
            )

    def hits(self, session: Session, text: str) -> list[Hit]:
        """Every glossary hit in a raw text, with offsets into the text exactly as given."""
        norm = normalize(text)
        return self.matcher(session).match_with_offsets(norm.text, norm.offsets)

    def lookup(self, session: Session, text: str) -> list[dict[str, Any]]:
        return [hit_to_dict(h, text) for h in self.hits(session, text)]


# ------------------------------------------------------------------ the rules of a term change


def check_term(fields: dict[str, Any]) -> TermData:
    """The term the fields describe, trimmed; InvalidTerm naming each field that breaks a rule."""
    try:
        data = TermData(
            source=fields["source"].strip(),
            target=fields["target"].strip(),
            category=Category(fields.get("category", "other")),
            status=Status(fields.get("status", "approved")),
            variants=tuple(v.strip() for v in fields.get("variants", ())),
            admitted=tuple(v.strip() for v in fields.get("admitted", ())),
            forbidden=tuple(v.strip() for v in fields.get("forbidden", ())),
            note=fields.get("note", ""),
            domain=fields.get("domain", ""),
            pattern=fields.get("pattern", ""),
        )
    except ValueError as exc:
        raise InvalidTerm([("category/status", str(exc))]) from None
    errors = validate_term(data)
    if errors:
        raise InvalidTerm([(e.field, e.message) for e in errors])
    return data


def _record(session: Session, row: Term, action: str, who: str) -> None:
    term_store.add_history(session, row.id, row.version, action, term_to_dict(row), who)


def _changed(session: Session, row: Term, action: str, who: str) -> None:
    _record(session, row, action, who)
    term_store.bump_glossary_version(session)


def create_term(session: Session, fields: dict[str, Any], who: str, *, may_approve: bool = True) -> Term:
    """A new term. One created by someone who may not approve (an editor) is `proposed` whatever status it
    asked for, until an admin approves it."""
    data = check_term(fields)
    if not may_approve and data.status == Status.APPROVED:
        data = with_fields(data, status=Status.PROPOSED)
    key = normalize_form(data.source)
    existing = term_store.by_source_key(session, key)
    if existing is not None:
        raise Conflict(
            f"a term with source {existing.source!r} exists already (id {existing.id})", term_to_dict(existing)
        )
    row = term_store.add(session, data, key, who)
    _changed(session, row, "create", who)
    return row


def update_term(
    session: Session,
    term_id: int,
    changes: dict[str, Any],
    expected_version: int,
    who: str,
    *,
    replace: bool,
    may_approve: bool = True,
) -> Term:
    """Apply a PUT (replace: unsent fields take their defaults) or a PATCH; a version other than the stored
    one is a conflict, and a change that changes nothing makes no new version. Approving a term (making a
    term that is not approved `approved`) needs `may_approve`: without it, NotAllowed."""
    row = term_store.get(session, term_id)
    if row.version != expected_version:
        raise Conflict(
            f"term {term_id} is at version {row.version}, the write was based on {expected_version}", term_to_dict(row)
        )
    merged = term_store.stored_fields(row, EDITABLE)
    if replace:
        merged.update(REPLACED_DEFAULTS)
    merged.update({k: v for k, v in changes.items() if k in EDITABLE and v is not None})
    data = check_term(merged)
    if not may_approve and data.status == Status.APPROVED and row.status != Status.APPROVED:
        raise NotAllowed("approving a term needs an admin; an editor's term stays proposed")
    key = normalize_form(data.source)
    clash = term_store.by_source_key(session, key, exclude_id=term_id)
    if clash is not None:
        raise Conflict(f"a term with source {clash.source!r} exists already (id {clash.id})", term_to_dict(clash))
    new = term_store.data_to_fields(data)
    if new == term_store.stored_fields(row, new):
        return row  # nothing changed: no new version, no history entry
    term_store.change(session, row, new, who, key=key)
    _changed(session, row, "update", who)
    return row


def delete_term(session: Session, term_id: int, who: str, *, hard: bool, expected_version: int | None) -> str:
    """Soft delete marks the term deprecated (kept, still visible); hard delete removes it (history stays)."""
    row = term_store.get(session, term_id)
    if expected_version is not None and row.version != expected_version:
        raise Conflict(
            f"term {term_id} is at version {row.version}, the delete was based on {expected_version}", term_to_dict(row)
        )
    if hard:
        snapshot = term_to_dict(row)
        term_store.remove(session, row)
        term_store.add_history(session, term_id, snapshot["version"], "delete", snapshot, who)
        term_store.bump_glossary_version(session)
        return "hard"
    if row.status != Status.DEPRECATED:
        term_store.change(session, row, {"status": str(Status.DEPRECATED)}, who)
        _changed(session, row, "deprecate", who)
    return "soft"


def get_term(session: Session, term_id: int) -> Term:
    return term_store.get(session, term_id)


def find_term(session: Session, term_id: int) -> Term | None:
    """The term, or None when it does not exist (any more)."""
    return term_store.find(session, term_id)


def term_history(session: Session, term_id: int) -> list[TermHistory]:
    return term_store.history(session, term_id)


def list_terms(
    session: Session,
    *,
    q: str | None = None,
    category: str | None = None,
    status: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> term_store.Page:
    """Terms in id order; q matches the source as written or normalized, the target or the note."""
    return term_store.list_terms(
        session,
        q=q,
        q_key=normalize_form(q) if q else None,
        category=category,
        status=status,
        limit=limit,
        cursor=cursor,
    )


def all_terms(session: Session) -> list[Term]:
    return term_store.all_terms(session)


def count_terms(session: Session) -> int:
    return term_store.count(session)


# ------------------------------------------------------------------ import and export


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[tuple[int | None, str]] = field(default_factory=list)


def apply_terms(
    session: Session, terms: Iterable[tuple[int | None, TermData]], who: str, *, may_approve: bool = True
) -> ImportOutcome:
    """Upsert by normalized source inside the caller's transaction; identical terms are skipped.

    A stored term is merged with the file's: a field the file leaves blank (not in the term's `given`) keeps
    the stored value, a field it gives (cleared with the marker, or a value) replaces it. Without
    `may_approve` (an editor's import), new terms are `proposed` and no stored term's status becomes approved.
    The caller commits only when `errors` is empty, so an import is all-or-nothing.
    """
    out = ImportOutcome()
    existing = {row.source_key: row for row in term_store.all_terms(session)}
    seen: dict[str, int | None] = {}
    changed = False
    for line, term in terms:
        try:
            data = check_term(term_store.data_to_fields(term))
        except InvalidTerm as exc:
            out.errors.append((line, str(exc)))
            continue
        key = normalize_form(data.source)
        if key in seen:
            out.errors.append((line, f"duplicate source {data.source!r} (also on line {seen[key]})"))
            continue
        seen[key] = line
        fields = term_store.data_to_fields(data)
        row = existing.get(key)
        if row is None:
            if not may_approve and data.status == Status.APPROVED:
                data = with_fields(data, status=Status.PROPOSED)
            row = term_store.add(session, data, key, who)
            _record(session, row, "import", who)
            out.created += 1
            changed = True
            continue
        stored = term_store.stored_fields(row, fields)
        if term.given is not None:
            fields = {name: value if name in term.given else stored[name] for name, value in fields.items()}
        if not may_approve and fields["status"] == str(Status.APPROVED) != stored["status"]:
            fields["status"] = stored["status"]
        if fields != stored:
            try:
                check_term(fields)
            except InvalidTerm as exc:
                out.errors.append((line, str(exc)))
                continue
        if stored == fields:
            out.skipped += 1
            continue
        term_store.change(session, row, fields, who)
        _record(session, row, "import", who)
        out.updated += 1
        changed = True
    if changed:
        term_store.bump_glossary_version(session)
    return out


@dataclass
class TermImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False
    committed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "errors": self.errors,
            "dry_run": self.dry_run,
            "committed": self.committed,
        }


def read_terms(data: bytes, fmt: str) -> ReadResult:
    """Parse a glossary file with the reader of its format."""
    return formats.glossary_format(fmt).read(data)


def import_terms(
    session: Session, data: bytes, fmt: str, who: str, *, dry_run: bool = False, may_approve: bool = True
) -> TermImportReport:
    """Read the whole file first; store nothing unless every line is good (and not a dry run). A file that
    holds no terms at all (a CSV header alone, an empty TBX body) is an error too."""
    result = read_terms(data, fmt)
    report = TermImportReport(dry_run=dry_run)
    report.errors = [{"line": e.line, "message": e.message} for e in result.errors]
    if not result.terms and not result.errors:
        report.errors.append({"line": None, "message": "the file holds no terms"})
    outcome = apply_terms(session, ((None, t) for t in result.terms), who, may_approve=may_approve)
    report.created, report.updated, report.skipped = outcome.created, outcome.updated, outcome.skipped
    report.errors += [{"line": line, "message": msg} for line, msg in outcome.errors]
    if report.errors or dry_run:
        session.rollback()
    else:
        session.commit()
        report.committed = True
    return report


def export_terms(
    session: Session, fmt: str, *, bom: bool = False, status: str | None = None, category: str | None = None
) -> bytes:
    terms = [term_store.row_to_data(r) for r in term_store.all_terms(session, status=status, category=category)]
    return formats.glossary_format(fmt).write(terms, bom)
