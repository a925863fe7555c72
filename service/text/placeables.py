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
    "date": re.compile(
        rf"(?=[\d{_CN_DIGIT}])(?:"
        + "|".join(
            [
                _NOT_AFTER + r"\d{4}年\d{1,2}月\d{1,2}[日号]",
                _NOT_AFTER + r"\d{4}年\d{1,2}月",
                _NOT_AFTER + r"\d{1,2}月\d{1,2}[日号]",
                _NOT_AFTER + r"\d{4}-\d{1,2}-\d{1,2}" + _TIME + _NOT_BEFORE,
                _NOT_AFTER + r"\d{4}/\d{1,2}/\d{1,2}" + _TIME + _NOT_BEFORE,
                _NOT_AFTER + r"\d{4}\.\d{1,2}\.\d{1,2}" + _NOT_BEFORE,
                _NOT_AFTER + r"\d{4}年",
                _NOT_AFTER + r"\d{1,2}月",
                _NOT_AFTER + r"\d{1,2}[日号]",
                rf"[{_CN_DIGIT}]{{4}}年(?:[{_CN_NUMERAL}]{{1,2}}月(?:[{_CN_NUMERAL}]{{1,3}}日)?)?",
            ]
        )
        + ")"
    ),
    "percent": re.compile(
        r"(?=[-+\d百])(?:" + _NOT_AFTER + r"[-+]?\d+(?:\.\d+)?\s?[%％]" + "|" + rf"百分之[{_CN_NUMERAL}]+" + "|"
        + _NOT_AFTER + r"\d+(?:\.\d+)?个百分点)"
    ),
    "number": re.compile(
        r"(?=\d)" + _NOT_AFTER + r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万亿|万|亿)?" + _NOT_BEFORE
    ),
}
_DIGIT = re.compile(r"\d")


def _kinds_possible(text: str) -> tuple[str, ...]:
    """The kinds that can occur in `text` at all, judged by a character every match of the kind holds.

    URLs hold `://` or `www.`, e-mail addresses `@`, file names `.`; dates, percentages and
    numbers a digit, except `二〇二四年` (年) and `百分之五` (百分之). Short sentences rarely
    hold any of these, and skipping a kind is far cheaper than scanning for it.
    """
    has_digit = _DIGIT.search(text) is not None
    has_dot = "." in text
    possible = []
    if has_dot or "://" in text:
        possible.append("url")
    if "@" in text:
        possible.append("email")
    if has_dot:
        possible.append("filename")
    if has_digit or "年" in text:
        possible.append("date")
    if has_digit or "百分之" in text:
        possible.append("percent")
    if has_digit:
        possible.append("number")
    return tuple(possible)


_RANK = {kind: rank for rank, kind in enumerate(KINDS)}


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
    for kind in _kinds_possible(text):
        rank = _RANK[kind]
        for match in _PATTERNS[kind].finditer(text):
            start, end = match.span()
            if kind == "url":
                end = start + len(match.group().rstrip(".,;:!?'"))
            if end > start:
                candidates.append((start, -(end - start), rank))
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
