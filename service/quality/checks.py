"""Per-pair quality checks: terminology, numbers, untranslated text, length and consistency.

Each check looks at one stored source/target pair and reports `Issue`s with a severity:

- `error`: the translation is wrong or breaks policy and must be fixed before it is reused
  (forbidden or missing approved term, dropped number or date, Chinese left in the English, empty
  target, target copied from the source).
- `warning`: probably wrong, worth a look (unusual length ratio, a number the source does not have,
  a missing proposed term, the same source stored with another target).
- `info`: worth knowing, no action needed (a missing term whose entry is deprecated).

`score_pair` folds the issues into a 0–100 score and, when a reference is given, sentence BLEU/chrF.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from glossary.english import EnglishMatcher
from service.quality import metrics, numbers
from service.text.chars import HAN_CLASS

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_WEIGHTS = {ERROR: 30, WARNING: 10, INFO: 0}
CODES = (
    "target-empty",
    "target-same-as-source",
    "term-missing",
    "term-forbidden",
    "number-missing",
    "number-extra",
    "untranslated",
    "length-ratio",
    "inconsistent",
)
LENGTH_Z_LIMIT = 3.0
MIN_LENGTH_STD = 0.05
MAD_TO_STD = 1.4826
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")


@dataclass(frozen=True)
class Issue:
    """One problem found in a pair; spans are [start, end) offsets into the source and target given."""

    code: str
    severity: str
    message: str
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TermRef:
    """A glossary term found in the source, reduced to what the checks need.

    `required` is False for deprecated entries: their rendering is reported but not demanded.
    `parts` holds the components of a composite hit (a place plus an organ), each a TermRef.
    """

    start: int
    end: int
    source: str
    target: str
    forbidden: tuple[str, ...] = ()
    status: str = "approved"
    parts: tuple[TermRef, ...] = ()


class RenderingFinder(Protocol):
    """What the checks need from an English matcher: where a rendering occurs in a text."""

    def find(self, rendering: str, text: str) -> list[tuple[int, int]]: ...


class _HitTerm(Protocol):
    """What `term_ref` reads from a hit's term: its source, and `forbidden` and `status` when it has them."""

    @property
    def source(self) -> str: ...


class TermHit(Protocol):
    """A glossary matcher hit as the checks read it (glossary.matcher.Hit); `parts` is read when present."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def term(self) -> _HitTerm: ...

    @property
    def target(self) -> str: ...


@lru_cache(maxsize=1)
def _english_matcher() -> RenderingFinder:
    return EnglishMatcher()


def term_ref(hit: TermRef | TermHit) -> TermRef:
    """A TermRef from a TermRef or from a glossary matcher hit (start, end, term, target, parts)."""
    if isinstance(hit, TermRef):
        return hit
    term = hit.term
    status = getattr(term, "status", "approved")
    return TermRef(
        start=hit.start,
        end=hit.end,
        source=term.source,
        target=hit.target,
        forbidden=tuple(getattr(term, "forbidden", ())),
        status=str(getattr(status, "value", status)),
        parts=tuple(term_ref(part) for part in getattr(hit, "parts", ())),
    )


@dataclass(frozen=True)
class LengthStats:
    """Centre and spread of log(target length / source length) over a memory's pairs.

    Chinese is far denser than English, so a fixed ratio would not do; the memory's own pairs say
    what is normal for this language pair and this kind of text. `from_pairs` estimates them
    robustly (median, and 1.4826 × median absolute deviation, which equals the standard deviation
    for normal data) so that the truncated or copied pairs a memory holds do not widen the spread
    and hide themselves.
    """

    mean: float
    std: float
    count: int = 0

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> LengthStats:
        ratios = [r for r in (log_length_ratio(s, t) for s, t in pairs) if r is not None]
        if len(ratios) < 2:
            raise ValueError("length statistics need at least two non-empty pairs")
        centre = statistics.median(ratios)
        spread = MAD_TO_STD * statistics.median(abs(r - centre) for r in ratios)
        return cls(mean=centre, std=max(spread, MIN_LENGTH_STD), count=len(ratios))

    def z_score(self, source: str, target: str) -> float | None:
        ratio = log_length_ratio(source, target)
        return None if ratio is None else (ratio - self.mean) / self.std


def log_length_ratio(source: str, target: str) -> float | None:
    """log(len(target) / len(source)) in characters, ignoring surrounding whitespace."""
    source_length, target_length = len(source.strip()), len(target.strip())
    if not source_length or not target_length:
        return None
    return math.log(target_length / source_length)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _inside(span: tuple[int, int], others: Sequence[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in others)


def number_variants(rendering: str) -> list[str]:
    """The rendering and, for a plural common noun at its end, its singular.

    Chinese does not mark number, so the glossary's "veterans" for 退役军人 must also accept
    "every veteran". Capitalized names keep their form ("Ministry of Veterans Affairs").
    """
    words = rendering.rsplit(" ", 1)
    last = words[-1]
    if not last.isalpha() or not last.islower() or len(last) < 4:
        return [rendering]
    if last.endswith("ies"):
        singular = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")):
        singular = last[:-1]
    else:
        return [rendering]
    return [rendering, " ".join([*words[:-1], singular])]


def _rendering_spans(finder: RenderingFinder, rendering: str, text: str, forbidden_spans) -> list[tuple[int, int]]:
    """Where an approved rendering occurs, not counting occurrences inside a forbidden one."""
    return [
        span
        for form in number_variants(rendering)
        for span in finder.find(form, text)
        if not _inside(span, forbidden_spans)
    ]


def check_terms(target: str, term_hits: Iterable[TermRef | TermHit], finder: RenderingFinder) -> list[Issue]:
    """`term-forbidden` for forbidden renderings present, `term-missing` for approved ones absent."""
    issues: list[Issue] = []
    seen: set[tuple[str, str]] = set()
    for ref in map(term_ref, term_hits):
        if (ref.source, ref.target) in seen:
            continue  # a term repeated in the source needs its rendering once
        seen.add((ref.source, ref.target))
        forbidden_spans = []
        for rendering in ref.forbidden:
            for span in finder.find(rendering, target):
                forbidden_spans.append(span)
                issues.append(
                    Issue(
                        "term-forbidden",
                        ERROR,
                        f"“{ref.source}” is rendered as forbidden “{rendering}”; use “{ref.target}”",
                        (ref.start, ref.end),
                        span,
                        {"source": ref.source, "approved": ref.target, "forbidden": rendering},
                    )
                )
        if _rendering_spans(finder, ref.target, target, forbidden_spans):
            continue
        if ref.parts and all(_rendering_spans(finder, p.target, target, forbidden_spans) for p in ref.parts):
            continue  # a composite title rendered from its parts in another order
        if forbidden_spans:
            continue  # already reported as forbidden
        severity = {"approved": ERROR, "deprecated": INFO}.get(ref.status, WARNING)
        issues.append(
            Issue(
                "term-missing",
                severity,
                f"“{ref.source}” should be rendered “{ref.target}”",
                (ref.start, ref.end),
                None,
                {"source": ref.source, "approved": ref.target, "status": ref.status},
            )
        )
    return issues


def _extract(lang: str):
    return numbers.extract_zh if lang.lower().startswith("zh") else numbers.extract_en


def check_numbers(source: str, target: str, source_lang: str, target_lang: str) -> list[Issue]:
    """`number-missing` for source facts the target lacks; `number-extra` for digits it adds."""
    source_facts = _extract(source_lang)(source)
    target_facts = _extract(target_lang)(target)
    issues = [
        Issue(
            "number-missing",
            ERROR,
            f"{fact.kind} “{fact.text}” is not carried over to the translation",
            (fact.start, fact.end),
            None,
            {"kind": fact.kind, "value": format_value(fact)},
        )
        for fact in numbers.compare(source_facts, target_facts)
    ]
    # Extra facts are judged on digits only: number words ("one of the", "first") are often idiom.
    extra = numbers.uncarried([f for f in target_facts if any(ch.isdigit() for ch in f.text)], source_facts)
    issues += [
        Issue(
            "number-extra",
            WARNING,
            f"{fact.kind} “{fact.text}” in the translation has no counterpart in the source",
            None,
            (fact.start, fact.end),
            {"kind": fact.kind, "value": format_value(fact)},
        )
        for fact in extra
    ]
    return issues


def format_value(fact: numbers.NumFact) -> str:
    """A plain rendering of a fact's value for messages and JSON (2024-01-25, 12000, 12.5)."""
    if isinstance(fact.value, tuple):  # a date
        year, month, day = fact.value
        return "-".join(f"{part:02d}" if i else str(part) for i, part in enumerate((year, month, day)) if part)
    text = format(fact.value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def check_untranslated(target: str) -> list[Issue]:
    """`untranslated` for every run of Han characters left in a non-Chinese target."""
    return [
        Issue("untranslated", ERROR, f"“{m.group(0)}” is left untranslated", None, m.span(), {"text": m.group(0)})
        for m in _HAN_RUN.finditer(target)
    ]


def check_length(source: str, target: str, length_stats: LengthStats) -> list[Issue]:
    """`length-ratio` when the pair's log length ratio is more than 3 deviations from the memory's."""
    z = length_stats.z_score(source, target)
    if z is None or abs(z) <= LENGTH_Z_LIMIT:
        return []
    direction = "short" if z < 0 else "long"
    return [
        Issue(
            "length-ratio",
            WARNING,
            f"the translation is unusually {direction} for its source (z = {z:.1f})",
            None,
            None,
            {"z": round(z, 2), "ratio": round(len(target.strip()) / len(source.strip()), 3)},
        )
    ]


def check_consistency(target: str, alternatives: Iterable[str]) -> list[Issue]:
    """`inconsistent` when the same source is stored with other targets."""
    others = sorted({alt for alt in alternatives if _fold(alt) != _fold(target) and alt.strip()})
    if not others:
        return []
    return [
        Issue(
            "inconsistent",
            WARNING,
            f"the same source is also translated in {len(others)} other way(s)",
            None,
            None,
            {"alternatives": others},
        )
    ]


def check_pair(
    source: str,
    target: str,
    term_hits: Iterable[TermRef | TermHit] = (),
    *,
    source_lang: str = "zh",
    target_lang: str = "en",
    length_stats: LengthStats | None = None,
    alternatives: Iterable[str] = (),
    finder: RenderingFinder | None = None,
) -> list[Issue]:
    """All issues of one pair. `term_hits` are the glossary hits in `source` (TermRef or matcher
    Hit, offsets into `source`); `finder` defaults to the glossary's EnglishMatcher."""
    if not target.strip():
        return [Issue("target-empty", ERROR, "the translation is empty")]
    if source.strip() and _fold(source) == _fold(target):
        return [Issue("target-same-as-source", ERROR, "the translation is a copy of the source")]
    issues: list[Issue] = []
    hits = list(term_hits)
    if hits and target_lang.lower().startswith("en"):
        issues += check_terms(target, hits, finder or _english_matcher())
    issues += check_numbers(source, target, source_lang, target_lang)
    if not target_lang.lower().startswith("zh") and source_lang.lower().startswith("zh"):
        issues += check_untranslated(target)
    if length_stats is not None:
        issues += check_length(source, target, length_stats)
    issues += check_consistency(target, alternatives)
    return issues


@dataclass(frozen=True)
class PairScore:
    """A pair's issues, its 0–100 score and, with a reference, sentence BLEU and chrF."""

    issues: list[Issue]
    score: float
    bleu: float | None = None
    chrf: float | None = None


def issue_score(issues: Iterable[Issue]) -> float:
    """100 minus the issue weights (errors 30, warnings 10), floored at 0; an empty or copied
    target scores 0."""
    issues = list(issues)
    if any(i.code in ("target-empty", "target-same-as-source") for i in issues):
        return 0.0
    return float(max(0, 100 - sum(SEVERITY_WEIGHTS[i.severity] for i in issues)))


def score_pair(
    source: str,
    target: str,
    term_hits: Iterable[TermRef | TermHit] = (),
    *,
    reference: str | Sequence[str] | None = None,
    source_lang: str = "zh",
    target_lang: str = "en",
    length_stats: LengthStats | None = None,
    alternatives: Iterable[str] = (),
    finder: RenderingFinder | None = None,
) -> PairScore:
    """Check one pair and summarise it; sentence metrics only when a reference exists."""
    issues = check_pair(
        source,
        target,
        term_hits,
        source_lang=source_lang,
        target_lang=target_lang,
        length_stats=length_stats,
        alternatives=alternatives,
        finder=finder,
    )
    bleu = chrf = None
    if reference:
        sentence = metrics.sentence_scores(target, reference, target_lang=target_lang)
        bleu, chrf = sentence.bleu, sentence.chrf
    return PairScore(issues=issues, score=issue_score(issues), bleu=bleu, chrf=chrf)
