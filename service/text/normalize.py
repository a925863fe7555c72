"""Normalization of scraped official Chinese into the form used for matching, with exact offsets.

This module owns every character-level rule of normalization. Running text goes through
`normalize` (text and an offset map back to the input); glossary terms, stored pairs and other
short strings through `normalize_form` / `normalize_forms` (the same text, no map). All three
run the same steps, so a term or a stored pair is written exactly as running text is.

Steps, in order (each returns the new text and the `[start, end)` ranges of its input it deleted;
`normalize` builds a map only for the steps that deleted something and composes those):

1. zero-width characters are deleted, `\\r\\n` and lone `\\r` become `\\n`;
2. width folding (`FOLD_TABLE`), one for one: full-width ASCII letters/digits → half-width, odd
   spaces (ideographic space, NBSP, tabs …) → a plain space, compatibility ideographs and Kangxi
   radicals → their unified ideograph;
3. pinyin annotations left by converters after a Han character (`發(fā)展`, `會（huì）`, `(fa1)`)
   are deleted, together with spaces between the character and the annotation;
4. half-width `()` around Han content next to Han (or a digit before), and `,;:?!` between Han
   (or Han and a digit), become `（），；：？！` — one for one;
5. whitespace: runs of spaces at the start of a line (and `??`/`？？` runs there, the mojibake
   of ideographic-space indents), at the end of a line and between two Han characters or
   Chinese punctuation are deleted; other runs collapse to one space; line breaks stay;
6. OpenCC `t2s`, phrase-aware, checked line by line to be length-preserving (a line whose
   length changes is converted character by character instead) — one for one.

Annotation rule: a parenthesised syllable is pinyin when it has the shape of a pinyin
syllable (optional initial, one to three vowels, optional n/ng/r coda, or a syllabic n/m)
and carries a tone, written as a mark (ā á ǎ à …, ń ň ǹ ḿ) or a final digit 1–5. A toneless
syllable such as `(fa)` is ambiguous (it might be a list marker or an abbreviation) and is
deleted only when the text is dense with annotations: at least `DENSE_ANNOTATIONS` toned
ones in the same text, and only if it is at least two letters long.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc

from .chars import CLOSING_MARKS, HAN_CLASS, OPENING_MARKS, SPACE_CHARS, ZERO_WIDTH
from .offsets import OffsetMap

Deleted = list[tuple[int, int]]
"""Sorted, disjoint `[start, end)` ranges a step deleted from its input (empty: one for one)."""

# ---------------------------------------------------------------------------------- the rules

HALF_TO_FULL_PUNCTUATION = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}

DENSE_ANNOTATIONS = 3
TONED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜếềńňǹḿ"
PINYIN_VOWELS = "aeiouüvê" + TONED_VOWELS
_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])"
_SYLLABLE_SHAPE = re.compile(rf"(?:{_INITIAL}?[{PINYIN_VOWELS}]{{1,3}}(?:ng|n|r)?|h?[nńňǹ]g?|h?[mḿ]|hng)[1-5]?")
_TONE = re.compile(rf"[{TONED_VOWELS}]|[1-5]$")

ZERO_WIDTH_OR_CR = re.compile(rf"[{ZERO_WIDTH}]+|\r(?=\n)")
# Characters next to which a space carries no meaning in Chinese text.
CJK_TIGHT = (
    HAN_CLASS
    + "\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f"
    + "\u201c\u201d\u2018\u2019\u2026\u2014"
)
SPACE_DELETIONS = re.compile(
    "|".join(
        [
            r"(?m)^(?: +|[?？]{2,})+",
            r" +(?=\n|\Z)",
            rf"(?<=[{CJK_TIGHT}]) +(?=[{CJK_TIGHT}])",
            r"(?<= ) +",
        ]
    )
)


def _single_char_nfkc(code: int) -> int | None:
    folded = unicodedata.normalize("NFKC", chr(code))
    return ord(folded) if len(folded) == 1 and folded != chr(code) else None


def _build_fold_table() -> dict[int, int]:
    table: dict[int, int] = {}
    for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]:
        table[code] = code - 0xFEE0
    for char in SPACE_CHARS:
        table[ord(char)] = ord(" ")
    for code in [*range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20), *range(0x2F00, 0x2FD6)]:
        folded = _single_char_nfkc(code)
        if folded is not None:
            table[code] = folded
    return table


FOLD_TABLE = _build_fold_table()


@cache
def t2s_converter() -> opencc.OpenCC:
    """The one OpenCC converter used for traditional → simplified (phrase-aware `t2s`)."""
    return opencc.OpenCC("t2s")


def is_pinyin(syllable: str) -> bool:
    """Whether a parenthesised syllable has the shape of pinyin (initial, vowels, n/ng/r coda)."""
    return _SYLLABLE_SHAPE.fullmatch(syllable) is not None


def is_toned(syllable: str) -> bool:
    """Whether a syllable carries a tone mark or a final tone digit 1–5."""
    return _TONE.search(syllable) is not None


# ------------------------------------------------------------- the rules in their fast forms

_ANNOTATION = re.compile(rf"[(（]([a-z{PINYIN_VOWELS}]{{1,7}}[1-5]?)[)）]")
_HAN = re.compile(f"[{HAN_CLASS}]")


def _character_class(codes: list[int]) -> str:
    """A regex class for the given code points, written as ranges."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges) + "]"


def _first_character_lookahead(pattern: re.Pattern[str], first: str) -> re.Pattern[str]:
    """`pattern` behind a lookahead on the characters its matches start with.

    Matches are unchanged; the regex engine gets a first-character set to skip ahead with
    instead of trying every branch (and its lookbehinds) at every position of the text.
    """
    body = re.sub(r"^\(\?[aiLmsux]+\)", "", pattern.pattern)
    return re.compile(f"(?={first})(?:{body})", pattern.flags)


_LINE_NOISE = re.compile(f"[\r{ZERO_WIDTH}]")
_FOLDABLE = re.compile(_character_class(list(FOLD_TABLE)) + "+")
_HAN_OR_DIGIT = re.compile(f"[{HAN_CLASS}0-9]")
_HALF_WIDTH_PARENS = re.compile(r"\(([^()\n]*)\)")
_HALF_WIDTH_MARK = re.compile(r"[,;:?!(]")
# A half-width mark after a Han character (or a closing quote/bracket) and before a Han
# character, a digit or an opening quote/bracket; or after a digit and before a Han character.
_CONVERTIBLE_PUNCT = re.compile(
    rf"(?=[,;:?!])(?:(?<=[{HAN_CLASS}{CLOSING_MARKS}])[,;:?!](?=[{HAN_CLASS}{OPENING_MARKS}0-9])"
    rf"|(?<=[0-9])[,;:?!](?=[{HAN_CLASS}]))"
)
# Every deletion of the whitespace rule starts with a space, or with `?`/`？` at a line start.
_SPACE_DELETIONS = _first_character_lookahead(SPACE_DELETIONS, "[ ?？]")


# ---------------------------------------------------------------------------------- the steps


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text and the map from its characters back to the input."""

    text: str
    offsets: OffsetMap


def _without(text: str, deleted: Deleted) -> str:
    pieces = []
    position = 0
    for start, end in deleted:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def remove_line_noise(text: str) -> tuple[str, Deleted]:
    """Delete zero-width characters and the `\\r` of `\\r\\n`; turn lone `\\r` into `\\n`."""
    if _LINE_NOISE.search(text) is None:
        return text, []
    deleted = [match.span() for match in ZERO_WIDTH_OR_CR.finditer(text)]
    return _without(text, deleted).replace("\r", "\n"), deleted


def _fold(match: re.Match[str]) -> str:
    return match.group().translate(FOLD_TABLE)


def fold_characters(text: str) -> tuple[str, Deleted]:
    """Width and compatibility folding (`FOLD_TABLE`), one character for one."""
    return _FOLDABLE.sub(_fold, text), []


@lru_cache(maxsize=4096)
def _syllable(syllable: str) -> tuple[bool, bool]:
    """Whether a parenthesised syllable is pinyin-shaped, and whether it is toned (pages repeat them)."""
    return is_pinyin(syllable), is_toned(syllable)


def _annotation_candidates(text: str) -> list[tuple[int, int, str]]:
    """Parenthesised pinyin-shaped syllables right after a Han character or after another one.

    Each is `(start, end, syllable)` with `start` taking in the spaces before the parenthesis.
    """
    candidates: list[tuple[int, int, str]] = []
    previous_end = -1
    for match in _ANNOTATION.finditer(text):
        syllable = match.group(1)
        if not _syllable(syllable)[0]:
            continue
        start = match.start()
        while start > 0 and text[start - 1] == " ":
            start -= 1
        if start == previous_end or (start > 0 and _HAN.match(text, start - 1)):
            candidates.append((start, match.end(), syllable))
            previous_end = match.end()
    return candidates


def remove_pinyin_annotations(text: str) -> tuple[str, Deleted]:
    """Delete parenthesised pinyin syllables written right after a Han character."""
    if "(" not in text and "（" not in text:
        return text, []
    candidates = _annotation_candidates(text)
    dense = sum(1 for _, _, syllable in candidates if _syllable(syllable)[1]) >= DENSE_ANNOTATIONS
    deleted: Deleted = []
    for start, end, syllable in candidates:
        chained = bool(deleted) and deleted[-1][1] == start
        after_han = start > 0 and _HAN.match(text, start - 1) is not None
        if (chained or after_han) and (_syllable(syllable)[1] or (dense and len(syllable) >= 2)):
            deleted.append((start, end))
    return (_without(text, deleted) if deleted else text), deleted


def clean_whitespace(text: str) -> tuple[str, Deleted]:
    """Delete meaningless spaces (line ends, `??` indents, between Han) and collapse the rest."""
    deleted = [match.span() for match in _SPACE_DELETIONS.finditer(text)]
    return (_without(text, deleted) if deleted else text), deleted


def _fold_parens(text: str) -> str:
    """Half-width parentheses around Han content next to Han → full-width, nested pairs too (the inner pair
    first: a pair whose content holds another pair only matches once that one is folded)."""
    while True:
        folded = _fold_parens_once(text)
        if folded == text:
            return text
        text = folded


def _fold_parens_once(text: str) -> str:
    pieces = []
    position = 0
    for match in _HALF_WIDTH_PARENS.finditer(text):
        start, end = match.span()
        if not _HAN.search(match.group(1)):
            continue
        if (start > 0 and _HAN_OR_DIGIT.match(text, start - 1)) or _HAN.match(text, end):
            pieces.append(text[position:start])
            pieces.append("（" + match.group(1) + "）")
            position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _full_width(match: re.Match[str]) -> str:
    return HALF_TO_FULL_PUNCTUATION[match.group()]


def fold_han_punctuation(text: str) -> tuple[str, Deleted]:
    """Half-width punctuation inside Chinese becomes the full-width canonical form."""
    if _HALF_WIDTH_MARK.search(text) is None:
        return text, []
    if "(" in text:
        text = _fold_parens(text)
    return _CONVERTIBLE_PUNCT.sub(_full_width, text), []


def _convert_by_character(line: str) -> str:
    converter = t2s_converter()
    chars = []
    for char in line:
        converted = converter.convert(char)
        chars.append(converted if len(converted) == 1 else char)
    return "".join(chars)


def to_simplified(text: str) -> tuple[str, Deleted]:
    """OpenCC t2s, phrase-aware, guaranteed one character for one (see module docstring).

    The text is converted in one call; a line whose conversion changed its length is converted
    character by character instead. No OpenCC phrase spans a line break, so a line comes out as
    it would alone (if the converter ever changed the number of lines, every line is converted
    on its own).
    """
    converter = t2s_converter()
    converted = converter.convert(text)
    if len(converted) == len(text) and "\n" not in text:
        return converted, []
    lines = text.split("\n")
    converted_lines = converted.split("\n")
    if len(converted_lines) != len(lines):
        converted_lines = [converter.convert(line) for line in lines]
    elif len(converted) == len(text) and all(len(a) == len(b) for a, b in zip(lines, converted_lines)):
        return converted, []
    return "\n".join(
        simplified if len(simplified) == len(line) else _convert_by_character(line)
        for line, simplified in zip(lines, converted_lines)
    ), []


_STEPS = (
    remove_line_noise,
    fold_characters,
    remove_pinyin_annotations,
    fold_han_punctuation,
    clean_whitespace,
    to_simplified,
)
# What `normalize_forms` runs string by string (pinyin density counts over one whole string) and
# what it runs once over many strings joined by line breaks (every other step works line by line).
_STRING_STEPS = _STEPS[:3]
_LINE_STEPS = _STEPS[:2] + _STEPS[3:]


def normalize(text: str) -> Normalized:
    """Run every step over `text`; compose the maps of the steps that deleted characters."""
    offsets: OffsetMap | None = None
    for step in _STEPS:
        derived, deleted = step(text)
        if deleted:
            step_offsets = OffsetMap.keeping(len(text), deleted)
            offsets = step_offsets if offsets is None else offsets.compose(step_offsets)
        text = derived
    return Normalized(text, offsets if offsets is not None else OffsetMap.identity(len(text)))


def _run(steps: tuple, text: str) -> str:
    for step in steps:
        text = step(text)[0]
    return text


def clean(text: str) -> str:
    """The text as sent, without the noise scrapers leave in it: zero-width characters, `\r`, and pinyin
    annotations (發(fā)揮 → 發揮). Script, width, punctuation and spacing stay as written: what a stored pair's
    `source` holds."""
    return _run((remove_line_noise, remove_pinyin_annotations), text)


def normalize_form(text: str) -> str:
    """`normalize(text).text` without building the offset map: the key of a glossary term or
    variant, the normalized source of a stored pair."""
    return _run(_STEPS, text)


def normalize_forms(texts: list[str]) -> list[str]:
    """`normalize_form` over many strings at once (what makes large glossaries and imports fast).

    Every step except pinyin removal (whose density rule counts over the whole string) works
    line by line, and no OpenCC dictionary phrase spans a line break; so single-line strings are
    joined with newlines, normalized in one pass and split again, each line coming out as it
    would alone. Strings with parentheses go through the first steps, up to pinyin removal, one
    by one first; strings with line breaks of their own are normalized one by one.
    """
    results = list(texts)
    batch_indices: list[int] = []
    batch: list[str] = []
    for index, text in enumerate(texts):
        if "\n" in text or "\r" in text:
            results[index] = normalize_form(text)
            continue
        if "(" in text or "（" in text:
            text = _run(_STRING_STEPS, text)
        batch_indices.append(index)
        batch.append(text)
    if not batch:
        return results
    forms = _run(_LINE_STEPS, "\n".join(batch)).split("\n")
    if len(forms) != len(batch):  # no step adds or removes a line break; should one ever, go one by one
        forms = [normalize_form(texts[index]) for index in batch_indices]
    for index, form in zip(batch_indices, forms):
        results[index] = form
    return results
