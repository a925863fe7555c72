"""Placeables: the spans a translation carries over unchanged or converts mechanically.

Numbers, dates, percentages, URLs, e-mail addresses and file names are found with one
regular expression per kind; overlapping candidates are resolved leftmost-longest (ties by
the kind order below), so `2024年1月25日` is one date rather than a year plus two numbers.
Offsets are into the string given: callers pass normalized text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("url", "email", "filename", "date", "percent", "number")

_CN_DIGIT = "〇零一二三四五六七八九"
_CN_NUMERAL = "〇零一二三四五六七八九十百千万亿两点"
# Digits glued to ASCII letters (model names such as G20, image ids) are not numbers on their own.
_NOT_AFTER = r"(?<![A-Za-z0-9_.,])"
_NOT_BEFORE = r"(?![A-Za-z0-9_])"
_TIME = r"(?:\s?\d{1,2}:\d{2}(?::\d{2})?)?"

# Each pattern starts with a lookahead on the characters a match can start with: it changes no
# match, but gives the regex engine a first-character set to skip ahead with instead of trying
# every branch (and its lookbehind) at every position.
_PATTERNS: dict[str, re.Pattern[str]] = {
    "url": re.compile(r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+", re.IGNORECASE),
    "email": re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"),
    "filename": re.compile(
        r"(?<![A-Za-z0-9_\-.()~])[A-Za-z0-9_\-()~]+(?:\.[A-Za-z0-9_\-()~]+)*"
        r"\.(?:png|jpe?g|gif|webp|bmp|tiff?|svg|pdf|docx?|xlsx?|pptx?|wps|ofd|txt|zip|rar|7z)(?![A-Za-z0-9])",
        re.IGNORECASE,
    ),
    # Dates, in the order tried at one position: 2024年1月25日, 2024年1月, 2024-01-25 (10:30),
    # 2024/1/25 (10:30), 2024.1.25, 2024年; 1月18日, 1月, 19日; 二〇二四年(一月(五日)). The digit
    # forms share their lookbehind and their leading digits (a form with four leading digits and
    # one with one or two followed by 月日号 can never both match at one position).
    "date": re.compile(
        rf"(?=[\d{_CN_DIGIT}])(?:"
        + _NOT_AFTER
        + r"(?:\d{4}(?:年\d{1,2}月\d{1,2}[日号]|年\d{1,2}月"
        + r"|-\d{1,2}-\d{1,2}"
        + _TIME
        + _NOT_BEFORE
        + r"|/\d{1,2}/\d{1,2}"
        + _TIME
        + _NOT_BEFORE
        + r"|\.\d{1,2}\.\d{1,2}"
        + _NOT_BEFORE
        + r"|年)"
        + r"|\d{1,2}(?:月\d{1,2}[日号]|月|[日号]))"
        + rf"|[{_CN_DIGIT}]{{4}}年(?:[{_CN_NUMERAL}]{{1,2}}月(?:[{_CN_NUMERAL}]{{1,3}}日)?)?"
        + ")"
    ),
    "percent": re.compile(
        r"(?=[-+\d百])(?:"
        + _NOT_AFTER
        + r"[-+]?\d+(?:\.\d+)?\s?[%％]"
        + "|"
        + rf"百分之[{_CN_NUMERAL}]+"
        + "|"
        + _NOT_AFTER
        + r"\d+(?:\.\d+)?个百分点)"
    ),
    "number": re.compile(r"(?=\d)" + _NOT_AFTER + r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万亿|万|亿)?" + _NOT_BEFORE),
}
_DIGIT = re.compile(r"\d")
_EXTENSION = re.compile(
    r"\.(?:png|jpe?g|gif|webp|bmp|tiff?|svg|pdf|docx?|xlsx?|pptx?|wps|ofd|txt|zip|rar|7z)(?![A-Za-z0-9])", re.IGNORECASE
)
# Every date has a digit (or, in `二〇二四年`, a Chinese digit) right before one of these marks.
_DATE_MARK = re.compile(rf"[\d{_CN_DIGIT}][年月日号\-/.]")
_ORDERED_PATTERNS = tuple(_PATTERNS[kind] for kind in KINDS)


def _kinds_possible(text: str) -> list[int]:
    """Ranks (in `KINDS`) of the kinds that can occur in `text` at all, judged by what every match holds.

    URLs hold `://` or `www.`, e-mail addresses `@`, file names a known extension; numbers a
    digit, dates a digit or Chinese digit right before one of `年月日号-/.`, percentages `%`,
    `％` or `百分` (`百分之五`, `3.5个百分点`). Short sentences rarely hold any of these, and
    skipping a kind is far cheaper than scanning for it.
    """
    has_dot = "." in text
    has_digit = _DIGIT.search(text) is not None
    possible = []
    if "://" in text or (has_dot and "www." in text.lower()):
        possible.append(0)
    if "@" in text:
        possible.append(1)
    if has_dot and _EXTENSION.search(text) is not None:
        possible.append(2)
    if (has_digit or "年" in text) and _DATE_MARK.search(text) is not None:
        possible.append(3)
    if "%" in text or "％" in text or "百分" in text:
        possible.append(4)
    if has_digit:
        possible.append(5)
    return possible


@dataclass(frozen=True, slots=True)
class Placeable:
    """One placeable span `[start, end)` of the text searched."""

    start: int
    end: int
    text: str
    kind: str


def find_placeables(text: str) -> list[Placeable]:
    """All placeables of `text`, non-overlapping, leftmost-longest, sorted by start."""
    candidates: list[tuple[int, int, int]] = []
    for rank in _kinds_possible(text):
        for match in _ORDERED_PATTERNS[rank].finditer(text):
            start, end = match.span()
            if rank == 0:  # a URL does not end with sentence punctuation
                end = start + len(match.group().rstrip(".,;:!?'"))
            if end > start:
                candidates.append((start, start - end, rank))
    candidates.sort()
    found: list[Placeable] = []
    covered_until = 0
    for start, negative_length, rank in candidates:
        if start < covered_until:
            continue
        end = start - negative_length
        found.append(Placeable(start, end, text[start:end], KINDS[rank]))
        covered_until = end
    return found
