import jieba
import pytest

from service.text.tokenize import Tokenizer

TERMS = ["退役军人事务厅", "习近平新时代中国特色社会主义思想", "五种力量"]


@pytest.fixture(scope="module")
def tokenizer():
    return Tokenizer(TERMS)


def test_glossary_terms_stay_whole(tokenizer):
    text = "省退役军人事务厅坚持以习近平新时代中国特色社会主义思想为指导，发挥五种力量作用。"
    words = [word for _, _, word in tokenizer.tokens(text)]
    for term in TERMS:
        assert term in words


def test_without_the_term_it_is_split():
    words = [word for _, _, word in Tokenizer().tokens("省退役军人事务厅召开会议")]
    assert "退役军人事务厅" not in words


def test_tokens_cover_text_with_offsets(tokenizer):
    text = "全省退役军人事务局长会议在广州召开。2024年 GDP 增长5%"
    tokens = tokenizer.tokens(text)
    assert "".join(word for _, _, word in tokens) == text
    assert all(text[start:end] == word for start, end, word in tokens)
    assert all(a[1] == b[0] for a, b in zip(tokens, tokens[1:]))


def test_private_dictionary_leaves_global_jieba_alone(tokenizer):
    Tokenizer(["全省退役军人事务局长会议"])
    assert "全省退役军人事务局长会议" not in jieba.lcut("全省退役军人事务局长会议召开")


def test_blank_and_spaced_words_are_ignored():
    assert Tokenizer(["", "  ", "a b", "党组书记"]).words == ["党组书记"]
