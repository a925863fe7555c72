"""Match keys: what two segments must share to count as the same sentence for the memory.

A key is the normalized text with every placeable collapsed to one private-use character per
kind (so `2023年` and `2024年` give the same key), whitespace removed, Latin letters case-folded
and punctuation folded to one width, so full- or half-width forms never separate two segments.
Hashes over keys give cheap equality lookups (exact and in-context) and pair deduplication.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from service.text.chars import HAN_CLASS

SLOT_CHARS = {
    "number": "\ue000",
    "date": "\ue001",
    "percent": "\ue002",
    "url": "\ue003",
    "email": "\ue004",
    "filename": "\ue005",
}
SLOT_KINDS = {char: kind for kind, char in SLOT_CHARS.items()}

# Half-width punctuation folded to the full-width form the normalizer keeps between Han characters.
_PUNCTUATION_FOLD = str.maketrans(
    {
        ",": "，",
        ";": "；",
        ":": "：",
        "?": "？",
        "!": "！",
        "(": "（",
        ")": "）",
        "．": ".",
        "｡": "。",
        "､": "、",
        "「": "“",
        "」": "”",
        "『": "‘",
        "』": "’",
        '"': "“",
        "＂": "“",
        "″": "”",
        "'": "‘",
        "＇": "‘",
        "〔": "（",
        "〕": "）",
        "［": "[",
        "］": "]",
        "｛": "{",
        "｝": "}",
        "—": "-",
        "－": "-",
        "–": "-",
        "～": "~",
    }
)
# Curly quotes differ only in direction, which scrapers often get wrong: fold both to one.
_QUOTE_FOLD = str.maketrans({"”": "“", "’": "‘", "«": "“", "»": "“"})
_SPACES = re.compile(r"\s+")
# A half-width period right after a Han character is a sentence-final 。 typed on the wrong keyboard.
_HAN_PERIOD = re.compile(rf"(?<=[{HAN_CLASS}])\s*\.")
_SLOT_RANGE = re.compile("[\ue000-\ue005]")


class PlaceableLike(Protocol):
    """What keys need from a placeable (service.text.placeables.Placeable has it)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def kind(self) -> str: ...


@dataclass(frozen=True, slots=True)
class MatchKey:
    """The key string and, in order, the placeables its slot characters stand for."""

    key: str
    slots: tuple[PlaceableLike, ...]

    @property
    def slot_values(self) -> tuple[tuple[str, str], ...]:
        """`(kind, text)` of each slot, in key order."""
        return tuple((p.kind, p.text) for p in self.slots)


def fold_text(text: str) -> str:
    """Width/quote-fold punctuation (a `.` after a Han character becomes `。`), case-fold Latin, drop whitespace."""
    folded = text.translate(_PUNCTUATION_FOLD).translate(_QUOTE_FOLD).casefold()
    return _SPACES.sub("", _HAN_PERIOD.sub("。", folded))


def match_key(normalized: str, placeables: Sequence[PlaceableLike]) -> MatchKey:
    """The match key of a normalized segment and its placeables (offsets into `normalized`).

    Slot characters pass through the folding unchanged (they are neither punctuation, letters, Han nor
    whitespace), so the text is assembled first and folded once.
    """
    parts: list[str] = []
    slots: list[PlaceableLike] = []
    cursor = 0
    clean = _SLOT_RANGE.search(normalized) is None  # text that already holds slot characters loses them
    for placeable in sorted(placeables, key=lambda p: (p.start, p.end)):
        if placeable.start < cursor or placeable.kind not in SLOT_CHARS:
            continue
        piece = normalized[cursor : placeable.start]
        parts.append(piece if clean else _SLOT_RANGE.sub("", piece))
        parts.append(SLOT_CHARS[placeable.kind])
        slots.append(placeable)
        cursor = placeable.end
    piece = normalized[cursor:]
    parts.append(piece if clean else _SLOT_RANGE.sub("", piece))
    return MatchKey(fold_text("".join(parts)), tuple(slots))


def _digest(*parts: str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        encoded = part.encode("utf-8")
        hasher.update(len(encoded).to_bytes(8, "big"))  # length-prefixed: no ambiguity between parts
        hasher.update(encoded)
    return hasher.hexdigest()


def exact_hash(key: str) -> str:
    """32-hex-digit hash of a key: equal keys, equal hashes (the exact-match lookup column)."""
    return _digest("exact", key)


def context_hash(prev_key: str | None, key: str, next_key: str | None) -> str:
    """Hash of a key with its neighbours' keys (None for a document edge): the 101 lookup column."""
    return _digest("context", prev_key or "", key, next_key or "")


def pair_hash(normalized_source: str, target: str) -> str:
    """Hash identifying an aligned pair for deduplication.

    The source is compared after normalization as given; the target only with whitespace runs
    collapsed and ends stripped, since translations differing in wording are different pairs.
    """
    return _digest("pair", normalized_source, _SPACES.sub(" ", target).strip())
