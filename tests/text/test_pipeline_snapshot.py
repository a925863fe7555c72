"""Regression: the pipeline gives exactly the results recorded in tests/data/text/pipeline_snapshot.json."""

import json

import pytest

from tests.text.pipeline_snapshot import (
    SNAPSHOT_PATH,
    documents,
    sentences,
    summarize_document,
    summarize_sentence,
)

DOCUMENTS = documents()


@pytest.fixture(scope="module")
def recorded():
    return json.loads(SNAPSHOT_PATH.read_text(encoding="utf-8"))


def test_snapshot_covers_every_case(recorded):
    assert sorted(recorded["documents"]) == sorted(DOCUMENTS)
    assert sorted(recorded["sentences"]) == sorted(set(sentences()))


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_document_results_are_unchanged(recorded, name):
    text, lang = DOCUMENTS[name]
    expected = recorded["documents"][name]
    actual = json.loads(json.dumps(summarize_document(text, lang), ensure_ascii=False))
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected):
        assert got == want


def test_sentence_results_are_unchanged(recorded):
    changed = [text for text in set(sentences()) if summarize_sentence(text) != recorded["sentences"][text]]
    assert changed == []
