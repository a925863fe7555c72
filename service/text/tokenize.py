"""Word tokens of normalized Chinese with glossary terms kept whole.

jieba's global tokenizer is shared process state, so each `Tokenizer` owns a private
`jieba.Tokenizer` and adds the glossary's normalized term forms to it as user words; a term
such as `退役军人事务厅` then comes out as one token instead of 退役/军人/事务/厅.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import jieba

logging.getLogger("jieba").setLevel(logging.WARNING)


class Tokenizer:
    """Tokenizer over normalized text; `words` are normalized glossary forms to keep whole."""

    def __init__(self, words: Iterable[str] = ()):
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        self.words: list[str] = []
        for word in words:
            word = word.strip()
            if word and not any(char.isspace() for char in word):
                self._jieba.add_word(word)
                self._jieba.suggest_freq(word, tune=True)
                self.words.append(word)

    def tokens(self, text: str) -> list[tuple[int, int, str]]:
        """`(start, end, word)` for every token of `text`, covering it in order."""
        return [(start, end, word) for word, start, end in self._jieba.tokenize(text)]
