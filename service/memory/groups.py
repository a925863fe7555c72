"""Segments grouped by match key, so the fuzzy index holds every distinct key once.

Why: a memory repeats itself. The same boilerplate sentence is stored for several documents, or with
several targets. Each repeat would add its bigrams to the postings again and be scored again on every
lookup. Grouped, the postings shrink by the share of repeats, a repeated key is scored once, and a query
whose key is stored at least `limit` times is answered without any fuzzy search.

The fuzzy index (service.memory.index) sees one entry per group, with the group number as its id. The
members of the groups built in bulk sit in numpy arrays (sorted segment ids with their group, and the
segments of each group); later additions and removals are kept in small dictionaries. A group whose
last segment goes is removed from the fuzzy index; the same key added again starts a new group.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np

from service.memory.index import DEFAULT_MAX_CANDIDATES, FuzzyIndex


class KeyGroupIndex:
    """`FuzzyIndex`'s interface over segment ids, with each distinct key indexed once."""

    def __init__(self) -> None:
        self.build([], [])

    def build(self, ids: Sequence[int], keys: Sequence[str]) -> None:
        """Replace the whole index by `ids`/`keys` (ids unique) in one bulk pass."""
        if len(ids) != len(keys):
            raise ValueError("ids and keys differ in length")
        group_of_key: dict[str, int] = {}
        groups = np.fromiter(
            (group_of_key.setdefault(key, len(group_of_key)) for key in keys), dtype=np.int64, count=len(keys)
        )
        distinct = list(group_of_key)
        del group_of_key
        segment_ids = np.asarray(ids, dtype=np.int64).reshape(len(keys))
        by_id = np.argsort(segment_ids, kind="stable")
        self._ids_sorted = segment_ids[by_id]
        if len(self._ids_sorted) > 1 and bool((self._ids_sorted[1:] == self._ids_sorted[:-1]).any()):
            raise ValueError("duplicate ids")
        self._group_of_sorted = groups[by_id]
        by_group = np.lexsort((segment_ids, groups))  # within a group, smallest id first
        self._members = segment_ids[by_group]
        self._member_ptr = np.zeros(len(distinct) + 1, dtype=np.int64)
        np.cumsum(np.bincount(groups, minlength=len(distinct)), out=self._member_ptr[1:])
        self._bulk_groups = len(distinct)
        self._index = FuzzyIndex()
        self._index.build(range(len(distinct)), distinct)
        self._removed: set[int] = set()  # bulk segment ids removed since the build
        self._added: dict[int, list[int]] = {}  # group -> segment ids added since the build
        self._added_group: dict[int, int] = {}  # added segment id -> its group
        self._next_group = len(distinct)
        self._count = len(keys)

    # ------------------------------------------------------------------ membership
    def _bulk_group(self, segment_id: int) -> int | None:
        slot = int(np.searchsorted(self._ids_sorted, segment_id))
        if slot < len(self._ids_sorted) and self._ids_sorted[slot] == segment_id and segment_id not in self._removed:
            return int(self._group_of_sorted[slot])
        return None

    def _group_of(self, segment_id: int) -> int | None:
        group = self._added_group.get(segment_id)
        return group if group is not None else self._bulk_group(segment_id)

    def members(self, group: int, limit: int | None = None) -> list[int]:
        """The live segment ids of a group, smallest first (the first `limit` of them)."""
        found: list[int] = []
        if group < self._bulk_groups:
            bulk = self._members[self._member_ptr[group] : self._member_ptr[group + 1]]
            if not self._removed:
                found = bulk[:limit].tolist()
            else:
                for segment_id in bulk.tolist():
                    if segment_id not in self._removed:
                        found.append(segment_id)
                        if limit is not None and len(found) >= limit:
                            break
        added = self._added.get(group)
        return sorted(found + added)[:limit] if added else found

    def add(self, segment_id: int, key: str) -> None:
        """Add one segment; an id already present is replaced."""
        segment_id = int(segment_id)
        self.remove(segment_id)
        same = self._index.ids_of_key(key)
        if same:
            group = same[0]
        else:
            group = self._next_group
            self._next_group += 1
            self._index.add(group, key)
        self._added.setdefault(group, []).append(segment_id)
        self._added_group[segment_id] = group
        self._count += 1

    def remove(self, segment_id: int) -> bool:
        """Forget a segment; returns whether it was present."""
        segment_id = int(segment_id)
        group = self._added_group.pop(segment_id, None)
        if group is not None:
            added = self._added[group]
            added.remove(segment_id)
            if not added:
                del self._added[group]
        else:
            group = self._bulk_group(segment_id)
            if group is None:
                return False
            self._removed.add(segment_id)
        self._count -= 1
        if not self.members(group, 1):
            self._index.remove(group)
        return True

    def __len__(self) -> int:
        return self._count

    def __contains__(self, segment_id: int) -> bool:
        return self._group_of(int(segment_id)) is not None

    def key_of(self, segment_id: int) -> str | None:
        group = self._group_of(int(segment_id))
        return None if group is None else self._index.key_of(group)

    @property
    def distinct_keys(self) -> int:
        return len(self._index)

    def memory_bytes(self) -> int:
        arrays = (self._ids_sorted, self._group_of_sorted, self._members, self._member_ptr)
        total = self._index.memory_bytes() + sum(a.nbytes for a in arrays)
        total += 100 * (len(self._removed) + len(self._added_group)) + sys.getsizeof(self._added)
        return total

    # ------------------------------------------------------------------ searching
    def search(
        self, key: str, min_score: float = 70, limit: int = 5, max_candidates: int | None = DEFAULT_MAX_CANDIDATES
    ) -> list[tuple[int, float]]:
        """Top `limit` segments by `fuzz.ratio(key, segment key) >= min_score`, best first, ties by id.

        At most `limit` groups can hold the top `limit` segments, so `limit` groups are asked for.
        """
        if not key or limit <= 0 or not self._count:
            return []
        same = self._index.ids_of_key(key)
        if same:
            members = self.members(same[0], limit)
            if len(members) >= limit:
                return [(segment_id, 100.0) for segment_id in members]
        found = [
            (segment_id, score)
            for group, score in self._index.search(key, min_score, limit, max_candidates)
            for segment_id in self.members(group, limit)
        ]
        found.sort(key=lambda item: (-item[1], item[0]))
        return found[:limit]
