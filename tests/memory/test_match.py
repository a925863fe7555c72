from dataclasses import dataclass

from rapidfuzz import fuzz

from service.memory.keys import match_key
from service.memory.match import Draft, SegmentKeys, char_diff, repair_draft, repair_terms, score_kind
from service.text.placeables import find_placeables


def side(text, prev=None, nxt=None):
    return SegmentKeys(match_key(text, find_placeables(text)), prev, nxt)


SENTENCE = "会议总结2023年工作，分析当前形势，部署2024年主要工作任务。"


def test_context_exact_and_placeable_only_scores():
    assert score_kind(side(SENTENCE, "甲", "乙"), side(SENTENCE, "甲", "乙")) == (101.0, "context")
    assert score_kind(side(SENTENCE, "甲", "乙"), side(SENTENCE, "甲", "丙")) == (100.0, "exact")
    assert score_kind(side(SENTENCE), side(SENTENCE)) == (100.0, "exact")
    changed = SENTENCE.replace("2024", "2025")
    assert score_kind(side(changed), side(SENTENCE)) == (99.0, "fuzzy")
    both = changed.replace("2023", "2022")
    assert score_kind(side(both), side(SENTENCE)) == (98.0, "fuzzy")


def test_one_number_in_a_30_char_sentence_stays_at_least_90():
    query = "全省共有退役军人服务站1200个，覆盖全部乡镇街道和村社区。"
    stored = query.replace("1200", "1150")
    assert len(query) >= 30
    score, kind = score_kind(side(query), side(stored))
    assert score >= 90 and kind == "fuzzy"


def test_fuzzy_is_capped_below_placeable_only_and_penalized_for_values():
    query = "推进广东退役军人工作高质量发展"
    stored = "推进广东退役军人工作高质量发展。"
    score, kind = score_kind(side(query), side(stored))
    assert kind == "fuzzy" and score == round(min(98.0, fuzz.ratio(query, stored)), 2)
    penalized, _ = score_kind(side("推进2023年广东退役军人工作高质量"), side("推进2024年广东退役军人工作高质量发展"))
    plain = min(98.0, fuzz.ratio("推进\ue001广东退役军人工作高质量", "推进\ue001广东退役军人工作高质量发展"))
    assert penalized == round(plain - 1.0, 2)


def test_char_diff_covers_both_strings():
    a, b = "总结2023年工作", "总结2024年的工作"
    diff = char_diff(a, b)
    assert "".join(d["text_a"] for d in diff) == a
    assert "".join(d["text_b"] for d in diff) == b
    assert {d["op"] for d in diff} <= {"equal", "insert", "delete", "replace"}
    assert diff[0] == {"op": "equal", "a": [0, 5], "b": [0, 5], "text_a": "总结202", "text_b": "总结202"}
    assert char_diff("", "新") == [{"op": "insert", "a": [0, 0], "b": [0, 1], "text_a": "", "text_b": "新"}]
    assert char_diff("旧", "") == [{"op": "delete", "a": [0, 1], "b": [0, 0], "text_a": "旧", "text_b": ""}]


def test_char_diff_absorbs_single_shared_characters_between_changes():
    diff = char_diff("我的家乡", "他的故乡")
    assert [d["op"] for d in diff] == ["replace", "equal"]
    assert diff[0]["text_a"] == "我的家" and diff[1]["text_b"] == "乡"


def draft(query, source, target):
    return repair_draft(query, find_placeables(query), source, find_placeables(source), target)


def test_repair_numbers_years_and_percentages():
    result = draft(
        "总结2024年工作，增长6.1%，新增1500人。",
        "总结2023年工作，增长5.2%，新增1200人。",
        "Reviewed the work of 2023, with growth of 5.2% and 1,200 new people.",
    )
    assert result.text == "Reviewed the work of 2024, with growth of 6.1% and 1,500 new people."
    assert {(r["kind"], r["from"], r["to"]) for r in result.repairs} == {
        ("date", "2023年", "2024年"),
        ("percent", "5.2%", "6.1%"),
        ("number", "1200", "1500"),
    }


def test_repair_dates_in_three_english_styles():
    query, source = "2月3日召开会议", "1月18日召开会议"
    assert draft(query, source, "The meeting was held on January 18.").text == "The meeting was held on February 3."
    assert draft(query, source, "Held on 18 January.").text == "Held on 3 February."
    assert draft(query, source, "Held on Jan. 18.").text == "Held on Feb. 3."
    full = draft("2024年2月3日召开", "2023年1月18日召开", "Held on January 18, 2023.")
    assert full.text == "Held on February 3, 2024."


def test_repair_leaves_target_alone_when_value_is_absent_or_unchanged():
    same = draft(SENTENCE, SENTENCE, "Reviewed 2023 work.")
    assert same == Draft("Reviewed 2023 work.", [])
    absent = draft("总结2024年工作", "总结2023年工作", "Reviewed last year's work.")
    assert absent.text == "Reviewed last year's work." and absent.repairs == []


def test_repair_does_not_touch_digits_inside_larger_numbers():
    result = draft("共有12个", "共有20个", "There are 20 of them, not 120 or 2020.")
    assert result.text == "There are 12 of them, not 120 or 2020."


def test_repairs_are_simultaneous_not_chained():
    result = draft("2024年和2025年", "2023年和2024年", "in 2023 and 2024")
    assert result.text == "in 2024 and 2025"


@dataclass
class Hit:
    start: int
    end: int
    target: str


def test_repair_terms_swaps_differing_renderings_case_insensitively():
    base = Draft("The Department of Veterans Affairs held a meeting.", [])
    match_hits = [Hit(0, 7, "Department of Veterans Affairs")]
    query_hits = [Hit(0, 7, "Ministry of Veterans Affairs")]
    result = repair_terms(base, query_hits, match_hits)
    assert result.text == "The Ministry of Veterans Affairs held a meeting."
    assert result.repairs == [
        {"kind": "term", "from": "Department of Veterans Affairs", "to": "Ministry of Veterans Affairs"}
    ]
    lowered = repair_terms(
        Draft("promote high-quality development", []),
        [Hit(0, 2, "Rural Revitalization")],
        [Hit(0, 2, "High-Quality Development")],
    )
    assert lowered.text == "promote Rural Revitalization"


def test_repair_terms_keeps_shared_terms_and_capitalizes_sentence_start():
    base = Draft("High-quality development needs reform.", [])
    result = repair_terms(
        base,
        [Hit(0, 3, "rural revitalization"), Hit(5, 7, "reform")],
        [Hit(0, 3, "high-quality development"), Hit(5, 7, "reform")],
    )
    assert result.text == "Rural revitalization needs reform."
    untouched = repair_terms(base, [Hit(0, 3, "a"), Hit(4, 5, "b")], [Hit(0, 3, "c")])
    assert untouched is base
