"""Per-pair checks and the pair score."""

import dataclasses
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.matcher import TermMatcher
from glossary.model import Category, Status, Term
from glossary.places import load_countries
from service.quality.checks import (
    ERROR,
    INFO,
    WARNING,
    LengthStats,
    TermRef,
    check_pair,
    issue_score,
    log_length_ratio,
    score_pair,
    term_ref,
)

MINISTRY = TermRef(0, 7, "退役军人事务部", "Ministry of Veterans Affairs", ("Veterans Ministry",))
SOURCE = "退役军人事务部召开会议。"


def codes(issues):
    return sorted(issue.code for issue in issues)


def test_approved_rendering_present_is_clean():
    assert check_pair(SOURCE, "The Ministry of Veterans Affairs held a meeting.", [MINISTRY]) == []


def test_missing_approved_term_is_an_error_with_the_source_span():
    [issue] = check_pair(SOURCE, "The veterans office held a meeting.", [MINISTRY])
    assert (issue.code, issue.severity, issue.source_span) == ("term-missing", ERROR, (0, 7))
    assert issue.details["approved"] == "Ministry of Veterans Affairs"


def test_forbidden_rendering_is_its_own_error_and_excuses_the_missing_term():
    target = "The Veterans Ministry held a meeting."
    [issue] = check_pair(SOURCE, target, [MINISTRY])
    assert (issue.code, issue.severity) == ("term-forbidden", ERROR)
    assert target[slice(*issue.target_span)] == "Veterans Ministry"


def test_forbidden_rendering_is_reported_even_next_to_the_approved_one():
    target = "The Ministry of Veterans Affairs, once the Veterans Ministry, held a meeting."
    assert codes(check_pair(SOURCE, target, [MINISTRY])) == ["term-forbidden"]


def test_approved_rendering_inside_a_forbidden_one_does_not_count():
    term = TermRef(0, 4, "共同富裕", "prosperity", ("false prosperity",))
    assert codes(check_pair("共同富裕", "It is false prosperity.", [term])) == ["term-forbidden"]


def test_severity_of_a_missing_term_follows_its_status():
    proposed = TermRef(0, 7, "退役军人事务部", "Ministry of Veterans Affairs", status="proposed")
    deprecated = TermRef(0, 7, "退役军人事务部", "Ministry of Veterans Affairs", status="deprecated")
    assert check_pair(SOURCE, "The office held a meeting.", [proposed])[0].severity == WARNING
    assert check_pair(SOURCE, "The office held a meeting.", [deprecated])[0].severity == INFO


def test_a_repeated_term_needs_its_rendering_once():
    source = "退役军人事务部和退役军人事务部"
    hits = [MINISTRY, TermRef(8, 15, MINISTRY.source, MINISTRY.target, MINISTRY.forbidden)]
    assert check_pair(source, "The Ministry of Veterans Affairs and its staff", hits) == []
    assert len(check_pair(source, "The office and its staff", hits)) == 1


def test_composite_hits_accept_their_parts_in_another_order():
    place = TermRef(0, 3, "广东省", "Guangdong Province")
    organ = TermRef(3, 10, "退役军人事务厅", "Department of Veterans Affairs")
    composite = TermRef(
        0, 10, "广东省退役军人事务厅", "Guangdong Provincial Department of Veterans Affairs", parts=(place, organ)
    )
    target = "the Department of Veterans Affairs of Guangdong Province"
    assert check_pair("广东省退役军人事务厅", target, [composite]) == []
    assert codes(check_pair("广东省退役军人事务厅", "the Department of Veterans Affairs", [composite])) == [
        "term-missing"
    ]


def test_another_number_of_a_noun_is_a_word_form_worth_knowing_only():
    veterans = TermRef(2, 6, "退役军人", "veterans")
    [issue] = check_pair("每位退役军人", "every veteran", [veterans])
    assert (issue.code, issue.severity, issue.details["found"]) == ("term-variant", INFO, "veteran")
    groups = TermRef(0, 4, "优抚对象", "entitled groups")
    assert codes(check_pair("优抚对象", "each entitled group", [groups])) == ["term-variant"]
    assert score_pair("优抚对象", "each entitled group", [groups]).score == 100


NPC_SC = TermRef(
    0,
    13,
    "全国人民代表大会常务委员会",
    "Standing Committee of the National People's Congress",
    admitted=("NPC Standing Committee", "National People's Congress Standing Committee"),
)
NSC = TermRef(
    0,
    7,
    "国家监察委员会",
    "National Supervisory Commission",
    ("National Supervision Committee",),
    admitted=("National Commission of Supervision",),
)


def test_an_admitted_rendering_is_as_good_as_the_preferred_one():
    source = "全国人民代表大会常务委员会审议通过"
    assert check_pair(source, "The National People's Congress Standing Committee adopted it.", [NPC_SC]) == []
    assert check_pair(source, "The NPC Standing Committee adopted it.", [NPC_SC]) == []
    assert check_pair("国家监察委员会", "the National Commission of Supervision", [NSC]) == []
    [issue] = check_pair("国家监察委员会", "the supervision office", [NSC])
    assert (issue.code, issue.details["approved"]) == ("term-missing", "National Supervisory Commission")


def test_a_word_form_of_the_rendering_is_a_variant_not_a_missing_term():
    resettlement = TermRef(0, 2, "安置", "resettlement")
    target = "Veterans were resettled in their home towns."
    [issue] = check_pair("安置退役军人", target, [resettlement])
    assert (issue.code, issue.severity) == ("term-variant", INFO)
    assert target[slice(*issue.target_span)] == "resettled"
    assert issue.details == {
        "source": "安置",
        "approved": "resettlement",
        "rendering": "resettlement",
        "found": "resettled",
    }


def test_word_forms_of_admitted_renderings_count_too():
    # every word counts: "National" is not in the target
    assert codes(check_pair("国家监察委员会", "local commissions of supervision", [NSC])) == ["term-missing"]
    local = TermRef(2, 7, "监察委员会", "Supervisory Commission", admitted=("Commission of Supervision",))
    [issue] = check_pair("各级监察委员会", "local commissions of supervision", [local])
    assert (issue.code, issue.details["found"]) == ("term-variant", "commissions of supervision")


def test_forbidden_renderings_are_caught_in_other_forms():
    target = "Both National Supervision Committees met."
    [issue] = check_pair("国家监察委员会", target, [NSC])
    assert (issue.code, issue.severity) == ("term-forbidden", ERROR)
    assert target[slice(*issue.target_span)] == "National Supervision Committees"
    assert issue.details["forbidden"] == "National Supervision Committee"
    assert "a form of forbidden" in issue.message


def test_a_forbidden_form_that_is_an_accepted_rendering_as_written_is_not_reported():
    ref = TermRef(0, 2, "两会", "two sessions", ("two session",))
    assert check_pair("两会", "the two sessions opened", [ref]) == []


@pytest.mark.parametrize("target", ["丨Beijing hosted it.", "The city（Beijing）hosted it.", "北京Beijing主办"])
def test_chinese_characters_glued_to_a_rendering_do_not_hide_it(target):
    beijing = TermRef(0, 2, "北京", "Beijing")
    assert "term-missing" not in codes(check_pair("北京主办", target, [beijing]))


def test_a_term_of_a_foreign_body_is_not_checked():
    finance = TermRef(2, 5, "财政部", "Ministry of Finance", ("Finance Department",), foreign="United States")
    assert check_pair("美国财政部发布", "The US Treasury said", [finance]) == []
    assert check_pair("美国财政部发布", "The US Finance Department said", [finance]) == []


def test_glossary_matcher_hits_are_accepted_directly():
    term = Term(
        source="退役军人事务部",
        target="Ministry of Veterans Affairs",
        status=Status.APPROVED,
        forbidden=("Veterans Ministry",),
    )
    hits = TermMatcher([term]).match(SOURCE)
    assert term_ref(hits[0]) == TermRef(
        0, 7, "退役军人事务部", "Ministry of Veterans Affairs", ("Veterans Ministry",), "approved"
    )
    admitted = Term(
        source="退役军人事务部", target="Ministry of Veterans Affairs", admitted=("Veterans Ministry of China",)
    )
    assert term_ref(TermMatcher([admitted]).match(SOURCE)[0]).admitted == ("Veterans Ministry of China",)
    assert codes(check_pair(SOURCE, "The Veterans Ministry met.", hits)) == ["term-forbidden"]


def test_a_dropped_number_is_reported_at_its_source_span():
    source = "今年安置退役军人12万人。"
    [issue] = check_pair(source, "This year many veterans were resettled.")
    assert issue.code == "number-missing" and source[slice(*issue.source_span)] == "12万"
    assert issue.details == {"kind": "number", "value": "120000"}


def test_a_changed_number_is_missing_and_extra():
    issues = check_pair("增长1.2万人", "grew by 1,200 people")
    assert codes(issues) == ["number-extra", "number-missing"]
    extra = next(i for i in issues if i.code == "number-extra")
    assert extra.severity == WARNING and extra.target_span == (8, 13)


def test_numbers_written_as_words_are_not_extra():
    assert check_pair("会议召开。", "The first meeting was held.") == []


def test_dates_are_reported_with_iso_values():
    [missing, extra] = check_pair("2024年1月25日召开", "held on January 26, 2024")
    assert missing.details["value"] == "2024-01-25" and extra.details["value"] == "2024-01-26"


def test_han_characters_left_in_an_english_target_are_spans():
    target = "We must promote 高质量发展 and 共同富裕."
    issues = check_pair("推进高质量发展和共同富裕", target)
    assert codes(issues) == ["untranslated", "untranslated"]
    assert [target[slice(*i.target_span)] for i in issues] == ["高质量发展", "共同富裕"]


def test_empty_and_copied_targets_stop_the_other_checks():
    assert codes(check_pair(SOURCE, "  ", [MINISTRY])) == ["target-empty"]
    assert codes(check_pair(SOURCE, SOURCE, [MINISTRY])) == ["target-same-as-source"]
    assert codes(check_pair("COVID-19", "covid-19 ")) == ["target-same-as-source"]


def test_length_stats_are_robust_to_outliers_in_the_memory():
    good = [("一二三四五六七八九十", "x" * n) for n in (38, 40, 42, 39, 41, 40, 37, 43)]
    junk = [("一二三四五六七八九十", "一二三四五六七八九十")] * 2
    stats = LengthStats.from_pairs(good + junk)
    assert stats.mean == pytest.approx(math.log(4.0), abs=0.05)
    assert stats.count == 10
    assert stats.std < 0.1  # the two copies would push a plain standard deviation above 0.5
    assert abs(stats.z_score("一二三四五六七八九十", "x" * 40)) < 0.5
    assert stats.z_score("一二三四五六七八九十", "x" * 10) < -3


def test_length_ratio_outliers_are_warnings_both_ways():
    stats = LengthStats(mean=math.log(4.0), std=0.2)
    source = "一二三四五六七八九十"
    [short] = check_pair(source, "x" * 10, length_stats=stats)
    [long] = check_pair(source, "x" * 100, length_stats=stats)
    assert (short.code, short.severity, long.code) == ("length-ratio", WARNING, "length-ratio")
    assert "short" in short.message and "long" in long.message
    assert check_pair(source, "x" * 45, length_stats=stats) == []


def test_length_stats_need_two_pairs_and_ignore_empty_ones():
    with pytest.raises(ValueError):
        LengthStats.from_pairs([("一", "one"), ("二", "")])
    assert log_length_ratio("  ", "x") is None


def test_other_stored_targets_make_the_pair_inconsistent():
    target = "GDP grew by 5.2 percent."
    [issue] = check_pair(
        "国内生产总值增长5.2%。", target, alternatives=["GDP rose 5.2%.", " gdp GREW by 5.2 percent. "]
    )
    assert (issue.code, issue.severity, issue.details["alternatives"]) == ("inconsistent", WARNING, ["GDP rose 5.2%."])
    assert check_pair("国内生产总值增长5.2%。", target, alternatives=[target]) == []


def test_issue_score_weights_severities():
    errors = check_pair("增长1.2万人", "grew by 1,200 people")  # one error, one warning
    assert issue_score(errors) == 60.0
    assert issue_score([]) == 100.0
    assert issue_score(check_pair(SOURCE, "")) == 0.0


def test_score_pair_adds_sentence_metrics_only_with_a_reference():
    target = "The Ministry of Veterans Affairs held a meeting."
    plain = score_pair(SOURCE, target, [MINISTRY])
    assert (plain.score, plain.bleu, plain.chrf) == (100.0, None, None)
    scored = score_pair(SOURCE, target, [MINISTRY], reference=target)
    assert scored.bleu == pytest.approx(100.0) and scored.chrf == pytest.approx(100.0)
    other = score_pair(SOURCE, target, [MINISTRY], reference=["The ministry convened a meeting."])
    assert 0 < other.bleu < 100 and 0 < other.chrf < 100


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.sampled_from(list("退役军人事务部12万百分之五年月日，。 ")), max_size=30),
    st.text(st.sampled_from(list("Ministry of Veterans Affairs 12,000 5% January 退。")), max_size=60),
)
def test_any_pair_can_be_checked(source, target):
    stats = LengthStats(mean=math.log(4.0), std=0.3)
    result = score_pair(
        source,
        target,
        [MINISTRY] if source.startswith("退役军人事务部") else [],
        length_stats=stats,
        alternatives=["x"],
    )
    assert 0.0 <= result.score <= 100.0
    for issue in result.issues:
        if issue.target_span:
            assert 0 <= issue.target_span[0] <= issue.target_span[1] <= len(target)


def test_a_composite_title_is_checked_against_its_own_rendering_not_the_generic_title():
    ndrc = Term(
        source="国家发展和改革委员会", target="National Development and Reform Commission", status=Status.APPROVED
    )
    ndrc = dataclasses.replace(ndrc, category=Category.ORGANIZATION)
    head = Term(source="主任", target="Director", category=Category.TITLE, status=Status.APPROVED)
    chair = Term(
        source="委员会主任",
        target="Chairperson",
        category=Category.TITLE,
        status=Status.APPROVED,
        admitted=("Chairman",),
    )
    source = "国家发展和改革委员会主任郑栅洁"
    hits = TermMatcher([ndrc, head, chair]).match(source)
    assert check_pair(source, "Zheng Shanjie, Chairman of the National Development and Reform Commission", hits) == []
    assert check_pair(source, "National Development and Reform Commission Chairperson Zheng Shanjie", hits) == []
    # the organization is still demanded, and the generic title is no excuse
    assert codes(check_pair(source, "Chairman Zheng Shanjie", hits)) == ["term-missing"]
    [issue] = check_pair(source, "Zheng Shanjie, Director of the National Development and Reform Commission", hits)
    assert issue.code == "term-missing" and issue.details["approved"].startswith("Chairperson of the")


def test_a_foreign_countrys_ministry_is_not_checked_against_the_domestic_one():
    finance = Term(
        source="财政部",
        target="Ministry of Finance",
        category=Category.ORGANIZATION,
        status=Status.APPROVED,
        forbidden=("Treasury",),
    )
    matcher = TermMatcher([finance], countries=load_countries())
    source = "美国财政部宣布"
    assert check_pair(source, "The US Treasury announced", matcher.match(source)) == []
    source = "美国财政部与中国财政部会谈"
    target = "The US Treasury and China's Ministry of Finance held talks"
    assert check_pair(source, target, matcher.match(source)) == []
    premier = Term(source="总理", target="Premier", category=Category.TITLE, forbidden=("Prime Minister",))
    source = "韩国总理与国务院总理会谈"
    hits = TermMatcher([premier], countries=load_countries()).match(source)
    assert check_pair(source, "The Korean Prime Minister met Premier Li", hits) == []
    # the domestic ministry is still checked
    assert codes(check_pair("财政部宣布", "The Treasury announced", matcher.match("财政部宣布"))) == ["term-forbidden"]
