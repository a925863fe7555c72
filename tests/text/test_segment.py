import pytest

from service.text.segment import SEMICOLON_SPLIT_LENGTH, segment


def texts(text, lang="zh"):
    spans = segment(text, lang)
    assert all(text[s.start : s.end] == s.text for s in spans)
    return [s.text for s in spans]


def test_chinese_sentence_ends_and_closing_quotes():
    assert texts("会议认为，很好。他说：“好！”接着……走了⋯⋯然后呢？！结束") == [
        "会议认为，很好。",
        "他说：“好！”",
        "接着……",
        "走了⋯⋯",
        "然后呢？！",
        "结束",
    ]


def test_closing_brackets_stay_with_their_sentence():
    assert texts("（这是括号里的话。）下一句。《书名。》完") == ["（这是括号里的话。）", "下一句。", "《书名。》", "完"]


def test_line_breaks_end_segments_and_whitespace_is_trimmed():
    assert texts("\u3000\u3000标题\n\n  正文第一句。正文第二句。 \n\u3000\n\xa0结尾 ") == [
        "标题",
        "正文第一句。",
        "正文第二句。",
        "结尾",
    ]


def test_spans_never_hold_whitespace_at_their_ends():
    text = " 甲。 乙。\u3000丙\u200b"
    assert [(s.start, s.end) for s in segment(text)] == [(1, 3), (4, 6), (7, 8)]


def test_short_semicolon_enumeration_stays_one_segment():
    sentence = "一是加强领导；二是完善机制；三是强化保障。"
    assert len(sentence) <= SEMICOLON_SPLIT_LENGTH
    assert texts(sentence) == [sentence]


def test_long_semicolon_sentence_splits_after_each_semicolon():
    clause = "坚持以人民为中心的发展思想，推动高质量发展取得新成效" * 2
    sentence = f"{clause}；{clause}；{clause}。"
    assert len(sentence) > SEMICOLON_SPLIT_LENGTH
    assert texts(sentence) == [clause + "；", clause + "；", clause + "。"]


def test_empty_and_blank_text():
    assert segment("") == []
    assert segment("\n \u3000\n") == []


def test_english_sentences_and_abbreviations():
    text = (
        "Mr. Smith went to Washington. He met Dr. J. Brown on Jan. 5. "
        'The U.S. economy grew 3.5 percent. "Yes!" she said. See Art. 3 and No. 5, i.e. Vol. 2. Done?'
        " Yes."
    )
    assert texts(text, "en") == [
        "Mr. Smith went to Washington.",
        "He met Dr. J. Brown on Jan. 5.",
        "The U.S. economy grew 3.5 percent.",
        '"Yes!" she said.',
        "See Art. 3 and No. 5, i.e. Vol. 2.",
        "Done?",
        "Yes.",
    ]


def test_english_needs_a_capital_after_the_period():
    assert texts("It rose by 3.5 per cent. then fell.", "en") == ["It rose by 3.5 per cent. then fell."]


def test_unknown_language_is_rejected():
    with pytest.raises(ValueError):
        segment("text", "fr")
