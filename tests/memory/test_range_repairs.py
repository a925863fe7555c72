"""Draft repairs that are never wrong: ranges and lists of dates are carried over as one value, and a draft that
still holds a number or date of the old sentence is withheld rather than offered."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from service.memory.match import repair_draft, resolved_dates
from service.quality.numbers import extract_en, extract_zh, facts_match, stale_facts
from service.text.months import MONTHS
from service.text.placeables import find_placeables


def draft(query: str, source: str, target: str):
    return repair_draft(query, find_placeables(query), source, find_placeables(source), target)


def test_the_second_date_of_a_range_is_repaired_with_the_first():
    """2月20日至21日 against "from January 18 to 19" was "from February 20 to 19"."""
    stored = ("1月18日至19日召开会议", "The meeting was held from January 18 to 19.")
    assert draft("2月20日至21日召开会议", *stored).text == "The meeting was held from February 20 to 21."
    assert draft("1月20–21日召开会议", *stored).text == "The meeting was held from January 20 to 21."
    assert draft("3月5-6日召开会议", "1月18日至19日召开会议", "It met on 18-19 January.").text == "It met on 5-6 March."
    assert draft("1月30日至2月2日召开会议", *stored).text == "The meeting was held from January 30 to February 2."
    assert draft("2024年1月18日至19日", "2023年12月5日至6日", "December 5-6, 2023").text == "January 18-19, 2024"
    assert (
        draft("2月1日至3日", "1月18日至19日", "on the 18th and 19th of January").text
        == "on the 1st and 3rd of February"
    )


def test_month_and_year_ranges_are_one_value_each():
    assert draft("4—6月", "1—3月", "January to March").text == "April to June"
    assert draft("2024年至2025年", "2023年至2024年", "from 2023 to 2024").text == "from 2024 to 2025"


def test_a_range_end_inherits_what_its_start_wrote():
    text = "2024年1月18日至19日，1月20–21日，1—3月"
    dates = {d.value for d in resolved_dates(text, find_placeables(text)).values()}
    assert dates == {(2024, 1, 18), (2024, 1, 19), (None, 1, 20), (None, 1, 21), (None, 1, None), (None, 3, None)}


def test_a_draft_that_keeps_an_old_number_is_stale():
    """A date the repair could not place stays in the draft: the draft is not offered."""
    query, source = "2月20日至21日召开会议", "1月18日至19日召开会议"
    assert [f.text for f in stale_facts(query, source, "held from February 20 to 19")] == ["February 20 to 19"]
    assert stale_facts(query, source, "held from February 20 to 21") == []
    # A number in digits the query does not have at all is stale too; one the query has is not.
    assert stale_facts("增长5%", "增长3%", "grew by 3% to 7 million") != []
    assert stale_facts("增长5%", "增长3%", "grew by 5%") == []


# -------------------------------------------------------------------------------- property

DAYS = st.integers(min_value=1, max_value=28)
MONTH = st.integers(min_value=1, max_value=12)
LINKS = st.sampled_from(["至", "到", "—", "–", "-"])


@st.composite
def date_ranges(draw):
    """A range of two dates in one month, or across two months, as Chinese writes it (2月20日至21日, 1月30日至2月2日)."""
    month = draw(MONTH)
    first = draw(DAYS)
    link = draw(LINKS)
    if draw(st.booleans()):
        last = draw(st.integers(min_value=first + 1, max_value=29)) if first < 28 else 29
        return f"{month}月{first}日{link}{last}日", (month, first), (month, last)
    month2 = month % 12 + 1
    last = draw(DAYS)
    return f"{month}月{first}日{link}{month2}月{last}日", (month, first), (month2, last)


STYLES = st.sampled_from(["mdy-to", "mdy-dash", "dmy-dash"])


def english(first, last, style):
    (m1, d1), (m2, d2) = first, last
    if style == "dmy-dash":
        return f"{d1}-{d2} {MONTHS[m1 - 1]}" if m1 == m2 else f"{d1} {MONTHS[m1 - 1]}-{d2} {MONTHS[m2 - 1]}"
    link = " to " if style == "mdy-to" else "-"
    return f"{MONTHS[m1 - 1]} {d1}{link}{d2}" if m1 == m2 else f"{MONTHS[m1 - 1]} {d1}{link}{MONTHS[m2 - 1]} {d2}"


@settings(max_examples=300, deadline=None)
@given(stored=date_ranges(), query=date_ranges(), style=STYLES)
def test_a_repaired_range_draft_carries_exactly_the_query_dates(stored, query, style):
    """Whatever ranges the stored pair and the query hold, the draft is either withheld (a fact of the old sentence
    is left) or carries exactly the query's dates; in the styles official English uses it is the right one."""
    stored_zh, s_first, s_last = stored
    query_zh, q_first, q_last = query
    source = f"会议于{stored_zh}在北京召开。"
    target = f"The meeting was held in Beijing on {english(s_first, s_last, style)}."
    question = f"会议于{query_zh}在北京召开。"
    result = draft(question, source, target)
    stale = stale_facts(question, source, result.text)
    if not stale:
        query_facts = extract_zh(question)
        assert all(any(facts_match(q, d) for q in query_facts) for d in extract_en(result.text)), result.text
    expected = f"The meeting was held in Beijing on {english(q_first, q_last, style)}."
    assert result.text == expected and not stale, (question, source, target, result)


# -------------------------------------------------------------------------------- ordinal lists

ZH_DIGITS = "一二三四五六七八九"


def zh_numeral(n: int) -> str:
    """1..29 as Chinese writes them (十二, 二十一)."""
    tens, unit = divmod(n, 10)
    return ("" if tens == 0 else "十" if tens == 1 else ZH_DIGITS[tens - 1] + "十") + (
        ZH_DIGITS[unit - 1] if unit else ""
    )


def ordinal_draft(query: str, source: str, target: str):
    from service.memory.match import repair_ordinals
    from service.text.normalize import normalize_form

    repaired = repair_ordinals(draft(query, source, target), normalize_form(query), normalize_form(source))
    return repaired, stale_facts(query, source, repaired.text)


def test_quarter_and_batch_lists_are_carried_over():
    """第一、二季度 (the first and second quarters), written in official growth reports, and batch lists."""
    text, stale = ordinal_draft(
        "第三、四季度经济运行稳中向好。",
        "第一、二季度经济运行稳中向好。",
        "The economy was stable with a good momentum in the first and second quarters.",
    )
    assert text.text == "The economy was stable with a good momentum in the third and fourth quarters." and not stale
    assert {"kind": "ordinal", "from": "first", "to": "third"} in text.repairs
    text, stale = ordinal_draft("第三批国家级试点", "第二批国家级试点", "the 2nd batch of national pilots")
    assert text.text == "the 3rd batch of national pilots" and not stale
    # 一季度 without 第 is the first quarter too
    text, stale = ordinal_draft("二季度GDP增长4.7%。", "一季度GDP增长5.3%。", "GDP grew by 5.3% in the first quarter.")
    assert text.text == "GDP grew by 4.7% in the second quarter." and not stale


def test_an_ordinal_the_draft_cannot_place_withholds_it():
    """一至三季度 (the first three quarters) against a stored 一至二季度 ("the first two quarters"): the count of
    quarters is not an ordinal the repair may rewrite, so the draft is withheld rather than left saying "two"."""
    text, stale = ordinal_draft(
        "一至三季度经济平稳增长。", "一至二季度经济平稳增长。", "The economy grew steadily in the first two quarters."
    )
    assert [f.text for f in stale] == ["two"]
    # a stored ordinal the translation writes more often than the source does is left alone, and withheld
    text, stale = ordinal_draft("第三批试点", "第二批试点", "the second batch of pilots, after the second review")
    assert text.repairs == [] and stale


@settings(max_examples=300, deadline=None)
@given(
    stored=st.lists(st.integers(min_value=1, max_value=29), min_size=1, max_size=3, unique=True),
    query=st.lists(st.integers(min_value=1, max_value=29), min_size=1, max_size=3, unique=True),
    digits=st.booleans(),
)
def test_a_repaired_ordinal_list_carries_exactly_the_query_ordinals(stored, query, digits):
    """Whatever ordinal lists the stored pair and the query hold (第二、五批 ↔ "the second and fifth batches"),
    the draft is withheld or holds only ordinals of the query (a query with more of them than the match gets a
    draft that lacks some, for the translator to add: the checks then flag the missing one); when both lists are
    as long, it is repaired."""
    from service.memory.match import _ordinal_like

    def zh(values):
        return "第" + "、".join(zh_numeral(v) for v in values) + "批试点工作启动。"

    def en(values):
        words = [_ordinal_like(v, "1st" if digits else "first") for v in values]
        listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
        return f"The {listed} batch{'es' if len(values) > 1 else ''} of pilots started."

    repaired, stale = ordinal_draft(zh(query), zh(stored), en(stored))
    ordinals = [f.value for f in extract_en(repaired.text) if f.kind == "ordinal"]
    if not stale:
        assert set(ordinals) <= set(query), (stored, query, repaired)
    if len(stored) == len(query):
        assert repaired.text == en(query) and not stale, (stored, query, repaired)
