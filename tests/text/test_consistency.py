"""The glossary keys terms with its own `normalize_form`; it must agree with the text pipeline."""

import importlib

import pytest

from service.text.charfold import fold_width, t2s_converter
from service.text.normalize import normalize

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
    """What the rules in `charfold` give for a short term: width folding, then t2s."""
    return t2s_converter().convert(fold_width(term)).replace("(", "（").replace(")", "）")


@pytest.mark.parametrize("term", OFFICIAL_TERMS)
def test_pipeline_matches_charfold_rules(term):
    assert normalize(term).text == expected_form(term)


@pytest.mark.parametrize("term", OFFICIAL_TERMS)
def test_glossary_normalize_form_agrees_with_pipeline(term):
    try:
        variants = importlib.import_module("glossary.variants")
    except ModuleNotFoundError as missing:
        if missing.name not in ("glossary", "glossary.variants"):
            raise
        reference = expected_form(term)
    else:
        reference = variants.normalize_form(term)
    assert reference == normalize(term).text


def test_batch_normalization_used_by_storage_equals_the_pipeline_on_real_sentences(seed_article):
    """Storage normalizes pairs in batches with glossary.variants.normalize_forms; queries go through
    service.text.normalize. Both must give the same string, or stored pairs would never match."""
    from glossary.variants import normalize_forms
    from service.text.normalize import normalize
    from service.text.pipeline import process

    sentences = [seg.text for seg in process(seed_article)]
    assert len(sentences) > 20
    assert normalize_forms(sentences) == [normalize(s).text for s in sentences]


def test_only_ascii_digits_count_as_digit_context_on_both_sides():
    from glossary.variants import normalize_form as glossary_form
    from service.text.normalize import normalize

    for text in ("中,٣", "٣,中", "中,3", "3,中", "事务厅(局)长", "٣(局)"):
        assert glossary_form(text) == normalize(text).text, text
