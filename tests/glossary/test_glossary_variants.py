"""traditional_variants suggests forms; a term's key is the text pipeline's normalize_form."""

from glossary.variants import traditional_variants


def test_traditional_variants_are_distinct_and_differ_from_source():
    variants = traditional_variants("退役军人事务厅")
    assert variants == ["退役軍人事務廳"]
    assert "退役军人事务厅" not in variants


def test_traditional_variants_include_regional_standards():
    # 里 is 裏 in the mainland/Hong Kong standards and 裡 in Taiwan's.
    assert set(traditional_variants("里面")) == {"裏面", "裡面"}


def test_traditional_variants_of_untouched_text_are_empty():
    assert traditional_variants("CPC") == []
