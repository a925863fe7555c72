"""Numeric facts in Chinese and English and their comparison."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.quality.numbers import (
    chinese_numeral_value,
    compare,
    english_number_words_value,
    extract_en,
    extract_zh,
)


def facts(extracted):
    return [(f.kind, f.value) for f in extracted]


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("七十五", 75),
        ("一百", 100),
        ("二〇二四", 2024),
        ("十五", 15),
        ("两千", 2000),
        ("三万五千", 35000),
        ("一百零八", 108),
        ("十二点五", Decimal("12.5")),
        ("三亿", 300_000_000),
        ("一万二千三百", 12300),
        ("五", 5),
    ],
)
def test_chinese_numerals_have_their_value(numeral, value):
    assert chinese_numeral_value(numeral) == Decimal(value)


def test_malformed_chinese_numerals_have_no_value():
    assert chinese_numeral_value("一一") is None
    assert chinese_numeral_value("十点") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("增长1.2万人", [("number", 12000)]),
        ("投入3.5亿元", [("number", 350_000_000)]),
        ("共1,000人", [("number", 1000)]),
        ("新增就业1244万人", [("number", 12_440_000)]),
        ("成立七十五周年", [("number", 75)]),
        ("建军一百年", [("number", 100)]),
        ("二〇二四年", [("year", 2024)]),
        ("总结2023年工作", [("year", 2023)]),
        ("增长百分之五", [("percent", 5)]),
        ("增长百分之十二点五", [("percent", Decimal("12.5"))]),
        ("上涨5%", [("percent", 5)]),
        ("下降0.3个百分点", [("percent", Decimal("0.3"))]),
        ("第十三届", [("ordinal", 13)]),
        ("第一", [("ordinal", 1)]),
        ("十四五规划", [("ordinal", 14)]),
        ("两年", [("number", 2)]),
    ],
)
def test_chinese_numbers_are_normalized(text, expected):
    assert facts(extract_zh(text)) == [(kind, Decimal(value)) for kind, value in expected]


def test_chinese_dates_and_ranges():
    assert facts(extract_zh("2024年1月25日")) == [("date", (2024, 1, 25))]
    assert facts(extract_zh("2024-01-25")) == [("date", (2024, 1, 25))]
    assert facts(extract_zh("1月18日至19日，会议召开")) == [("date", (None, 1, 18)), ("date", (None, 1, 19))]
    assert facts(extract_zh("3月30日至4月2日")) == [("date", (None, 3, 30)), ("date", (None, 4, 2))]
    assert facts(extract_zh("2023年10月")) == [("date", (2023, 10, None))]


def test_chinese_offsets_point_at_the_fact():
    text = "会议于2024年1月25日召开，增长1.2万人。"
    for fact in extract_zh(text):
        assert text[fact.start : fact.end] == fact.text
    assert [f.text for f in extract_zh(text)] == ["2024年1月25日", "1.2万"]


def test_party_congress_and_plenary_numbering_are_ordinals():
    text = "全面贯彻党的二十大、二十届二中全会和省委十三届四次全会精神"
    assert facts(extract_zh(text)) == [
        ("ordinal", 20),
        ("ordinal", 20),
        ("ordinal", 2),
        ("ordinal", 13),
        ("ordinal", 4),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "坚定“两个确立”，做到“两个维护”",
        "增强四个意识、坚定四个自信",
        "推进一带一路建设，坚持一国两制",
        "发挥“五种力量”作用",
        "进一步加强，千万不能松懈，十分重要，一个重要方面，百姓满意",
        "见_84A8693(1)(1).png",
        "三大攻坚战",
    ],
)
def test_idioms_set_phrases_and_file_names_are_not_facts(text):
    assert extract_zh(text) == []


def test_a_counted_noun_inside_a_clause_is_a_fact():
    assert facts(extract_zh("从三个方面的工作入手")) == [("number", 3)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12 thousand", [("number", 12000)]),
        ("1.2 million", [("number", 1_200_000)]),
        ("1,244 people", [("number", 1244)]),
        ("seventy-five", [("number", 75)]),
        ("one hundred and eight", [("number", 108)]),
        ("5 percent", [("percent", 5)]),
        ("5 per cent", [("percent", 5)]),
        ("five percent", [("percent", 5)]),
        ("12.5%", [("percent", Decimal("12.5"))]),
        ("0.3 percentage points", [("percent", Decimal("0.3"))]),
        ("the 13th", [("ordinal", 13)]),
        ("the thirteenth", [("ordinal", 13)]),
        ("the twenty-first", [("ordinal", 21)]),
        ("in 2024", [("year", 2024)]),
    ],
)
def test_english_numbers_are_normalized(text, expected):
    assert facts(extract_en(text)) == [(kind, Decimal(value)) for kind, value in expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("January 25, 2024", [(2024, 1, 25)]),
        ("25 January 2024", [(2024, 1, 25)]),
        ("Jan. 25", [(None, 1, 25)]),
        ("the 25th of January", [(None, 1, 25)]),
        ("2024-01-25", [(2024, 1, 25)]),
        ("From January 18 to 19", [(None, 1, 18), (None, 1, 19)]),
        ("on 18-19 January", [(None, 1, 18), (None, 1, 19)]),
        ("in May 2023", [(2023, 5, None)]),
        ("in October", [(None, 10, None)]),
    ],
)
def test_english_dates(text, expected):
    assert facts(extract_en(text)) == [("date", value) for value in expected]


def test_may_the_verb_is_not_a_month():
    assert extract_en("Veterans may apply") == []


def test_number_words_parse_to_values_and_ordinality():
    assert english_number_words_value("twenty-first") == (Decimal(21), True)
    assert english_number_words_value("two hundred thousand") == (Decimal(200_000), False)
    assert english_number_words_value("hundred") is None
    assert english_number_words_value("first two") is None


def _missing(zh, en):
    return [f.text for f in compare(extract_zh(zh), extract_en(en))]


@pytest.mark.parametrize(
    "zh, en",
    [
        ("增长1.2万人", "grew by 12,000 people"),
        ("增长1.2万人", "grew by 12 thousand people"),
        ("增长百分之五", "rose by 5 percent"),
        ("增长5%", "rose by five per cent"),
        ("2024年1月25日召开", "held on 25 January 2024"),
        ("2024年1月25日召开", "held on Jan. 25, 2024"),
        ("1月18日至19日召开", "held from January 18 to 19"),
        ("党的二十大", "the 20th National Congress of the CPC"),
        ("成立75周年", "the 75th anniversary of the founding"),
        ("三个方面", "three aspects"),
        ("第十三届", "the thirteenth"),
        ("2024年是关键一年", "The year 2024 is a crucial year"),
        ("2024年1月", "January 2024"),
        ("2024年工作，2024年任务", "work and tasks for 2024"),
        ("建党一百周年", "the centenary of the Party"),
        ("十年来", "over the past decade"),
        ("全国共有退役军人5700多万人", "more than 57 million veterans"),
        ("三千多万人", "over 30 million people"),
    ],
)
def test_carried_facts_are_not_missing(zh, en):
    assert _missing(zh, en) == []


@pytest.mark.parametrize(
    "zh, en, missing",
    [
        ("增长1.2万人", "grew by 1,200 people", ["1.2万"]),
        ("增长百分之五", "rose by 50%", ["百分之五"]),
        ("2024年工作", "work in 2023", ["2024年"]),
        ("1月25日召开", "held on January 26", ["1月25日"]),
        ("走访3万人次，增长5%", "visits were paid, up 5%", ["3万"]),
        ("党的二十大", "the 19th National Congress", ["二十大"]),
        ("党的二十大和二十届二中全会", "the 20th National Congress and the second plenary session", ["二十届"]),
    ],
)
def test_dropped_or_changed_facts_are_missing(zh, en, missing):
    assert _missing(zh, en) == missing


_ALPHABET = st.sampled_from(list("0123456789.,%年月日至第届大个万亿点百分之十二三两〇零一 -JanuryMaythpercnoifv“”、。"))


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=40))
def test_extraction_never_fails_and_spans_are_exact(text):
    for extract in (extract_zh, extract_en):
        for fact in extract(text):
            assert text[fact.start : fact.end] == fact.text and fact.kind in (
                "number",
                "percent",
                "date",
                "year",
                "ordinal",
                "item",
            )
    compare(extract_zh(text), extract_en(text))


def test_quarters_and_ordinal_lists_as_growth_reports_write_them():
    """一季度 (Q1), 第三、四季度, 一至三季度 (Q1 to Q3) and 前三季度 (the first three quarters) are facts; "the first
    two quarters" counts quarters, while "three quarters of" is still a fraction."""
    from service.quality.numbers import extract_en, extract_zh

    def zh(text):
        return [(f.text, f.kind, f.value) for f in extract_zh(text)]

    def en(text):
        return [(f.text, f.kind, f.value) for f in extract_en(text)]

    assert zh("今年一季度") == [("一", "ordinal", 1)]
    assert zh("第三、四季度") == [("第三", "ordinal", 3), ("四", "ordinal", 4)]
    assert zh("第二、三批试点") == [("第二", "ordinal", 2), ("三", "ordinal", 3)]
    assert zh("一至三季度") == [("一", "ordinal", 1), ("三", "ordinal", 3)]
    assert zh("前三季度") == [("三", "number", 3)]
    assert zh("一带一路") == []  # a pattern, not a range
    assert en("in the first two quarters") == [("first", "ordinal", 1), ("two", "number", 2)]
    assert en("three quarters of the members") == [("three quarters", "number", Decimal("0.75"))]
    assert en("in Q1 2024 and H2") == [("Q1", "ordinal", 1), ("2024", "year", 2024), ("H2", "ordinal", 2)]
