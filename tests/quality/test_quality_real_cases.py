"""The cases the checks met on real published translations (tests/data/real), each as its real pair or its real
clause: what a carried pair must not raise, and the changed pair that must still be caught.

Number cases are judged by the error-or-warning findings of check_numbers; term cases by check_pair with the
starter glossary, as the service checks a stored pair.
"""

from __future__ import annotations

import math

import pytest

from glossary.english import EnglishMatcher, stem
from glossary.matcher import TermMatcher
from glossary.model import Category, Status, Term
from glossary.starter import load_starter
from service.application.glossary import GlossaryState
from service.quality.checks import INFO, LengthStats, check_numbers, check_pair
from service.quality.field import hits_in


def serious(zh: str, en: str) -> list[str]:
    """The error-or-warning number findings of a pair, as `code value`."""
    return sorted(
        f"{issue.code} {issue.details['value']}"
        for issue in check_numbers(zh, en, "zh", "en")
        if issue.severity != INFO
    )


# ------------------------------------------------------------------------------------------ numbers

CARRIED = [
    # 第三、第四兩款: the second ordinal runs on into the count 兩 ("the two paragraphs").
    pytest.param("第三、第四兩款", "Items 3 and 4", id="ordinal-before-a-count"),
    # 之一 numbers an inserted article or chapter: 第四十條之一 is Article 40-1.
    pytest.param("第四十條之一", "Article 40-1", id="inserted-article"),
    pytest.param("直轄市政府一級單位主管", "heads of level-1 units of the special municipality", id="level-one"),
    # A relative reference names no number; the English names the paragraph or article meant.
    pytest.param(
        "前項之核准通知，得以電子傳遞方式為之。",
        "The notification under paragraph 1 may be made electronically.",
        id="preceding-paragraph-named",
    ),
    pytest.param("依前條規定", "in accordance with Article 18", id="preceding-article-named"),
    pytest.param("連選得連任一屆", "may be re-elected to a second term", id="one-more-term"),
    pytest.param("其總數二分之一得列政務職", "half of them may be political appointees", id="half"),
    pytest.param(
        "第一次自二月至五月底", "The first session shall last from February to the end of May", id="month-may"
    ),
    pytest.param(
        "第二次及第三次選舉，均應於議員宣誓就職當日舉行。",
        "The second and third elections shall be carried out on the day the councilors take their oath.",
        id="second-and-third",
    ),
    pytest.param("並作送達通知書兩份", "and preparing a notice of service in duplicate", id="in-duplicate"),
    pytest.param("如果两家工厂关闭", "If both of those plants go from the market", id="both"),
    pytest.param("20世纪70年代开始", "since the 1970s", id="century-decade"),
    pytest.param("上世纪60年代", "in the 1960s", id="last-century-decade"),
    pytest.param("在七八十年代期间", "during the 1970s and 1980s", id="two-decades"),
    pytest.param("击毙1名受刑人", "killing a prisoner", id="one-as-article"),
    pytest.param("滨海公路凌海段1号", "at No.1, Linghai section, Binhai Highway", id="number-sign"),
    # A numbered paragraph the English refers to relatively.
    pytest.param(
        "致有第一項之情形者",
        "If any of the circumstances specified in the preceding paragraph occurs",
        id="numbered-paragraph-referred-to-relatively",
    ),
    # N以上 counts N: legal English says "more than N - 1" (and N以下 "less than N + 1").
    pytest.param("代表人有二人以上者，均得單獨代表", "While there are more than one representatives", id="at-least-n"),
    pytest.param("十人以下", "fewer than 11 people", id="at-most-n"),
    # The last item of a list after "; and".
    pytest.param(
        "下列機關： 一、各級民意機關。 二、司法機關。 三、監察機關。",
        "the following: 1. People's representative bodies; 2. Judicial authorities; and 3. Supervisory authorities;",
        id="last-item-after-and",
    ),
    # List items: the English lists them unnumbered; an item number must not take the "three" of the text.
    pytest.param(
        "依下列規定： 一、直轄市議會不得超過七十日。 二、縣議會不得超過三十日。 三、三讀通過。",
        "as follows: the special municipality council, seventy days; county councils, thirty days; three readings.",
        id="items-unnumbered",
    ),
]


@pytest.mark.parametrize("zh, en", CARRIED)
def test_a_carried_number_raises_nothing(zh, en):
    assert serious(zh, en) == []


CHANGED = [
    pytest.param("第三、第四兩款", "Items 3 and 5", "number-extra 5", id="ordinal-before-a-count"),
    pytest.param("第一次自二月至五月底", "from February to the end of June", "number-missing 05", id="month-may"),
    pytest.param("第二次及第三次選舉", "The second and fourth elections", "number-missing 3", id="second-and-third"),
    pytest.param("20世纪70年代开始", "since the 1980s", "number-missing 1970", id="century-decade"),
    pytest.param(
        "人口在二百五十萬以上之直轄市", "A special municipality", "number-missing 2500000", id="dropped-amount"
    ),
    pytest.param(
        "代表人有二人以上者", "While there are more than three representatives", "number-missing 2", id="at-least-n"
    ),
    pytest.param("十人以下", "more than 11 people", "number-extra 11", id="at-most-n"),
    # No relative reference in the source: a paragraph number the English adds is extra.
    pytest.param("依第二項規定", "in accordance with paragraph 1", "number-extra 1", id="absolute-reference"),
    # The Administrative Procedure Act's English gives the wrong year for 民國九十年 (2001).
    pytest.param(
        "本法自中華民國九十年一月一日施行。",
        "This Act shall come into force on January 1, 2002.",
        "number-extra 2002-01-01",
        id="roc-year-wrong",
    ),
]


@pytest.mark.parametrize("zh, en, expected", CHANGED)
def test_a_changed_number_is_still_caught(zh, en, expected):
    assert expected in serious(zh, en), check_numbers(zh, en, "zh", "en")


def test_a_count_of_one_or_a_list_item_left_out_is_only_worth_knowing():
    issues = check_numbers("連選得連任一屆", "may be re-elected", "zh", "en")
    assert [(i.code, i.severity) for i in issues] == [("number-missing", INFO)]


# ------------------------------------------------------------------------------------------ terms

STARTER = GlossaryState().index.ensure("starter", load_starter)


def term_findings(zh: str, en: str) -> list[tuple[str, str, str]]:
    return sorted(
        (issue.code, issue.severity, issue.details.get("source", ""))
        for issue in check_pair(zh, en, hits_in(STARTER, zh))
        if issue.code.startswith("term-")
    )


def test_a_name_inside_a_longer_word_is_no_hit():
    """中山 in 孙中山 (Sun Yat-sen) is no city; 书记 in 总书记 is no mere secretary when the glossary lacks 总书记."""
    zh = "中国是孙中山先生领导的辛亥革命的成果。"
    assert not [h for h in hits_in(STARTER, zh) if h.term.source == "中山市"]
    matcher = TermMatcher([Term(source="书记", target="Secretary", category=Category.TITLE, status=Status.APPROVED)])
    assert matcher.match("习近平总书记") == [] and len(matcher.match("省委书记")) == 1
    # A word that only crosses the start does not hide a hit: 直辖市政府 is that municipality's government.
    government = TermMatcher(
        [Term(source="市政府", target="Municipal Government", category=Category.ORGANIZATION, status=Status.APPROVED)]
    )
    assert len(government.match("相关直辖市政府")) == 1


def test_gendered_and_gender_neutral_titles_are_one_word():
    assert stem("Chairman") == stem("chairpersons") == stem("chairwoman") == stem("chair people".replace(" ", ""))
    assert stem("woman") == "woman" and stem("human") == "human"
    assert term_findings("委员长", "the chairperson") == [("term-variant", INFO, "委员长")]
    assert term_findings("副委员长若干人", "vice chairpersons") == [("term-variant", INFO, "副委员长")]


def test_a_rendering_with_an_extra_word_or_its_parts_apart_is_a_variant():
    finder = EnglishMatcher()
    assert finder.find_loose("compulsory education", "provide universal compulsory primary education") != []
    coordination = (
        "the premier, vice premiers, state councilors, ministers of ministries, ministers of commissions, "
        "the auditor general and the secretary general of the State Council;"
    )
    assert finder.find_loose("Premier of the State Council", coordination) != []
    # Not across a clause boundary, and never with two extra words.
    assert finder.find_loose("Premier of the State Council", "the premier. Members of the State Council") == []
    assert finder.find_loose("compulsory education", "compulsory and free primary education") == []
    assert term_findings("国务院总理、国务院副总理", coordination) == [
        ("term-variant", INFO, "国务院副总理"),
        ("term-variant", INFO, "国务院总理"),
    ]


def test_a_loose_form_never_makes_a_forbidden_rendering():
    terms = [
        Term(
            source="中国式现代化",
            target="Chinese modernization",
            category=Category.POLITICAL_PHRASE,
            status=Status.APPROVED,
            forbidden=("Chinese-style modernization",),
        )
    ]
    zh = "中国式现代化"
    codes = [i.code for i in check_pair(zh, "a Chinese-style socialist modernization", TermMatcher(terms).match(zh))]
    assert "term-forbidden" not in codes


@pytest.mark.parametrize(
    "zh, en, source",
    [
        # The body a title belongs to decides its rendering: 主任 of a commission is its chairperson.
        (
            "（七）选举国家监察委员会主任；",
            "(7) electing the chairperson of the National Commission of Supervision;",
            "委员会主任",
        ),
        ("各委员会主任，", "ministers of commissions,", "委员会主任"),
        ("堅持民生主義", "adhering to the Principle of the People's Livelihood", "民生"),
        ("西藏自治區", "Tibet", "西藏自治区"),
        ("副市長二人", "two deputy mayors", "副市长"),
        ("公務員假借職務上之權力", "A government official who takes advantage of his position", "公务员"),
        ("拥护祖国统一", "support China's reunification", "祖国统一"),
    ],
)
def test_admitted_renderings_of_real_official_translations_are_accepted(zh, en, source):
    findings = term_findings(zh, en)
    assert not [f for f in findings if f[0] in ("term-missing", "term-forbidden")], findings
    assert source in {hit.term.source for hit in hits_in(STARTER, zh)} | {
        part.term.source for hit in hits_in(STARTER, zh) for part in hit.parts
    }


def test_a_real_omission_is_still_caught():
    """中华民族伟大复兴 without 伟大: the official English dropped "great"."""
    zh = "致力于中华民族伟大复兴的爱国者"
    en = "patriots who are dedicated to the rejuvenation of the Chinese nation"
    assert ("term-missing", "error", "中华民族伟大复兴") in term_findings(zh, en)


# ------------------------------------------------------------------------------------------ length


def test_a_short_segment_gets_a_wider_spread_than_a_long_one():
    """委员若干人 → "members" is a whole list item; a long source cut to the same ratio is a truncation."""
    stats = LengthStats(mean=math.log(2.0), std=0.2, reference_length=40)
    short = stats.z_score("委员若干人", "members")  # 5 characters
    long_source = "县级以上的地方各级人民代表大会常务委员会由主任、副主任若干人和委员若干人组成，对本级人民代表大会负责并报告工作。"
    truncated = stats.z_score(long_source, "The standing committees shall be composed.")
    assert short is not None and truncated is not None
    assert abs(short) < 3 < abs(truncated)
    assert LengthStats(mean=0.0, std=0.2).z_score("委员若干人", "members") == pytest.approx(math.log(7 / 5) / 0.2)


def test_length_statistics_take_the_median_source_as_their_reference():
    pairs = [("中" * n, "e" * (2 * n)) for n in (10, 20, 30, 40, 50)]
    stats = LengthStats.from_pairs(pairs)
    assert stats.reference_length == 30 and stats.mean == pytest.approx(math.log(2))
