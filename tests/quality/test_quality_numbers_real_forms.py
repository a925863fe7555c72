"""Numeral forms of real published translations: traditional and financial numerals, full-width
digits, units, approximations, ROC years and English number words.

Each carried pair must give no `number-missing` / `number-extra` finding; each changed one must
still be caught.
"""

import re
from decimal import Decimal

import opencc
import pytest

from service.quality import numbers
from service.quality.checks import check_numbers
from service.quality.numbers import chinese_numeral_value, english_number_words_value, extract_en, extract_zh
from service.text.chars import HAN_CLASS


def findings(zh, en):
    return sorted(issue.code for issue in check_numbers(zh, en, "zh", "en"))


def facts(extracted):
    return [(f.kind, f.value) for f in extracted]


def assert_carried(zh, en):
    assert findings(zh, en) == [], (extract_zh(zh), extract_en(en))


# 1. Chinese numerals with multipliers, traditional and financial forms -------------------------


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("一百二十五萬", 1_250_000),
        ("五千萬", 50_000_000),
        ("二百萬", 2_000_000),
        ("三億", 300_000_000),
        ("一兆", 10**12),
        ("一兆二千億", 1_200_000_000_000),
        ("三万亿", 3 * 10**12),
        ("1億2,000萬", 120_000_000),
        ("壹仟貳佰萬", 12_000_000),
        ("參拾萬", 300_000),
        ("伍佰", 500),
        ("兩千", 2000),
        ("兩萬", 20_000),
        ("一百五", 150),  # spoken: a digit after a unit stands for the next lower unit
        ("三万五", 35_000),
        ("一百零五", 105),
        ("廿一", 21),
    ],
)
def test_multipliers_in_every_script(numeral, value):
    assert chinese_numeral_value(numeral) == Decimal(value)


@pytest.mark.parametrize(
    "zh, en",
    [
        ("核定補助經費新臺幣一百二十五萬元。", "A subsidy of NT$1,250,000 was approved."),
        ("本計畫總經費新臺幣五千萬元。", "The project has a total budget of NT$50 million."),
        ("受益人數達二百萬人。", "The beneficiaries number two million."),
        ("全年出口總值達新臺幣一兆二千億元。", "Exports for the year reached NT$1.2 trillion."),
        ("歲出總額為新臺幣2兆1,000億元。", "Total expenditure is NT$2.1 trillion."),
        ("預算新臺幣1億2,000萬元。", "The budget is NT$120 million."),
        ("投入3.5億元。", "RMB350 million was invested."),
        ("獎金新臺幣壹仟貳佰萬元整。", "The prize is NT$12 million."),
        ("處新臺幣參拾萬元罰鍰。", "A fine of NT$300,000 is imposed."),
        ("招募兩千名志工。", "2,000 volunteers were recruited."),
        ("香港特區政府撥款五億港元。", "The HKSAR Government allocated HK$500 million."),
        ("投资5000万美元。", "An investment of US$50m."),
    ],
)
def test_multiplied_amounts_are_carried(zh, en):
    assert_carried(zh, en)


@pytest.mark.parametrize(
    "zh, en",
    [
        ("本計畫總經費新臺幣五千萬元。", "The project has a total budget of NT$5 million."),
        ("受益人數達一百二十五萬人。", "The beneficiaries number 125,000."),
        ("全年出口總值達新臺幣一兆元。", "Exports for the year reached NT$1 billion."),
        ("獎金新臺幣壹仟貳佰萬元整。", "The prize is NT$1.2 million."),
    ],
)
def test_a_changed_multiplied_amount_is_caught(zh, en):
    assert findings(zh, en) == ["number-extra", "number-missing"]


def test_ambiguous_financial_characters_stay_words():
    # 參加 (take part), 隊伍 (ranks), 大陸 (mainland) and 收拾 hold financial numerals as ordinary characters.
    assert extract_zh("參加隊伍的大陸青年") == []
    assert facts(extract_zh("參加人數達伍佰人")) == [("number", Decimal(500))]


# 2. Full-width digits ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "zh, en",
    [
        ("總統於５月２０日就職。", "The President took office on May 20."),
        ("２０２４年", "in 2024"),
        ("成長５．５％", "grew by 5.5%"),
        ("共計１，２５０，０００人", "a total of 1,250,000 people"),
        ("增加１２５萬人", "an increase of 1.25 million"),
        ("百公里加速２．９秒", "0-100km/h in 2.9s"),
        ("５月２０日", "on May ２０"),  # full-width digits scraped into the English side
    ],
)
def test_full_width_digits_are_read(zh, en):
    assert_carried(zh, en)


def test_a_changed_full_width_value_is_caught():
    assert findings("總統於５月２０日就職。", "The President took office on May 21.") == [
        "number-extra",
        "number-missing",
    ]
    assert findings("共計１，２５０，０００人", "a total of 1,250 people") == ["number-extra", "number-missing"]


def test_a_full_width_comma_between_clauses_does_not_join_numbers():
    assert facts(extract_zh("共5，100人")) == [("number", Decimal(5)), ("number", Decimal(100))]


# 3. Numbers attached to units ----------------------------------------------------------------


@pytest.mark.parametrize(
    "zh, en",
    [
        ("百公里加速僅需2.9秒。", "It accelerates from 0-100km/h in 2.9s."),
        ("最高時速100公里。", "It has a top speed of 100km/h."),
        ("限速每小時30公里。", "The speed limit is 30km/h."),
        ("学校周边时速30公里。", "30 km/h around schools."),
        ("重量僅5公斤。", "It weighs only 5kg."),
        ("年增10%。", "Up 10% year on year."),
        ("建成5G基站。", "5G base stations were built."),  # a network generation, not a number
    ],
)
def test_numbers_written_against_their_unit_are_read(zh, en):
    assert_carried(zh, en)


@pytest.mark.parametrize(
    "zh, en",
    [
        ("最高時速100公里。", "It has a top speed of 120km/h."),
        ("百公里加速僅需2.9秒。", "It accelerates from 0-100km/h in 3.9s."),
        ("重量僅5公斤。", "It weighs only 15kg."),
    ],
)
def test_a_changed_value_with_a_unit_is_caught(zh, en):
    assert findings(zh, en) == ["number-extra", "number-missing"]


def test_units_and_look_alikes_in_english():
    assert facts(extract_en("2.9s, 30km/h, 5kg, 5g, 3.5GW")) == [
        ("number", Decimal(v)) for v in ("2.9", 30, 5, 5, "3.5")
    ]
    assert extract_en("5G, 4K and 3D") == []
    assert facts(extract_en("in the 1990s, in their 20s")) == [("year", Decimal(1990)), ("number", Decimal(20))]
    assert facts(extract_en("up 0.3pp")) == [("percent", Decimal("0.3"))]
    assert facts(extract_zh("五千克")) == [("number", Decimal(5))]  # 千克 is a kilogram, not 5,000 grams


# 4. Approximations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "zh, en",
    [
        ("數十個國家參與。", "Dozens of countries took part."),
        ("数十个国家参与。", "Tens of countries took part."),
        ("吸引了几百名观众。", "It attracted hundreds of spectators."),
        ("幾百名觀眾", "hundreds of spectators"),
        ("上千名志愿者", "thousands of volunteers"),
        ("数万人参加。", "Tens of thousands of people took part."),
        ("数以万计的群众", "tens of thousands of people"),
        ("成千上万的群众", "thousands upon thousands of people"),
        ("数十年来", "for decades"),
        ("十几个省份", "a dozen or so provinces"),
    ],
)
def test_approximations_need_no_number(zh, en):
    assert_carried(zh, en)


def test_approximations_are_not_facts_on_either_side():
    assert extract_en("dozens of countries, hundreds of cities, thousands and tens of thousands of people") == []
    assert extract_zh("数十个国家、几百个城市、上千人、数万人、十几个省") == []
    assert facts(extract_zh("人数十五人")) == [("number", Decimal(15))]  # 数 before an exact count marks nothing
    assert facts(extract_zh("十五个省")) == [("number", Decimal(15))]


def test_a_changed_number_next_to_an_approximation_is_caught():
    assert findings("数十个国家的200名代表", "200 delegates from dozens of countries") == []
    assert findings("数十个国家的200名代表", "300 delegates from dozens of countries") == [
        "number-extra",
        "number-missing",
    ]


@pytest.mark.parametrize(
    "zh, en",
    [
        ("近千人参加。", "Nearly 1,000 people took part."),
        ("近千人参加。", "Nearly a thousand people took part."),
        ("逾萬人次", "more than 10,000 visits"),
        ("超百亿元", "over 10 billion yuan"),
        ("近百年来", "for nearly a century"),
    ],
)
def test_round_numbers_after_nearly_or_over_are_carried(zh, en):
    assert_carried(zh, en)


def test_a_changed_round_number_is_caught():
    assert findings("近千人参加。", "Nearly 100 people took part.") == ["number-extra", "number-missing"]
    assert extract_zh("不过千万要注意") == []  # 千万 "by all means" is still an idiom


# 5. Calendar eras ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "zh, expected",
    [
        ("中華民國八十五年", [("year", Decimal(1996))]),
        ("民國一百零二年六月二十七日", [("date", (2013, 6, 27))]),
        ("民國102年6月27日", [("date", (2013, 6, 27))]),
        ("中華民國一○二年", [("year", Decimal(2013))]),
        ("八十五年六月三日", [("date", (1996, 6, 3))]),
        ("85年6月", [("date", (1996, 6, None))]),
        ("民國八十五年至八十七年", [("year", Decimal(1996)), ("year", Decimal(1998))]),
        ("服務滿二十五年", [("number", Decimal(25))]),  # a bare year without 民國 or a month is a count
        ("2024年5月20日", [("date", (2024, 5, 20))]),
    ],
)
def test_roc_years_are_western_years(zh, expected):
    assert facts(extract_zh(zh)) == expected


@pytest.mark.parametrize(
    "zh, en",
    [
        ("本法自中華民國八十五年起施行。", "This Act has been in force since 1996."),
        ("民國一百零二年六月二十七日修正公布。", "Amended and promulgated on June 27, 2013."),
        ("民國一百零二年六月二十七日修正公布。", "Amended and promulgated on 27 June 2013."),
        ("八十五年六月三日公布。", "Promulgated on 3 June 1996."),
        ("民國八十五年至八十七年", "from 1996 to 1998"),
    ],
)
def test_roc_dates_are_carried(zh, en):
    assert_carried(zh, en)


@pytest.mark.parametrize(
    "zh, en",
    [
        ("民國一百零二年六月二十七日修正公布。", "Amended and promulgated on June 27, 2012."),
        ("本法自中華民國八十五年起施行。", "This Act has been in force since 1985."),
    ],
)
def test_a_changed_roc_year_is_caught(zh, en):
    assert findings(zh, en) == ["number-extra", "number-missing"]


# 6. English number words, ordinals and fractions ---------------------------------------------


@pytest.mark.parametrize(
    "zh, en",
    [
        ("已連續舉辦兩次。", "It has been held twice."),
        ("只能申請一次。", "It may be claimed only once."),
        ("召开一次会议", "held a meeting"),  # 一次 inside a phrase is "a"
        ("每年召開一次。", "It is held annually."),  # 每…一次 is a frequency
        ("三分之一的預算", "a third of the budget"),
        ("三分之二多数", "a two-thirds majority"),
        ("四分之三", "three quarters"),
        ("五分之一的人口", "one in five people"),
        ("第十四个五年规划", "the 14th Five-Year Plan"),
        ("第十四个五年规划", "the Fourteenth Five-Year Plan"),
        ("“十四五”规划", "the 14th Five-Year Plan"),
        ("建黨一百週年", "the one-hundredth anniversary of the founding of the Party"),
        ("十二個省市", "a dozen provinces and municipalities"),
        ("第一、第二", "first, second"),
        ("第十屆", "the tenth"),
    ],
)
def test_english_words_carry_chinese_numbers(zh, en):
    assert_carried(zh, en)


@pytest.mark.parametrize(
    "zh, en",
    [
        ("已連續舉辦兩次。", "It has been held three times."),
        ("只能申請一次。", "It may be claimed twice."),
        ("三分之一的預算", "two thirds of the budget"),
        ("第十四个五年规划", "the Thirteenth Five-Year Plan"),
        ("“十四五”规划", "the Thirteenth Five-Year Plan"),
    ],
)
def test_a_changed_word_value_is_caught(zh, en):
    assert findings(zh, en) == ["number-missing"]  # number words are never judged extra


def test_a_changed_ordinal_in_digits_is_missing_and_extra():
    assert findings("第十四个五年规划", "the 13th Five-Year Plan") == ["number-extra", "number-missing"]


def test_fractions_and_ordinal_words():
    assert english_number_words_value("one third") is None  # a fraction, not 1 + 3rd
    assert english_number_words_value("one-hundredth") == (Decimal(100), True)
    assert facts(extract_en("for a third time")) == [("ordinal", Decimal(3))]
    assert facts(extract_en("a third of them")) == facts(extract_zh("三分之一"))
    assert facts(extract_zh("千分之三")) == [("percent", Decimal("0.3"))]


# The fold covers every character the rules read ----------------------------------------------


def test_every_traditional_form_of_a_rule_character_is_folded():
    folding = {numbers._ZH_FOLD_CHARS, numbers._FINANCIAL_RUN, numbers._WIDTH_CHARS}
    patterns = [p for p in vars(numbers).values() if isinstance(p, re.Pattern) and p not in folding]
    text = "".join(p.pattern for p in [*patterns, *numbers._ZH_ORDINALS]).replace(HAN_CLASS, "")
    characters = {ch for ch in text if re.fullmatch(f"[{HAN_CLASS}]", ch)}
    unfolded = set()
    for config in ("s2t", "s2tw", "s2hk"):
        converter = opencc.OpenCC(config)
        for ch in characters:
            traditional = converter.convert(ch)
            if len(traditional) == 1 and numbers.fold_chinese(traditional) != numbers.fold_chinese(ch):
                unfolded.add((ch, traditional))
    assert unfolded == set()


# ---------------------------------------------------------------- list items, restated numbers, Roman numerals
# (all from the official English of the PRC Constitution and of ROC laws)


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        (
            "一、契約中應約定人民給付之特定用途。",
            "1. The contract shall include a stipulation on the specific purpose;",
        ),
        (
            "（七）撤销国务院制定的同宪法、法律相抵触的行政法规、决定和命令；",
            "(7) revoking administrative regulations;",
        ),
        ("二  專門職業及技術人員執業資格。", "2. Qualification for practice in specialized professions."),
        ("五　縣農林、水利、漁牧及工程。", "5. Hsien agriculture and forestry, water conservancy and public works;"),
        (
            "省自治法應包含左列各款： 一　省設省議會。 二　省設省政府。",
            "the following provisions: 1. A council. 2. A government.",
        ),
        ("下列各款：一、甲；二、乙。", "the following: (a) A; (b) B."),
        ("第二章　公民的基本权利和义务", "Chapter II Fundamental Rights and Obligations of Citizens"),
        (
            "根据宪法第三章第五节、第六节规定的基本原则",
            "the basic principles of Sections 5 and 6 of Chapter III of the Constitution",
        ),
        (
            "（三）該鄉人口在二千五百人以上者",
            "(3) where the population is not less than two thousand five hundred (2,500)",
        ),
        ("應於三十日內為之", "shall be made within thirty (30) days"),
    ],
)
def test_item_numbers_divisions_and_restated_numbers_are_carried(zh, en):
    assert findings(zh, en) == []


@pytest.mark.parametrize(
    ("zh", "en", "code"),
    [
        (
            "六、中央與省、縣之關係。",
            "(7) The relationship between the central and the county governments.",
            "number-missing",
        ),
        ("第二章　国家机构", "Chapter III State Institutions", "number-missing"),
        ("應於三十日內為之", "shall be made within thirty (31) days", "number-extra"),
    ],
)
def test_a_changed_item_or_division_number_is_caught(zh, en, code):
    assert code in findings(zh, en)


def test_roman_numerals():
    assert [numbers.roman_value(n) for n in ("I", "II", "IV", "IX", "XIV", "XL", "XC", "CX")] == [
        1,
        2,
        4,
        9,
        14,
        40,
        90,
        110,
    ]


def test_a_number_mid_sentence_is_no_list_item():
    assert [f.kind for f in extract_en("as provided in Article 2. The council")] == ["number"]
    assert [f.kind for f in extract_zh("会议强调，一年来成绩显著。")] != ["ordinal"]


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("一、稅課收入。", "Income from taxes."),  # the ROC Local Government Act's English numbers no items
        ("稅課收入。", "1. Income from taxes."),
    ],
)
def test_item_numbers_are_optional_where_one_side_numbers_no_items(zh, en):
    assert findings(zh, en) == []


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("第 一 節 國防", "Section 1. National Defense"),  # the ROC Constitution's letter-spaced headings
        ("第 四 章 政府資訊公開之限制", "Chapter 4 Restrictions on Publication of Government Information"),
        (
            "第一項之告知，得於首次對當事人為利用時併同為之。",
            "The notification mentioned in Paragraph 1 may be undertaken.",
        ),
    ],
)
def test_letter_spaced_numerals_and_the_verb_may(zh, en):
    assert findings(zh, en) == []


def test_a_letter_spaced_fact_points_into_the_text_as_given():
    (fact,) = [f for f in extract_zh("第 四 章 總則") if f.kind != "item"]
    assert (fact.start, fact.text, fact.value) == (0, "第 四", 4)
    assert [f.value for f in extract_en("on 1 May 2024")] == [(2024, 5, 1)]


def test_a_month_is_a_whole_word():
    """ "Mar" of "Marcel", "Dec" of "Declaration" and "Sep" of "Separate" are no dates (published academic
    English of tests/data/align); the month written out or abbreviated still is."""
    from service.quality.numbers import extract_en

    assert extract_en("James Joyce and Marcel Proust explored how to link time and space in novels") == []
    assert extract_en("the Declaration of Independence, which it commemorates") == []
    assert extract_en("Separate institutions could be formed to offer professional training") == []
    assert [f.value for f in extract_en("on Jan. 5, 2024, in March 2023 and by the end of May, not December.")] == [
        (2024, 1, 5),
        (2023, 3, None),
        (None, 5, None),
        (None, 12, None),
    ]


def test_english_without_figures_or_number_words_skips_the_readers_and_loses_nothing():
    """The quick test for English that can hold no fact: on every tenth line of every text file of tests/data
    (news, laws, speeches, novels, academic prose), extract_en with it equals the full readers."""
    from pathlib import Path

    from service.quality import numbers

    root = Path(__file__).resolve().parents[1] / "data"
    lines: list[str] = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in ("", ".txt", ".tsv", ".csv", ".tmx", ".xlf", ".xliff"):
            try:
                lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            except UnicodeDecodeError:
                continue
    sample = lines[::10]
    assert len(sample) > 800
    skipped = [line for line in sample if not numbers._may_hold_facts_en(line)]
    assert len(skipped) > len(sample) // 5  # the quick test does spare work
    for line in sample:
        assert numbers.extract_en(line) == numbers._extract_en(line), line
