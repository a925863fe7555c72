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

from .charfold import HALF_TO_FULL_PUNCTUATION, HAN_CLASS, ZERO_WIDTH, fold_width, t2s_converter
from .offsets import OffsetMap, delete_ranges

DENSE_ANNOTATIONS = 3

_TONED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜếềńňǹḿ"
_VOWELS = "aeiouüvê" + _TONED_VOWELS
_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])"
_SYLLABLE_SHAPE = re.compile(
    rf"(?:{_INITIAL}?[{_VOWELS}]{{1,3}}(?:ng|n|r)?|h?[nńňǹ]g?|h?[mḿ]|hng)[1-5]?"
)
_TONE = re.compile(rf"[{_TONED_VOWELS}]|[1-5]$")
_ANNOTATION_RUN = re.compile(
    rf"(?<=[{HAN_CLASS}])(?: *[(（][a-z{_VOWELS}]{{1,7}}[1-5]?[)）])+"
)
_ANNOTATION = re.compile(rf" *[(（]([a-z{_VOWELS}]{{1,7}}[1-5]?)[)）]")

_ZERO_WIDTH_OR_CR = re.compile(rf"[{ZERO_WIDTH}]+|\r(?=\n)")

# Characters next to which whitespace carries no meaning in Chinese running text.
_CJK_TIGHT = HAN_CLASS + "\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f\u201c\u201d\u2018\u2019\u2026\u2014"
_WHITESPACE_DELETIONS = re.compile(
    "|".join(
        [
            r"(?m)^(?: +|[?？]{2,})+",
            r" +(?=\n|\Z)",
            rf"(?<=[{_CJK_TIGHT}]) +(?=[{_CJK_TIGHT}])",
            r"(?<= ) +",
        ]
    )
)

_OPENING = "“‘「『（《【"
_CLOSING = "”’」』）》】"
_HAN_PARENS = re.compile(rf"(?<=([{HAN_CLASS}\d]))?\(([^()\n]*[{HAN_CLASS}][^()\n]*)\)(?=([{HAN_CLASS}]))?")
_HAN_PUNCT = re.compile(
    rf"(?<=[{HAN_CLASS}{_CLOSING}])[,;:?!](?=[{HAN_CLASS}{_OPENING}\d])|(?<=\d)[,;:?!](?=[{HAN_CLASS}])"
)


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text and the map from its characters back to the input."""

    text: str
    offsets: OffsetMap


def _is_toned(syllable: str) -> bool:
    return _TONE.search(syllable) is not None


def _is_pinyin(syllable: str) -> bool:
    return _SYLLABLE_SHAPE.fullmatch(syllable) is not None


def remove_line_noise(text: str) -> tuple[str, OffsetMap]:
    """Delete zero-width characters and the `\\r` of `\\r\\n`; turn lone `\\r` into `\\n`."""
    deleted = [match.span() for match in _ZERO_WIDTH_OR_CR.finditer(text)]
    stripped, offsets = delete_ranges(text, deleted)
    return stripped.replace("\r", "\n"), offsets


def fold_characters(text: str) -> tuple[str, OffsetMap]:
    """Width and compatibility folding (`charfold`), one character for one."""
    return fold_width(text), OffsetMap.identity(len(text))


def remove_pinyin_annotations(text: str) -> tuple[str, OffsetMap]:
    """Delete parenthesised pinyin syllables written right after a Han character."""
    runs = list(_ANNOTATION_RUN.finditer(text))
    if not runs:
        return text, OffsetMap.identity(len(text))
    toned_count = sum(
        1 for run in runs for part in _ANNOTATION.finditer(run.group())
        if _is_pinyin(part.group(1)) and _is_toned(part.group(1))
    )
    dense = toned_count >= DENSE_ANNOTATIONS
    deleted: list[tuple[int, int]] = []
    for run in runs:
        for part in _ANNOTATION.finditer(run.group()):
            syllable = part.group(1)
            if not _is_pinyin(syllable) or not (_is_toned(syllable) or (dense and len(syllable) >= 2)):
                break
            deleted.append((run.start() + part.start(), run.start() + part.end()))
    return delete_ranges(text, deleted)


def clean_whitespace(text: str) -> tuple[str, OffsetMap]:
    """Delete meaningless spaces (line ends, `??` indents, between Han) and collapse the rest."""
    deleted = [match.span() for match in _WHITESPACE_DELETIONS.finditer(text)]
    return delete_ranges(text, deleted)


def _full_width_parens(match: re.Match[str]) -> str:
    if match.group(1) is None and match.group(3) is None:
        return match.group(0)
    return "（" + match.group(2) + "）"


def fold_han_punctuation(text: str) -> tuple[str, OffsetMap]:
    """Half-width punctuation inside Chinese becomes the full-width canonical form."""
    folded = _HAN_PARENS.sub(_full_width_parens, text)
    folded = _HAN_PUNCT.sub(lambda match: HALF_TO_FULL_PUNCTUATION[match.group()], folded)
    return folded, OffsetMap.identity(len(text))


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
