"""Is an English rendering (an approved one, or a forbidden one) present in a translation?

Quality checks ask whether "Department of Veterans Affairs" appears in a translator's English,
which may inflect it, break it across lines or hyphenate it. A rendering is turned into a
regular expression with these rules:

- case-insensitive; any run of whitespace matches any other;
- a hyphen and a space between words are equivalent ("high-quality" ~ "high quality");
- content words (three letters or more, not in `FUNCTION_WORDS`) may take a plural: -s, -es,
  and -y → -ies ("Department" ~ "departments", "Party" ~ "parties"); acronyms only -s;
- the last word may carry a possessive 's or a bare apostrophe ("Affairs'");
- ' and ’ are the same apostrophe;
- word boundaries: the match must not touch a letter or digit on either side, and a
  hyphenated compound counts as one word: "Party" is *not* found in "party-goers", "third-party"
  or "Party-led". A hyphen compound is a different word more often than not, and a forbidden
  rendering must not be reported inside one.
"""

from __future__ import annotations

import re
from functools import lru_cache

FUNCTION_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with"]
)
HYPHENS = "\\-\u2010\u2011\u2012\u2013"
_WORD_SPLIT = re.compile(rf"[\s{HYPHENS}]+")
_SEPARATOR = rf"(?:\s*[{HYPHENS}]\s*|\s+)"
_APOSTROPHE = "['\u2019]"
_BEFORE = rf"(?<!\w)(?<!\w[{HYPHENS}])"
_AFTER = rf"(?!\w)(?![{HYPHENS}]\w)"
_CONSONANT_Y = re.compile(r"[b-df-hj-np-tv-z]y$", re.IGNORECASE)


def _escape(word: str) -> str:
    return _APOSTROPHE.join(re.escape(piece) for piece in re.split(_APOSTROPHE, word))


def _inflected(word: str) -> str:
    """Regex for one word of a rendering, with the plural forms it may take."""
    if not word[-1].isalpha() or len(word) < 3 or word.lower() in FUNCTION_WORDS:
        return _escape(word)
    if word.isupper():
        return _escape(word) + "s?"
    if _CONSONANT_Y.search(word):
        return _escape(word[:-1]) + "(?:y|ies)"
    return _escape(word) + "(?:e?s)?"


def rendering_pattern(rendering: str) -> re.Pattern[str] | None:
    """The compiled pattern for a rendering, or None when it has no words at all."""
    words = [word for word in _WORD_SPLIT.split(rendering.strip()) if word]
    if not words:
        return None
    body = _SEPARATOR.join(_inflected(word) for word in words)
    possessive = rf"(?:{_APOSTROPHE}s|(?<=s){_APOSTROPHE})?" if words[-1][-1].isalpha() else ""
    return re.compile(_BEFORE + body + possessive + _AFTER, re.IGNORECASE)


class EnglishMatcher:
    """Finds renderings in English text; compiled patterns are cached per rendering."""

    def __init__(self, cache_size: int = 4096):
        self._pattern = lru_cache(maxsize=cache_size)(rendering_pattern)

    def find(self, rendering: str, text: str) -> list[tuple[int, int]]:
        """Non-overlapping [start, end) spans of `rendering` in `text`, left to right."""
        pattern = self._pattern(rendering)
        if pattern is None:
            return []
        return [match.span() for match in pattern.finditer(text)]

    def contains(self, rendering: str, text: str) -> bool:
        """Whether `rendering` occurs in `text` at least once."""
        pattern = self._pattern(rendering)
        return pattern is not None and pattern.search(text) is not None
