"""Word boundaries for term hits: a key found inside a longer word is not that term.

退役军人事务部门 ("veterans affairs departments") contains the key 退役军人事务部 (the Ministry), and 党组织
("Party organization") contains 党组 (a Leading Party Members Group). A hit is suspect when its last character
and the next one form a frequent two-character word (部门, 组织, 长期); jieba's segmentation of the text around
the hit then decides whether the hit's end is a word boundary (教育部分别 → 教育部 / 分别 keeps 教育部).
The same holds at a hit's start: 中山 in 孙中山 (Sun Yat-sen) is no city, 书记 in 总书记 is no mere secretary. A
hit is suspect when it is the tail of a frequent dictionary word that starts before it, and jieba then
decides. A word that merely crosses the start (直辖市 in 直辖市政府, 各处 in 各处室) does not make it suspect:
直辖市政府 is that municipality's government. Only suspect hits pay for segmentation, so
matching stays fast.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

MIN_WORD_FREQ = 300  # jieba dictionary frequency from which a bigram counts as a real word
WINDOW_AFTER = 4  # characters after the hit given to the segmenter
WINDOW_BEFORE = 4  # characters before the hit given to the segmenter

_lock = threading.Lock()
_state: dict[str, object] = {}


def _jieba():
    """jieba's default tokenizer, initialized once per process (its dictionary loads in about a second)."""
    tokenizer = _state.get("dt")
    if tokenizer is None:
        with _lock:
            tokenizer = _state.get("dt")
            if tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.check_initialized()
                _state["dt"] = tokenizer
    return tokenizer


def word_freq() -> dict[str, int]:
    """jieba's word frequencies (for a fast first test before any segmentation)."""
    return _jieba().FREQ


def is_frequent_word(word: str) -> bool:
    return word_freq().get(word, 0) >= MIN_WORD_FREQ


def ends_inside_word(text: str, start: int, end: int) -> bool:
    """Whether the span [start, end) of text ends in the middle of a word."""
    if end >= len(text) or end - start < 1:
        return False
    if not is_frequent_word(text[end - 1 : end + 1]):
        return False
    return _segmentation_splits_inside(text[start : end + WINDOW_AFTER], end - start)


@lru_cache(maxsize=65536)
def _segmentation_splits_inside(window: str, length: int) -> bool:
    """jieba's reading of the window puts no word boundary at `length` (cached: official texts repeat)."""
    position = 0
    for token in _jieba().lcut(window, HMM=False):
        position += len(token)
        if position == length:
            return False
        if position > length:
            return True
    return False


def word_heads() -> dict[str, frozenset[str]]:
    """For every tail of a frequent dictionary word (the word without its first one or two characters), the
    heads that make the word: 中山 → {孙}. Built once per process (a pass over jieba's dictionary); the matcher
    keeps the heads of its own keys, so that a candidate whose key ends no frequent word costs nothing."""
    heads = _state.get("heads")
    if heads is None:
        freqs = word_freq()  # before the lock: loading the dictionary takes it too
        with _lock:
            heads = _state.get("heads")
            if heads is None:
                found: dict[str, set[str]] = {}
                for word, freq in freqs.items():
                    if freq >= MIN_WORD_FREQ and len(word) >= 3:
                        for cut in (1, 2):
                            if len(word) - cut >= 2:
                                found.setdefault(word[cut:], set()).add(word[:cut])
                heads = _state["heads"] = {tail: frozenset(group) for tail, group in found.items()}
    return heads  # type: ignore[return-value]


def start_is_suspect(freq: dict[str, int], text: str, start: int, end: int) -> bool:
    """Whether the hit [start, end) ends a frequent dictionary word that starts one or two characters before
    it (孙中山 around 中山; two dictionary probes, the matcher's first test)."""
    return (start >= 1 and freq.get(text[start - 1 : end], 0) >= MIN_WORD_FREQ) or (
        start >= 2 and freq.get(text[start - 2 : end], 0) >= MIN_WORD_FREQ
    )


def starts_inside_word(text: str, start: int, end: int) -> bool:
    """Whether the span [start, end) of text is the tail of a longer word (中山 of 孙中山, 书记 of 总书记)."""
    if not start_is_suspect(word_freq(), text, start, end):
        return False
    window_start = max(0, start - WINDOW_BEFORE)
    return _segmentation_has_no_boundary(text[window_start:end], start - window_start)


@lru_cache(maxsize=65536)
def _segmentation_has_no_boundary(window: str, at: int) -> bool:
    """jieba's reading of the window puts no word boundary at `at`."""
    position = 0
    for token in _jieba().lcut(window, HMM=False):
        if position == at:
            return False
        position += len(token)
        if position > at:
            return True
    return False
