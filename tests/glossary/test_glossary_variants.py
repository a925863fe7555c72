"""normalize_form mirrors the text pipeline's character rules; traditional_variants suggests forms."""

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.variants import normalize_form, normalize_forms, traditional_variants


def test_traditional_becomes_simplified():
    assert normalize_form("退役軍人事務廳") == "退役军人事务厅"


def test_full_width_letters_and_digits_become_half_width():
    assert normalize_form("ＣＰＣ第２０次") == "CPC第20次"


def test_half_width_punctuation_between_han_becomes_full_width():
    assert normalize_form("廳(局)長") == "厅（局）长"
    assert normalize_form("会议,在") == "会议，在"
    assert normalize_form("Article (1), item") == "Article (1), item"


def test_whitespace_between_han_removed_and_other_runs_collapsed():
    assert normalize_form("  退役 軍人\u3000事務廳  ") == "退役军人事务厅"
    assert normalize_form("CPC  Central   Committee") == "CPC Central Committee"


def test_zero_width_characters_removed():
    assert normalize_form("退\u200b役\ufeff軍人") == "退役军人"


def test_pinyin_annotation_removed():
    assert normalize_form("發(fā)展") == "发展"


def test_compatibility_ideograph_and_radical_fold_to_unified_ideographs():
    assert normalize_form("\uf900") == "岂"  # compatibility 豈 → unified 豈 → simplified 岂
    assert normalize_form("\u2f00") == "一"  # Kangxi radical one


def test_normalize_form_is_idempotent_on_examples():
    for text in ["退役軍人事務廳", "廳(局)長", "Ａ  Ｂ", "發(fā)展"]:
        once = normalize_form(text)
        assert normalize_form(once) == once


ALPHABET = list("發展廣東省退役軍人事務廳乾隆干净（）(),;:?!，。 \u3000\t\u200bＡ１ab“”?？") + ["(fā)", "(zhǎn)", "\uf900"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(ALPHABET), max_size=12).map("".join), max_size=20))
def test_batch_normalization_equals_one_by_one(texts):
    assert normalize_forms(texts) == [normalize_form(text) for text in texts]


def test_batch_handles_strings_with_line_breaks():
    texts = ["廣東\n省", "退役軍人", "a\r\nb"]
    assert normalize_forms(texts) == [normalize_form(text) for text in texts]


def test_traditional_variants_are_distinct_and_differ_from_source():
    variants = traditional_variants("退役军人事务厅")
    assert variants == ["退役軍人事務廳"]
    assert "退役军人事务厅" not in variants


def test_traditional_variants_include_regional_standards():
    # 里 is 裏 in the mainland/Hong Kong standards and 裡 in Taiwan's.
    assert set(traditional_variants("里面")) == {"裏面", "裡面"}


def test_traditional_variants_of_untouched_text_are_empty():
    assert traditional_variants("CPC") == []
