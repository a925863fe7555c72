"""Precision and recall of the checks on the labelled zh→en set."""

import json
from pathlib import Path

import pytest

from service.quality.evaluation import evaluate, load_labelled, load_terms, run_checks, tally

DATA = Path(__file__).resolve().parents[1] / "data" / "quality"
LABELLED = DATA / "labelled.jsonl"
TERMS = DATA / "terms.csv"


@pytest.fixture(scope="module")
def results():
    return evaluate(LABELLED, TERMS)


def pooled(results, codes):
    tp = sum(results[c]["tp"] for c in codes)
    fp = sum(results[c]["fp"] for c in codes)
    fn = sum(results[c]["fn"] for c in codes)
    return tp / (tp + fp), tp / (tp + fn)


def test_the_labelled_set_is_large_and_varied():
    pairs = load_labelled(LABELLED)
    assert len(pairs) >= 120
    assert sum(1 for p in pairs if not p.labels) >= 40
    labelled_codes = {code for p in pairs for code in p.labels}
    assert labelled_codes >= {
        "term-missing",
        "term-forbidden",
        "number-missing",
        "untranslated",
        "target-empty",
        "target-same-as-source",
        "length-ratio",
        "inconsistent",
    }
    assert len(load_terms(TERMS)) >= 10


def test_numbers_and_dates_are_found(results):
    row = results["number-missing"]
    assert row["tp"] >= 30
    assert row["recall"] >= 0.95 and row["precision"] >= 0.9


def test_terminology_is_found(results):
    precision, recall = pooled(results, ["term-missing", "term-forbidden"])
    assert recall >= 0.95 and precision >= 0.9
    assert results["term-forbidden"]["recall"] >= 0.95 and results["term-forbidden"]["precision"] >= 0.9
    assert results["term-missing"]["recall"] >= 0.95


@pytest.mark.parametrize(
    "code", ["untranslated", "target-empty", "target-same-as-source", "inconsistent", "number-extra", "length-ratio"]
)
def test_other_checks_are_precise(results, code):
    assert results[code]["tp"] > 0 and results[code]["precision"] >= 0.9


def test_tally_counts_each_pair_once_per_code(tmp_path):
    rows = [
        {"id": "a", "source": "增长1.2万人", "target": "grew by 1,200 people", "labels": ["number-missing"]},
        {"id": "b", "source": "增长5%", "target": "grew by 5%", "labels": ["number-missing"]},
        {"id": "c", "source": "会议召开", "target": "会议召开", "labels": []},
        {"id": "d", "source": "全体会议召开。", "target": "The plenary meeting was held.", "labels": []},
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    terms = tmp_path / "terms.csv"
    terms.write_text("source,target,forbidden\n", encoding="utf-8")
    result = evaluate(path, terms)
    assert {k: result["number-missing"][k] for k in ("tp", "fp", "fn")} == {"tp": 1, "fp": 0, "fn": 1}
    assert result["number-missing"]["precision"] == 1.0 and result["number-missing"]["recall"] == 0.5
    assert result["number-extra"]["fp"] == 1 and result["number-extra"]["precision"] == 0.0
    assert result["target-same-as-source"]["fp"] == 1
    assert result["untranslated"]["recall"] is None


def test_unknown_label_codes_are_rejected(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "x", "source": "a", "target": "b", "labels": ["typo"]}), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown issue codes"):
        load_labelled(path)


def test_outcomes_name_false_positives_and_negatives():
    outcomes = run_checks(load_labelled(LABELLED), load_terms(TERMS))
    assert tally(outcomes) == evaluate(LABELLED, TERMS)
    for outcome in outcomes:
        assert outcome.false_positives == outcome.predicted - outcome.pair.labels


def test_held_out_set_written_after_the_checks_keeps_recall():
    """heldout.jsonl was written once the checks were settled and not tuned against; paraphrases
    such as "around the clock" for 24小时 cost precision there, so only recall is held high."""
    results = evaluate(DATA / "heldout.jsonl", TERMS)
    precision, recall = pooled(results, ["number-missing"])
    assert recall >= 0.95 and precision >= 0.75
    precision, recall = pooled(results, ["term-missing", "term-forbidden"])
    assert recall >= 0.95 and precision >= 0.9
