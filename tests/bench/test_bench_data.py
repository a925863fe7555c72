"""The benchmark data generators: deterministic, realistic in shape, and keyed the way the memory keys text."""

import random

from rapidfuzz import fuzz

from scripts.benchmarks.corpus import SentenceFactory
from scripts.benchmarks.synthetic_terms import synthetic_terms
from scripts.benchmarks.tmx_file import write_tmx
from scripts.benchmarks.workloads.glossary_match import alternation, find_loop
from scripts.benchmarks.workloads.normalize import scraped_documents
from scripts.benchmarks.workloads.tm_lookup import FAR_RANGE, make_queries, recall


def test_same_seed_same_pairs_other_seed_other_pairs():
    first = SentenceFactory(11).pairs(50)
    assert first == SentenceFactory(11).pairs(50)
    assert first != SentenceFactory(12).pairs(50)


def test_generated_key_equals_the_memory_key_of_the_normalized_source():
    from service.memory.keys import match_key
    from service.text.normalize import normalize
    from service.text.placeables import find_placeables

    for pair in SentenceFactory(3).pairs(400):
        normalized = normalize(pair.source).text
        assert pair.key == match_key(normalized, find_placeables(normalized)).key, pair.source


def test_pairs_are_chinese_sentences_with_filled_english_targets():
    pairs = SentenceFactory(5).pairs(300)
    for pair in pairs:
        assert pair.source.endswith("。")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in pair.source)
        assert "{" not in pair.target and not pair.target[0].islower()
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in pair.target)
    assert len({p.source for p in pairs}) > 250  # varied, not one template repeated


def test_percent_placeables_are_carried_into_the_english_target():
    for pair in SentenceFactory(9).pairs(300):
        if "%" in pair.source:
            percent = pair.source.split("%")[0].split("达")[-1].split("长")[-1]
            assert percent + "%" in pair.target


def test_synthetic_terms_are_distinct_deterministic_and_bilingual():
    terms = synthetic_terms(2000, seed=4)
    assert len({t.source for t in terms}) == 2000
    assert terms == synthetic_terms(2000, seed=4)
    assert all(t.target and t.target.isascii() for t in terms)
    assert {t.category for t in terms} == {"organization", "law-document"}


def test_queries_cover_every_kind_and_far_ones_are_far():
    keys = [p.key for p in SentenceFactory(1).pairs(2000)]
    queries = make_queries(keys, 80, random.Random(2))
    assert sorted({kind for kind, _ in queries}) == ["absent", "exact", "far", "near"]
    stored = set(keys)
    for kind, query in queries:
        if kind == "exact":
            assert query in stored
        if kind == "near":
            assert max(fuzz.ratio(query, key) for key in keys) >= 80
    far = [q for kind, q in queries if kind == "far"]
    assert all(max(fuzz.ratio(q, key) for key in keys) >= FAR_RANGE[0] for q in far)


def test_recall_counts_equal_top_scores_as_hits_and_ignores_queries_without_a_match():
    value, hits, relevant = recall([100.0, 80.0, None, None], [100.0, 85.0, 90.0, 0.0])
    assert (hits, relevant) == (1, 3)
    assert value == 1 / 3
    assert recall([None], [0.0]) == (None, 0, 0)


def test_find_loop_and_alternation_agree_on_what_is_there():
    keys = ["退役军人", "退役军人事务厅", "广东省"]
    text = "广东省退役军人事务厅和退役军人"
    assert find_loop(keys, text) == 4  # overlapping occurrences all counted
    assert [m.group() for m in alternation(keys).finditer(text)] == ["广东省", "退役军人事务厅", "退役军人"]


def test_scraped_documents_are_traditional_with_pinyin_annotations():
    documents = scraped_documents(20_000, 1500, seed=1)
    joined = "".join(documents)
    assert sum(len(d.encode("utf-8")) for d in documents) >= 20_000
    assert "會議" in joined or "黨" in joined
    assert "(fā)" in joined or "(tǒng)" in joined or "(xiàn)" in joined


def test_written_tmx_is_read_back_by_the_project_reader(tmp_path):
    from service.formats.tmx import iter_tmx

    path = tmp_path / "memory.tmx"
    write_tmx(path, 30, seed=2)
    with open(path, "rb") as handle:
        units = [u for u in iter_tmx(handle) if hasattr(u, "source")]
    expected = SentenceFactory(2).pairs(30)
    assert [u.source.plain_text for u in units] == [p.source for p in expected]
    assert [u.target.plain_text for u in units] == [p.target for p in expected]


def test_the_memory_database_the_assist_and_http_workloads_use_is_built(tmp_path):
    from scripts.benchmarks.memory_db import build_memory_database, sqlite_url

    counts = build_memory_database(sqlite_url(tmp_path), 120, seed=7)
    assert counts["segments_created"] + counts["duplicates_skipped"] == 120
    assert counts["segments_created"] > 100 and counts["starter_terms"] > 500
