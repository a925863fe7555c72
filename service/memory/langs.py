"""Language tags as the memory compares them.

Chinese is what matters for matching: every tag for simplified Chinese becomes `zh-Hans`,
every traditional one `zh-Hant`; English variants collapse to `en` because the memory does not
keep separate US and UK translations. Other tags are kept as lower-case BCP 47.
"""

from __future__ import annotations

from functools import lru_cache

_HANT_REGIONS = {"tw", "hk", "mo"}


@lru_cache(maxsize=4096)
def canonical_lang(tag: str | None) -> str:
    """`zh-CN`/`zh`/`zh-Hans-*` → `zh-Hans`; `zh-TW`/`zh-HK`/`zh-MO`/`zh-Hant-*` → `zh-Hant`; `en-*` → `en`."""
    if not tag:
        return ""
    parts = [p for p in tag.strip().replace("_", "-").lower().split("-") if p]
    if not parts:
        return ""
    if parts[0] in {"zh", "cmn", "chi", "zho"}:
        rest = parts[1:]
        if "hant" in rest or any(p in _HANT_REGIONS for p in rest):
            return "zh-Hant"
        return "zh-Hans"
    if parts[0] in {"en", "eng"}:
        return "en"
    return "-".join(parts)


def same_lang(a: str | None, b: str | None) -> bool:
    """Whether two tags name the same language after canonicalization."""
    return canonical_lang(a) == canonical_lang(b) != ""
