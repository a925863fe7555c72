"""The metrics equal what sacrebleu's command line prints for the same files."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from service.quality.metrics import (
    ReferenceShapeError,
    as_cli_line,
    corpus_scores,
    reference_streams,
    sentence_scores,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "quality"
SACREBLEU = Path(sys.executable).with_name("sacrebleu")


def _lines(name: str) -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").splitlines()


def _cli(refs: list[Path], hyp: Path, *options: str) -> dict[str, dict]:
    """Run the sacrebleu command line with JSON output; results keyed by metric name."""
    command = [str(SACREBLEU), *map(str, refs), "-i", str(hyp), "-f", "json", *options]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    results = json.loads(completed.stdout)
    if isinstance(results, dict):
        results = [results]
    return {result["name"]: result for result in results}


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [1, 4])
@pytest.mark.parametrize("ref_names", [["testset.en.ref"], ["testset.en.ref", "testset.en.ref2"]])
def test_corpus_scores_equal_the_command_line(tmp_path, width, ref_names):
    hyps = _lines("testset.en.hyp")
    streams = [_lines(name) for name in ref_names]
    ref_files = [_write(tmp_path / f"ref{i}", stream) for i, stream in enumerate(streams)]
    hyp_file = _write(tmp_path / "hyp", hyps)

    cli = _cli(ref_files, hyp_file, "-m", "bleu", "chrf", "ter", "-w", str(width))
    cli_pp = _cli(ref_files, hyp_file, "-m", "chrf", "--chrf-word-order", "2", "-w", str(width))
    ours = corpus_scores(hyps, streams if len(streams) > 1 else streams[0])

    assert ours.rounded(width).bleu == cli["BLEU"]["score"]
    assert ours.rounded(width).chrf == cli["chrF2"]["score"]
    assert ours.rounded(width).ter == cli["TER"]["score"]
    assert ours.rounded(width).chrf_pp == cli_pp["chrF2++"]["score"]
    assert ours.signatures["bleu"] == cli["BLEU"]["signature"]
    assert ours.signatures["chrf"] == cli["chrF2"]["signature"]
    assert ours.signatures["ter"] == cli["TER"]["signature"]
    assert ours.signatures["chrf_pp"] == cli_pp["chrF2++"]["signature"]
    assert f"nrefs:{len(streams)}" in ours.signatures["bleu"]


def test_chinese_targets_match_the_command_line_with_zh_tokenizer(tmp_path):
    refs = _lines("testset.zh")
    # A Chinese "hypothesis": every reference with a few characters dropped or swapped.
    hyps = [ref[:-3] + "了。" if i % 2 else ref.replace("会议", "大会") for i, ref in enumerate(refs)]
    ref_file = _write(tmp_path / "ref", refs)
    hyp_file = _write(tmp_path / "hyp", hyps)

    cli = _cli([ref_file], hyp_file, "-m", "bleu", "chrf", "ter", "-tok", "zh", "--ter-asian-support", "-w", "4")
    ours = corpus_scores(hyps, refs, target_lang="zh")

    assert "tok:zh" in ours.signatures["bleu"]
    assert "asian:yes" in ours.signatures["ter"]
    assert ours.signatures["bleu"] == cli["BLEU"]["signature"]
    assert ours.rounded(4).bleu == cli["BLEU"]["score"]
    assert ours.rounded(4).chrf == cli["chrF2"]["score"]
    assert ours.rounded(4).ter == cli["TER"]["score"]
    # The Chinese tokenizer matters: 13a would see each sentence as one or two tokens.
    assert ours.bleu != corpus_scores(hyps, refs, target_lang="en").bleu


def test_sentence_scores_equal_the_sentence_level_command_line(tmp_path):
    hyps = _lines("testset.en.hyp")
    refs = _lines("testset.en.ref")
    ref_file = _write(tmp_path / "ref", refs)
    hyp_file = _write(tmp_path / "hyp", hyps)
    completed = subprocess.run(
        [str(SACREBLEU), str(ref_file), "-i", str(hyp_file), "-sl", "-b", "-w", "4", "-m", "bleu"],
        capture_output=True,
        text=True,
        check=True,
    )
    cli_bleu = [float(line) for line in completed.stdout.split()]
    assert [round(sentence_scores(h, r).bleu, 4) for h, r in zip(hyps, refs)] == cli_bleu


def test_text_is_read_as_the_command_line_reads_a_line():
    assert as_cli_line("two\nlines  ") == "two lines"
    with_break = corpus_scores(["The cat\nsat on the mat. "], ["The cat sat on the mat."])
    assert with_break.bleu == pytest.approx(100.0)


def test_flat_references_are_one_stream_and_lists_are_streams():
    assert reference_streams(["a", "b"], ["x", "y"]) == [["x", "y"]]
    assert reference_streams(["a", "b"], [["x", "y"], ["p", "q"]]) == [["x", "y"], ["p", "q"]]


@pytest.mark.parametrize(
    "references, fragment",
    [
        (["only one"], "stream 1 has 1 segments but there are 2 hypotheses"),
        ([["x", "y"], ["p"]], "stream 2 has 1 segments"),
        (["x", ["y"]], "must not mix"),
        ([], "at least one reference"),
        ("x", "list of strings"),
        ([["x", 3], ["p", "q"]], "only strings"),
    ],
)
def test_misshapen_references_are_rejected_with_a_clear_message(references, fragment):
    with pytest.raises(ReferenceShapeError, match=fragment):
        corpus_scores(["a", "b"], references)


def test_hypotheses_must_be_a_non_empty_list_of_strings():
    with pytest.raises(ReferenceShapeError, match="at least one hypothesis"):
        corpus_scores([], [])
    with pytest.raises(ReferenceShapeError, match="list of strings"):
        corpus_scores("abc", ["abc"])


def test_a_perfect_hypothesis_scores_full_marks():
    refs = _lines("testset.en.ref")
    scores = corpus_scores(refs, refs)
    assert (scores.bleu, scores.chrf, scores.ter) == (pytest.approx(100.0), pytest.approx(100.0), 0.0)
