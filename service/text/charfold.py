"""The character rules of normalization, defined once in `glossary.variants` and shared from there.

Terms are keyed with `glossary.variants.normalize_form`, which must produce exactly what
`service.text.normalize` produces for the same short string. Both take their rules (width and
compatibility folding, the Han class, punctuation folding, spaces, pinyin shape and tone, the t2s
converter) from `glossary.variants`; `service.text.normalize` adds offset maps around them, and
`tests/text/test_consistency.py` checks that the two agree.
"""

from __future__ import annotations

from glossary.variants import (  # noqa: F401  (re-exported for the text pipeline)
    CJK_TIGHT,
    DENSE_ANNOTATIONS,
    FOLD_TABLE,
    HALF_TO_FULL_PUNCTUATION,
    HAN_CLASS,
    PINYIN_VOWELS,
    SPACE_CHARS,
    SPACE_DELETIONS,
    ZERO_WIDTH,
    ZERO_WIDTH_OR_CR,
    fold_width,
    is_pinyin,
    is_toned,
    t2s_converter,
)

T2S_CONFIG = "t2s"
