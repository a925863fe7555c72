import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.text.chars import HAN_CLASS
from service.text.normalize import (
    DENSE_ANNOTATIONS,
    HALF_TO_FULL_PUNCTUATION,
    SPACE_DELETIONS,
    clean_whitespace,
    fold_characters,
    fold_han_punctuation,
    normalize,
    normalize_form,
    normalize_forms,
    remove_line_noise,
    remove_pinyin_annotations,
    to_simplified,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("發(fā)展", "发展"),
        ("統(tǒng)籌", "统筹"),
        ("指數(shù)", "指数"),
        ("會（huì）議", "会议"),
        ("發(fa1)展", "发展"),
        ("發 (fā)展", "发展"),
        ("戰(zhàn)略", "战略"),
        ("創(chuàng)新", "创新"),
    ],
)
def test_toned_pinyin_annotations_are_removed(raw, expected):
    assert normalize(raw).text == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("全国退役军人事务厅(局)长会议", "全国退役军人事务厅（局）长会议"),
        ("办法（试行）", "办法（试行）"),
        ("第一条(1)", "第一条(1)"),
        ("第一条(一)内容", "第一条（一）内容"),
        ("国发(2024)5号", "国发(2024)5号"),
        ("附件(a)", "附件(a)"),
        ("发展(fa)", "发展(fa)"),
    ],
)
def test_real_parentheses_are_kept(raw, expected):
    assert normalize(raw).text == expected


def test_toneless_syllables_removed_only_in_dense_text():
    sparse = "發(fa)展"
    dense = "會(huì)議發(fā)展統(tǒng)籌" + "數(shu)"
    assert DENSE_ANNOTATIONS == 3
    assert normalize(sparse).text == "发(fa)展"
    assert normalize(dense).text == "会议发展统筹数"


def test_single_letter_toneless_kept_even_in_dense_text():
    assert normalize("會(huì)議發(fā)展統(tǒng)籌條款(a)").text == "会议发展统筹条款(a)"


def test_width_folding_keeps_chinese_punctuation():
    assert normalize("ＡＢＣ１２３，（）％").text == "ABC123，（）％"


def test_half_width_punctuation_inside_chinese_becomes_full_width():
    assert normalize("会议强调,2024年是关键一年;要求:做好?是!").text == "会议强调，2024年是关键一年；要求：做好？是!"
    assert normalize("共75,其中").text == "共75，其中"
    assert normalize("1,000元").text == "1,000元"
    assert normalize("Hello, world").text == "Hello, world"


def test_compatibility_ideographs_fold():
    assert fold_characters("\uf900\u2f08") == ("\u8c48\u4eba", [])
    assert normalize("\uf900\u2f08").text == "岂人"


def test_t2s_is_phrase_aware():
    assert normalize("乾隆年間").text == "乾隆年间"
    assert normalize("乾燥").text == "干燥"


def test_whitespace_rules():
    assert normalize("\u3000\u3000会议召开。  \n").text == "会议召开。\n"
    assert normalize("聚焦备战打仗\xa0发挥作用").text == "聚焦备战打仗发挥作用"
    assert normalize("GDP  增长\t\t5%").text == "GDP 增长 5%"
    assert normalize("会\u200b议\ufeff").text == "会议"
    assert normalize("第一行\r\n第二行\r第三行").text == "第一行\n第二行\n第三行"


def test_question_mark_indents_are_removed_at_line_start_only():
    assert normalize("????会议认为\n？？会议指出").text == "会议认为\n会议指出"
    assert normalize("是吗??").text == "是吗??"
    assert normalize("?是谁").text == "?是谁"


def test_offsets_point_back_into_the_original():
    raw = "  會(huì)議召開,發(fā)展"
    result = normalize(raw)
    assert result.text == "会议召开，发展"
    assert result.offsets.original_length == len(raw)
    start, end = result.offsets.to_original(0, 2)
    assert raw[start:end] == "會(huì)議"
    assert result.offsets.to_original(5, 7) == (raw.index("發"), len(raw))


def test_normalize_form_equals_normalized_text():
    assert normalize_form("退役軍人事務廳") == "退役军人事务厅"


# normalize_form on the short strings it serves: glossary sources and variants.


def test_form_folds_full_width_ascii():
    assert normalize_form("ＣＰＣ第２０次") == "CPC第20次"


def test_form_folds_half_width_punctuation_inside_chinese_only():
    assert normalize_form("廳(局)長") == "厅（局）长"
    assert normalize_form("会议,在") == "会议，在"
    assert normalize_form("Article (1), item") == "Article (1), item"


def test_form_trims_and_collapses_whitespace():
    assert normalize_form("  退役 軍人\u3000事務廳  ") == "退役军人事务厅"
    assert normalize_form("CPC  Central   Committee") == "CPC Central Committee"


def test_form_removes_zero_width_characters():
    assert normalize_form("退\u200b役\ufeff軍人") == "退役军人"


def test_form_removes_pinyin_annotations():
    assert normalize_form("發(fā)展") == "发展"


def test_form_folds_compatibility_ideographs_and_radicals():
    assert normalize_form("\uf900") == "岂"  # compatibility 豈 → unified 豈 → simplified 岂
    assert normalize_form("\u2f00") == "一"  # Kangxi radical one


def test_form_is_idempotent_on_examples():
    for text in ["退役軍人事務廳", "廳(局)長", "Ａ  Ｂ", "發(fā)展"]:
        once = normalize_form(text)
        assert normalize_form(once) == once


FORM_ALPHABET = list("發展廣東省退役軍人事務廳乾隆干净（）(),;:?!，。 \u3000\t\u200bＡ１ab“”?？") + [
    "(fā)",
    "(zhǎn)",
    "\uf900",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FORM_ALPHABET), max_size=12).map("".join), max_size=20))
def test_batch_normalization_equals_one_by_one(texts):
    assert normalize_forms(texts) == [normalize_form(text) for text in texts] == [normalize(t).text for t in texts]


def test_batch_handles_strings_with_line_breaks():
    texts = ["廣東\n省", "退役軍人", "a\r\nb"]
    assert normalize_forms(texts) == [normalize_form(text) for text in texts]


# Property tests over random mixes of scraping artifacts.
TRADITIONAL_SIMPLIFIED = [
    ("會議", "会议"),
    ("發展", "发展"),
    ("統籌", "统筹"),
    ("黨組", "党组"),
    ("書記", "书记"),
    ("軍人", "军人"),
    ("事務", "事务"),
    ("廣東", "广东"),
    ("實現", "实现"),
    ("體系", "体系"),
    ("服務", "服务"),
    ("中國", "中国"),
    ("工作", "工作"),
    ("精神", "精神"),
]
PINYIN = ["(fā)", "(huì)", "（tǒng）", "(shù)", "(zhàn)", "(fa1)", " (xiàn)"]
ARTIFACT_SPACES = ["\u3000", " ", "  ", "\xa0", "\t", "\u200b", "\ufeff"]
PUNCTUATION = [",", "，", "。", "；", ";", "、", "“", "”", "(", ")", "（", "）", "?", "！"]
ASCII = ["ＡＢ", "AB", "１２", "12", "2024年", "5%", "x"]


@st.composite
def messy_text(draw, toneless=True):
    """Random documents built from words, annotations, odd spaces, punctuation and line starts."""
    pieces = []
    for _ in range(draw(st.integers(1, 25))):
        choice = draw(st.integers(0, 9))
        if choice <= 3:
            traditional, _ = draw(st.sampled_from(TRADITIONAL_SIMPLIFIED))
            if draw(st.booleans()):
                traditional = traditional[0] + draw(st.sampled_from(PINYIN)) + traditional[1:]
            pieces.append(traditional)
        elif choice == 4:
            pieces.append(draw(st.sampled_from(ARTIFACT_SPACES)))
        elif choice == 5:
            pieces.append(draw(st.sampled_from(PUNCTUATION)))
        elif choice == 6:
            pieces.append(draw(st.sampled_from(ASCII)))
        elif choice == 7:
            pieces.append(draw(st.sampled_from(["\n", "\n????", "\n？？？？", "\r\n\u3000\u3000", "\n  "])))
        else:
            pieces.append(draw(st.sampled_from(["(局)", "(1)", "（试行）"] + (["(fa)"] if toneless else []))))
    return "".join(pieces)


WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
CONTEXT_PUNCTUATION = {"，": ",", "；": ";", "：": ":", "？": "?", "！": "!", "（": "(", "）": ")"}


@settings(max_examples=300, deadline=None)
@given(messy_text())
def test_map_is_monotonic_with_sentinel_and_chars_come_from_their_source(raw):
    result = normalize(raw)
    entries = list(result.offsets.entries)
    assert len(entries) == len(result.text) + 1
    assert entries[-1] == len(raw)
    assert all(a < b for a, b in itertools.pairwise(entries))
    for index, char in enumerate(result.text):
        source = raw[entries[index]]
        if char == " ":
            assert source.isspace()
        elif char in CONTEXT_PUNCTUATION and source == CONTEXT_PUNCTUATION[char]:
            continue
        else:
            assert normalize(source).text == char


def balanced(text):
    depth = 0
    for char in text:
        depth += char in "(（"
        depth -= char in ")）"
        if depth < 0:
            return False
    return depth == 0


@settings(max_examples=300, deadline=None)
@given(messy_text(toneless=False), st.data())
def test_spans_between_word_characters_normalize_back_to_themselves(raw, data):
    """Any span that starts and ends on a Han/ASCII word character and does not cut a pair of
    parentheses maps back to an original slice whose own normalization is that span.
    Toneless annotations are left out: whether they go depends on the whole text's density."""
    result = normalize(raw)
    word_positions = [i for i, char in enumerate(result.text) if WORD_CHAR.match(char)]
    if not word_positions:
        return
    first = data.draw(st.sampled_from(word_positions))
    last = data.draw(
        st.sampled_from([p for p in word_positions if p >= first and balanced(result.text[first : p + 1])])
    )
    start, end = result.offsets.to_original(first, last + 1)
    assert normalize(raw[start:end]).text == result.text[first : last + 1]


@settings(max_examples=200, deadline=None)
@given(messy_text())
def test_normalization_is_idempotent(raw):
    once = normalize(raw).text
    assert normalize(once).text == once


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(TRADITIONAL_SIMPLIFIED), min_size=1, max_size=20),
    st.lists(st.sampled_from(["，", "。", "、", "\n"]), min_size=20, max_size=20),
)
def test_simplified_twin_normalizes_the_same(words, separators):
    traditional = "".join(t[0] + "(fā)" + t[1:] + sep for (t, _), sep in zip(words, separators))
    simplified = "".join(s + sep for (_, s), sep in zip(words, separators))
    assert normalize(traditional).text == normalize(simplified).text


# The fast forms of the shared rules must find exactly what the rules themselves find.
RULE_PIECES = [
    " ",
    "  ",
    "?",
    "??",
    "？？",
    "？",
    "\n",
    "会",
    "議",
    "a",
    "1",
    "，",
    "（",
    "）",
    "“",
    "”",
    "、",
    "…",
    "—",
    ",",
    ";",
    ":",
    "!",
    "」",
    "《",
    "x y",
    "\u3000",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(RULE_PIECES), max_size=30).map("".join))
def test_whitespace_deletions_are_those_of_the_shared_rule(text):
    expected = [match.span() for match in SPACE_DELETIONS.finditer(text)]
    assert clean_whitespace(text)[1] == expected


HAN_CHAR = re.compile(f"[{HAN_CLASS}]")


def fold_marks_one_by_one(text):
    """The punctuation rule written out character by character."""
    out = list(text)
    for index, char in enumerate(text):
        if char not in ",;:?!" or index == 0:
            continue
        before, after = text[index - 1], text[index + 1 : index + 2]
        if HAN_CHAR.match(before) or before in "”’」』）》】":
            convert = bool(after) and (HAN_CHAR.match(after) is not None or after in "“‘「『（《【0123456789")
        else:
            convert = before in "0123456789" and bool(after) and HAN_CHAR.match(after) is not None
        if convert:
            out[index] = HALF_TO_FULL_PUNCTUATION[char]
    return "".join(out)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from([p for p in RULE_PIECES if p not in "（）"] + ["０", "٣", "𠀀"]), max_size=30).map("".join)
)
def test_half_width_marks_fold_by_their_neighbours(text):
    assert fold_han_punctuation(text) == (fold_marks_one_by_one(text), [])


@pytest.mark.parametrize("raw", ["会议\r\n召开", "会\u200b议", "会\ufeff议\r", "会议召开"])
def test_line_noise_reports_what_it_deleted(raw):
    text, deleted = remove_line_noise(raw)
    kept = "".join(raw[i] for i in range(len(raw)) if not any(s <= i < e for s, e in deleted))
    assert text == kept.replace("\r", "\n")
    assert "\u200b" not in text and "\ufeff" not in text and "\r" not in text


def test_steps_that_delete_nothing_report_no_ranges():
    for step in (fold_characters, fold_han_punctuation, to_simplified):
        assert step("會議,召開(局)ＡＢ")[1] == []
    assert remove_pinyin_annotations("会议召开")[1] == []
    assert clean_whitespace("会议召开")[1] == []


def test_nested_half_width_parentheses_fold_in_one_pass():
    """Found by the idempotence property: the outer pair of ((局)会议) used to fold only on a second pass."""
    text = "会议((局)会议会议会议)会议"
    once = normalize(text)
    assert once.text == "会议（（局）会议会议会议）会议"
    assert normalize(once.text).text == once.text
    assert len(once.offsets.entries) == len(once.text) + 1
