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
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any, Protocol

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from service.memory.keys import SLOT_KINDS, MatchKey, PlaceableLike, match_key
from service.quality.numbers import english_ordinal, extract_en, extract_zh
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
    """A proposed translation and the substitutions made to get it. `withheld` says why the draft must not be
    offered as the query's translation (a number or date of the old sentence left in it); empty when it may."""

    text: str
    repairs: list[dict] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)


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


# ---------------------------------------------------------------------------- ranges

DateValue = tuple[int | None, int | None, int | None]
# What links the two ends of a range: 1月18日至19日, 1月20–21日, 1—3月, 2023年至2024年.
_RANGE_LINK = re.compile(r"\s*(?:至|到|~|～|—|–|-|－)\s*")


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """The date a placeable stands for, and where it ends (a month and the day after it are one date)."""

    value: DateValue
    end: int


def resolved_dates(normalized: str, placeables: Sequence[PlaceableLike]) -> dict[int, ResolvedDate]:
    """The date each placeable stands for, read with its neighbours: the end of a range inherits what its start
    wrote (19日 in 1月18日至19日 is January 19; 2月 in 2024年1月至2月 is February 2024), a number right after a
    month is its day (1月20–21日: the month placeable stands for January 20, and the number is part of it), and a
    number before a month across a range link is a month (1 in 1—3月). Keys are positions in `placeables`;
    placeables that are no date, or are part of another's date, are left out."""
    ordered = sorted(range(len(placeables)), key=lambda i: (placeables[i].start, placeables[i].end))
    dates: dict[int, ResolvedDate] = {}
    previous: int | None = None  # the last placeable with a date
    for position, index in enumerate(ordered):
        p = placeables[index]
        before = dates.get(previous) if previous is not None else None
        linked = before is not None and _RANGE_LINK.fullmatch(normalized, before.end, p.start) is not None
        value: DateValue | None = _parse_date(p.text) if p.kind == "date" else None
        if value is not None and linked and before is not None:
            year, month, day = value
            if year is None and before.value[0] is not None and (month is not None or before.value[1] is None):
                value = (before.value[0], month, day)
            if month is None and year is None and day is not None and before.value[1] is not None:
                value = (before.value[0], before.value[1], day)
        elif value is None and p.kind == "number" and p.text.isdigit():
            number = int(p.text)
            if before is not None and previous is not None and before.end == p.start and before.value[2] is None:
                if before.value[1] is not None and 1 <= number <= 31:
                    dates[previous] = ResolvedDate((before.value[0], before.value[1], number), p.end)
                    continue  # 1月20: the day of the month before it
            elif position + 1 < len(ordered) and 1 <= number <= 12:
                following = placeables[ordered[position + 1]]
                parsed = _parse_date(following.text) if following.kind == "date" else None
                if (
                    parsed is not None
                    and parsed[1] is not None
                    and parsed[2] is None
                    and _RANGE_LINK.fullmatch(normalized, p.end, following.start)
                ):
                    value = (parsed[0], number, None)  # 1—3月: January
        if value is not None:
            dates[index] = ResolvedDate(value, p.end)
            previous = index
    return dates


_CONNECTOR = r"\s*(?:-|–|—|to|and|through|till|until)\s*"
_ORDINAL = r"(?:st|nd|rd|th)?"


def _month_names(month: int) -> str:
    return f"(?:{re.escape(MONTHS[month - 1])}|{re.escape(_MONTH_ABBR[month - 1].rstrip('.'))}\\.?)"


def _range_patterns(first: DateValue, last: DateValue) -> list[tuple[re.Pattern[str], str]]:
    """How English writes a range of two dates (January 18 to 19, 18-19 January, January 30 to February 2,
    January to March), each pattern with its style; the connector is group `link`."""
    (year1, month1, day1), (year2, month2, day2) = first, last
    if month1 is None or month2 is None or (day1 is None) != (day2 is None):
        return []
    year = year2 or year1
    tail = rf"(?:,?\s+{year})?" if year else ""
    link = rf"(?P<link>{_CONNECTOR})"
    patterns: list[tuple[str, str]] = []
    if day1 is None:
        patterns.append((rf"{_month_names(month1)}{link}{_month_names(month2)}{tail}", "months"))
    elif month1 == month2:
        patterns.append((rf"{_month_names(month1)}\s+{day1}{_ORDINAL}{link}{day2}{_ORDINAL}{tail}", "mdy"))
        patterns.append((rf"{day1}{_ORDINAL}{link}{day2}{_ORDINAL}\s+(?:of\s+)?{_month_names(month1)}{tail}", "dmy"))
    else:
        patterns.append(
            (rf"{_month_names(month1)}\s+{day1}{_ORDINAL}{link}{_month_names(month2)}\s+{day2}{_ORDINAL}{tail}", "mdy")
        )
        patterns.append(
            (rf"{day1}{_ORDINAL}\s+{_month_names(month1)}{link}{day2}{_ORDINAL}\s+{_month_names(month2)}{tail}", "dmy")
        )
    return [(re.compile(rf"(?<![\w]){p}(?![\w])", re.IGNORECASE), style) for p, style in patterns]


def _render_range(first: DateValue, last: DateValue, style: str, found: re.Match[str]) -> str:
    """The new range written as the old one was: same style, connector, abbreviation and year."""
    abbreviated = not any(name.lower() in found.group().lower() for name in MONTHS)
    names = _MONTH_ABBR if abbreviated else MONTHS
    link = found.group("link")
    (_, month1, day1), (year2, month2, day2) = first, last
    year = year2 or first[0]
    old_year = re.search(r"(,?\s+)(\d{4})$", found.group())
    tail = f"{old_year.group(1)}{year}" if old_year and year else ""
    m1 = names[month1 - 1] if month1 else ""
    m2 = names[month2 - 1] if month2 else ""
    if style == "months":
        return f"{m1}{link}{m2}{tail}"
    ordinal = re.search(r"\d(?:st|nd|rd|th)\b", found.group(), re.IGNORECASE) is not None
    d1, d2 = (_ordinal(day1), _ordinal(day2)) if ordinal else (str(day1), str(day2))
    of = " of " if re.search(r"\d(?:st|nd|rd|th)?\s+of\s", found.group(), re.IGNORECASE) else " "
    if month1 == month2:
        return f"{m1} {d1}{link}{d2}{tail}" if style == "mdy" else f"{d1}{link}{d2}{of}{m1}{tail}"
    return f"{m1} {d1}{link}{m2} {d2}{tail}" if style == "mdy" else f"{d1}{of}{m1}{link}{d2}{of}{m2}{tail}"


def _ordinal(day: int | None) -> str:
    if day is None:
        return ""
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _range_spans(
    stored_range: tuple[DateValue, DateValue], query_range: tuple[DateValue, DateValue], target: str
) -> list[tuple[int, int, str]]:
    """Spans of `target` writing the stored range, each with the query's range written the same way."""
    if stored_range == query_range:
        return []
    for pattern, style in _range_patterns(*stored_range):
        spans = [
            (found.start(), found.end(), _render_range(*query_range, style, found))
            for found in pattern.finditer(target)
        ]
        if spans:
            return spans
    return []


def _ranges(normalized: str, placeables: Sequence[PlaceableLike], dates: dict[int, ResolvedDate]) -> dict[int, int]:
    """Start placeable index -> end placeable index of each range of two dates linked by 至, 到 or a dash."""
    ordered = sorted(dates, key=lambda i: placeables[i].start)
    return {a: b for a, b in pairwise(ordered) if _RANGE_LINK.fullmatch(normalized, dates[a].end, placeables[b].start)}


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
    aligned = _aligned_slots(query_key, stored_key)
    stored_index = {id(p): i for i, p in enumerate(stored_key.slots)}
    query_index = {id(p): i for i, p in enumerate(query_key.slots)}
    stored_dates = resolved_dates(match_source_normalized, stored_key.slots)
    query_dates = resolved_dates(query_normalized, query_key.slots)
    stored_ranges = _ranges(match_source_normalized, stored_key.slots, stored_dates)
    query_ranges = _ranges(query_normalized, query_key.slots, query_dates)
    to_query = {stored_index[id(stored)]: query_index[id(query)] for stored, query in aligned}
    spans: list[tuple[int, int, str]] = []
    repairs: list[dict] = []
    in_range: set[int] = set()
    # Ranges first, as one value each: "January 18 to 19" becomes "February 20 to 21", never "February 20 to 19".
    for start, end in stored_ranges.items():
        q_start, q_end = to_query.get(start), to_query.get(end)
        if q_start is None or q_end is None or query_ranges.get(q_start) != q_end:
            continue
        stored_range = (stored_dates[start].value, stored_dates[end].value)
        query_range = (query_dates[q_start].value, query_dates[q_end].value)
        found = _range_spans(stored_range, query_range, match_target)
        if found:
            spans.extend(found)
            in_range.update((start, end))
            repairs.append(
                {
                    "kind": "date",
                    "from": f"{_date_text(stored_range[0])}–{_date_text(stored_range[1])}",
                    "to": f"{_date_text(query_range[0])}–{_date_text(query_range[1])}",
                }
            )
    changes: dict[tuple[str, str], set[str]] = {}
    for stored, query in aligned:
        i, j = stored_index[id(stored)], query_index[id(query)]
        if i in in_range or stored.text == query.text:
            continue
        kind, old, new = stored.kind, stored.text, query.text
        if i in stored_dates and j in query_dates:  # compare dates as resolved (19日 of a range is a full date)
            kind, old, new = "date", _date_text(stored_dates[i].value), _date_text(query_dates[j].value)
        changes.setdefault((kind, old), set()).add(new)
    for (kind, old), news in changes.items():
        if len(news) != 1:
            continue
        new = next(iter(news))
        found = _value_spans(kind, old, new, match_target)
        if found:
            spans.extend(found)
            repairs.append({"kind": kind, "from": old, "to": new})
    return Draft(_apply(match_target, _non_overlapping(spans)), repairs)


def _date_text(date: DateValue) -> str:
    """A resolved date written the way `_parse_date` reads it (2024年1月19日, 1月19日, 2024年)."""
    year, month, day = date
    return (f"{year}年" if year else "") + (f"{month}月" if month else "") + (f"{day}日" if day else "")


_ORDINAL_SUFFIX = re.compile(r"(\d+)(st|nd|rd|th)", re.IGNORECASE)


def _ordinal_like(value: int, found: str) -> str | None:
    """`value` as an ordinal written like `found`: 3rd for 1st, Third for First, third for first."""
    if _ORDINAL_SUFFIX.fullmatch(found):
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix.upper() if found[-1].isupper() else suffix}"
    word = english_ordinal(value)
    if word is None:
        return None
    return word.capitalize() if found[:1].isupper() else word


def repair_ordinals(draft: Draft, query_normalized: str, match_source_normalized: str) -> Draft:
    """Carry the query's ordinals into the draft where the match's differ, in order: 第三、四季度 against a
    stored 第一、二季度 turns "the first and second quarters" into "the third and fourth quarters". Only when
    both sides have as many ordinals, and the translation writes each changed one exactly as often as the
    stored source does; otherwise the draft is left as it is (and the stale check withholds it)."""
    query = [f for f in extract_zh(query_normalized) if f.kind == "ordinal"]
    stored = [f for f in extract_zh(match_source_normalized) if f.kind == "ordinal"]
    if len(query) != len(stored) or [f.value for f in query] == [f.value for f in stored]:
        return draft
    mapping: dict[Any, Any] = {}
    for old, new in zip(stored, query):
        if mapping.setdefault(old.value, new.value) != new.value:
            return draft  # one stored ordinal becomes two different ones: not certain
    changed = {old: new for old, new in mapping.items() if old != new}
    english = [f for f in extract_en(draft.text) if f.kind == "ordinal" and f.value in changed]
    stored_counts = Counter(f.value for f in stored)
    if Counter(f.value for f in english) != Counter({v: stored_counts[v] for v in changed}):
        return draft
    spans, repairs = [], []
    for fact in english:
        written = _ordinal_like(int(changed[fact.value]), fact.text)
        if written is None:
            return draft
        spans.append((fact.start, fact.end, written))
        repairs.append({"kind": "ordinal", "from": fact.text, "to": written})
    return replace(draft, text=_apply(draft.text, spans), repairs=[*draft.repairs, *repairs])


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
