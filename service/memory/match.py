"""Match scores, character diffs and draft repair for memory matches.

Scores follow established CAT tools:
* 101 `context`: same key, same placeable values, same neighbouring keys.
* 100 `exact`: same key and same placeable values.
* `100 - n` (`fuzzy`, never below 90): same key, `n` placeable values differ — the draft repair
  carries them over, so this ranks above any wording change.
* fuzzy: `fuzz.ratio` of the keys capped at 98, minus 1 per differing placeable value.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from service.memory.keys import SLOT_KINDS, MatchKey, PlaceableLike, match_key
from service.text.months import MONTH_ABBREVIATIONS, MONTHS

CONTEXT_SCORE = 101.0
EXACT_SCORE = 100.0
PLACEABLE_PENALTY = 1.0
PLACEABLE_ONLY_FLOOR = 90.0
FUZZY_CAP = 98.0


@dataclass(frozen=True, slots=True)
class SegmentKeys:
    """What scoring needs from one side: its key and, when known, its neighbours' keys."""

    key: MatchKey
    prev_key: str | None = None
    next_key: str | None = None


def _differing_placeables(query: MatchKey, stored: MatchKey) -> int:
    if query.key == stored.key:
        return sum(q != s for q, s in zip(query.slot_values, stored.slot_values))
    q, s = Counter(query.slot_values), Counter(stored.slot_values)
    return max(sum((q - s).values()), sum((s - q).values()))


def score_kind(query: SegmentKeys, stored: SegmentKeys, ratio: float | None = None) -> tuple[float, str]:
    """`(score, kind)` of a stored segment for a query; `ratio` may pass a precomputed key ratio."""
    differing = _differing_placeables(query.key, stored.key)
    if query.key.key == stored.key.key:
        if differing == 0:
            same_context = (
                query.prev_key is not None
                and query.next_key is not None
                and (query.prev_key, query.next_key) == (stored.prev_key, stored.next_key)
            )
            return (CONTEXT_SCORE, "context") if same_context else (EXACT_SCORE, "exact")
        return max(PLACEABLE_ONLY_FLOOR, EXACT_SCORE - PLACEABLE_PENALTY * differing), "fuzzy"
    if ratio is None:
        ratio = fuzz.ratio(query.key.key, stored.key.key)
    score = max(0.0, min(ratio, FUZZY_CAP) - PLACEABLE_PENALTY * differing)
    return round(score, 2), "fuzzy"


def char_diff(a: str, b: str) -> list[dict]:
    """Character diff turning `a` into `b`: equal/insert/delete/replace runs with offsets and text.

    Equal runs of a single character between two changes are folded into the change, so that
    Chinese text does not shatter into noise around a shared particle such as 的.
    """
    ops: list[list[Any]] = [
        [op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end] for op in Levenshtein.opcodes(a, b)
    ]
    merged: list[list[Any]] = []
    for op in ops:
        changed = op[0] != "equal"
        island = op[0] == "equal" and op[2] - op[1] == 1 and merged and merged[-1][0] != "equal"
        if (changed or island) and merged and merged[-1][0] != "equal":
            merged[-1][0], merged[-1][2], merged[-1][4] = "replace", op[2], op[4]
        else:
            merged.append(op)
    # An island absorbed at the very end of the text is kept as an equal run after all.
    if len(ops) > 1 and ops[-1][0] == "equal" and ops[-1][2] - ops[-1][1] == 1 and merged[-1][0] != "equal":
        last = merged[-1]
        last[2], last[4] = ops[-1][1], ops[-1][3]
        merged.append(ops[-1])
    result = []
    for tag, a_start, a_end, b_start, b_end in merged:
        if tag == "replace" and a_start == a_end:
            tag = "insert"
        elif tag == "replace" and b_start == b_end:
            tag = "delete"
        result.append(
            {
                "op": tag,
                "a": [a_start, a_end],
                "b": [b_start, b_end],
                "text_a": a[a_start:a_end],
                "text_b": b[b_start:b_end],
            }
        )
    return result


# ---------------------------------------------------------------------------- draft repair


@dataclass(frozen=True, slots=True)
class Draft:
    """A proposed translation and the substitutions made to get it."""

    text: str
    repairs: list[dict] = field(default_factory=list)


class TermHitLike(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def target(self) -> str: ...


# How a repaired date writes an abbreviated month: its first abbreviation with a period (May as it is).
_MONTH_ABBR = tuple(f"{names[0]}." if names else month for month, names in zip(MONTHS, MONTH_ABBREVIATIONS))
_CN_DATE = re.compile(r"^(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?:(?P<d>\d{1,2})[日号])?$")
_ISO_DATE = re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$")


def _parse_date(text: str) -> tuple[int | None, int | None, int | None] | None:
    found = _CN_DATE.match(text) or _ISO_DATE.match(text)
    if not found or not any(found.groupdict().values()):
        return None
    year, month, day = (int(v) if v else None for v in (found["y"], found["m"], found["d"]))
    if month is not None and not 1 <= month <= 12:
        return None
    return year, month, day


def _date_patterns(date: tuple[int | None, int | None, int | None]) -> list[tuple[re.Pattern[str], str]]:
    """Regexes for how an English target may write `date`, each with its style name."""
    year, month, day = date
    patterns: list[tuple[str, str]] = []
    if month is not None:
        names = f"(?:{re.escape(MONTHS[month - 1])}|{re.escape(_MONTH_ABBR[month - 1].rstrip('.'))}\\.?)"
        if day is not None:
            y = rf",?\s+{year}" if year else ""
            patterns.append((rf"{names}\s+{day}(?:st|nd|rd|th)?{y}", "mdy"))
            patterns.append((rf"{day}(?:st|nd|rd|th)?\s+{names}" + (rf"\s+{year}" if year else ""), "dmy"))
            if year:
                patterns.append((rf"{year}-0?{month}-0?{day}", "iso"))
        else:
            patterns.append((names + (rf"\s+(?:of\s+)?{year}" if year else ""), "my"))
    elif year is not None and day is None:
        patterns.append((str(year), "y"))
    return [(re.compile(rf"(?<![\w]){p}(?![\w])", re.IGNORECASE), style) for p, style in patterns]


def _render_date(date: tuple[int | None, int | None, int | None], style: str, found: str) -> str:
    year, month, day = date
    abbreviated = not any(name.lower() in found.lower() for name in MONTHS)
    month_name = (_MONTH_ABBR if abbreviated else MONTHS)[month - 1] if month else ""
    if style == "mdy":
        return f"{month_name} {day}" + (f", {year}" if year and "," in found else f" {year}" if year else "")
    if style == "dmy":
        return f"{day} {month_name}" + (f" {year}" if year else "")
    if style == "iso":
        return f"{year:04d}-{month:02d}-{day:02d}"
    if style == "my":
        return month_name + (f" {year}" if year else "")
    return str(year)


def _number_value(text: str) -> str | None:
    digits = re.match(r"^[-+]?[\d,]*\d(?:\.\d+)?", text.strip())
    return digits.group().replace(",", "") if digits else None


def _format_like(value: str, found: str) -> str:
    """Write `value` with thousands separators if the target wrote the old number with them."""
    if "," not in found:
        return value
    whole, _, fraction = value.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('+-')):,}"
    return sign + whole + ("." + fraction if fraction else "")


def _value_spans(kind: str, old: str, new: str, target: str) -> list[tuple[int, int, str]]:
    """Spans in `target` where `old` is rendered, each with the rendering of `new` to put there."""
    spans: list[tuple[int, int, str]] = []
    if kind in {"number", "percent"}:
        old_value, new_value = _number_value(old), _number_value(new)
        if old_value is None or new_value is None or old_value == new_value:
            return spans
        whole, _, fraction = old_value.lstrip("+-").partition(".")
        grouped = f"{int(whole):,}" if whole.isdigit() else whole
        body = (
            "(?:" + re.escape(whole) + "|" + re.escape(grouped) + ")" + (re.escape("." + fraction) if fraction else "")
        )
        sign = re.escape(old_value[0]) if old_value[0] in "+-" else ""
        for found in re.finditer(rf"(?<![\d.,]){sign}{body}(?![\d]|[.,]\d)", target):
            spans.append((found.start(), found.end(), _format_like(new_value, found.group())))
    elif kind == "date":
        old_date, new_date = _parse_date(old), _parse_date(new)
        if old_date is None or new_date is None or old_date == new_date:
            return spans
        if [v is None for v in old_date] != [v is None for v in new_date]:
            return spans
        for pattern, style in _date_patterns(old_date):
            for found in pattern.finditer(target):
                spans.append((found.start(), found.end(), _render_date(new_date, style, found.group())))
            if spans:
                break
    else:
        start = target.find(old)
        while start >= 0 and old:
            spans.append((start, start + len(old), new))
            start = target.find(old, start + len(old))
    return spans


def _aligned_slots(query: MatchKey, stored: MatchKey) -> list[tuple[PlaceableLike, PlaceableLike]]:
    """Pairs (stored placeable, query placeable) whose slot characters align in the keys' LCS."""

    def slot_positions(key: str) -> list[int]:
        return [i for i, ch in enumerate(key) if ch in SLOT_KINDS]

    stored_slots = dict(zip(slot_positions(stored.key), stored.slots))
    query_slots = dict(zip(slot_positions(query.key), query.slots))
    pairs = []
    for block in Indel.opcodes(stored.key, query.key):
        if block.tag != "equal":
            continue
        for offset in range(block.src_end - block.src_start):
            a, b = block.src_start + offset, block.dest_start + offset
            if a in stored_slots and b in query_slots:
                pairs.append((stored_slots[a], query_slots[b]))
    return pairs


def _apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    parts, cursor = [], 0
    for start, end, replacement in sorted(spans):
        parts.append(text[cursor:start])
        parts.append(replacement)
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def _non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def repair_draft(
    query_normalized: str,
    query_placeables: Sequence[PlaceableLike],
    match_source_normalized: str,
    match_source_placeables: Sequence[PlaceableLike],
    match_target: str,
) -> Draft:
    """The match's target with the query's placeable values carried in where the old ones appear.

    Placeables are paired through the alignment of the two keys; a stored value is replaced
    only where it occurs in the target (numbers with or without thousands separators, years,
    dates written `January 18`, `18 January`, `Jan. 18` or ISO, percentages, literal URLs,
    e-mails and file names). A value that two differently-changed placeables share is ambiguous
    and left alone.
    """
    query_key = match_key(query_normalized, query_placeables)
    stored_key = match_key(match_source_normalized, match_source_placeables)
    changes: dict[tuple[str, str], set[str]] = {}
    for stored, query in _aligned_slots(query_key, stored_key):
        if stored.text != query.text:
            changes.setdefault((stored.kind, stored.text), set()).add(query.text)
    spans: list[tuple[int, int, str]] = []
    repairs: list[dict] = []
    for (kind, old), news in changes.items():
        if len(news) != 1:
            continue
        new = next(iter(news))
        found = _value_spans(kind, old, new, match_target)
        if found:
            spans.extend(found)
            repairs.append({"kind": kind, "from": old, "to": new})
    return Draft(_apply(match_target, _non_overlapping(spans)), repairs)


def repair_terms(draft: Draft, query_hits: Sequence[TermHitLike], match_hits: Sequence[TermHitLike]) -> Draft:
    """Swap the English rendering of glossary terms that differ between the match source and the query.

    Hits whose target occurs on both sides are kept; the remaining ones are paired in order of
    position when both sides have the same number of them (the usual case: one term replaced by
    another). Each old rendering is found in the draft case-insensitively on word boundaries and
    replaced by the new one, capitalized if the old occurrence was.
    """
    query_targets = Counter(h.target.casefold() for h in query_hits)
    match_targets = Counter(h.target.casefold() for h in match_hits)
    only_match = [h for h in sorted(match_hits, key=lambda h: h.start) if h.target.casefold() not in query_targets]
    only_query = [h for h in sorted(query_hits, key=lambda h: h.start) if h.target.casefold() not in match_targets]
    if not only_match or len(only_match) != len(only_query):
        return draft
    spans: list[tuple[int, int, str]] = []
    repairs = list(draft.repairs)
    for old, new in zip(only_match, only_query):
        pattern = re.compile(rf"(?<!\w){re.escape(old.target)}(?!\w)", re.IGNORECASE)
        hits = list(pattern.finditer(draft.text))
        for found in hits:
            replacement = new.target
            if found.group()[:1].isupper() and replacement[:1].islower():
                replacement = replacement[:1].upper() + replacement[1:]
            spans.append((found.start(), found.end(), replacement))
        if hits:
            repairs.append({"kind": "term", "from": old.target, "to": new.target})
    return Draft(_apply(draft.text, _non_overlapping(spans)), repairs)
