"""Terms and stored pairs are normalized without offsets (`normalize_form`, `normalize_forms`), running
text with them (`normalize`); both must give the same string, or terms and pairs would never match."""

import pytest

from service.text.normalize import fold_characters, normalize, normalize_form, normalize_forms, t2s_converter

OFFICIAL_TERMS = [
    "退役軍人事務廳",
    "退役军人事务厅",
    "黨組書記",
    "党组书记",
    "習近平新時代中國特色社會主義思想",
    "习近平新时代中国特色社会主义思想",
    "中國共產黨第二十次全國代表大會",
    "ＡＢＣ１２３",
    "Ｇ２０峰會",
    "全國退役軍人事務廳(局)長會議",
    "國務院辦公廳",
    "發展和改革委員會",
    "乾隆",
]


def expected_form(term: str) -> str:
    """What the rules give for a short term: width folding, then t2s."""
    return t2s_converter().convert(fold_characters(term)[0]).replace("(", "（").replace(")", "）")


@pytest.mark.parametrize("term", OFFICIAL_TERMS)
def test_pipeline_applies_the_folding_rules(term):
    assert normalize(term).text == expected_form(term)


@pytest.mark.parametrize("term", OFFICIAL_TERMS)
def test_term_form_agrees_with_pipeline(term):
    assert normalize_form(term) == normalize(term).text


def test_batch_normalization_used_by_storage_equals_the_pipeline_on_real_sentences(seed_article):
    """Storage normalizes pairs in batches with normalize_forms; queries go through normalize."""
    from service.text.pipeline import process

    sentences = [seg.text for seg in process(seed_article)]
    assert len(sentences) > 20
    assert normalize_forms(sentences) == [normalize(s).text for s in sentences]


def test_only_ascii_digits_count_as_digit_context_on_both_sides():
    for text in ("中,٣", "٣,中", "中,3", "3,中", "事务厅(局)长", "٣(局)"):
        assert normalize_form(text) == normalize(text).text, text


def test_a_syllable_after_a_non_pinyin_parenthesis_does_not_count_towards_density():
    """Two toned annotations after Han characters, a toned one after `(abc1)` (not an annotation),
    then a toneless one: the text is not dense, so `(hm)` stays, in every form."""
    text = "百家乐 (bǎ)會議(ń)(abc1)  (zhàn)、乾隆(hm)"
    expected = "百家乐会议(abc1) (zhàn)、乾隆(hm)"
    assert normalize(text).text == normalize_form(text) == normalize_forms([text])[0] == expected
