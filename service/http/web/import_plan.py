"""What a glossary import would do to each term, shown before anything is applied."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from glossary.model import Term
from service.formats import base as formats
from service.http.web.term_compare import FieldComparison, compare_terms
from service.text.normalize import normalize_form

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass(frozen=True)
class PlannedRow:
    """One incoming term: whether it is new, changes a stored term (and which fields), or is identical."""

    source: str
    target: str
    action: str
    term_id: int | None
    changes: list[FieldComparison]


def term_fields(term: Term) -> dict[str, Any]:
    """An incoming term as the same field mapping the stored terms use, stripped as storage strips it."""
    return {
        "source": term.source.strip(),
        "target": term.target.strip(),
        "category": str(term.category),
        "status": str(term.status),
        "variants": [v.strip() for v in term.variants],
        "admitted": [v.strip() for v in term.admitted],
        "forbidden": [v.strip() for v in term.forbidden],
        "note": term.note,
        "domain": term.domain,
        "pattern": term.pattern,
    }


def plan_import(incoming: Iterable[Term], stored: Mapping[str, Mapping[str, Any]]) -> list[PlannedRow]:
    """Classify each incoming term against the stored terms, keyed by normalized source as imports match."""
    rows = []
    for term in incoming:
        fields = term_fields(term)
        current = stored.get(normalize_form(fields["source"]))
        if current is None:
            rows.append(PlannedRow(fields["source"], fields["target"], CREATE, None, []))
            continue
        changes = [c for c in compare_terms(fields, current) if c.differs]
        rows.append(
            PlannedRow(fields["source"], fields["target"], UPDATE if changes else UNCHANGED, current.get("id"), changes)
        )
    return rows


def detect_format(filename: str, chosen: str) -> str | None:
    """The format the user chose, or the one the file name says; None when neither tells."""
    if chosen in formats.names("glossary"):
        return chosen
    found = formats.by_extension("glossary", filename)
    return found.name if found is not None else None
