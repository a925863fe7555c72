"""Aligned pairs before they are stored: what arrives (RawPair) and everything computed from it (PreparedPair).

Pure: the cleaned and the normalized source, the source's language tag from its script, the match key and the
hashes the database indexes are computed here, in one batch pass, so imports can prepare a batch in another
process while the previous one is written. A stored `source` is the text as sent without scraper noise (zero-width
characters, pinyin annotations: `clean`), in the script it was sent in; `source_raw` keeps the text exactly as
sent when cleaning changed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from service.memory.keys import context_hash, exact_hash, match_key, pair_hash
from service.memory.langs import canonical_lang
from service.text.normalize import clean, normalize_forms
from service.text.placeables import find_placeables
from service.text.script import han_script

ORIGINS = ("human", "mt", "import", "aligned")  # who made a target: a person, MT, an imported file, the aligner


class RawPair(NamedTuple):
    """A pair as it arrives (API, TMX, CSV), before anything is computed from it."""

    source: str
    target: str
    source_lang: str = "zh-Hans"
    target_lang: str = "en"
    document: str | None = None
    context_before: str = ""
    context_after: str = ""
    origin: str = "human"
    extra: dict[str, Any] | None = None
    created_at: datetime | None = None


class PreparedPair(NamedTuple):
    """Everything computed from a pair before it touches the database (a named tuple because it crosses
    process boundaries cheaply)."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    normalized: str
    key: str
    key_hash: str
    context_hash: str | None
    pair_hash: str
    document: str | None
    context_before: str
    context_after: str
    origin: str
    extra: dict[str, Any]
    created_at: datetime | None = None
    source_raw: str | None = None  # the source exactly as sent, when cleaning changed it


def source_lang_of(source: str, tag: str) -> str:
    """A Chinese source's language tag from its own script (`zh-Hant` for traditional text, whatever tag came
    with it); other tags as canonicalized."""
    lang = canonical_lang(tag)
    if lang.startswith("zh") or not lang:
        return han_script(source) or lang or "zh-Hans"
    return lang


def key_of_normalized(normalized: str) -> str:
    """The match key of an already normalized text."""
    return match_key(normalized, find_placeables(normalized)).key


def key_of(text: str) -> str:
    """The match key of a raw text, normalized exactly as stored pairs and their contexts are."""
    return key_of_normalized(normalize_forms([text])[0])


def prepare_many(raw: Sequence[RawPair]) -> list[PreparedPair]:
    """Normalized forms, match keys and hashes for many pairs at once.

    Normalization is the text pipeline's, without offset maps (storage needs none), and runs over the
    whole batch in one pass, which is what keeps large imports fast.
    """
    sources = normalize_forms([r.source for r in raw])
    with_context = [i for i, r in enumerate(raw) if r.context_before or r.context_after]
    context_forms = normalize_forms(
        [text for i in with_context for text in (raw[i].context_before, raw[i].context_after)]
    )
    contexts = {i: (context_forms[2 * n], context_forms[2 * n + 1]) for n, i in enumerate(with_context)}
    out: list[PreparedPair] = []
    for i, r in enumerate(raw):
        normalized = sources[i].strip()
        key = key_of_normalized(normalized)
        ctx = None
        if i in contexts:
            before, after = contexts[i]
            ctx = context_hash(
                key_of_normalized(before) if r.context_before else "",
                key,
                key_of_normalized(after) if r.context_after else "",
            )
        target = r.target.strip()
        as_sent = r.source.strip()
        source = clean(as_sent).strip()
        out.append(
            PreparedPair(
                source=source,
                target=target,
                source_lang=source_lang_of(source, r.source_lang),
                target_lang=canonical_lang(r.target_lang),
                normalized=normalized,
                key=key,
                key_hash=exact_hash(key),
                context_hash=ctx,
                pair_hash=pair_hash(normalized, target),
                document=r.document or None,
                context_before=r.context_before,
                context_after=r.context_after,
                origin=r.origin,
                extra=r.extra or {},
                created_at=r.created_at,
                source_raw=as_sent if as_sent != source else None,
            )
        )
    return out


def prepare(source: str, target: str, **fields: Any) -> PreparedPair:
    return prepare_many([RawPair(source, target, **fields)])[0]


class StoredPair(NamedTuple):
    """A stored pair as the export formats write it (what the database holds, without its keys)."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    document: str | None = None
    context_before: str = ""
    context_after: str = ""
    origin: str = "human"
    created_at: datetime | None = None
    created_by: str | None = None
    extra: dict[str, Any] | None = None
