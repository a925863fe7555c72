"""The starter glossary: loads cleanly, is big enough, has no duplicates, and finds terms in real text."""

import pytest

from glossary.matcher import TermMatcher
from glossary.model import validate_terms
from glossary.places import load_places
from glossary.starter import StarterGlossaryError, load_starter, read_starter
from service.formats.glossary_csv import COLUMNS
from service.text.normalize import normalize_form

# Opening of a scraped provincial news page (traditional characters, half-width commas).
ARTICLE_EXCERPT = (
    "1月18日至19日,全省退役軍人事務局長會議在廣州召開。會議以習近平新時代中國特色社會主義思想為指導,"
    "推進廣東退役軍人工作高質量發展實現新突破。省退役軍人事務廳黨組書記、廳長王創出席會議並講話。"
)


def test_loads_a_given_csv(tmp_path):
    path = tmp_path / "starter.csv"
    path.write_text(
        ",".join(COLUMNS) + "\n共同富裕,common prosperity,political-phrase,approved,,,,,,\n", encoding="utf-8"
    )
    [term] = load_starter(path)
    assert (term.source, term.target) == ("共同富裕", "common prosperity")


def test_rows_with_errors_make_loading_fail_loudly(tmp_path):
    path = tmp_path / "starter.csv"
    path.write_text(",".join(COLUMNS) + "\n共同富裕,,political-phrase,approved,,,,,,\n", encoding="utf-8")
    with pytest.raises(StarterGlossaryError, match="line 2: target"):
        load_starter(path)
    assert read_starter(path).terms == []


def test_packaged_starter_loads_without_errors_and_is_large_enough():
    result = read_starter()
    assert result.errors == []
    assert len(result.terms) >= 300


def test_packaged_starter_has_no_duplicate_sources_or_invalid_terms():
    assert validate_terms(load_starter()) == []


def test_packaged_starter_finds_terms_in_a_real_article():
    matcher = TermMatcher(load_starter(), load_places())
    text = normalize_form(ARTICLE_EXCERPT)
    found = {text[hit.start : hit.end] for hit in matcher.match(text)}
    assert {"退役军人事务厅", "习近平新时代中国特色社会主义思想", "高质量发展", "广东"} <= found
