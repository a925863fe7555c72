"""The search stages of FuzzyIndex: identical-key lookup, seed threshold, postings budget, re-counting."""

import random

import numpy as np
import pytest
from rapidfuzz import fuzz, process

from service.memory import index as index_module
from service.memory.index import FuzzyIndex, bigram_tokens

PIECES = [
    "全面贯彻",
    "党的二十大",
    "精神",
    "退役军人",
    "事务",
    "工作",
    "高质量发展",
    "推进",
    "广东",
    "全省",
    "各级",
    "部门",
    "会议",
    "召开",
    "服务",
    "部队",
]


def sentence(rng):
    return "".join(
        rng.choice(PIECES) if rng.random() < 0.8 else rng.choice("的和在与及对") for _ in range(rng.randint(3, 9))
    )


def edit(rng, text, count):
    chars = list(text)
    for _ in range(count):
        i = rng.randrange(len(chars))
        if rng.random() < 0.5:
            chars[i] = rng.choice("新旧大小强")
        else:
            chars.insert(i, rng.choice("新旧大小强"))
    return "".join(chars)


def top_score(query, keys, min_score=70):
    found = process.extractOne(query, keys, scorer=fuzz.ratio, score_cutoff=min_score)
    return None if found is None else found[1]


@pytest.fixture(scope="module")
def repetitive():
    rng = random.Random(7)
    keys = [sentence(rng) for _ in range(4000)]
    ids = list(range(10, 10 + len(keys)))
    index = FuzzyIndex()
    index.build(ids, keys)
    return rng, ids, keys, index


def test_a_key_added_after_build_longer_than_every_built_key_is_found():
    index = FuzzyIndex()
    index.build([1], ["会议"])
    index.add(2, "全面推进高质量发展工作")
    assert index.search("全面推进高质量发展工作", min_score=90, max_candidates=None) == [(2, 100.0)]
    assert index.search("全面推进高质量发展", min_score=80) == [
        (2, pytest.approx(fuzz.ratio("全面推进高质量发展", "全面推进高质量发展工作")))
    ]


def test_identical_keys_return_the_smallest_ids_including_added_ones():
    keys = ["召开全省会议"] * 30 + ["召开全省会议和"]
    ids = list(range(100, 131))
    index = FuzzyIndex()
    index.build(ids, keys)
    index.add(5, "召开全省会议")
    index.remove(100)
    got = index.search("召开全省会议", min_score=70, limit=4)
    assert got == [(5, 100.0), (101, 100.0), (102, 100.0), (103, 100.0)]
    # fewer identical keys than the limit: the others follow, scored normally
    got = index.search("召开全省会议", min_score=70, limit=40)
    assert [i for i, _ in got][:30] == [5] + list(range(101, 130))
    assert got[30] == (130, pytest.approx(fuzz.ratio("召开全省会议", "召开全省会议和")))
    assert len(got) == 31


def test_identical_lookup_survives_a_hash_collision(monkeypatch):
    index = FuzzyIndex()
    index.build([1, 2, 3], ["全面推进", "全面推进", "退役军人"])
    colliding = np.sort(np.full(3, index._hashes_sorted[0]))  # every bulk key now shares one hash
    index._hashes_sorted = colliding
    index._hash_order = np.arange(3, dtype=np.uint32)
    monkeypatch.setattr(index_module, "hash", lambda key: int(colliding[0]), raising=False)
    assert [i for i, s in index.search("退役军人", min_score=100, limit=1)] == [3]


def test_exact_mode_seed_keeps_results_identical_to_a_scan(repetitive):
    rng, ids, keys, index = repetitive
    for _ in range(40):
        query = edit(rng, rng.choice(keys), rng.randint(0, 3))
        got = index.search(query, min_score=75, limit=5, max_candidates=None)
        found = process.extract(query, keys, scorer=fuzz.ratio, score_cutoff=75, limit=None)
        expected = sorted(((ids[i], score) for _, score, i in found), key=lambda x: (-x[1], x[0]))[:5]
        assert got == [(i, pytest.approx(s)) for i, s in expected], query


def test_holding_counts_codes_by_binary_search(repetitive):
    rng, _ids, keys, index = repetitive
    index.add(99999, "全省各级部门召开会议新增")
    query = rng.choice(keys) + "召开"
    codes = sorted(set(bigram_tokens(query)))
    positions = np.array(sorted(rng.sample(range(len(keys)), 300)) + [len(keys)], dtype=np.int64)
    held = index._holding(codes, positions)
    for position, count in zip(positions.tolist(), held.tolist()):
        assert count == len(set(codes) & set(bigram_tokens(index._key_at(position))))


def test_postings_budget_keeps_the_rarest_and_counts_what_it_skips():
    query_codes = {1: 1, 2: 1, 3: 2, 4: 1}
    sizes = {1: 5, 2: 50, 3: 500, 4: 5000}
    kept, skipped = index_module._within_budget([1, 2, 3, 4], query_codes, sizes, 0)
    assert (kept, skipped) == ([1, 2, 3, 4], 0)  # within the default budget
    original = index_module._POSTINGS_BUDGET
    try:
        index_module._POSTINGS_BUDGET = 100
        assert index_module._within_budget([1, 2, 3, 4], query_codes, sizes, 1) == ([1, 2], 4)
        index_module._POSTINGS_BUDGET = 1
        assert index_module._within_budget([3, 4], query_codes, sizes, 0) == ([3], 1)  # never probes nothing
    finally:
        index_module._POSTINGS_BUDGET = original


def test_capped_search_under_a_small_budget_keeps_the_top_match(repetitive, monkeypatch):
    rng, _ids, keys, index = repetitive
    monkeypatch.setattr(index_module, "_POSTINGS_BUDGET", 2000)
    counted = []
    shared_counts = index._shared_counts
    monkeypatch.setattr(
        index,
        "_shared_counts",
        lambda codes, floor: counted.append(sum(index._posting_sizes(codes))) or shared_counts(codes, floor),
    )
    hits = total = 0
    for _ in range(120):
        query = edit(rng, rng.choice(keys), rng.randint(1, 3))
        expected = top_score(query, keys)
        if expected is None:
            continue
        total += 1
        got = index.search(query, min_score=70, limit=5)
        assert all(fuzz.ratio(query, index.key_of(i)) == pytest.approx(s) for i, s in got)
        hits += bool(got) and got[0][1] == pytest.approx(expected)
    assert total > 80 and hits / total >= 0.95
    assert max(counted) <= 2000 + max(index._posting_sizes(sorted(set(bigram_tokens("".join(PIECES))))))
