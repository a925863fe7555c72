"""EnglishMatcher: case, whitespace, hyphens, possessives and word boundaries on the exact path; inflected and
derived forms (the Snowball stemmer) on the word-form path; Chinese characters and full-width text around a
rendering."""

import pytest

from glossary.english import EnglishMatcher, rendering_stems, stem

MATCHER = EnglishMatcher()
DVA = "Department of Veterans Affairs"


def spans(rendering, text):
    return [text[start:end] for start, end in MATCHER.find(rendering, text)]


def forms(rendering, text):
    return [text[start:end] for start, end in MATCHER.find_forms(rendering, text)]


def test_exact_and_case_insensitive():
    assert spans(DVA, "The department of veterans affairs said") == ["department of veterans affairs"]


def test_whitespace_is_flexible():
    assert spans(DVA, "Department  of\nVeterans\u00a0Affairs") == ["Department  of\nVeterans\u00a0Affairs"]


def test_trailing_possessive_apostrophe_is_exact():
    assert spans(DVA, "the Department of Veterans Affairs' budgets") == ["Department of Veterans Affairs'"]


def test_possessive_s_with_either_apostrophe():
    assert spans("State Council", "the State Council's decision") == ["State Council's"]
    assert spans("State Council", "the State Council\u2019s decision") == ["State Council\u2019s"]


def test_plurals_are_word_forms_not_exact():
    text = "the departments of veterans affairs' budgets"
    assert spans(DVA, text) == []
    assert forms(DVA, text) == ["departments of veterans affairs"]
    assert forms("Party committee", "all party committees and parties") == ["party committees"]
    assert forms("Party", "two parties met") == ["parties"]
    assert MATCHER.contains("branch", "party branches", forms=True)
    assert not MATCHER.contains("branch", "party branches")
    assert forms("veterans", "every veteran") == ["veteran"]


def test_inflected_and_derived_forms():
    assert forms("resettlement", "veterans were resettled in their home towns") == ["resettled"]
    assert forms("Commission of Supervision", "local commissions of supervision") == ["commissions of supervision"]
    assert forms("poverty alleviation", "poverty was alleviated") == []  # the words must stand in a row
    assert forms("poverty alleviation", "alleviating poverty") == []  # and in their order


def test_exact_occurrences_are_word_forms_too():
    assert forms(DVA, "the Department of Veterans Affairs' budget") == ["Department of Veterans Affairs"]
    assert forms("high-quality development", "high quality developments") == ["high quality developments"]


def test_acronym_plurals():
    assert forms("NPC", "both NPCs") == ["NPCs"]
    assert forms("NGO", "NGOs and SOEs") == ["NGOs"]
    assert stem("NGOs") == stem("NGO")


def test_function_words_are_not_inflected():
    assert not MATCHER.contains("a community of shared future", "as community of shared future", forms=True)


def test_hyphen_and_space_are_equivalent():
    assert MATCHER.contains("high-quality development", "high quality development")
    assert MATCHER.contains("high quality development", "high-quality development")
    assert MATCHER.contains("high-quality development", "high \u2011 quality development")


def test_apostrophe_inside_a_rendering_matches_typographic_one():
    assert MATCHER.contains("Xi'an", "in Xi\u2019an")
    assert forms("Xi'an", "in Xi\u2019an") == ["Xi\u2019an"]


def test_no_match_inside_longer_words():
    for found in (MATCHER.find, MATCHER.find_forms):
        assert not found("Party", "counterparty risk")
        assert not found("CPC", "CPCX")
    assert not MATCHER.contains("Party", "a partying crowd")


def test_hyphen_compounds_count_as_one_word():
    for found in (MATCHER.find, MATCHER.find_forms):
        assert not found("Party", "party-goers")
        assert not found("Party", "third-party vendor")
        assert not found("Party", "Party-led reform")
        assert found("Party", "the Party - and the people")


@pytest.mark.parametrize(
    "text",
    ["丨Beijing", "（Beijing）", "北京Beijing市", "【Beijing】", "Beijing，", "「Beijing」", "Ｂｅｉｊｉｎｇ"],
)
def test_chinese_characters_and_full_width_text_do_not_hide_a_rendering(text):
    assert MATCHER.contains("Beijing", text)
    assert MATCHER.find_forms("Beijing", text)
    start, end = MATCHER.find("Beijing", text)[0]
    assert end - start == len("Beijing")


def test_chinese_glued_renderings_are_found_in_word_forms_too():
    assert forms("resettlement", "丨Resettled veterans") == ["Resettled"]


def test_renderings_with_punctuation_are_literal():
    assert spans("Communist Party of China (CPC)", "The Communist Party of China (CPC) leads") == [
        "Communist Party of China (CPC)"
    ]
    assert not MATCHER.contains("U.S.", "UxSx")
    assert rendering_stems("U.S.") == () and not MATCHER.find_forms("U.S.", "U S")


def test_multiple_occurrences_in_order():
    text = "Party members and the Party"
    assert MATCHER.find("Party", text) == [(0, 5), (22, 27)]
    assert MATCHER.find_forms("Party", "parties and the Party's") == [(0, 7), (16, 23)]


@pytest.mark.parametrize("rendering", ["", "   ", " - "])
def test_empty_rendering_finds_nothing(rendering):
    assert MATCHER.find(rendering, "anything") == []
    assert MATCHER.find_forms(rendering, "anything") == []
    assert not MATCHER.contains(rendering, "anything", forms=True)


def test_a_rendering_is_found_inverted_with_of_as_a_word_form():
    """ROC laws' official English writes 直轄市政府 "the government of the special municipality"."""
    from glossary.english import EnglishMatcher

    matcher = EnglishMatcher()
    assert matcher.find_forms("Municipal Government", "the government of the special municipality shall") == [(4, 42)]
    assert matcher.find_forms("Municipal Government", "the government of the city") == []
    assert matcher.find_forms("Municipal Government", "the government of a very large old municipality") == []
    assert not matcher.contains("Municipal Government", "the government of the municipality")
    assert matcher.contains("Municipal Government", "the government of the municipality", forms=True)
