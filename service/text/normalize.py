"""Normalization of scraped official Chinese into the form used for matching, with exact offsets.

Steps, in order (each returns `(new_text, OffsetMap)` and the maps are composed):

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

from .charfold import (
    DENSE_ANNOTATIONS,
    FOLD_TABLE,
    HALF_TO_FULL_PUNCTUATION,
    HAN_CLASS,
    PINYIN_VOWELS,
    SPACE_DELETIONS,
    ZERO_WIDTH_OR_CR,
    fold_width,
    is_pinyin,
    is_toned,
    t2s_converter,
)
from .offsets import OffsetMap, delete_ranges

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


_FOLDABLE = re.compile(_character_class(list(FOLD_TABLE)) + "+")
_HAN_OR_CLOSING = re.compile(f"[{HAN_CLASS}”’」』）》】]")
_HAN_OR_OPENING_OR_DIGIT = re.compile(f"[{HAN_CLASS}“‘「『（《【0-9]")
_HAN_OR_DIGIT = re.compile(f"[{HAN_CLASS}0-9]")
_HALF_WIDTH_PARENS = re.compile(r"\(([^()\n]*)\)")
_HALF_WIDTH_PUNCT = re.compile(r"[,;:?!]")


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text and the map from its characters back to the input."""

    text: str
    offsets: OffsetMap


def remove_line_noise(text: str) -> tuple[str, OffsetMap]:
    """Delete zero-width characters and the `\\r` of `\\r\\n`; turn lone `\\r` into `\\n`."""
    deleted = [match.span() for match in ZERO_WIDTH_OR_CR.finditer(text)]
    stripped, offsets = delete_ranges(text, deleted)
    return stripped.replace("\r", "\n"), offsets


def fold_characters(text: str) -> tuple[str, OffsetMap]:
    """Width and compatibility folding (`charfold`), one character for one."""
    folded = _FOLDABLE.sub(lambda match: fold_width(match.group()), text)
    return folded, OffsetMap.identity(len(text))


def _annotation_candidates(text: str) -> list[tuple[int, int, str]]:
    """Parenthesised pinyin-shaped syllables right after a Han character or after another one.

    Each is `(start, end, syllable)` with `start` taking in the spaces before the parenthesis.
    """
    candidates: list[tuple[int, int, str]] = []
    previous_end = -1
    for match in _ANNOTATION.finditer(text):
        syllable = match.group(1)
        if not is_pinyin(syllable):
            continue
        start = match.start()
        while start > 0 and text[start - 1] == " ":
            start -= 1
        if start == previous_end or (start > 0 and _HAN.match(text, start - 1)):
            candidates.append((start, match.end(), syllable))
            previous_end = match.end()
    return candidates


def remove_pinyin_annotations(text: str) -> tuple[str, OffsetMap]:
    """Delete parenthesised pinyin syllables written right after a Han character."""
    if "(" not in text and "（" not in text:
        return text, OffsetMap.identity(len(text))
    candidates = _annotation_candidates(text)
    dense = sum(1 for _, _, syllable in candidates if is_toned(syllable)) >= DENSE_ANNOTATIONS
    deleted: list[tuple[int, int]] = []
    for start, end, syllable in candidates:
        chained = bool(deleted) and deleted[-1][1] == start
        after_han = start > 0 and _HAN.match(text, start - 1) is not None
        if (chained or after_han) and (is_toned(syllable) or (dense and len(syllable) >= 2)):
            deleted.append((start, end))
    return delete_ranges(text, deleted)


def clean_whitespace(text: str) -> tuple[str, OffsetMap]:
    """Delete meaningless spaces (line ends, `??` indents, between Han) and collapse the rest."""
    deleted = [match.span() for match in SPACE_DELETIONS.finditer(text)]
    return delete_ranges(text, deleted)


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


def _fold_punct(text: str) -> str:
    pieces = []
    position = 0
    for match in _HALF_WIDTH_PUNCT.finditer(text):
        at = match.start()
        if at == 0:
            continue
        before_han = _HAN_OR_CLOSING.match(text, at - 1) is not None
        if before_han:
            convert = _HAN_OR_OPENING_OR_DIGIT.match(text, at + 1) is not None
        else:
            convert = "0" <= text[at - 1] <= "9" and _HAN.match(text, at + 1) is not None
        if convert:
            pieces.append(text[position:at])
            pieces.append(HALF_TO_FULL_PUNCTUATION[match.group()])
            position = at + 1
    pieces.append(text[position:])
    return "".join(pieces)


def fold_han_punctuation(text: str) -> tuple[str, OffsetMap]:
    """Half-width punctuation inside Chinese becomes the full-width canonical form."""
    return _fold_punct(_fold_parens(text)), OffsetMap.identity(len(text))


def _convert_by_character(line: str) -> str:
    converter = t2s_converter()
    chars = []
    for char in line:
        converted = converter.convert(char)
        chars.append(converted if len(converted) == 1 else char)
    return "".join(chars)


def to_simplified(text: str) -> tuple[str, OffsetMap]:
    """OpenCC t2s, phrase-aware, guaranteed one character for one (see module docstring)."""
    converted = t2s_converter().convert(text)
    if len(converted) == len(text):
        original_lines = text.split("\n")
        converted_lines = converted.split("\n")
        if len(original_lines) == len(converted_lines) and all(
            len(a) == len(b) for a, b in zip(original_lines, converted_lines)
        ):
            return converted, OffsetMap.identity(len(text))
    converter = t2s_converter()
    lines = []
    for line in text.split("\n"):
        simplified = converter.convert(line)
        lines.append(simplified if len(simplified) == len(line) else _convert_by_character(line))
    return "\n".join(lines), OffsetMap.identity(len(text))


_STEPS = (remove_line_noise, fold_characters, remove_pinyin_annotations, fold_han_punctuation,
          clean_whitespace, to_simplified)


def normalize(text: str) -> Normalized:
    """Run every step over `text` and compose their offset maps."""
    offsets: OffsetMap | None = None
    for step in _STEPS:
        derived, step_offsets = step(text)
        if len(step_offsets) != len(text) or offsets is None:
            offsets = step_offsets if offsets is None else offsets.compose(step_offsets)
        text = derived
    assert offsets is not None
    return Normalized(text, offsets)


def normalize_form(text: str) -> str:
    """Normalized text alone, for short strings such as glossary terms."""
    return normalize(text).text
