"""EnglishMatcher: case, whitespace, hyphens, inflection, possessives and word boundaries."""

import pytest

from glossary.english import EnglishMatcher

MATCHER = EnglishMatcher()
DVA = "Department of Veterans Affairs"


def spans(rendering, text):
    return [text[start:end] for start, end in MATCHER.find(rendering, text)]


def test_exact_and_case_insensitive():
    assert spans(DVA, "The department of veterans affairs said") == ["department of veterans affairs"]


def test_whitespace_is_flexible():
    assert spans(DVA, "Department  of\nVeterans\u00a0Affairs") == ["Department  of\nVeterans\u00a0Affairs"]


def test_plural_and_trailing_possessive_apostrophe():
    assert spans(DVA, "the departments of veterans affairs' budgets") == ["departments of veterans affairs'"]


def test_possessive_s_with_either_apostrophe():
    assert spans("State Council", "the State Council's decision") == ["State Council's"]
    assert spans("State Council", "the State Council\u2019s decision") == ["State Council\u2019s"]


def test_y_plural_becomes_ies():
    assert spans("Party committee", "all party committees and parties") == ["party committees"]
    assert spans("Party", "two parties met") == ["parties"]


def test_es_plural():
    assert MATCHER.contains("branch", "party branches")


def test_function_words_are_not_inflected():
    assert not MATCHER.contains("a community of shared future", "as community of shared future")


def test_hyphen_and_space_are_equivalent():
    assert MATCHER.contains("high-quality development", "high quality development")
    assert MATCHER.contains("high quality development", "high-quality development")
    assert MATCHER.contains("high-quality development", "high \u2011 quality development")


def test_apostrophe_inside_a_rendering_matches_typographic_one():
    assert MATCHER.contains("Xi'an", "in Xi\u2019an")


def test_no_match_inside_longer_words():
    assert not MATCHER.contains("Party", "a partying crowd")
    assert not MATCHER.contains("Party", "counterparty risk")
    assert not MATCHER.contains("CPC", "CPCX")


def test_hyphen_compounds_count_as_one_word():
    assert not MATCHER.contains("Party", "party-goers")
    assert not MATCHER.contains("Party", "third-party vendor")
    assert MATCHER.contains("Party", "the Party - and the people")


def test_acronym_plural():
    assert spans("NPC", "both NPCs") == ["NPCs"]


def test_renderings_with_punctuation_are_literal():
    assert spans("Communist Party of China (CPC)", "The Communist Party of China (CPC) leads") == [
        "Communist Party of China (CPC)"
    ]
    assert not MATCHER.contains("U.S.", "UxSx")


def test_multiple_occurrences_in_order():
    text = "Party members and the Party"
    assert MATCHER.find("Party", text) == [(0, 5), (22, 27)]


@pytest.mark.parametrize("rendering", ["", "   ", " - "])
def test_empty_rendering_finds_nothing(rendering):
    assert MATCHER.find(rendering, "anything") == []
    assert not MATCHER.contains(rendering, "anything")
