"""Offset maps from a derived string back to the string it was derived from.

Every normalization step either rewrites characters one for one (the map is unchanged) or
deletes characters; so a map is simply, for each derived character, the index of the original
character that produced it, plus a sentinel `len(original)`. Maps are `array('I')` so that
composing and slicing them stay cheap for multi-megabyte documents (numpy does the gathers).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

import numpy as np

assert array("I").itemsize == 4, "OffsetMap stores uint32 entries"


# Small maps are cut from this identity (a memory copy) instead of going through numpy, whose
# fixed cost per call dominates for single sentences.
_SMALL = 4096
_IDENTITY = array("I", range(_SMALL + 1))
# Gathers and keep-masks stay in numpy above this many entries or deleted ranges.
_NUMPY_FROM = 512


def _as_numpy(entries: array) -> np.ndarray:
    return np.frombuffer(entries, dtype=np.uint32)


def _from_numpy(values: np.ndarray) -> array:
    entries = array("I")
    entries.frombytes(np.ascontiguousarray(values, dtype=np.uint32).tobytes())
    return entries


class OffsetMap:
    """Derived index → original index, `len(derived) + 1` entries, the last one `len(original)`."""

    __slots__ = ("entries",)

    def __init__(self, entries: array | Iterable[int]):
        self.entries = entries if isinstance(entries, array) and entries.typecode == "I" else array("I", entries)
        if len(self.entries) == 0:
            raise ValueError("an OffsetMap needs at least the sentinel entry")

    @classmethod
    def _trusted(cls, entries: array) -> OffsetMap:
        """Wrap an `array('I')` built here without copying or checking it."""
        offsets = object.__new__(cls)
        offsets.entries = entries
        return offsets

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a step that changed no positions."""
        if length <= _SMALL:
            return cls._trusted(_IDENTITY[: length + 1])
        return cls._trusted(_from_numpy(np.arange(length + 1, dtype=np.uint32)))

    @classmethod
    def keeping(cls, original_length: int, deleted: list[tuple[int, int]]) -> OffsetMap:
        """The map of a step that deleted the given sorted, disjoint `[start, end)` ranges."""
        if original_length <= _SMALL and len(deleted) < _NUMPY_FROM:
            entries = array("I")
            position = 0
            for start, end in deleted:
                entries += _IDENTITY[position:start]
                position = max(position, end)
            entries += _IDENTITY[position : original_length + 1]
            return cls._trusted(entries)
        keep = np.ones(original_length + 1, dtype=bool)
        for start, end in deleted:
            keep[start:end] = False
        return cls._trusted(_from_numpy(np.flatnonzero(keep)))

    def __len__(self) -> int:
        """Length of the derived string."""
        return len(self.entries) - 1

    def __getitem__(self, index: int) -> int:
        return self.entries[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OffsetMap) and self.entries == other.entries

    def __repr__(self) -> str:
        return f"OffsetMap({list(self.entries)!r})"

    @property
    def original_length(self) -> int:
        return self.entries[-1]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original span of derived `[start, end)`: from its first char to just after its last."""
        entries = self.entries
        if not 0 <= start <= end < len(entries):
            raise IndexError(f"span [{start}, {end}) outside derived length {len(entries) - 1}")
        if start == end:
            return entries[start], entries[start]
        return entries[start], entries[end - 1] + 1

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """Map of a later step applied to this step's output: `inner` maps into our derived string."""
        if inner.original_length != len(self):
            raise ValueError("inner map does not start from this map's derived string")
        if len(inner.entries) < _NUMPY_FROM:
            entries = self.entries
            return OffsetMap._trusted(array("I", [entries[index] for index in inner.entries]))
        return OffsetMap._trusted(_from_numpy(_as_numpy(self.entries)[_as_numpy(inner.entries)]))

    def slice(self, start: int, end: int) -> OffsetMap:
        """Map of derived `[start, end)` alone, still pointing into the whole original."""
        _, original_end = self.to_original(start, end)
        entries = self.entries[start:end]
        entries.append(original_end)
        return OffsetMap._trusted(entries)
