"""Sentence segmentation with offsets into the text given.

Chinese: a sentence ends after a run of `。！？!?`, after `……` / `⋯⋯`, together with closing
quotes and brackets right after it. A line break always ends a segment. `；` joins the items
of an enumeration, which translators keep together, so a sentence is split after its `；`
only when it is longer than `SEMICOLON_SPLIT_LENGTH` characters; then every `；` ends a piece.

English: a sentence ends after `.`, `!` or `?` (and closing quotes/brackets) followed by
whitespace and a capital letter or an opening quote, except after abbreviations (No., Mr.,
Dr., Art., Jan., e.g., U.S., …) and single capital initials.

Spans never start or end with whitespace (including ideographic and zero-width spaces), and
lines holding only whitespace produce nothing. `text[span.start:span.end] == span.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chars import CLOSING_MARKS, ZERO_WIDTH
from .months import MONTH_ABBREVIATIONS

SEMICOLON_SPLIT_LENGTH = 120

_TRIM_CHARS = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\u3000" + ZERO_WIDTH
_CLOSERS = CLOSING_MARKS + "\"')\\]"
_LINE = re.compile(r"[^\n]+")
# The leading lookahead changes no match; it lets the regex engine skip to the next candidate.
_ZH_END = re.compile(rf"(?=[。！？!?…⋯])(?:[。！？!?]+|(?:……|⋯⋯)+)[{_CLOSERS}]*")
_ZH_SEMICOLON = re.compile(f"；[{CLOSING_MARKS}]*")
_EN_END = re.compile(rf"[.!?]+[{_CLOSERS}]*(?=\s+[\"'“‘(\[]?[A-Z])")
_LAST_WORD = re.compile(r"(\S+)$")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z]\.")

ENGLISH_ABBREVIATIONS = frozenset(
    [
        "no",
        "nos",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "art",
        "arts",
        "vol",
        "vols",
        "fig",
        "figs",
        "p",
        "pp",
        "para",
        "paras",
        "sec",
        "ch",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "gov",
        "rep",
        "sen",
        "dept",
        "corp",
        "inc",
        "ltd",
        "co",
        "approx",
        "e.g",
        "i.e",
        "cf",
        "vs",
    ]
    + [name.lower() for names in MONTH_ABBREVIATIONS for name in names]
)


@dataclass(frozen=True, slots=True)
class Span:
    """A segment `[start, end)` of the text segmented."""

    start: int
    end: int
    text: str


def _trimmed(text: str, start: int, end: int) -> Span | None:
    piece = text[start:end]
    stripped_left = piece.lstrip(_TRIM_CHARS)
    start += len(piece) - len(stripped_left)
    stripped = stripped_left.rstrip(_TRIM_CHARS)
    if not stripped:
        return None
    return Span(start, start + len(stripped), stripped)


def _zh_sentence_ends(text: str, start: int, end: int) -> list[int]:
    ends = [match.end() for match in _ZH_END.finditer(text, start, end)]
    if not ends or ends[-1] != end:
        ends.append(end)
    return ends


def _split_long_enumeration(text: str, start: int, end: int) -> list[int]:
    if end - start <= SEMICOLON_SPLIT_LENGTH:
        return [end]
    ends = [match.end() for match in _ZH_SEMICOLON.finditer(text, start, end)]
    if not ends or ends[-1] != end:
        ends.append(end)
    return ends


def _is_abbreviation(text: str, period_at: int, line_start: int) -> bool:
    word = _LAST_WORD.search(text, line_start, period_at + 1)
    if word is None:
        return False
    token = word.group(1).lstrip("\"'“‘([")
    return token[:-1].lower() in ENGLISH_ABBREVIATIONS or _INITIALISM.fullmatch(token) is not None


def _en_sentence_ends(text: str, start: int, end: int) -> list[int]:
    ends = []
    for match in _EN_END.finditer(text, start, end):
        if (
            match.group().startswith(".")
            and match.group().rstrip(_CLOSERS) == "."
            and _is_abbreviation(text, match.start(), start)
        ):
            continue
        ends.append(match.end())
    if not ends or ends[-1] != end:
        ends.append(end)
    return ends


def segment(text: str, lang: str = "zh") -> list[Span]:
    """Sentence spans of `text` (see the module docstring for the rules)."""
    language = lang.lower()
    if not language.startswith(("zh", "en")):
        raise ValueError(f"unsupported language {lang!r}")
    chinese = language.startswith("zh")
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        line_start, line_end = line.span()
        sentence_ends = (
            _zh_sentence_ends(text, line_start, line_end) if chinese else _en_sentence_ends(text, line_start, line_end)
        )
        position = line_start
        for sentence_end in sentence_ends:
            piece_ends = _split_long_enumeration(text, position, sentence_end) if chinese else [sentence_end]
            for piece_end in piece_ends:
                span = _trimmed(text, position, piece_end)
                if span is not None:
                    spans.append(span)
                position = piece_end
    return spans
