"""A key found inside a longer word is not that term; a place swallowing a title's first character is split."""

from __future__ import annotations

import pytest

from glossary.boundaries import ends_inside_word
from glossary.matcher import TermMatcher
from glossary.model import Category, Status, Term
from glossary.places import load_places


def _term(source, target, category=Category.ORGANIZATION, pattern=""):
    return Term(source=source, target=target, category=category, status=Status.APPROVED, pattern=pattern)


@pytest.fixture(scope="module")
def matcher():
    terms = [
        _term("退役军人事务部", "Ministry of Veterans Affairs"),
        _term("退役军人", "veterans", Category.OTHER),
        _term("党组", "Leading Party Members Group"),
        _term("教育部", "Ministry of Education"),
        _term(
            "省委书记",
            "Secretary of the Provincial Party Committee",
            Category.TITLE,
            "Secretary of the CPC {place_adj} Committee",
        ),
        _term("省长", "Governor", Category.TITLE, "Governor of {place}"),
        _term("市长", "Mayor", Category.TITLE, "Mayor of {place}"),
    ]
    return TermMatcher(terms, load_places())


def _hits(matcher, text):
    return [(text[h.start : h.end], h.target) for h in matcher.match(text)]


def test_key_inside_a_longer_word_is_not_the_term(matcher):
    assert _hits(matcher, "各级退役军人事务部门") == [("退役军人", "veterans")]
    assert _hits(matcher, "加强党组织建设") == []
    assert _hits(matcher, "党组会议") == [("党组", "Leading Party Members Group")]


def test_word_boundary_decided_by_segmentation_not_the_bigram_alone(matcher):
    # 部分 is a word, but 教育部分别 reads 教育部 / 分别
    assert _hits(matcher, "教育部分别作出部署") == [("教育部", "Ministry of Education")]
    assert ends_inside_word("退役军人事务部门", 0, 7)
    assert not ends_inside_word("教育部分别", 0, 3)


def test_place_full_name_gives_back_its_level_character_to_a_title(matcher):
    assert _hits(matcher, "广东省委书记") == [("广东省委书记", "Secretary of the CPC Guangdong Provincial Committee")]
    assert _hits(matcher, "广州市长出席") == [("广州市长", "Mayor of Guangzhou")]
    assert _hits(matcher, "广东省长马兴瑞") == [("广东省长", "Governor of Guangdong")]


def test_title_inside_a_word_does_not_steal_the_place(matcher):
    assert _hits(matcher, "广东省长期坚持改革") == [("广东省", "Guangdong")]


def test_offsets_stay_exact_around_characters_no_key_contains():
    """The matcher's narrow two-character alphabet must keep positions exact for any text."""
    m = TermMatcher(
        [
            _term("党组书记", "Secretary of the Leading Party Members Group", Category.TITLE),
            _term("二十大", "20th National Congress", Category.EVENT),
        ]
    )
    text = "𠀀A党组书记，é二十大😀党组书记"
    hits = [(h.start, h.end, text[h.start : h.end]) for h in m.match(text)]
    assert hits == [(2, 6, "党组书记"), (8, 11, "二十大"), (12, 16, "党组书记")]


def test_word_heads_name_the_words_a_key_is_the_tail_of():
    from glossary.boundaries import starts_inside_word, word_heads

    heads = word_heads()
    assert "孙" in heads["中山"] and "总" in heads["书记"]
    assert all(len(tail) >= 2 and all(len(head) in (1, 2) for head in group) for tail, group in heads.items())
    assert starts_inside_word("由孙中山先生领导", 2, 4)
    assert not starts_inside_word("广东省中山市", 3, 5)
