"""Word boundaries for term hits: a key found inside a longer word is not that term.

退役军人事务部门 ("veterans affairs departments") contains the key 退役军人事务部 (the Ministry), and 党组织
("Party organization") contains 党组 (a Leading Party Members Group). A hit is suspect when its last character
and the next one form a frequent two-character word (部门, 组织, 长期); jieba's segmentation of the text around
the hit then decides whether the hit's end is a word boundary (教育部分别 → 教育部 / 分别 keeps 教育部).
Only suspect hits pay for segmentation, so matching stays fast.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

MIN_WORD_FREQ = 300  # jieba dictionary frequency from which a bigram counts as a real word
WINDOW_AFTER = 4  # characters after the hit given to the segmenter

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
