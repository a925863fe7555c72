"""Corpus and sentence metrics (BLEU, chrF, chrF++, TER) computed through sacrebleu's Python API.

The figures are the ones sacrebleu's command line prints for the same text written to files, one
segment per line: each string is first turned into what the command line would read back (line
breaks become spaces, trailing whitespace is dropped), and the metric objects are configured as the
command line configures them. For Chinese targets BLEU uses the `zh` tokenizer and TER its Asian
support, equivalent to `sacrebleu -tok zh --ter-asian-support`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric

_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


class ReferenceShapeError(ValueError):
    """The references do not line up with the hypotheses."""


@dataclass(frozen=True)
class Scores:
    """Metric values at full precision plus sacrebleu's signature for each one."""

    bleu: float
    chrf: float
    chrf_pp: float
    ter: float
    signatures: dict[str, str] = field(default_factory=dict)

    def rounded(self, width: int = 1) -> Scores:
        """The values as the command line prints them with `--width`."""

        def fixed(value: float) -> float:
            return float(f"{value:.{width}f}")

        return replace(
            self, bleu=fixed(self.bleu), chrf=fixed(self.chrf), chrf_pp=fixed(self.chrf_pp), ter=fixed(self.ter)
        )


def as_cli_line(text: str) -> str:
    """What sacrebleu reads back for `text` once written as one line of a file."""
    return _LINE_BREAK.sub(" ", text).rstrip()


def reference_streams(hypotheses: Sequence[str], references: Sequence) -> list[list[str]]:
    """Normalize both accepted reference shapes to sacrebleu's list of streams.

    A flat list of strings holds one reference per hypothesis (a single stream). A list of lists
    holds reference *streams*, as sacrebleu does: stream k holds the k-th reference of every
    hypothesis, so each stream must be exactly as long as the hypotheses.
    """
    if isinstance(references, str) or not isinstance(references, Sequence):
        raise ReferenceShapeError("references must be a list of strings or a list of lists of strings")
    if not references:
        raise ReferenceShapeError("at least one reference is required")
    if all(isinstance(ref, str) for ref in references):
        streams = [list(references)]
    elif all(isinstance(ref, Sequence) and not isinstance(ref, str) for ref in references):
        streams = [list(stream) for stream in references]
        for number, stream in enumerate(streams, 1):
            if not all(isinstance(ref, str) for ref in stream):
                raise ReferenceShapeError(f"reference stream {number} must hold only strings")
    else:
        raise ReferenceShapeError("references must not mix strings and lists")
    for number, stream in enumerate(streams, 1):
        if len(stream) != len(hypotheses):
            raise ReferenceShapeError(
                f"reference stream {number} has {len(stream)} segments but there are "
                f"{len(hypotheses)} hypotheses; with a list of lists each inner list is one "
                "reference stream covering every hypothesis"
            )
    return streams


def _metrics(target_lang: str, sentence_level: bool) -> dict[str, Metric]:
    chinese = target_lang.lower().split("-")[0] == "zh"
    return {
        "bleu": BLEU(tokenize="zh" if chinese else None, effective_order=sentence_level),
        "chrf": CHRF(),
        "chrf_pp": CHRF(word_order=2),
        "ter": TER(asian_support=chinese),
    }


def corpus_scores(hypotheses: Sequence[str], references: Sequence, target_lang: str = "en") -> Scores:
    """Corpus-level BLEU, chrF, chrF++ and TER of `hypotheses` against `references`."""
    if isinstance(hypotheses, str) or not all(isinstance(h, str) for h in hypotheses):
        raise ReferenceShapeError("hypotheses must be a list of strings")
    if not hypotheses:
        raise ReferenceShapeError("at least one hypothesis is required")
    streams = reference_streams(hypotheses, references)
    hyps = [as_cli_line(h) for h in hypotheses]
    refs = [[as_cli_line(r) for r in stream] for stream in streams]
    values: dict[str, float] = {}
    signatures: dict[str, str] = {}
    for name, metric in _metrics(target_lang, sentence_level=False).items():
        values[name] = metric.corpus_score(hyps, refs).score
        signatures[name] = str(metric.get_signature())
    return Scores(signatures=signatures, **values)


def sentence_scores(hypothesis: str, references: str | Sequence[str], target_lang: str = "en") -> Scores:
    """Scores of one hypothesis against its reference(s), as `sacrebleu --sentence-level` gives them.

    Sentence BLEU uses effective order, so short segments without 4-gram matches do not drop to 0.
    """
    refs = [references] if isinstance(references, str) else list(references)
    if not refs or not all(isinstance(r, str) for r in refs):
        raise ReferenceShapeError("a sentence needs at least one reference string")
    hyp = as_cli_line(hypothesis)
    refs = [as_cli_line(r) for r in refs]
    values: dict[str, float] = {}
    signatures: dict[str, str] = {}
    for name, metric in _metrics(target_lang, sentence_level=True).items():
        values[name] = metric.sentence_score(hyp, refs).score
        signatures[name] = str(metric.get_signature())
    return Scores(signatures=signatures, **values)
