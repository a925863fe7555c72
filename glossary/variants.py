"""Traditional variants of a term.

A term's key is its source written as the text pipeline writes running text:
`service.text.normalize.normalize_form` (and `normalize_forms` for many at once).
"""

from __future__ import annotations

from functools import cache

import opencc

TRADITIONAL_CONFIGS = ("s2t", "s2hk", "s2tw")


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def traditional_variants(source: str) -> list[str]:
    """Traditional forms of a simplified source (mainland, Hong Kong, Taiwan standards), distinct and ≠ source."""
    variants: list[str] = []
    for config in TRADITIONAL_CONFIGS:
        form = _converter(config).convert(source)
        if form != source and form not in variants:
            variants.append(form)
    return variants
