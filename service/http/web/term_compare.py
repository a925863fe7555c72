"""Field-by-field comparison of an editor's version of a term with the stored one, for the conflict view."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from service.http.web.text_diff import DiffRun, readable_diff

# The editable fields in the order the form shows them, with the label people read.
TERM_FIELDS: tuple[tuple[str, str], ...] = (
    ("source", "Source"),
    ("variants", "Variants"),
    ("target", "Target"),
    ("admitted", "Admitted renderings"),
    ("forbidden", "Forbidden renderings"),
    ("category", "Category"),
    ("status", "Status"),
    ("note", "Note"),
    ("domain", "Domain"),
    ("pattern", "Pattern"),
)
LIST_FIELDS = frozenset({"variants", "admitted", "forbidden"})


@dataclass(frozen=True)
class FieldComparison:
    """One field shown side by side: both values as text, whether they differ and how (current → mine)."""

    name: str
    label: str
    mine: str
    current: str
    differs: bool
    runs: list[DiffRun]


def field_text(name: str, value: Any) -> str:
    """A field value as the form shows it: list fields one entry per line."""
    if value is None:
        return ""
    if name in LIST_FIELDS and not isinstance(value, str):
        return "\n".join(str(v) for v in value)
    return str(value)


def compare_terms(mine: Mapping[str, Any], current: Mapping[str, Any]) -> list[FieldComparison]:
    """Every editable field of both versions; list fields compare entry by entry, ignoring blank lines."""
    rows = []
    for name, label in TERM_FIELDS:
        mine_text, current_text = field_text(name, mine.get(name)), field_text(name, current.get(name))
        if name in LIST_FIELDS:
            differs = _entries(mine_text) != _entries(current_text)
        else:
            differs = mine_text.strip() != current_text.strip()
        rows.append(
            FieldComparison(
                name, label, mine_text, current_text, differs, readable_diff(current_text, mine_text) if differs else []
            )
        )
    return rows


def _entries(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
