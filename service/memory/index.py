"""Fuzzy candidate index over match keys: character bigrams filter, `rapidfuzz.fuzz.ratio` decides.

Why a bigram filter is exact (see docs/memory.md for the derivation):

* `fuzz.ratio(q, s) = 100 * (1 - d / T)` with `T = |q| + |s|` and `d` the Indel distance,
  `d = T - 2 * lcs`. A score `>= t` therefore allows at most `D = floor((1 - t/100) * T)` edits
  (rounded down to the parity of `T`) and needs `||q| - |s|| <= D`.
* Fix one longest common subsequence. Of its `lcs - 1` consecutive pairs, a pair is *not* an
  adjacent pair in both strings only if an unmatched character sits between them in `q` or in
  `s`; distinct breaks use distinct unmatched characters, so at most `d` pairs break. Hence the
  two strings share at least `P >= lcs - 1 - d = (T - 2 - 3d) / 2` bigram *positions*.
* Postings hold bigram *tokens*: a bigram's first occurrence in a key and, flagged, its repeats,
  so the probed count is `sum(min(m_q, m_s, 2))` over bigrams and undercounts the multiset
  intersection (hence `P`) by at most `R = sum(max(0, m_q - 2))`; skipping `S` query
  positions (the most frequent bigrams) undercounts by at most `S` more. With `c` the probed
  count and `c' = c + S + R`, every true match satisfies `d >= (T - 2 - 2c') / 3`, which gives an
  upper bound on its score. Candidates are scored best bound first and the search stops once no
  remaining bound can reach the current n-th best score.
* Strings that share no probed bigram have `c = 0`; for the lengths where even `c = 0` admits
  the threshold (very short keys), all segments of that length are scanned directly.

With `max_candidates=None` the search is exact. With a cap (the default) at most that many
candidates are scored, best bound first; docs/memory.md reports the measured recall.

Layout for millions of segments: bulk-built postings in CSR form (`uint64` bigram codes sorted,
`int64` pointers, `uint32` segment positions), all keys in one string with offsets, lengths and
a liveness mask in numpy arrays; `add` after `build` goes to small delta dictionaries and
`remove` clears the liveness bit.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

_CP_BITS = 21  # Unicode code points fit in 21 bits; a bigram code is (first << 21) | second.
_REPEAT_FLAG = 1 << (2 * _CP_BITS)  # marks the second (and later) occurrence of a bigram in one key
DEFAULT_MAX_CANDIDATES = 400
_POOL_FACTOR = 8  # a capped search ranks by bound only the ~8 x cap segments sharing the most bigrams
_FIRST_BATCH = 32


def bigram_code(first: str, second: str) -> int:
    """The integer code of one bigram, as stored in the postings."""
    return (ord(first) << _CP_BITS) | ord(second)


def bigram_tokens(key: str) -> list[int]:
    """The key's bigram codes; a bigram's second occurrence gets its own token so repeats count twice."""
    seen: set[int] = set()
    tokens = []
    for a, b in zip(key, key[1:]):
        code = bigram_code(a, b)
        if code in seen:
            code |= _REPEAT_FLAG
        seen.add(code)
        tokens.append(code)
    return tokens


def max_edits(query_len: int, other_len: int, min_score: float) -> int:
    """Largest Indel distance `d` with `100 * (1 - d/T) >= min_score` and `d ≡ T (mod 2)`."""
    total = query_len + other_len
    limit = math.floor((100.0 - min_score) * total / 100.0 + 1e-9)
    limit = min(max(limit, -1), total)
    if limit >= 0 and (total - limit) % 2:
        limit -= 1
    return limit


def length_window(query_len: int, min_score: float) -> tuple[int, int]:
    """Inclusive range of segment lengths that can still reach `min_score` (empty if lo > hi)."""
    if min_score <= 0:
        return 0, sys.maxsize
    low = math.ceil(query_len * min_score / (200.0 - min_score) - 1e-9)
    high = math.floor(query_len * (200.0 - min_score) / min_score + 1e-9)
    while low <= high and abs(query_len - low) > max_edits(query_len, low, min_score):
        low += 1
    while high >= low and abs(query_len - high) > max_edits(query_len, high, min_score):
        high -= 1
    return max(low, 0), high


def score_upper_bound(query_len: int, lengths: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """Upper bound of `fuzz.ratio` for segments of `lengths` sharing at least `shared` bigram positions."""
    lengths = lengths.astype(np.int64)
    total = lengths + query_len
    by_bigrams = -((-(total - 2 - 2 * shared.astype(np.int64))) // 3)  # ceil division
    edits = np.maximum(np.abs(lengths - query_len), by_bigrams)
    edits += (edits - total) & 1  # the distance has the parity of T
    edits = np.maximum(edits, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = np.where(total > 0, 100.0 * (1.0 - edits / np.maximum(total, 1)), 100.0)
    return bound


def _min_shared(query_len: int, length: int, min_score: float) -> int | None:
    """Fewest shared bigram positions (`c'`) a segment of `length` needs to reach `min_score`."""
    edits = max_edits(query_len, length, min_score)
    if edits < abs(query_len - length):
        return None
    return max(0, math.ceil((query_len + length - 2 - 3 * edits) / 2))


class FuzzyIndex:
    """Bigram candidate index answering `fuzz.ratio` top-n queries over millions of keys."""

    def __init__(self) -> None:
        self.build([], [])

    # ------------------------------------------------------------------ building
    def build(self, ids: Sequence[int], keys: Sequence[str]) -> None:
        """Replace the whole index by `ids`/`keys` in one bulk pass (numpy sorts, no Python loops per bigram)."""
        if len(ids) != len(keys):
            raise ValueError("ids and keys differ in length")
        count = len(keys)
        ext_ids = np.asarray(ids, dtype=np.int64).reshape(count)
        order = np.argsort(ext_ids, kind="stable")
        if count and len(_sorted_unique(ext_ids[order])) != count:
            raise ValueError("duplicate ids")
        lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=count)
        offsets = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        text = "".join(keys)
        codes_points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)

        self._text = text
        self._offsets = offsets
        self._base_count = count
        self._ext_ids = ext_ids
        self._ids_sorted = ext_ids[order]
        self._ids_order = order.astype(np.int64)
        self._lengths = lengths.astype(np.uint32)
        self._alive = np.ones(count, dtype=bool)
        self._by_length = np.argsort(self._lengths, kind="stable").astype(np.uint32)
        self._length_ptr = np.zeros(int(lengths.max(initial=0)) + 2, dtype=np.int64)
        np.cumsum(np.bincount(lengths, minlength=len(self._length_ptr) - 1), out=self._length_ptr[1:])
        self._vocab, self._indptr, self._postings = _build_postings(codes_points, lengths, count)

        self._delta_keys: dict[int, str] = {}  # internal position -> key, for segments added after build
        self._delta_ext: dict[int, int] = {}
        self._delta_postings: dict[int, list[int]] = {}
        self._ext_to_pos: dict[int, int] = {}  # only for added segments
        self._removed = 0
        self._next_position = count

    def add(self, segment_id: int, key: str) -> None:
        """Add one segment after the bulk build; an id already present is replaced."""
        segment_id = int(segment_id)
        self.remove(segment_id)
        position = self._next_position
        self._next_position += 1
        self._grow(position + 1)
        self._lengths[position] = len(key)
        self._alive[position] = True
        self._delta_keys[position] = key
        self._delta_ext[position] = segment_id
        self._ext_to_pos[segment_id] = position
        for code in set(bigram_tokens(key)):
            self._delta_postings.setdefault(code, []).append(position)

    def remove(self, segment_id: int) -> bool:
        """Forget a segment; returns whether it was present."""
        segment_id = int(segment_id)
        position = self._ext_to_pos.pop(segment_id, None)
        if position is not None:
            key = self._delta_keys.pop(position)
            del self._delta_ext[position]
            self._alive[position] = False
            for code in set(bigram_tokens(key)):
                postings = self._delta_postings[code]
                postings.remove(position)
                if not postings:
                    del self._delta_postings[code]
            return True
        slot = int(np.searchsorted(self._ids_sorted, segment_id))
        if slot < len(self._ids_sorted) and self._ids_sorted[slot] == segment_id:
            position = int(self._ids_order[slot])
            if self._alive[position]:
                self._alive[position] = False
                self._removed += 1
                return True
        return False

    def __len__(self) -> int:
        return self._base_count - self._removed + len(self._delta_ext)

    def __contains__(self, segment_id: int) -> bool:
        segment_id = int(segment_id)
        if segment_id in self._ext_to_pos:
            return True
        slot = int(np.searchsorted(self._ids_sorted, segment_id))
        return bool(
            slot < len(self._ids_sorted)
            and self._ids_sorted[slot] == segment_id
            and self._alive[int(self._ids_order[slot])]
        )

    def memory_bytes(self) -> int:
        """Rough footprint: numpy arrays, the key text and an estimate for the delta dictionaries."""
        arrays = (
            self._offsets, self._ext_ids, self._ids_sorted, self._ids_order, self._lengths, self._alive,
            self._by_length, self._length_ptr, self._vocab, self._indptr, self._postings,
        )
        total = sum(a.nbytes for a in arrays) + sys.getsizeof(self._text)
        total += sum(sys.getsizeof(k) + 100 for k in self._delta_keys.values())
        total += sum(90 + 8 * len(p) for p in self._delta_postings.values())
        return total

    # ------------------------------------------------------------------ searching
    def search(
        self,
        key: str,
        min_score: float = 70,
        limit: int = 5,
        max_candidates: int | None = DEFAULT_MAX_CANDIDATES,
    ) -> list[tuple[int, float]]:
        """Top `limit` segments by `fuzz.ratio(key, segment_key) >= min_score`, best first (ties by id).

        `max_candidates=None` scores every candidate whose bound can still reach the results (exact).
        """
        query_len = len(key)
        if query_len == 0 or limit <= 0 or len(self) == 0:
            return []
        low, high = length_window(query_len, min_score)
        high = min(high, len(self._length_ptr) - 2, int(self._lengths.max(initial=0)))
        if low > high:
            return []

        query_codes = Counter(bigram_tokens(key))
        repeated = max(0, query_len - 1) - len(query_codes)
        needed = {length: _min_shared(query_len, length, min_score) for length in range(low, high + 1)}
        needed = {length: n for length, n in needed.items() if n is not None}
        if not needed:
            return []

        probed, skipped = self._choose_probes(query_codes, needed, repeated)
        slack = skipped + repeated
        counts = self._count_shared(probed)

        pool = None if max_candidates is None else _POOL_FACTOR * max_candidates
        candidates = self._collect(counts, needed, slack, low, high, pool)
        if not len(candidates):
            return []
        shared = counts[candidates].astype(np.int64) + slack
        bounds = score_upper_bound(query_len, self._lengths[candidates], shared)
        priority = bounds * 1024.0 + np.minimum(shared, 1023)  # bound first, then more shared bigrams
        if max_candidates is not None and len(candidates) > max_candidates:
            top = np.argpartition(-priority, max_candidates - 1)[:max_candidates]
            candidates, bounds, priority = candidates[top], bounds[top], priority[top]
        order = np.argsort(-priority, kind="stable")
        return self._score_in_order(key, candidates[order], bounds[order], min_score, limit, max_candidates)

    def _choose_probes(self, query_codes: Counter, needed: dict[int, int], repeated: int) -> tuple[list[int], int]:
        """Skip the most frequent query bigrams while no new length needs a direct scan (pigeonhole)."""
        codes = list(query_codes)
        sizes = self._posting_sizes(codes)
        by_frequency = sorted(range(len(codes)), key=lambda i: (-sizes[i], codes[i]))
        least_needed = min(needed.values()) - repeated
        skipped = 0
        probed = set(codes)
        for i in by_frequency:
            next_skipped = skipped + query_codes[codes[i]]
            # Skipping keeps the same direct-scan lengths as long as every length still needs > 0 probed hits.
            if least_needed - next_skipped <= 0 or sizes[i] == 0:
                break
            skipped = next_skipped
            probed.discard(codes[i])
        return sorted(probed), skipped

    def _posting_sizes(self, codes: list[int]) -> list[int]:
        """Posting-list length (bulk plus delta) of each bigram code."""
        wanted = np.asarray(codes, dtype=np.uint64)
        slots = np.minimum(np.searchsorted(self._vocab, wanted), max(len(self._vocab) - 1, 0))
        sizes = np.zeros(len(codes), dtype=np.int64)
        if len(self._vocab):
            present = self._vocab[slots] == wanted
            sizes[present] = self._indptr[slots[present] + 1] - self._indptr[slots[present]]
        return [int(n) + len(self._delta_postings.get(c, ())) for n, c in zip(sizes, codes)]

    def _count_shared(self, codes: list[int]) -> np.ndarray:
        """Per internal position, how many of `codes` its key contains."""
        size = self._next_position
        pieces = []
        if codes and len(self._vocab):
            wanted = np.asarray(codes, dtype=np.uint64)
            slots = np.minimum(np.searchsorted(self._vocab, wanted), len(self._vocab) - 1)
            slots = slots[self._vocab[slots] == wanted]
            pieces = [self._postings[self._indptr[s] : self._indptr[s + 1]] for s in slots.tolist()]
        pieces.extend(np.asarray(self._delta_postings[c], dtype=np.uint32) for c in codes if c in self._delta_postings)
        if not pieces:
            return np.zeros(size, dtype=np.int64)
        return np.bincount(np.concatenate(pieces), minlength=size)

    def _collect(
        self, counts: np.ndarray, needed: dict[int, int], slack: int, low: int, high: int, pool: int | None
    ) -> np.ndarray:
        """Live positions whose length and probed count can still reach the threshold.

        With a `pool` size (capped search) only the segments with the most shared bigrams are
        kept: the count floor rises to the highest level that still leaves `pool` segments.
        """
        floor = max(1, min(needed.values()) - slack)
        if pool is not None:
            histogram = np.bincount(counts)
            at_least = np.cumsum(histogram[::-1])[::-1]
            level = int(np.searchsorted(-at_least, -pool, side="right")) - 1
            floor = max(floor, min(level, len(histogram) - 1))
        found = np.flatnonzero(counts >= floor)
        table = np.full(high - low + 1, np.iinfo(np.int64).max, dtype=np.int64)
        for length, n in needed.items():
            table[length - low] = n - slack
        if len(found):
            lengths = self._lengths[found].astype(np.int64)
            inside = (lengths >= low) & (lengths <= high)
            found = found[inside]
            found = found[counts[found] >= table[lengths[inside] - low]]
        scans = [found]
        for length, n in needed.items():
            if n - slack <= 0:
                scans.append(self._positions_of_length(length))
        merged = _sorted_unique(np.concatenate(scans)) if len(scans) > 1 else found
        return merged[self._alive[merged]]

    def _positions_of_length(self, length: int) -> np.ndarray:
        base = np.empty(0, dtype=np.int64)
        if length + 1 < len(self._length_ptr):
            base = self._by_length[self._length_ptr[length] : self._length_ptr[length + 1]].astype(np.int64)
        extra = [p for p, k in self._delta_keys.items() if len(k) == length]
        return np.concatenate([base, np.asarray(extra, dtype=np.int64)])

    def _score_in_order(
        self,
        key: str,
        candidates: np.ndarray,
        bounds: np.ndarray,
        min_score: float,
        limit: int,
        max_candidates: int | None,
    ) -> list[tuple[int, float]]:
        """Score candidates best bound first; stop when no bound can beat the current n-th result."""
        budget = len(candidates) if max_candidates is None else min(len(candidates), max_candidates)
        best: list[tuple[float, int]] = []  # (score, external id)
        start, batch = 0, _FIRST_BATCH
        while start < budget:
            floor = best[limit - 1][0] if len(best) >= limit else min_score
            if bounds[start] < floor - 1e-9:
                break
            stop = min(budget, start + batch)
            chunk = candidates[start:stop]
            scores = process.cdist(
                [key], self._keys_at(chunk), scorer=fuzz.ratio, dtype=np.float64, score_cutoff=min_score, workers=1
            )[0]
            for position in np.flatnonzero(scores >= min_score - 1e-9).tolist():
                best.append((float(scores[position]), self._ext_at(int(chunk[position]))))
            best.sort(key=lambda item: (-item[0], item[1]))
            del best[limit:]
            start, batch = stop, batch * 2
        return [(segment_id, score) for score, segment_id in best]

    # ------------------------------------------------------------------ internals
    def key_of(self, segment_id: int) -> str | None:
        """The key stored for `segment_id`, or None."""
        position = self._ext_to_pos.get(int(segment_id))
        if position is not None:
            return self._delta_keys[position]
        slot = int(np.searchsorted(self._ids_sorted, int(segment_id)))
        if slot < len(self._ids_sorted) and self._ids_sorted[slot] == int(segment_id):
            position = int(self._ids_order[slot])
            if self._alive[position]:
                return self._key_at(position)
        return None

    def _keys_at(self, positions: np.ndarray) -> list[str]:
        base = positions < self._base_count
        if base.all():
            starts = self._offsets[positions].tolist()
            ends = self._offsets[positions + 1].tolist()
            return [self._text[a:b] for a, b in zip(starts, ends)]
        return [self._key_at(int(p)) for p in positions]

    def _key_at(self, position: int) -> str:
        if position < self._base_count:
            return self._text[self._offsets[position] : self._offsets[position + 1]]
        return self._delta_keys[position]

    def _ext_at(self, position: int) -> int:
        if position < self._base_count:
            return int(self._ext_ids[position])
        return self._delta_ext[position]

    def _grow(self, size: int) -> None:
        if size <= len(self._lengths):
            return
        capacity = max(size, 2 * len(self._lengths), 16)
        lengths = np.zeros(capacity, dtype=np.uint32)
        lengths[: len(self._lengths)] = self._lengths
        alive = np.zeros(capacity, dtype=bool)
        alive[: len(self._alive)] = self._alive
        self._lengths, self._alive = lengths, alive

    def live_items(self) -> Iterable[tuple[int, str]]:
        """Every live `(id, key)`, e.g. to rebuild (compact) the index in bulk."""
        for position in np.flatnonzero(self._alive[: self._base_count]):
            yield int(self._ext_ids[position]), self._key_at(int(position))
        for position, segment_id in self._delta_ext.items():
            yield segment_id, self._delta_keys[position]

    def compact(self) -> None:
        """Fold delta additions and removals into a fresh bulk build."""
        items = list(self.live_items())
        self.build([i for i, _ in items], [k for _, k in items])


def _build_postings(code_points: np.ndarray, lengths: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR postings: sorted bigram codes, pointers, and per code the sorted distinct segment positions."""
    if count == 0 or len(code_points) < 2:
        return np.empty(0, dtype=np.uint64), np.zeros(1, dtype=np.int64), np.empty(0, dtype=np.uint32)
    owner = np.repeat(np.arange(count, dtype=np.uint32), lengths)
    same = owner[:-1] == owner[1:]
    codes = (code_points[:-1].astype(np.uint64) << np.uint64(_CP_BITS)) | code_points[1:].astype(np.uint64)
    codes = codes[same]
    positions = owner[:-1][same]
    del owner, same
    position_bits = max(1, int(count - 1).bit_length())
    codes, positions = _flag_repeats(codes, positions, position_bits)
    if 2 * _CP_BITS + 1 + position_bits <= 64:
        packed = _sorted_unique((codes << np.uint64(position_bits)) | positions.astype(np.uint64))
        del codes, positions
        codes = packed >> np.uint64(position_bits)
        positions = (packed & np.uint64((1 << position_bits) - 1)).astype(np.uint32)
        del packed
    else:  # too many segments to pack a code and a position into 64 bits: sort twice
        vocab_codes, code_ids = np.unique(codes, return_inverse=True)
        packed = _sorted_unique((code_ids.astype(np.uint64) << np.uint64(position_bits)) | positions.astype(np.uint64))
        positions = (packed & np.uint64((1 << position_bits) - 1)).astype(np.uint32)
        codes = vocab_codes[(packed >> np.uint64(position_bits)).astype(np.int64)]
    starts = np.flatnonzero(np.diff(codes)) + 1
    vocab = codes[np.concatenate(([0], starts))]
    indptr = np.concatenate(([0], starts, [len(codes)])).astype(np.int64)
    return vocab, indptr, positions


def _flag_repeats(codes: np.ndarray, positions: np.ndarray, position_bits: int) -> np.ndarray:
    """Set the repeat flag on every occurrence of a bigram after its first one in the same segment."""
    if 2 * _CP_BITS + position_bits <= 64:
        order = np.argsort((codes << np.uint64(position_bits)) | positions.astype(np.uint64), kind="stable")
    else:
        order = np.lexsort((positions, codes))
    codes_sorted, positions_sorted = codes[order], positions[order]
    repeat = np.zeros(len(codes), dtype=bool)
    repeat[1:] = (codes_sorted[1:] == codes_sorted[:-1]) & (positions_sorted[1:] == positions_sorted[:-1])
    flagged = codes_sorted | (repeat.astype(np.uint64) << np.uint64(2 * _CP_BITS))
    return flagged, positions_sorted


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values; an in-place sort beats numpy's hash-based `unique` on tens of millions."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]
