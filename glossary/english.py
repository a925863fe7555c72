"""Is an English rendering (a preferred, an admitted or a forbidden one) present in a translation?

Quality checks ask whether "Department of Veterans Affairs" appears in a translator's English, which
may break it across lines, hyphenate it or use another form of its words. Two paths answer:

- `find`, the exact path: one compiled regular expression per rendering, for the rendering's own words.
  Case-insensitive; any run of whitespace matches any other; a hyphen and a space between words are
  equivalent ("high-quality" ~ "high quality"); the last word may carry a possessive 's or a bare
  apostrophe ("Affairs'"); ' and ’ are the same apostrophe.
- `find_forms`, the word-form path: the same words in any inflected or derived form. Every word of the
  rendering and of the text is reduced to its stem by the Snowball English (Porter2) stemmer of
  `snowballstemmer`, and a match is the rendering's stems in a row, separated by whitespace or a hyphen:
  "resettled" ~ "resettlement", "commissions of supervision" ~ "Commission of Supervision",
  "veteran" ~ "veterans". A title's gendered and gender-neutral forms are one word here: "Chairman",
  "chairwoman", "chairperson" and "chair people" share a stem ("Vice Chairman" ~ "vice chairpersons").
  A rendering holding anything but words, spaces and hyphens ("Communist Party of
  China (CPC)", "U.S.") has no word forms: only `find` finds it. Callers ask `find` first; the stemmer
  runs only when it finds nothing.
- `find_loose`, the last resort of an accepting check: the rendering's words in any form, in order, with one
  extra word among them ("compulsory education" in "compulsory primary education"), or a rendering "X of Y"
  whose X and "of Y" stand apart in one clause, as in a coordination ("the premier, vice premiers and state
  councilors of the State Council" uses "Premier of the State Council"). Never used for forbidden renderings.

Both paths draw the same word boundaries: a match must not touch a Latin letter or digit on either side,
and a hyphenated compound counts as one word: "Party" is *not* found in "party-goers", "third-party" or
"Party-led". A hyphen compound is a different word more often than not, and a forbidden rendering must
not be reported inside one. Anything else may touch a match, so Chinese characters and punctuation left in
the English (`丨Beijing`, `（Beijing）`) do not hide it; full-width letters and digits (`Ｂｅｉｊｉｎｇ`) read
as their ASCII forms.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import snowballstemmer

HYPHENS = "\\-\u2010\u2011\u2012\u2013"
# Letters and digits a word is made of: ASCII and the Latin-1 and Latin Extended letters. Han characters and
# CJK punctuation are not, so they never glue onto an English word.
LATIN = "0-9A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_WORD_SPLIT = re.compile(rf"[\s{HYPHENS}]+")
_SEPARATOR = rf"(?:\s*[{HYPHENS}]\s*|\s+)"
_APOSTROPHE = "['\u2019]"
_BEFORE = rf"(?<![{LATIN}])(?<![{LATIN}][{HYPHENS}])"
_AFTER = rf"(?![{LATIN}])(?![{HYPHENS}][{LATIN}])"
_TOKEN = re.compile(rf"[{LATIN}]+(?:{_APOSTROPHE}[{LATIN}]+)*")
_WORDS_ONLY = re.compile(rf"\s*{_TOKEN.pattern}(?:{_SEPARATOR}{_TOKEN.pattern})*\s*")
_GAP = re.compile(_SEPARATOR)
_HYPHEN_CHARS = frozenset("-\u2010\u2011\u2012\u2013")
_LATIN_CHAR = re.compile(f"[{LATIN}]")
# Full-width digits, capitals, small letters and apostrophe, each to its ASCII form (one character for one,
# so offsets stay those of the text given).
_FULL_WIDTH = {
    code: code - 0xFEE0 for code in chain(range(0xFF10, 0xFF1A), range(0xFF21, 0xFF3B), range(0xFF41, 0xFF5B))
}
_FULL_WIDTH[0xFF07] = ord("'")
_HAS_FULL_WIDTH = re.compile("[\uff07\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_stemmers = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


def fold_width(text: str) -> str:
    """The text with full-width letters, digits and apostrophes in their ASCII forms (same length)."""
    return text.translate(_FULL_WIDTH) if _HAS_FULL_WIDTH.search(text) else text


@lru_cache(maxsize=100_000)
def _stem_folded(word: str) -> str:
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


# A compound of a person noun: chairman, chairmen, chairwoman, chairperson(s), spokespeople (stemmed: peopl).
# The part before it has at least three letters, so that woman, human and the like stay themselves.
_GENDERED = re.compile(r"(.{3,}?)(?:wo)?(?:man|men|person|peopl)")


def _ungendered(word_stem: str) -> str:
    match = _GENDERED.fullmatch(word_stem)
    return match.group(1) + "person" if match else word_stem


def stem(word: str) -> str:
    """The Porter2 stem of one English word, case-folded ("Resettled" → "resettl"); a gendered or
    gender-neutral person compound is one stem ("Chairman", "chairwoman", "chairpersons" → "chairperson").

    The stemmer knows words, not acronyms: the plural of one (NPCs, NGOs) is taken back to it first.
    """
    if len(word) > 2 and word[-1] == "s" and word[:-1].isupper():
        word = word[:-1]
    return _ungendered(_stem_folded(word.casefold().replace("\u2019", "'")))


def _escape(word: str) -> str:
    return _APOSTROPHE.join(re.escape(piece) for piece in re.split(_APOSTROPHE, word))


def rendering_pattern(rendering: str) -> re.Pattern[str] | None:
    """The compiled exact-path pattern for a rendering, or None when it has no words at all."""
    words = [word for word in _WORD_SPLIT.split(fold_width(rendering).strip()) if word]
    if not words:
        return None
    body = _SEPARATOR.join(_escape(word) for word in words)
    possessive = rf"(?:{_APOSTROPHE}s|(?<=s){_APOSTROPHE})?" if words[-1][-1].isalpha() else ""
    return re.compile(_BEFORE + body + possessive + _AFTER, re.IGNORECASE)


def rendering_stems(rendering: str) -> tuple[str, ...]:
    """The stems of a rendering's words; empty when it holds anything but words, spaces and hyphens."""
    rendering = fold_width(rendering)
    if not _WORDS_ONLY.fullmatch(rendering):
        return ()
    return tuple(stem(match.group()) for match in _TOKEN.finditer(rendering))


@dataclass(frozen=True)
class _Words:
    """The words of one text: spans, stems, and how each is joined to its neighbours."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    stems: tuple[str, ...]
    joined: tuple[bool, ...]  # joined[i]: only whitespace or a hyphen between word i and word i + 1
    glued_before: tuple[bool, ...]  # a hyphen right before the word, a letter right before it: a compound
    glued_after: tuple[bool, ...]
    by_stem: dict[str, list[int]]


def _words(text: str) -> _Words:
    text = fold_width(text)
    matches = list(_TOKEN.finditer(text))
    starts = tuple(m.start() for m in matches)
    ends = tuple(m.end() for m in matches)
    stems = tuple(stem(m.group()) for m in matches)
    joined = tuple(bool(_GAP.fullmatch(text, ends[i], starts[i + 1])) for i in range(len(matches) - 1))

    def glued(hyphen: int, letter: int) -> bool:
        return (
            min(hyphen, letter) >= 0
            and max(hyphen, letter) < len(text)
            and text[hyphen] in _HYPHEN_CHARS
            and bool(_LATIN_CHAR.match(text, letter))
        )

    by_stem: dict[str, list[int]] = {}
    for index, word_stem in enumerate(stems):
        by_stem.setdefault(word_stem, []).append(index)
    return _Words(
        starts,
        ends,
        stems,
        joined,
        tuple(glued(start - 1, start - 2) for start in starts),
        tuple(glued(end, end + 1) for end in ends),
        by_stem,
    )


INVERTED_GAP = 3  # words allowed between "of" and the modifiers of an inverted rendering (the relevant special)
LOOSE_EXTRA_WORDS = 1  # words find_loose allows inside a rendering (compulsory primary education)
APART_WORDS = 24  # words find_loose allows between X and "of Y" of a rendering "X of Y"
_CLAUSE_END = re.compile(r"[.;:!?()\[\]\u3002\uff1b\uff1a\uff01\uff1f\uff08\uff09]")


class EnglishMatcher:
    """Finds renderings in English text; patterns, stems and analysed texts are cached."""

    def __init__(self, cache_size: int = 4096, text_cache_size: int = 64):
        self._pattern = lru_cache(maxsize=cache_size)(rendering_pattern)
        self._stems = lru_cache(maxsize=cache_size)(rendering_stems)
        self._words = lru_cache(maxsize=text_cache_size)(_words)

    def find(self, rendering: str, text: str) -> list[tuple[int, int]]:
        """Non-overlapping [start, end) spans of `rendering` itself in `text`, left to right (the exact path)."""
        pattern = self._pattern(rendering)
        if pattern is None:
            return []
        return [match.span() for match in pattern.finditer(fold_width(text))]

    def find_forms(self, rendering: str, text: str) -> list[tuple[int, int]]:
        """Non-overlapping spans where `rendering`'s words occur in `text` in any form (the word-form path):
        the same stems in a row, joined by whitespace or a hyphen. Exact occurrences are among them."""
        stems = self._stems(rendering)
        if not stems:
            return []
        words = self._words(text)
        candidates = words.by_stem.get(stems[0])
        if not candidates:
            return []
        spans: list[tuple[int, int]] = []
        last = len(stems) - 1
        after = -1  # the last word of the previous match
        for first in candidates:
            final = first + last
            if first <= after or final >= len(words.stems):
                continue
            if words.glued_before[first] or words.glued_after[final]:
                continue
            if all(words.stems[first + k] == stems[k] and words.joined[first + k - 1] for k in range(1, last + 1)):
                spans.append((words.starts[first], words.ends[final]))
                after = final
        return spans or self._find_inverted(stems, words)

    def _find_inverted(self, stems: tuple[str, ...], words: _Words) -> list[tuple[int, int]]:
        """A rendering "X Y" written "Y of X", with up to three words before X ("Municipal Government" as
        "governments of the relevant special municipalities"): the head noun first, then "of", then the
        modifiers."""
        if len(stems) < 2 or "of" in stems:
            return []
        head, modifiers = stems[-1], stems[:-1]
        spans: list[tuple[int, int]] = []
        for at in words.by_stem.get(head, ()):
            if at + 2 >= len(words.stems) or words.stems[at + 1] != "of":
                continue
            for skip in range(INVERTED_GAP + 1):
                first = at + 2 + skip
                final = first + len(modifiers) - 1
                if final < len(words.stems) and words.stems[first : final + 1] == modifiers:
                    spans.append((words.starts[at], words.ends[final]))
                    break
        return spans

    def find_loose(self, rendering: str, text: str) -> list[tuple[int, int]]:
        """Spans where `rendering`'s words occur in any form with one extra word among them, or, for a rendering
        "X of Y", where X and "of Y" stand apart in one clause (see the module docstring). For accepting a
        rendering only: a forbidden one is never looked for this way."""
        stems = self._stems(rendering)
        if len(stems) < 2:
            return []
        words = self._words(text)
        spans = self._find_with_extra_word(stems, words)
        if not spans and "of" in stems[1:-1]:
            spans = self._find_apart(stems, stems.index("of", 1), words, fold_width(text))
        return spans

    @staticmethod
    def _runs(stems: Sequence[str], words: _Words, extra: int) -> list[tuple[int, int]]:
        """(first, last) word indexes where `stems` occur in a row joined by whitespace or hyphens, with up to
        `extra` other words among them, not glued into a longer compound."""
        runs = []
        for first in words.by_stem.get(stems[0], ()):
            if words.glued_before[first]:
                continue
            at, skipped = first, 0
            for want in stems[1:]:
                nxt = at + 1
                while nxt < len(words.stems) and words.stems[nxt] != want and skipped < extra:
                    nxt, skipped = nxt + 1, skipped + 1
                if nxt >= len(words.stems) or words.stems[nxt] != want or not all(words.joined[at:nxt]):
                    break
                at = nxt
            else:
                if not words.glued_after[at]:
                    runs.append((first, at))
        return runs

    def _find_with_extra_word(self, stems: tuple[str, ...], words: _Words) -> list[tuple[int, int]]:
        return [(words.starts[a], words.ends[b]) for a, b in self._runs(stems, words, LOOSE_EXTRA_WORDS)]

    def _find_apart(self, stems: tuple[str, ...], of: int, words: _Words, text: str) -> list[tuple[int, int]]:
        heads = self._runs(stems[:of], words, 0)
        tails = self._runs(stems[of:], words, 0)
        spans = []
        for head_first, head_last in heads:
            for tail_first, tail_last in tails:
                if head_last < tail_first <= head_last + 1 + APART_WORDS and not _CLAUSE_END.search(
                    text, words.ends[head_last], words.starts[tail_first]
                ):
                    spans.append((words.starts[head_first], words.ends[tail_last]))
                    break
        return spans

    def contains(self, rendering: str, text: str, *, forms: bool = False) -> bool:
        """Whether `rendering` occurs in `text` at least once; with `forms`, in any form of its words."""
        pattern = self._pattern(rendering)
        if pattern is not None and pattern.search(fold_width(text)) is not None:
            return True
        return forms and bool(self.find_forms(rendering, text))
