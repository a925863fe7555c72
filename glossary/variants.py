"""Character-level forms of a term: the normalization shared with running text, and traditional variants.

A term only matches running text if its key is written exactly the way the text pipeline
writes the text, so `normalize_form` applies, rule for rule, the steps of
`service.text.normalize` (the glossary may not import `service`; a consistency test on the
service side compares both). In order:

1. zero-width characters are deleted, `\\r\\n` and a lone `\\r` become `\\n`;
2. width folding, one character for one: full-width ASCII letters/digits → half-width, odd
   spaces (ideographic space, NBSP, tabs …) → a plain space, compatibility ideographs and
   Kangxi radicals → their unified ideograph;
3. pinyin annotations after a Han character (`發(fā)展`) are deleted;
4. half-width `()` around Han content next to Han, and `,;:?!` between Han characters, become
   `（），；：？！`;
5. spaces at the start or end of a line, `??` indents, and spaces between two Han characters
   or Chinese punctuation are deleted; other runs collapse to one space;
6. OpenCC `t2s`, phrase-aware, kept one character for one (a line whose length would change is
   converted character by character).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
SPACE_CHARS = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
HALF_TO_FULL_PUNCTUATION = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# Han ideographs: unified with extension A, 〇, compatibility ideographs and the supplementary planes.
HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
TRADITIONAL_CONFIGS = ("s2t", "s2hk", "s2tw")

# Pinyin annotations: a toned syllable in parentheses right after a Han character; toneless
# syllables only when the text is dense with toned ones.
DENSE_ANNOTATIONS = 3
TONED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜếềńňǹḿ"
PINYIN_VOWELS = "aeiouüvê" + TONED_VOWELS
_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])"
_SYLLABLE_SHAPE = re.compile(rf"(?:{_INITIAL}?[{PINYIN_VOWELS}]{{1,3}}(?:ng|n|r)?|h?[nńňǹ]g?|h?[mḿ]|hng)[1-5]?")
_TONE = re.compile(rf"[{TONED_VOWELS}]|[1-5]$")
_ANNOTATION_RUN = re.compile(rf"(?<=[{HAN_CLASS}])(?: *[(（][a-z{PINYIN_VOWELS}]{{1,7}}[1-5]?[)）])+")
_ANNOTATION = re.compile(rf" *[(（]([a-z{PINYIN_VOWELS}]{{1,7}}[1-5]?)[)）]")

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
_OPENING = "“‘「『（《【"
_CLOSING = "”’」』）》】"
_HAN_PARENS = re.compile(rf"(?<=([{HAN_CLASS}0-9]))?\(([^()\n]*[{HAN_CLASS}][^()\n]*)\)(?=([{HAN_CLASS}]))?")
_HAN_PUNCT = re.compile(
    rf"(?<=[{HAN_CLASS}{_CLOSING}])[,;:?!](?=[{HAN_CLASS}{_OPENING}0-9])|(?<=[0-9])[,;:?!](?=[{HAN_CLASS}])"
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


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def t2s_converter() -> opencc.OpenCC:
    """The one OpenCC converter used for traditional → simplified (phrase-aware `t2s`)."""
    return _converter("t2s")


def remove_line_noise(text: str) -> str:
    """Delete zero-width characters and the `\\r` of `\\r\\n`; a lone `\\r` becomes `\\n`."""
    return ZERO_WIDTH_OR_CR.sub("", text).replace("\r", "\n")


def fold_width(text: str) -> str:
    """Width and compatibility folding, one character for one."""
    return text.translate(FOLD_TABLE)


def is_pinyin(syllable: str) -> bool:
    """Whether a parenthesised syllable has the shape of pinyin (initial, vowels, n/ng/r coda)."""
    return _SYLLABLE_SHAPE.fullmatch(syllable) is not None


def is_toned(syllable: str) -> bool:
    """Whether a syllable carries a tone mark or a final tone digit 1–5."""
    return _TONE.search(syllable) is not None



def remove_pinyin_annotations(text: str) -> str:
    """Delete parenthesised pinyin syllables written right after a Han character."""
    runs = list(_ANNOTATION_RUN.finditer(text))
    if not runs:
        return text
    toned = sum(
        1
        for run in runs
        for part in _ANNOTATION.finditer(run.group())
        if is_pinyin(part.group(1)) and is_toned(part.group(1))
    )
    dense = toned >= DENSE_ANNOTATIONS
    deleted: list[tuple[int, int]] = []
    for run in runs:
        for part in _ANNOTATION.finditer(run.group()):
            syllable = part.group(1)
            if not is_pinyin(syllable) or not (is_toned(syllable) or (dense and len(syllable) >= 2)):
                break
            deleted.append((run.start() + part.start(), run.start() + part.end()))
    pieces, position = [], 0
    for start, end in deleted:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def clean_whitespace(text: str) -> str:
    """Delete meaningless spaces (line ends, `??` indents, between Han) and collapse the rest."""
    return SPACE_DELETIONS.sub("", text)


def _full_width_parens(match: re.Match[str]) -> str:
    if match.group(1) is None and match.group(3) is None:
        return match.group(0)
    return "（" + match.group(2) + "）"


def fold_han_punctuation(text: str) -> str:
    """Half-width punctuation inside Chinese becomes the full-width canonical form."""
    folded = _HAN_PARENS.sub(_full_width_parens, text)
    return _HAN_PUNCT.sub(lambda match: HALF_TO_FULL_PUNCTUATION[match.group()], folded)


def _simplify_line(line: str, converted: str) -> str:
    """Keep the phrase-aware conversion when it kept the length, else convert char by char."""
    if len(converted) == len(line):
        return converted
    t2s = _converter("t2s")
    chars = []
    for char in line:
        simplified = t2s.convert(char)
        chars.append(simplified if len(simplified) == 1 else char)
    return "".join(chars)


def to_simplified(text: str) -> str:
    """OpenCC t2s, phrase-aware, one character for one, line by line."""
    lines = text.split("\n")
    converted = _converter("t2s").convert(text).split("\n")
    if len(converted) != len(lines):
        converted = [_converter("t2s").convert(line) for line in lines]
    return "\n".join(_simplify_line(line, done) for line, done in zip(lines, converted))


def _fold_before_t2s(text: str) -> str:
    text = fold_width(remove_line_noise(text))
    return clean_whitespace(fold_han_punctuation(remove_pinyin_annotations(text)))


def normalize_form(text: str) -> str:
    """The form a term source or variant takes after the text pipeline's normalization."""
    return to_simplified(_fold_before_t2s(text))


def normalize_forms(texts: list[str]) -> list[str]:
    """`normalize_form` over many strings at once (what makes building large glossaries fast).

    Every step except pinyin removal (whose density rule counts over the whole string) works
    line by line, and no OpenCC dictionary phrase spans a line break; so single-line strings are
    joined with newlines, normalized in one pass and split again, each line coming out as it
    would alone. Strings with line breaks of their own are normalized one by one.
    """
    results = list(texts)
    batch_indices: list[int] = []
    batch: list[str] = []
    for index, text in enumerate(texts):
        if "\n" in text or "\r" in text:
            results[index] = normalize_form(text)
            continue
        if "(" in text or "（" in text:
            text = remove_pinyin_annotations(fold_width(remove_line_noise(text)))
        batch_indices.append(index)
        batch.append(text)
    if not batch:
        return results
    joined = fold_han_punctuation(fold_width(remove_line_noise("\n".join(batch))))
    folded = clean_whitespace(joined).split("\n")
    converted = _converter("t2s").convert("\n".join(folded)).split("\n")
    if len(folded) != len(batch) or len(converted) != len(batch):
        folded = [_fold_before_t2s(text) for text in batch]
        converted = [_converter("t2s").convert(form) for form in folded]
    for index, form, done in zip(batch_indices, folded, converted):
        results[index] = _simplify_line(form, done)
    return results


def traditional_variants(source: str) -> list[str]:
    """Traditional forms of a simplified source (mainland, Hong Kong, Taiwan standards), distinct and ≠ source."""
    variants: list[str] = []
    for config in TRADITIONAL_CONFIGS:
        form = _converter(config).convert(source)
        if form != source and form not in variants:
            variants.append(form)
    return variants
