"""The glossary term and the rules a term must satisfy before it is stored or matched."""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from service.text.normalize import normalize_form


class Category(StrEnum):
    """What kind of thing a term names; drives composite-title matching and review filters."""

    ORGANIZATION = "organization"
    TITLE = "title"
    POLITICAL_PHRASE = "political-phrase"
    PLACE = "place"
    LAW_DOCUMENT = "law-document"
    EVENT = "event"
    OTHER = "other"


class Status(StrEnum):
    """Review state: proposed terms await review, deprecated ones still match but are flagged."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    DEPRECATED = "deprecated"


# Categories whose terms may carry a composition pattern (an organ or title prefixed by a place).
COMPOSABLE_CATEGORIES = frozenset({Category.ORGANIZATION, Category.TITLE})
PATTERN_PLACEHOLDERS = frozenset({"place", "place_adj"})
MAX_SOURCE_LENGTH = 200
MAX_TARGET_LENGTH = 500
# The CSV codec joins variants, admitted and forbidden renderings with " | ".
LIST_SEPARATOR = "|"
# In an imported file a blank cell keeps what the glossary holds; this marker in a cell clears it.
CLEAR_MARKER = "-"


@dataclass(frozen=True, kw_only=True)
class Term:
    """One approved (or proposed, or deprecated) Chinese → English rendering.

    As in terminology practice (and TBX's administrative statuses), `target` is the preferred
    English term, `admitted` lists other renderings accepted as well ("National Commission of
    Supervision" beside "National Supervisory Commission") and `forbidden` the deprecated ones.
    """

    id: int | None = None
    source: str
    target: str
    category: Category = Category.OTHER
    status: Status = Status.PROPOSED
    variants: tuple[str, ...] = ()
    admitted: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""
    domain: str = ""
    pattern: str = ""
    version: int = 1
    # The fields an imported file gave (blank cells left out); None: every field is given, as in the API.
    given: frozenset[str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class FieldError:
    """A problem with one field of a term, phrased for the person who wrote it."""

    field: str
    message: str


def fold_english(text: str) -> str:
    """Case-insensitive, whitespace-folded form used to compare English renderings."""
    return " ".join(text.split()).casefold()


def _is_symbol_or_punctuation(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] in "PSZC"


def pattern_placeholders(pattern: str) -> list[str]:
    """Placeholder names in a composition pattern; raises ValueError on unbalanced braces."""
    names = []
    for _literal, name, spec, conversion in string.Formatter().parse(pattern):
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"placeholder {{{name}}} may not carry a format spec or conversion")
        names.append(name)
    return names


def _validate_pattern(term: Term) -> list[FieldError]:
    if not term.pattern:
        return []
    try:
        names = pattern_placeholders(term.pattern)
    except ValueError as exc:
        return [FieldError("pattern", f"malformed pattern: {exc}")]
    errors = []
    unknown = sorted(set(names) - PATTERN_PLACEHOLDERS)
    if unknown:
        allowed = ", ".join("{" + name + "}" for name in sorted(PATTERN_PLACEHOLDERS))
        shown = ", ".join("{" + name + "}" for name in unknown)
        errors.append(FieldError("pattern", f"unknown placeholder {shown}; allowed: {allowed}"))
    elif not names:
        errors.append(FieldError("pattern", "pattern has no {place} or {place_adj} placeholder"))
    if term.category not in COMPOSABLE_CATEGORIES:
        errors.append(FieldError("pattern", "only organization and title terms may carry a pattern"))
    return errors


def _validate_list(name: str, items: object) -> list[FieldError]:
    if not isinstance(items, tuple) or not all(isinstance(item, str) for item in items):
        return [FieldError(name, f"{name} must be a tuple of strings")]
    errors = []
    for item in items:
        if not item.strip():
            errors.append(FieldError(name, f"{name} may not contain empty entries"))
        elif LIST_SEPARATOR in item:
            errors.append(FieldError(name, f"{item!r} contains '{LIST_SEPARATOR}', the list separator"))
    return errors


def _validate_admitted(target: str, admitted: tuple[str, ...]) -> list[FieldError]:
    """An admitted rendering repeats neither the target nor another admitted one (compared folded)."""
    errors = []
    seen = {fold_english(target)} if target.strip() else set()
    for item in admitted:
        folded = fold_english(item)
        if folded == fold_english(target):
            errors.append(FieldError("admitted", f"{item!r} repeats the target"))
        elif folded in seen:
            errors.append(FieldError("admitted", f"{item!r} is listed twice"))
        seen.add(folded)
    return errors


def validate_term(term: Term) -> list[FieldError]:
    """Every rule a single term breaks, in field order; an empty list means the term is valid."""
    errors: list[FieldError] = []
    source = term.source if isinstance(term.source, str) else ""
    target = term.target if isinstance(term.target, str) else ""
    if not source.strip():
        errors.append(FieldError("source", "source is empty"))
    elif all(_is_symbol_or_punctuation(ch) for ch in source):
        errors.append(FieldError("source", "source consists only of punctuation or symbols"))
    elif len(source) > MAX_SOURCE_LENGTH:
        errors.append(FieldError("source", f"source is longer than {MAX_SOURCE_LENGTH} characters"))
    if not target.strip():
        errors.append(FieldError("target", "target is empty"))
    elif len(target) > MAX_TARGET_LENGTH:
        errors.append(FieldError("target", f"target is longer than {MAX_TARGET_LENGTH} characters"))
    if term.category not in set(Category):
        errors.append(FieldError("category", f"unknown category {term.category!r}"))
    if term.status not in set(Status):
        errors.append(FieldError("status", f"unknown status {term.status!r}"))

    variant_errors = _validate_list("variants", term.variants)
    errors += variant_errors
    if not variant_errors and source.strip() in {v.strip() for v in term.variants}:
        errors.append(FieldError("variants", "a variant repeats the source"))
    admitted_errors = _validate_list("admitted", term.admitted)
    errors += admitted_errors
    if not admitted_errors:
        errors += _validate_admitted(target, term.admitted)
    forbidden_errors = _validate_list("forbidden", term.forbidden)
    errors += forbidden_errors
    if not forbidden_errors and target.strip() and fold_english(target) in {fold_english(f) for f in term.forbidden}:
        errors.append(FieldError("forbidden", "the target is listed among its own forbidden renderings"))
    if not forbidden_errors and not admitted_errors:
        forbidden = {fold_english(f) for f in term.forbidden}
        for item in term.admitted:
            if fold_english(item) in forbidden:
                errors.append(FieldError("admitted", f"{item!r} is both admitted and forbidden"))
    errors += _validate_pattern(term)
    return errors


def validate_terms(terms: Iterable[Term]) -> list[tuple[int, FieldError]]:
    """`validate_term` over a batch, plus duplicate sources (after `normalize_form`) within the batch."""
    problems: list[tuple[int, FieldError]] = []
    first_index: dict[str, int] = {}
    for index, term in enumerate(terms):
        problems += [(index, error) for error in validate_term(term)]
        if not isinstance(term.source, str) or not term.source.strip():
            continue
        key = normalize_form(term.source)
        if key in first_index:
            message = f"duplicate source {term.source!r} (same as entry {first_index[key]})"
            problems.append((index, FieldError("source", message)))
        else:
            first_index[key] = index
    return problems
