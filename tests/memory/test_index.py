import random

import pytest
from rapidfuzz import fuzz, process

from service.memory.index import FuzzyIndex, length_window, max_edits, score_upper_bound

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
    "备战打仗",
    "发挥",
    "优势作用",
    "实现",
    "新突破",
    "中国式现代化",
    "总结",
    "分析",
    "部署",
    "主要任务",
    "坚持",
    "加强",
    "完善",
    "体系",
    "机制",
]


def sentence(rng):
    parts = []
    for _ in range(rng.randint(2, 12)):
        roll = rng.random()
        if roll < 0.1:
            parts.append(str(rng.randint(1, 3000)))
        elif roll < 0.3:
            parts.append(rng.choice("的和在与及对为了"))
        else:
            parts.append(rng.choice(PIECES))
    return "".join(parts)


def perturb(rng, text):
    chars = list(text)
    for _ in range(rng.randint(0, max(1, len(chars) // 3))):
        i = rng.randrange(len(chars) + 1)
        roll = rng.random()
        if roll < 0.4 and chars:
            del chars[min(i, len(chars) - 1)]
        elif roll < 0.8:
            chars.insert(i, rng.choice("的和在发展"))
        elif chars:
            chars[min(i, len(chars) - 1)] = rng.choice("新旧大小")
    return "".join(chars)


def exhaustive(query, ids, keys, min_score, limit):
    found = process.extract(query, keys, scorer=fuzz.ratio, score_cutoff=min_score, limit=None)
    found = sorted(((ids[i], score) for _, score, i in found), key=lambda x: (-x[1], x[0]))
    return found[:limit]


@pytest.fixture(scope="module")
def corpus():
    rng = random.Random(20240125)
    keys = [sentence(rng) for _ in range(3000)] + ["会议", "会", "议会", "召开会", "开会议"]
    ids = [1000 + 3 * i for i in range(len(keys))]
    index = FuzzyIndex()
    index.build(ids, keys)
    return rng, ids, keys, index


@pytest.mark.parametrize("min_score", [40, 55, 65, 70, 75, 80, 85, 90, 95, 100])
def test_exact_variant_finds_what_a_full_scan_finds(corpus, min_score):
    rng, ids, keys, index = corpus
    queries = [perturb(rng, rng.choice(keys)) for _ in range(40)] + [sentence(rng) for _ in range(20)]
    queries += ["会议", "会", "开会", "召开"]
    for query in queries:
        got = index.search(query, min_score=min_score, limit=5, max_candidates=None)
        expected = exhaustive(query, ids, keys, min_score, 5)
        assert [s for _, s in got] == pytest.approx([s for _, s in expected]), query
        for gid, gscore in got:
            assert fuzz.ratio(query, keys[ids.index(gid)]) == pytest.approx(gscore)


def test_capped_variant_keeps_the_top_match(corpus):
    rng, ids, keys, index = corpus
    hits = total = 0
    for _ in range(200):
        query = perturb(rng, rng.choice(keys))
        expected = exhaustive(query, ids, keys, 70, 1)
        if expected:
            total += 1
            got = index.search(query, min_score=70, limit=1, max_candidates=50)
            hits += bool(got) and got[0][1] == pytest.approx(expected[0][1])
    assert total > 100
    assert hits / total >= 0.99


def test_identical_key_scores_100_and_results_are_sorted():
    index = FuzzyIndex()
    index.build([5, 6, 7], ["全面推进高质量发展", "全面推进高质量发展工作", "毫不相干的句子"])
    results = index.search("全面推进高质量发展", min_score=50, limit=5)
    assert results[0] == (5, 100.0)
    assert [s for _, s in results] == sorted((s for _, s in results), reverse=True)
    assert 7 not in [i for i, _ in results]


def test_add_and_remove_after_build():
    index = FuzzyIndex()
    index.build([1, 2], ["全省退役军人事务局长会议召开", "推进广东退役军人工作"])
    index.add(3, "全省退役军人事务厅长会议召开")
    assert len(index) == 3 and 3 in index
    assert [i for i, _ in index.search("全省退役军人事务厅长会议召开", limit=1)] == [3]
    assert index.remove(1) is True
    assert index.remove(1) is False
    assert 1 not in index and len(index) == 2
    assert 1 not in [i for i, _ in index.search("全省退役军人事务局长会议召开", min_score=50)]
    index.add(3, "完全不同的新句子内容")  # replacing an id
    assert index.key_of(3) == "完全不同的新句子内容"
    assert index.search("全省退役军人事务厅长会议召开", min_score=80) == []
    assert index.remove(3) and len(index) == 1
    index.add(1, "全省退役军人事务局长会议召开")
    assert index.search("全省退役军人事务局长会议召开", limit=1) == [(1, 100.0)]
    index.compact()
    assert sorted(index.live_items()) == [(1, "全省退役军人事务局长会议召开"), (2, "推进广东退役军人工作")]
    assert index.search("全省退役军人事务局长会议召开", limit=1) == [(1, 100.0)]


def test_short_keys_use_the_direct_path():
    index = FuzzyIndex()
    index.build([1, 2, 3, 4], ["会", "会议", "开会了", "ac"])
    assert index.search("会", min_score=60) == [(1, 100.0), (2, pytest.approx(66.666, abs=0.01))]
    assert (4, 80.0) in index.search("abc", min_score=70)  # shares no bigram with "abc"
    assert index.search("", min_score=0) == []


def test_repeated_bigrams_are_counted_with_multiplicity():
    keys = ["发展发展发展再发展", "发展", "展发展发"]
    index = FuzzyIndex()
    index.build([1, 2, 3], keys)
    got = index.search("发展发展发展", min_score=40, limit=3, max_candidates=None)
    assert got == exhaustive("发展发展发展", [1, 2, 3], keys, 40, 3)


def test_bounds_match_the_definition_of_ratio():
    assert max_edits(30, 30, 70) == 18
    assert max_edits(30, 29, 70) == 17  # parity of T
    low, high = length_window(30, 70)
    assert (low, high) == (17, 55)
    assert fuzz.ratio("a" * 30, "a" * 17) >= 70 > fuzz.ratio("a" * 30, "a" * 16)
    assert fuzz.ratio("a" * 30, "a" * 55) >= 70 > fuzz.ratio("a" * 30, "a" * 56)
    import numpy as np

    bound = score_upper_bound(30, np.array([30]), np.array([29]))
    assert bound[0] == 100.0
    assert score_upper_bound(30, np.array([30]), np.array([0]))[0] < 70


def test_build_rejects_mismatched_or_duplicate_ids():
    index = FuzzyIndex()
    with pytest.raises(ValueError):
        index.build([1, 1], ["a", "b"])
    with pytest.raises(ValueError):
        index.build([1], ["a", "b"])


def test_memory_estimate_grows_with_content():
    small, large = FuzzyIndex(), FuzzyIndex()
    small.build([1], ["全面推进"])
    large.build(list(range(500)), [f"全面推进第{i}项工作" for i in range(500)])
    assert large.memory_bytes() > small.memory_bytes() > 0
