"""KeyGroupIndex: repeated keys are indexed once, yet every segment is found, added and removed by its id."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from service.memory.groups import KeyGroupIndex
from service.memory.index import FuzzyIndex

WORDS = ["召开", "会议", "全面", "推进", "高质量", "发展", "工作", "部署", "退役军人", "事务", "服务", "保障"]


def _key(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))


def _truth(items: dict[int, str], query: str, min_score: float) -> list[tuple[int, float]]:
    scored = [(i, fuzz.ratio(query, k)) for i, k in items.items()]
    return sorted([(i, s) for i, s in scored if s >= min_score], key=lambda item: (-item[1], item[0]))


def test_repeated_keys_are_indexed_once_and_found_by_every_id():
    index = KeyGroupIndex()
    index.build([5, 1, 9, 3], ["召开会议", "召开会议", "部署工作", "召开会议"])
    assert index.distinct_keys == 2 and len(index) == 4
    assert index.search("召开会议", limit=2) == [(1, 100.0), (3, 100.0)]  # answered from the group alone
    assert index.search("召开会议", limit=5) == [(1, 100.0), (3, 100.0), (5, 100.0)]
    assert index.key_of(9) == "部署工作" and 9 in index and 2 not in index


def test_add_and_remove_keep_groups_in_step():
    index = KeyGroupIndex()
    index.build([1, 2], ["召开会议", "部署工作"])
    index.add(7, "召开会议")  # joins the bulk group
    index.add(8, "推进发展")  # a new group
    assert [i for i, _ in index.search("召开会议", limit=5, min_score=100)] == [1, 7]
    assert index.remove(1) and not index.remove(1)
    assert [i for i, _ in index.search("召开会议", limit=5, min_score=100)] == [7]
    assert index.remove(7)
    assert index.search("召开会议", limit=5, min_score=100) == []  # the emptied group is gone
    index.add(9, "召开会议")  # the same key again: a new group
    assert index.search("召开会议", limit=5, min_score=100) == [(9, 100.0)]
    index.add(8, "部署工作")  # re-adding an id replaces its key
    assert index.key_of(8) == "部署工作"
    assert [i for i, _ in index.search("部署工作", limit=5, min_score=100)] == [2, 8]
    assert index.search("推进发展", limit=5, min_score=100) == []
    assert len(index) == 3
    with pytest.raises(ValueError):
        index.build([1, 1], ["召开会议", "部署工作"])


@pytest.mark.parametrize("seed", range(4))
def test_same_scores_as_an_exhaustive_scan_under_changes(seed):
    rng = random.Random(seed)
    pool = [_key(rng) for _ in range(60)]  # few distinct keys, so most segments repeat one
    items = {i: rng.choice(pool) for i in range(1, 400)}
    index = KeyGroupIndex()
    index.build(list(items), list(items.values()))
    for step in range(300):
        if step % 3 == 0 and items:
            victim = rng.choice(list(items))
            del items[victim]
            assert index.remove(victim)
        elif step % 3 == 1:
            segment_id = rng.randrange(1, 600)
            items[segment_id] = rng.choice(pool) if rng.random() < 0.7 else _key(rng)
            index.add(segment_id, items[segment_id])
        else:
            query = rng.choice(pool) if rng.random() < 0.5 else _key(rng)
            limit = rng.choice((1, 3, 5, 20))
            got = index.search(query, min_score=60, limit=limit, max_candidates=None)
            want = _truth(items, query, 60)[:limit]
            assert [s for _, s in got] == pytest.approx([s for _, s in want])
            assert all(fuzz.ratio(query, items[i]) == pytest.approx(s) for i, s in got)
            cut = want[-1][1] if len(want) == limit else -1
            assert {i for i, s in got if s > cut} == {i for i, s in want if s > cut}
    assert len(index) == len(items)


def test_plain_index_knows_the_ids_of_a_key():
    index = FuzzyIndex()
    index.build([4, 6], ["召开会议", "部署工作"])
    index.add(8, "召开会议")
    assert sorted(index.ids_of_key("召开会议")) == [4, 8] and index.ids_of_key("推进") == []
    index.remove(4)
    assert index.ids_of_key("召开会议") == [8]
