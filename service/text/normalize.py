"""Normalization of scraped official Chinese into the form used for matching, with exact offsets.

Steps, in order (each returns the new text and the `[start, end)` ranges of its input it deleted;
`normalize` builds a map only for the steps that deleted something and composes those):

1. zero-width characters are deleted, `\\r\\n` and lone `\\r` become `\\n`;
2. width folding (`charfold.fold_width`): full-width letters/digits, odd spaces, compatibility
   ideographs — one for one;
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
from dataclasses import dataclass
from functools import lru_cache

from .charfold import (
    DENSE_ANNOTATIONS,
    FOLD_TABLE,
    HALF_TO_FULL_PUNCTUATION,
    HAN_CLASS,
    PINYIN_VOWELS,
    SPACE_DELETIONS,
    ZERO_WIDTH,
    ZERO_WIDTH_OR_CR,
    fold_width,
    is_pinyin,
    is_toned,
    t2s_converter,
)
from .offsets import OffsetMap

Deleted = list[tuple[int, int]]
"""Sorted, disjoint `[start, end)` ranges a step deleted from its input (empty: one for one)."""

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
    rf"(?=[,;:?!])(?:(?<=[{HAN_CLASS}”’」』）》】])[,;:?!](?=[{HAN_CLASS}“‘「『（《【0-9])"
    rf"|(?<=[0-9])[,;:?!](?=[{HAN_CLASS}]))"
)
# Every deletion of the shared whitespace rule starts with a space, or with `?`/`？` at a line start.
_SPACE_DELETIONS = _first_character_lookahead(SPACE_DELETIONS, "[ ?？]")


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


def fold_characters(text: str) -> tuple[str, Deleted]:
    """Width and compatibility folding (`charfold`), one character for one."""
    return _FOLDABLE.sub(lambda match: fold_width(match.group()), text), []


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
    """OpenCC t2s, phrase-aware, guaranteed one character for one (see module docstring)."""
    converted = t2s_converter().convert(text)
    if len(converted) == len(text):
        if "\n" not in text:
            return converted, []
        original_lines = text.split("\n")
        converted_lines = converted.split("\n")
        if len(original_lines) == len(converted_lines) and all(
            len(a) == len(b) for a, b in zip(original_lines, converted_lines)
        ):
            return converted, []
    converter = t2s_converter()
    lines = []
    for line in text.split("\n"):
        simplified = converter.convert(line)
        lines.append(simplified if len(simplified) == len(line) else _convert_by_character(line))
    return "\n".join(lines), []


_STEPS = (remove_line_noise, fold_characters, remove_pinyin_annotations, fold_han_punctuation,
          clean_whitespace, to_simplified)


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


def normalize_form(text: str) -> str:
    """Normalized text alone, for short strings such as glossary terms."""
    return normalize(text).text
