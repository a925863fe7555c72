"""Per-pair quality checks: terminology, numbers, untranslated text, length and consistency.

Each check looks at one stored source/target pair and reports `Issue`s with a severity:

- `error`: the translation is wrong or breaks policy and must be fixed before it is reused
  (forbidden or missing approved term, dropped number or date, Chinese left in the English, empty
  target, target copied from the source).
- `warning`: probably wrong, worth a look (unusual length ratio, a number the source does not have,
  a missing proposed term, the same source stored with another target).
- `info`: worth knowing, no action needed (a missing term whose entry is deprecated, a term rendered in
  another form of its words).

`score_pair` folds the issues into a 0–100 score and, when a reference is given, sentence BLEU/chrF.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
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
    "term-variant",
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

    `target` is the preferred rendering and `admitted` the others accepted as well; `status` decides how
    much a missing rendering weighs (a deprecated entry's is only worth knowing). `parts` holds the
    components of a composite hit (a place or an organization, then an organ or a title), each a TermRef.
    `foreign` names the foreign country written right before the term (美国财政部): another country's body,
    whose rendering the glossary does not give, so the term is not checked.
    """

    start: int
    end: int
    source: str
    target: str
    forbidden: tuple[str, ...] = ()
    status: str = "approved"
    parts: tuple[TermRef, ...] = ()
    admitted: tuple[str, ...] = ()
    foreign: str = ""


class RenderingFinder(Protocol):
    """What the checks need from an English matcher: where a rendering occurs in a text as it is, where in
    any form of its words, and where loosely (an extra word among them, "X ... of Y" apart), as
    glossary.english.EnglishMatcher finds them."""

    def find(self, rendering: str, text: str) -> list[tuple[int, int]]: ...

    def find_forms(self, rendering: str, text: str) -> list[tuple[int, int]]: ...

    def find_loose(self, rendering: str, text: str) -> list[tuple[int, int]]: ...


class _HitTerm(Protocol):
    """What `term_ref` reads from a hit's term: its source, and `admitted`, `forbidden` and `status` when it
    has them."""

    @property
    def source(self) -> str: ...


class TermHit(Protocol):
    """A glossary matcher hit as the checks read it (glossary.matcher.Hit); `parts` and `foreign` are read
    when present."""

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
    """A TermRef from a TermRef or from a glossary matcher hit (start, end, term, target, parts, foreign).

    A composite hit's own target is its filled pattern; the term's admitted renderings are renderings of
    one part, so they stay with that part.
    """
    if isinstance(hit, TermRef):
        return hit
    term = hit.term
    status = getattr(term, "status", "approved")
    parts = tuple(term_ref(part) for part in getattr(hit, "parts", ()))
    return TermRef(
        start=hit.start,
        end=hit.end,
        source=term.source,
        target=hit.target,
        forbidden=tuple(getattr(term, "forbidden", ())),
        status=str(getattr(status, "value", status)),
        parts=parts,
        admitted=() if parts else tuple(getattr(term, "admitted", ())),
        foreign=getattr(hit, "foreign", ""),
    )


@dataclass(frozen=True)
class LengthStats:
    """Centre and spread of log(target length / source length) over a memory's pairs.

    Chinese is far denser than English, so a fixed ratio would not do; the memory's own pairs say
    what is normal for this language pair and this kind of text. `from_pairs` estimates them
    robustly (median, and 1.4826 × median absolute deviation, which equals the standard deviation
    for normal data) so that the truncated or copied pairs a memory holds do not widen the spread
    and hide themselves.

    A short segment's ratio varies far more than a long one's: "委员若干人" is "members", "四 司法制度" is
    "4. Judicial system;". As in Gale and Church's length model, whose variance grows with the length, the
    spread of a pair whose source is shorter than the memory's median source (`reference_length`) is widened
    by sqrt(reference_length / length); `std` is the spread of a pair of median length, estimated on the
    residuals scaled the same way. With no reference length every pair has the same spread.
    """

    mean: float
    std: float
    count: int = 0
    reference_length: float = 0.0

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> LengthStats:
        measured = [
            (ratio, len(source.strip()))
            for source, target in pairs
            if (ratio := log_length_ratio(source, target)) is not None
        ]
        if len(measured) < 2:
            raise ValueError("length statistics need at least two non-empty pairs")
        centre = statistics.median(ratio for ratio, _ in measured)
        reference = float(statistics.median(length for _, length in measured))
        residuals = [abs(ratio - centre) * _length_weight(length, reference) for ratio, length in measured]
        spread = MAD_TO_STD * statistics.median(residuals)
        return cls(mean=centre, std=max(spread, MIN_LENGTH_STD), count=len(measured), reference_length=reference)

    def z_score(self, source: str, target: str) -> float | None:
        ratio = log_length_ratio(source, target)
        if ratio is None:
            return None
        return (ratio - self.mean) * _length_weight(len(source.strip()), self.reference_length) / self.std


def _length_weight(length: int, reference: float) -> float:
    """1 for a source of the reference length or longer; sqrt(length / reference) below it."""
    return math.sqrt(length / reference) if 0 < length < reference else 1.0


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


@dataclass(frozen=True)
class _Use:
    """Where a term's rendering was found: which rendering, its target span, and whether as written."""

    rendering: str
    span: tuple[int, int]
    exact: bool


def _renderings(ref: TermRef) -> tuple[str, ...]:
    return (ref.target, *ref.admitted)


def _first_span(spans: Iterable[tuple[int, int]], blocked: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    return next((span for span in spans if not _inside(span, blocked)), None)


def _find_use(finder: RenderingFinder, ref: TermRef, text: str, blocked: Sequence[tuple[int, int]]) -> _Use | None:
    """The term's use in `text`, not counting occurrences inside `blocked` (forbidden) spans.

    As written first (preferred, then admitted renderings; the exact path is cheap), then a composite from its
    parts in any order, then any form of the renderings' words, then loosely (one extra word among them, or
    "X ... of Y" apart in a coordination).
    """
    renderings = _renderings(ref)
    for rendering in renderings:
        span = _first_span(finder.find(rendering, text), blocked)
        if span is not None:
            return _Use(rendering, span, True)
    from_parts = _parts_use(finder, ref, text, blocked) if ref.parts else None
    if from_parts is not None and from_parts.exact:
        return from_parts
    for rendering in renderings:
        span = _first_span(finder.find_forms(rendering, text), blocked)
        if span is not None:
            return _Use(rendering, span, False)
    if from_parts is not None:
        return from_parts
    for rendering in renderings:
        span = _first_span(finder.find_loose(rendering, text), blocked)
        if span is not None:
            return _Use(rendering, span, False)
    return None


def _parts_use(finder: RenderingFinder, ref: TermRef, text: str, blocked: Sequence[tuple[int, int]]) -> _Use | None:
    """A composite rendered from its parts ("the Department of Veterans Affairs of Guangdong Province"): every
    part used; exact when every part is, otherwise the first part used in another form."""
    uses = [_find_use(finder, part, text, blocked) for part in ref.parts]
    if not uses or any(use is None for use in uses):
        return None
    found = [use for use in uses if use is not None]
    return next((use for use in found if not use.exact), found[0])


def _forbidden_spans(
    finder: RenderingFinder, ref: TermRef, rendering: str, text: str
) -> list[tuple[tuple[int, int], bool]]:
    """(span, exact) of a forbidden rendering in `text`: as written, and in other forms of its words where
    those are not an accepted rendering as written."""
    exact = finder.find(rendering, text)
    found = [(span, True) for span in exact]
    other_forms = [
        span
        for span in finder.find_forms(rendering, text)
        if not any(span[0] < end and start < span[1] for start, end in exact)
    ]
    if other_forms:
        accepted = [span for accepted in _renderings(ref) for span in finder.find(accepted, text)]
        found += [(span, False) for span in other_forms if not _inside(span, accepted)]
    return sorted(found)


def check_terms(target: str, term_hits: Iterable[TermRef | TermHit], finder: RenderingFinder) -> list[Issue]:
    """`term-forbidden` for forbidden renderings present (in any form of their words), `term-missing` for
    terms none of whose accepted renderings (preferred or admitted) is present in any form, `term-variant`
    (info) for a term found only in another form of its words.

    Terms of a foreign body are skipped. When the same term also names a foreign body in the sentence
    (美国财政部 and 中国财政部), its forbidden renderings are not reported: the foreign body's English name
    ("US Treasury") is often just what the glossary forbids for the domestic one.
    """
    issues: list[Issue] = []
    seen: set[tuple[str, str]] = set()
    refs = [term_ref(hit) for hit in term_hits]
    foreign_sources = {ref.source for ref in refs if ref.foreign}
    for ref in refs:
        if ref.foreign:
            continue  # 美国财政部: another country's ministry, not the one the glossary renders
        if (ref.source, ref.target) in seen:
            continue  # a term repeated in the source needs its rendering once
        seen.add((ref.source, ref.target))
        forbidden_spans = []
        for rendering in () if ref.source in foreign_sources else ref.forbidden:
            for span, exact in _forbidden_spans(finder, ref, rendering, target):
                forbidden_spans.append(span)
                found = target[span[0] : span[1]]
                shown = f"forbidden “{rendering}”" if exact else f"“{found}”, a form of forbidden “{rendering}”"
                issues.append(
                    Issue(
                        "term-forbidden",
                        ERROR,
                        f"“{ref.source}” is rendered as {shown}; use “{ref.target}”",
                        (ref.start, ref.end),
                        span,
                        {"source": ref.source, "approved": ref.target, "forbidden": rendering, "found": found},
                    )
                )
        use = _find_use(finder, ref, target, forbidden_spans)
        if use is not None:
            if not use.exact:
                found = target[use.span[0] : use.span[1]]
                issues.append(
                    Issue(
                        "term-variant",
                        INFO,
                        f"“{ref.source}” is rendered in another form: “{found}” for “{use.rendering}”",
                        (ref.start, ref.end),
                        use.span,
                        {"source": ref.source, "approved": ref.target, "rendering": use.rendering, "found": found},
                    )
                )
            continue
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


# Legal drafting refers back (前项 "the preceding paragraph", 本条 "this article", 前二项 "the two preceding
# paragraphs"); the English names the paragraph or article meant ("paragraph 1", "Article 18").
_ZH_REFERS_BACK = re.compile("[前本同上][一二三四五六七八九十两兩]?[条條项項款目章节節编編段]")
_EN_DIVISION_BEFORE = re.compile(
    r"\b(?:articles?|paragraphs?|subparagraphs?|items?|sections?|subsections?|chapters?|clauses?|points?)"
    r"\s+(?:[\d\-\u2013]+(?:\s*,\s*|\s+and\s+|\s+to\s+|\s+of\s+(?:articles?|paragraphs?)\s+|\s+))*$",
    re.IGNORECASE,
)


# The English names a division relatively where the source numbers it: 第一项之情形 "the circumstances specified
# in the preceding paragraph".
_EN_RELATIVE_DIVISION = re.compile(
    r"\b(?:preceding|foregoing|aforementioned|aforesaid|previous|following|this|same)\s+"
    r"(?:articles?|paragraphs?|subparagraphs?|items?|sections?|chapters?|clauses?)\b",
    re.IGNORECASE,
)
_ZH_NUMBERED_DIVISION = re.compile("[条條项項款目章节節编編]")


_COUNTED_KINDS = frozenset({"number", "ordinal", numbers.ITEM})


def _optional_fact(fact: numbers.NumFact, source: str, target: str) -> bool:
    """A source fact whose absence is only worth knowing: a list item's number (layout); a count of one
    (连任一次 "re-elected to a second term", 一届, 1名: English says "a", "once" or nothing); a numbered article
    or paragraph (第一项) where the English refers to one relatively ("the preceding paragraph")."""
    if fact.kind == numbers.ITEM:
        return True
    if fact.value == 1 and fact.text.startswith(("一", "壹", "1")):
        return True
    return (
        fact.kind == "ordinal"
        and bool(_ZH_NUMBERED_DIVISION.match(source, fact.end))
        and bool(_EN_RELATIVE_DIVISION.search(target))
    )


def _names_referenced_division(source: str, target: str, fact: numbers.NumFact) -> bool:
    """A number of the English that names the article or paragraph a relative reference of the source (前项,
    本条) points at: "paragraph 1" for 前项."""
    return bool(_ZH_REFERS_BACK.search(source)) and bool(
        _EN_DIVISION_BEFORE.search(target, max(0, fact.start - 80), fact.start)
    )


# N以上 is "N or more" and N以下 "N or less", both counting N: legal English often says "more than N − 1"
# (二人以上 "more than one") and "less than N + 1" instead.
_ZH_BOUND_AFTER = re.compile(f"[{HAN_CLASS}]{{0,2}}?(以上|以下)")
_EN_STRICT_BOUND_BEFORE = re.compile(
    r"\b(?:(more|greater|larger|higher|over|older|longer)|(less|fewer|lower|under|younger|shorter))"
    r"(?:\s+than)?\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _restates_bound(fact: numbers.NumFact, other: numbers.NumFact, source: str, target: str) -> bool:
    """Whether the target fact `other` writes the source's N以上 / N以下 `fact` as "more than N − 1" / "less
    than N + 1"."""
    if fact.kind != "number" or not isinstance(fact.value, Decimal) or not isinstance(other.value, Decimal):
        return False
    bound = _ZH_BOUND_AFTER.match(source, fact.end)
    if bound is None:
        return False
    at_least = bound.group(1) == "以上"
    before = _EN_STRICT_BOUND_BEFORE.search(target, max(0, other.start - 30), other.start)
    return (
        before is not None and bool(before.group(1)) == at_least and other.value == fact.value + (-1 if at_least else 1)
    )


def check_numbers(source: str, target: str, source_lang: str, target_lang: str) -> list[Issue]:
    """`number-missing` for source facts the target lacks (info for a list item's number or a count of one);
    `number-extra` for numbers in digits the target adds, which the source writes nowhere, not even outside its
    facts (一级 "level-1", 之一 "-1"), and which do not name the article or paragraph a relative reference points
    at. A bound N以上 / N以下 is carried by "more than N − 1" / "less than N + 1" as well."""
    source_facts = _extract(source_lang)(source)
    target_facts = _extract(target_lang)(target)
    issues = [
        Issue(
            "number-missing",
            INFO if _optional_fact(fact, source, target) else ERROR,
            f"{fact.kind} “{fact.text}” is not carried over to the translation",
            (fact.start, fact.end),
            None,
            {"kind": fact.kind, "value": format_value(fact)},
        )
        for fact in numbers.compare(source_facts, target_facts)
        if not any(_restates_bound(fact, other, source, target) for other in target_facts)
    ]
    # Extra facts are judged on digits only: number words ("one of the", "first") are often idiom.
    extra = numbers.uncarried([f for f in target_facts if any(ch.isdigit() for ch in f.text)], source_facts)
    if extra and source_lang.lower().startswith("zh"):
        hidden = numbers.hidden_values(source, source_facts)
        extra = [
            fact
            for fact in extra
            if not (fact.kind in _COUNTED_KINDS and fact.value in hidden)
            and not _names_referenced_division(source, target, fact)
            and not any(_restates_bound(other, fact, source, target) for other in source_facts)
        ]
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
