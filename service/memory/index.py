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

Search stages (why: on repetitive memories every phrase piece sits in tens of thousands of keys,
so counting postings, not scoring, is the cost):

1. Identical keys by hash: with `limit` of them nothing else can enter the result.
2. Exact mode (`max_candidates=None`): a seed pass scores the few keys sharing the most of the
   query's rarest bigrams; the `limit`-th seed score is a valid threshold, and a higher threshold
   lets the pigeonhole skip more frequent bigrams. The rest is exact at that threshold.
3. Capped mode (the default): the probes are further cut to about `_POSTINGS_BUDGET` postings,
   rarest first (skipped bigrams count as shared, so bounds stay upper bounds); the ~2 x cap
   keys sharing the most probed bigrams are re-counted over the unprobed bigrams by binary
   search in their posting lists, and at most `max_candidates` are scored, best bound first.
   docs/memory.md reports the measured recall.

Layout for millions of segments: bulk-built postings in CSR form (`uint64` bigram codes sorted,
`int64` pointers, `uint32` segment positions), all keys in one string with offsets, lengths and
a liveness mask in numpy arrays; `add` after `build` goes to small delta dictionaries and
`remove` clears the liveness bit.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

_CP_BITS = 21  # Unicode code points fit in 21 bits; a bigram code is (first << 21) | second.
_REPEAT_FLAG = 1 << (2 * _CP_BITS)  # marks the second (and later) occurrence of a bigram in one key
DEFAULT_MAX_CANDIDATES = 800
# A capped search re-counts and ranks by bound only the ~2 x cap segments sharing the most rare bigrams.
_POOL_FACTOR = 2
_FIRST_BATCH = 32
_SEED_POSTINGS = 30_000  # the seed pass reads the rarest bigrams' postings up to this many entries
_SEED_CANDIDATES = 64  # and scores this many of the segments sharing most of them
_POSTINGS_BUDGET = 500_000  # a capped search counts at most about this many postings
_SPARSE_RATIO = 16  # fewer hits than positions / 16: count by sorting the hits, else by bincount


def bigram_code(first: str, second: str) -> int:
    """The integer code of one bigram, as stored in the postings."""
    return (ord(first) << _CP_BITS) | ord(second)


def bigram_tokens(key: str) -> list[int]:
    """The key's bigram codes; a bigram's second occurrence gets its own token so repeats count twice."""
    seen: set[int] = set()
    tokens = []
    for a, b in itertools.pairwise(key):
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


def _choose_probes(
    query_codes: Counter, codes: list[int], sizes: list[int], needed: dict[int, int], repeated: int
) -> tuple[list[int], int]:
    """Skip the most frequent query bigrams while no new length needs a direct scan (pigeonhole)."""
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


def _within_budget(
    probed: list[int], query_codes: Counter, sizes: dict[int, int], skipped: int
) -> tuple[list[int], int]:
    """A capped search also skips the most frequent probed bigrams beyond `_POSTINGS_BUDGET` postings.

    The skipped ones still count as possibly shared in every bound, so ranking stays by true upper
    bounds; only segments sharing none of the remaining bigrams go unseen.
    """
    kept = sorted(probed, key=lambda code: (sizes[code], code))
    total = sum(sizes[code] for code in kept)
    while len(kept) > 1 and total > _POSTINGS_BUDGET:
        code = kept.pop()
        total -= sizes[code]
        skipped += query_codes[code]
    return sorted(kept), skipped


class _TopResults:
    """The best `limit` (score, id) pairs found so far, and which positions were already scored."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.best: list[tuple[float, int]] = []
        self.scored: set[int] = set()

    def floor(self, default: float) -> float:
        """The score a new result must reach to enter: the `limit`-th best, or `default` while not full."""
        return self.best[self.limit - 1][0] if len(self.best) >= self.limit else default

    def score(self, index: FuzzyIndex, key: str, positions: np.ndarray, min_score: float) -> None:
        """Score `positions` with `fuzz.ratio` and keep those reaching `min_score` among the best."""
        if self.scored:
            positions = positions[[p not in self.scored for p in positions.tolist()]]
        if not len(positions):
            return
        scores = process.cdist(
            [key], index._keys_at(positions), scorer=fuzz.ratio, dtype=np.float64, score_cutoff=min_score, workers=1
        )[0]
        hits = np.flatnonzero(scores >= min_score - 1e-9)
        self.scored.update(positions.tolist())
        self.add(positions[hits], scores[hits], index)

    def add(self, positions: np.ndarray, scores: np.ndarray, index: FuzzyIndex) -> None:
        """Keep scored `positions` among the best; each position is offered once."""
        if not len(positions):
            return
        self.scored.update(positions.tolist())
        for position, score in zip(positions.tolist(), scores.tolist()):
            self.best.append((float(score), index._ext_at(position)))
        self.best.sort(key=lambda item: (-item[0], item[1]))
        del self.best[self.limit :]

    def items(self) -> list[tuple[int, float]]:
        return [(segment_id, score) for score, segment_id in self.best]


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
        self._max_length = int(lengths.max(initial=0))
        hashes = np.fromiter((hash(k) for k in keys), dtype=np.int64, count=count)
        self._hash_order = np.argsort(hashes, kind="stable").astype(np.uint32)
        self._hashes_sorted = hashes[self._hash_order]

        self._delta_keys: dict[int, str] = {}  # internal position -> key, for segments added after build
        self._delta_ext: dict[int, int] = {}
        self._delta_postings: dict[int, list[int]] = {}
        self._delta_by_key: dict[str, set[int]] = {}  # key -> positions, the exact lookup of added segments
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
        self._delta_by_key.setdefault(key, set()).add(position)
        self._max_length = max(self._max_length, len(key))
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
            same_key = self._delta_by_key[key]
            same_key.discard(position)
            if not same_key:
                del self._delta_by_key[key]
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
            self._offsets,
            self._ext_ids,
            self._ids_sorted,
            self._ids_order,
            self._lengths,
            self._alive,
            self._by_length,
            self._length_ptr,
            self._vocab,
            self._indptr,
            self._postings,
            self._hash_order,
            self._hashes_sorted,
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

        A seed pass scores the segments sharing the query's rarest bigrams; once it holds `limit`
        results, the `limit`-th score is a valid threshold for the rest, and a higher threshold
        lets the pigeonhole skip more of the frequent bigrams. `max_candidates=None` is exact.
        """
        query_len = len(key)
        if query_len == 0 or limit <= 0 or len(self) == 0:
            return []
        found = _TopResults(limit)
        identical = self._identical(key, limit)
        found.add(identical, np.full(len(identical), 100.0), self)
        if len(identical) >= limit:
            return found.items()  # nothing scores above 100 and every identical key is in hand
        query_codes = Counter(bigram_tokens(key))
        codes = sorted(query_codes)
        sizes = self._posting_sizes(codes)
        if max_candidates is None:
            self._seed(key, codes, sizes, min_score, found)
        threshold = max(min_score, found.floor(min_score))
        self._search_at(key, query_codes, codes, sizes, threshold, found, max_candidates)
        return found.items()

    def ids_of_key(self, key: str) -> list[int]:
        """The ids of the live entries whose key is exactly `key`."""
        return [self._ext_at(p) for p in self._identical(key, sys.maxsize).tolist()]

    def _identical(self, key: str, limit: int) -> np.ndarray:
        """Live positions whose key equals `key`: all of them, or the `limit` with the smallest ids.

        Bulk keys are found by hash and only the few returned are compared (a collision falls back
        to comparing every one); added keys are found by dictionary.
        """
        wanted = hash(key)
        first = int(np.searchsorted(self._hashes_sorted, wanted))
        last = int(np.searchsorted(self._hashes_sorted, wanted, side="right"))
        bulk = self._hash_order[first:last].astype(np.int64)
        bulk = bulk[self._alive[bulk]]
        added = sorted(self._delta_by_key.get(key, ()))
        same = np.concatenate([bulk, np.asarray(added, dtype=np.int64)])
        if len(same) > limit:
            ext = np.concatenate([self._ext_ids[bulk], np.asarray([self._delta_ext[p] for p in added], dtype=np.int64)])
            chosen = same[np.argsort(ext, kind="stable")[:limit]]
            if all(self._key_at(p) == key for p in chosen.tolist()):
                return chosen
        return np.asarray([p for p in same.tolist() if self._key_at(p) == key], dtype=np.int64)

    def _seed(self, key: str, codes: list[int], sizes: list[int], min_score: float, found: _TopResults) -> None:
        """Score the few segments sharing most of the query's rarest bigrams, to raise the threshold early."""
        low, high = length_window(len(key), min_score)
        rarest, budget = [], 0
        for size, code in sorted(zip(sizes, codes)):
            if size == 0:
                continue
            if budget + size > _SEED_POSTINGS:
                break
            rarest.append(code)
            budget += size
        if not rarest:
            return
        positions, counts = self._shared_counts(rarest, 1)
        lengths = self._lengths[positions]
        keep = (lengths >= low) & (lengths <= high) & self._alive[positions]
        positions, counts = positions[keep], counts[keep]
        if len(positions) > _SEED_CANDIDATES:
            closeness = np.abs(lengths[keep].astype(np.int64) - len(key))
            top = np.argpartition(closeness - counts * 1024, _SEED_CANDIDATES - 1)[:_SEED_CANDIDATES]
            positions = positions[top]
        found.score(self, key, positions, min_score)

    def _search_at(
        self,
        key: str,
        query_codes: Counter,
        codes: list[int],
        sizes: list[int],
        threshold: float,
        found: _TopResults,
        max_candidates: int | None,
    ) -> None:
        """Every segment reaching `threshold` that the seed pass missed (exact unless capped)."""
        query_len = len(key)
        low, high = length_window(query_len, threshold)
        high = min(high, self._max_length)
        if low > high:
            return
        repeated = max(0, query_len - 1) - len(query_codes)
        minimums = {length: _min_shared(query_len, length, threshold) for length in range(low, high + 1)}
        needed = {length: n for length, n in minimums.items() if n is not None}
        if not needed:
            return
        probed, skipped = _choose_probes(query_codes, codes, sizes, needed, repeated)
        scans = [length for length, n in needed.items() if n - skipped - repeated <= 0]
        if max_candidates is not None:
            probed, skipped = _within_budget(probed, query_codes, dict(zip(codes, sizes)), skipped)
        slack = skipped + repeated
        positions, counts = self._shared_counts(probed, max(1, min(needed.values()) - slack))
        pool = None if max_candidates is None else _POOL_FACTOR * max_candidates
        candidates, shared = self._collect(positions, counts, needed, slack, low, high, pool, scans)
        if not len(candidates):
            return
        if pool is not None and skipped:
            if len(candidates) > pool:
                closeness = np.abs(self._lengths[candidates].astype(np.int64) - query_len)
                top = np.argpartition(closeness - shared * 1024, pool - 1)[:pool]
                candidates, shared = candidates[top], shared[top]
            unprobed = sorted(set(codes) - set(probed))
            shared = shared - skipped + self._holding(unprobed, candidates)
        bounds = score_upper_bound(query_len, self._lengths[candidates], shared)
        priority = bounds * 1024.0 + np.minimum(shared, 1023)  # bound first, then more shared bigrams
        if max_candidates is not None and len(candidates) > max_candidates:
            top = np.argpartition(-priority, max_candidates - 1)[:max_candidates]
            candidates, bounds, priority = candidates[top], bounds[top], priority[top]
        order = np.argsort(-priority, kind="stable")
        candidates, bounds = candidates[order], bounds[order]
        start, batch = 0, _FIRST_BATCH
        while start < len(candidates):
            if bounds[start] < max(threshold, found.floor(threshold)) - 1e-9:
                break
            stop = min(len(candidates), start + batch)
            found.score(self, key, candidates[start:stop], threshold)
            start, batch = stop, batch * 2

    def _holding(self, codes: list[int], positions: np.ndarray) -> np.ndarray:
        """For each of `positions`, how many of `codes` its key holds (binary search in each posting list)."""
        held = np.zeros(len(positions), dtype=np.int64)
        for code in codes:
            slot = int(np.searchsorted(self._vocab, np.uint64(code))) if len(self._vocab) else 0
            if slot < len(self._vocab) and self._vocab[slot] == code:
                postings = self._postings[self._indptr[slot] : self._indptr[slot + 1]]
                found = np.minimum(np.searchsorted(postings, positions), len(postings) - 1)
                held += postings[found] == positions
            if code in self._delta_postings:
                held += np.isin(positions, self._delta_postings[code])
        return held

    def _posting_sizes(self, codes: list[int]) -> list[int]:
        """Posting-list length (bulk plus delta) of each bigram code."""
        wanted = np.asarray(codes, dtype=np.uint64)
        slots = np.minimum(np.searchsorted(self._vocab, wanted), max(len(self._vocab) - 1, 0))
        sizes = np.zeros(len(codes), dtype=np.int64)
        if len(self._vocab):
            present = self._vocab[slots] == wanted
            sizes[present] = self._indptr[slots[present] + 1] - self._indptr[slots[present]]
        return [int(n) + len(self._delta_postings.get(c, ())) for n, c in zip(sizes, codes)]

    def _shared_counts(self, codes: list[int], floor: int) -> tuple[np.ndarray, np.ndarray]:
        """Sorted positions holding at least `floor` of `codes`, with how many each holds.

        Few postings are counted by sorting them; many by `bincount` over all positions.
        """
        pieces = []
        if codes and len(self._vocab):
            wanted = np.asarray(codes, dtype=np.uint64)
            slots = np.minimum(np.searchsorted(self._vocab, wanted), len(self._vocab) - 1)
            slots = slots[self._vocab[slots] == wanted]
            pieces = [self._postings[self._indptr[s] : self._indptr[s + 1]] for s in slots.tolist()]
        pieces.extend(np.asarray(self._delta_postings[c], dtype=np.uint32) for c in codes if c in self._delta_postings)
        if not pieces:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        hits = np.concatenate(pieces)
        if len(hits) * _SPARSE_RATIO < self._next_position:
            hits.sort()
            starts = np.flatnonzero(np.concatenate(([True], hits[1:] != hits[:-1])))
            counts = np.diff(np.append(starts, len(hits)))
            keep = counts >= floor
            return hits[starts[keep]].astype(np.int64), counts[keep]
        counts = np.bincount(hits, minlength=self._next_position)
        positions = np.flatnonzero(counts >= floor)
        return positions, counts[positions]

    def _collect(
        self,
        positions: np.ndarray,
        counts: np.ndarray,
        needed: dict[int, int],
        slack: int,
        low: int,
        high: int,
        pool: int | None,
        scans: list[int],
    ) -> tuple[np.ndarray, np.ndarray]:
        """Live candidates whose length and probed count can still reach the threshold, with `c'`.

        With a `pool` size (capped search) only the segments with the most shared bigrams are
        kept: the count floor rises to the highest level that still leaves `pool` segments.
        """
        if pool is not None and len(positions) > pool:
            at_least = np.cumsum(np.bincount(counts)[::-1])[::-1]
            level = int(np.searchsorted(-at_least, -pool, side="right")) - 1
            keep = counts >= min(level, len(at_least) - 1)
            positions, counts = positions[keep], counts[keep]
        table = np.full(high - low + 1, np.iinfo(np.int64).max, dtype=np.int64)
        for length, n in needed.items():
            table[length - low] = max(1, n - slack)
        lengths = self._lengths[positions].astype(np.int64)
        inside = (lengths >= low) & (lengths <= high)
        positions, counts, lengths = positions[inside], counts[inside], lengths[inside]
        keep = (counts >= table[lengths - low]) & self._alive[positions]
        positions, counts = positions[keep], counts[keep]
        if scans:
            extra = _sorted_unique(np.concatenate([self._positions_of_length(length) for length in scans]))
            extra = extra[self._alive[extra]]
            slots = np.minimum(np.searchsorted(positions, extra), max(len(positions) - 1, 0))
            known = (positions[slots] == extra) if len(positions) else np.zeros(len(extra), dtype=bool)
            positions = np.concatenate([positions, extra[~known]])
            counts = np.concatenate([counts, np.zeros(int((~known).sum()), dtype=np.int64)])
        return positions, counts + slack

    def _positions_of_length(self, length: int) -> np.ndarray:
        base = np.empty(0, dtype=np.int64)
        if length + 1 < len(self._length_ptr):
            base = self._by_length[self._length_ptr[length] : self._length_ptr[length + 1]].astype(np.int64)
        extra = [p for p, k in self._delta_keys.items() if len(k) == length]
        return np.concatenate([base, np.asarray(extra, dtype=np.int64)])

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
        for base_position in np.flatnonzero(self._alive[: self._base_count]):
            yield int(self._ext_ids[base_position]), self._key_at(int(base_position))
        for position, segment_id in self._delta_ext.items():
            yield segment_id, self._delta_keys[position]

    def compact(self) -> None:
        """Fold delta additions and removals into a fresh bulk build."""
        items = list(self.live_items())
        self.build([i for i, _ in items], [k for _, k in items])


def _build_postings(
    code_points: np.ndarray, lengths: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


def _flag_repeats(codes: np.ndarray, positions: np.ndarray, position_bits: int) -> tuple[np.ndarray, np.ndarray]:
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
