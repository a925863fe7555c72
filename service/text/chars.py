"""Character classes of Chinese text, each defined once for every module that needs it.

The values are bodies of regular-expression character classes (`f"[{HAN_CLASS}]"`); none holds
a character that would need escaping inside `[...]`.
"""

from __future__ import annotations

HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""Han ideographs: 〇, extension A, the unified block, compatibility ideographs and the
supplementary planes (extensions B to H and the compatibility supplement)."""

KANA_HANGUL_CLASS = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
"""Japanese kana and Korean hangul: text with them is Japanese or Korean, whatever Han it also holds."""

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
"""Zero-width spaces and joiners, the word joiner and the byte-order mark."""

SPACE_CHARS = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
"""Spaces other than U+0020 that scraped text carries: tab, no-break, en/em and ideographic spaces …"""

OPENING_MARKS = "“‘「『（《【"
"""Chinese opening quotes and brackets."""

CLOSING_MARKS = "”’」』）》】"
"""Chinese closing quotes and brackets."""


def writing_systems(texts: list[str]) -> list[str]:
    """The writing systems the texts use, by name, most used first: Chinese (Han without kana or hangul),
    Japanese, Korean, Cyrillic, Greek, Arabic, Latin. What a file in no Chinese is said to be written in."""
    import re
    from collections import Counter

    systems = [
        ("Japanese", re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")),
        ("Korean", re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")),
        ("Chinese", re.compile(f"[{HAN_CLASS}]")),
        ("Cyrillic", re.compile("[\u0400-\u04ff]")),
        ("Greek", re.compile("[\u0370-\u03ff]")),
        ("Arabic", re.compile("[\u0600-\u06ff]")),
        ("Latin", re.compile("[A-Za-z\u00c0-\u024f]")),
    ]
    counts: Counter[str] = Counter()
    for text in texts:
        for name, pattern in systems:
            if pattern.search(text):
                counts[name] += 1
                break
    return [name for name, _ in counts.most_common()]
