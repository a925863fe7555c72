"""Character folding shared, by rule rather than by import, with `glossary.variants`.

The glossary keys terms with `glossary.variants.normalize_form`, which must produce exactly
what `service.text.normalize` produces for the same short string. The glossary may not import
`service`, so the rules live here in one small place and `tests/text/test_consistency.py`
checks that both sides agree:

- full-width ASCII letters and digits (U+FF10–FF19, FF21–FF3A, FF41–FF5A) become half-width;
  full-width punctuation and symbols stay, so Chinese `，；：？！（）％` keep their canonical form;
- the ideographic space U+3000, NBSP and the other fixed-width spaces and tabs become a plain
  space (the whitespace rules then collapse or delete them);
- CJK compatibility ideographs (U+F900–FAFF, U+2F800–2FA1F) and Kangxi radicals (U+2F00–2FD5)
  fold to their unified ideograph, one character for one (their NFKC form);
- traditional → simplified uses OpenCC's phrase-aware `t2s` configuration;
- half-width `,;:?!()` standing between Han characters become `，；：？！（）`.

Every fold here is one character for one character, so offsets are unaffected.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

T2S_CONFIG = "t2s"

# Han ideographs: unified with extension A, 〇, compatibility ideographs and the supplementary planes.
HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HALF_TO_FULL_PUNCTUATION = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
SPACE_CHARS = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


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


def fold_width(text: str) -> str:
    """Width and compatibility folding, one character for one."""
    return text.translate(FOLD_TABLE)


@lru_cache(maxsize=1)
def t2s_converter() -> opencc.OpenCC:
    """The one OpenCC converter used for traditional → simplified."""
    return opencc.OpenCC(T2S_CONFIG)
