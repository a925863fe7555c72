"""Glossary import and export in CSV and TBX: all-or-nothing per file, with a dry run that reports only."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from service.formats.glossary_csv import read_csv, write_csv
from service.formats.tbx import read_tbx, write_tbx
from service.storage import terms as term_store

FORMATS = ("csv", "tbx")


@dataclass
class TermImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False
    committed: bool = False
    changes: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "skipped": self.skipped, "errors": self.errors,
                "dry_run": self.dry_run, "committed": self.committed}


def read_terms(data: bytes, fmt: str):
    if fmt == "csv":
        return read_csv(data)
    if fmt == "tbx":
        return read_tbx(data)
    raise ValueError(f"unknown format {fmt!r}; use csv or tbx")


def import_terms(session: Session, data: bytes, fmt: str, who: str, *, dry_run: bool = False) -> TermImportReport:
    """Read the whole file first; store nothing unless every line is good (and not a dry run)."""
    result = read_terms(data, fmt)
    report = TermImportReport(dry_run=dry_run)
    report.errors = [{"line": e.line, "message": e.message} for e in result.errors]
    outcome = term_store.import_terms(session, ((None, t) for t in result.terms), who)
    report.created, report.updated, report.skipped = outcome.created, outcome.updated, outcome.skipped
    report.errors += [{"line": line, "message": msg} for line, msg in outcome.errors]
    if report.errors or dry_run:
        session.rollback()
    else:
        session.commit()
        report.committed = True
    return report


def export_terms(session: Session, fmt: str, *, bom: bool = False, status: str | None = None,
                 category: str | None = None) -> bytes:
    terms = [term_store.row_to_data(r) for r in term_store.all_terms(session, status=status, category=category)]
    if fmt == "csv":
        out = write_csv(terms, bom=bom)
        return out if isinstance(out, bytes) else out.encode("utf-8")
    if fmt == "tbx":
        return write_tbx(terms)
    raise ValueError(f"unknown format {fmt!r}; use csv or tbx")
