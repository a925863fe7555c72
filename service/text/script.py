"""Which script a Chinese text is written in: traditional (`zh-Hant`) or simplified (`zh-Hans`).

A character is traditional when OpenCC's `t2s` changes it on its own (發 → 发, 廣 → 广) and simplified when `s2t`
does (发 → 發); most characters are both (的, 会议 are written alike). A text is `zh-Hant` when it holds more
traditional characters than simplified ones, `zh-Hans` otherwise, and has no script when it holds neither
(English, digits, characters shared by both). The two character sets are computed once per process over the
CJK Unified Ideographs and Extension A, and a text is then counted with two regular expressions in C.
"""

from __future__ import annotations

import re
from functools import cache

import opencc

HANT, HANS = "zh-Hant", "zh-Hans"
_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    to_simplified, to_traditional = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    characters = [chr(code) for low, high in _RANGES for code in range(low, high + 1)]
    # One conversion call per direction over all characters, one per line: no phrase joins two of them.
    joined = "\n".join(characters)
    simplified = to_simplified.convert(joined).split("\n")
    traditional = to_traditional.convert(joined).split("\n")
    trad = [c for c, s in zip(characters, simplified) if s != c]
    simp = [c for c, t in zip(characters, traditional) if t != c]

    def klass(chars: list[str]) -> re.Pattern[str]:
        return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")

    return klass(trad), klass(simp)


def han_script(text: str) -> str | None:
    """`zh-Hant`, `zh-Hans`, or None for a text with no character of either script."""
    traditional, simplified = _patterns()
    trad = len(traditional.findall(text))
    simp = len(simplified.findall(text))
    if not trad and not simp:
        return None
    return HANT if trad > simp else HANS
