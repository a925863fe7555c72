"""Quality of stored pairs: run the checks with the live glossary and the memory's own statistics, keep the
result with the pair, and recompute it when the pair or the glossary has changed since."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from sqlalchemy.orm import Session

from glossary.matcher import TermMatcher
from service.application.shapes import issue_to_dict
from service.quality.checks import Issue, LengthStats, PairScore, TermRef, score_pair, term_ref
from service.quality.report import summarize
from service.storage import segments as segment_store
from service.storage import terms as term_store
from service.storage.models import Segment
from service.text.normalize import normalize

LENGTH_SAMPLE = 20_000
MIN_PAIRS_FOR_LENGTH = 20


def length_stats(session: Session) -> LengthStats | None:
    """Length-ratio statistics of the memory itself (a sample of its newest pairs); None while the memory is
    too small for a distribution to mean anything."""
    rows = segment_store.newest_pairs(session, LENGTH_SAMPLE)
    if len(rows) < MIN_PAIRS_FOR_LENGTH:
        return None
    return LengthStats.from_pairs(rows)


def _term_refs(matcher: TermMatcher, source: str) -> list[TermRef]:
    """The glossary hits of a source, with offsets into it as written."""
    norm = normalize(source)
    return [term_ref(h) for h in matcher.match_with_offsets(norm.text, norm.offsets)]


def _kept(row: Segment, glossary_version: int) -> dict[str, Any] | None:
    """The checks kept with a pair, while neither it nor the glossary changed since."""
    return row.quality if row.quality and row.quality.get("glossary_version") == glossary_version else None


def check_segment(
    session: Session, matcher: TermMatcher, row: Segment, stats: LengthStats | None, glossary_version: int
) -> dict[str, Any]:
    """Checks for one pair; source offsets refer to the stored (original) source text."""
    scored: PairScore = score_pair(
        row.source,
        row.target,
        _term_refs(matcher, row.source),
        source_lang=row.source_lang,
        target_lang=row.target_lang,
        length_stats=stats,
        alternatives=segment_store.other_targets(session, row),
    )
    result = {
        "segment_id": row.id,
        "score": scored.score,
        "issues": [issue_to_dict(i) for i in scored.issues],
        "glossary_version": glossary_version,
    }
    row.quality_score = scored.score
    row.quality = result
    return result


def segment_quality(session: Session, matcher: TermMatcher, segment_id: int) -> dict[str, Any]:
    """The checks of one stored pair (kept with it while neither it nor the glossary changes), each issue with
    the verdict a reviewer gave it, if any; the caller commits so the result is kept."""
    row = segment_store.get(session, segment_id)
    version = term_store.glossary_version(session)
    result = _kept(row, version) or check_segment(session, matcher, row, length_stats(session), version)
    return {
        **result,
        "issues": _with_verdicts(result["issues"], _verdicts_of(session, [segment_id]).get(segment_id, {})),
    }


VERDICTS = ("false-positive", "confirmed")


class NoSuchFlag(LookupError):
    """A verdict for a flag the pair does not have (any more)."""


def _verdicts_of(session: Session, segment_ids: list[int] | None) -> dict[int, dict[tuple[str, str], str]]:
    out: dict[int, dict[tuple[str, str], str]] = {}
    for v in segment_store.verdicts(session, segment_ids):
        out.setdefault(v.segment_id, {})[(v.code, v.message)] = v.verdict
    return out


def _with_verdicts(issues: list[dict[str, Any]], given: dict[tuple[str, str], str]) -> list[dict[str, Any]]:
    return [{**i, "verdict": given.get((i["code"], i["message"]))} for i in issues]


def mark_flag(
    session: Session, matcher: TermMatcher, segment_id: int, code: str, message: str, verdict: str, who: str
) -> dict[str, Any]:
    """Record a reviewer's verdict on one flag the pair has now (a false positive is kept and counted, not
    hidden); the pair's checks with their verdicts. The caller commits."""
    if verdict not in VERDICTS:
        raise ValueError(f"a verdict is one of {', '.join(VERDICTS)}")
    current = segment_quality(session, matcher, segment_id)
    if not any(i["code"] == code and i["message"] == message for i in current["issues"]):
        raise NoSuchFlag(f"segment {segment_id} has no {code} flag with that message")
    segment_store.set_verdict(session, segment_id, code, message, verdict, who)
    return segment_quality(session, matcher, segment_id)


def reviewed(session: Session) -> dict[str, dict[str, Any]]:
    """Per check: how many of its flags reviewers confirmed and how many they marked false positives, and the
    precision that gives (confirmed over reviewed) on the memory's own pairs."""
    counts: dict[str, dict[str, Any]] = {}
    for v in segment_store.verdicts(session):
        row = counts.setdefault(v.code, {"confirmed": 0, "false_positive": 0})
        row["confirmed" if v.verdict == "confirmed" else "false_positive"] += 1
    for row in counts.values():
        row["precision"] = row["confirmed"] / (row["confirmed"] + row["false_positive"])
    return dict(sorted(counts.items()))


def stored_issues(session: Session, matcher: TermMatcher, rows: list[Segment]) -> dict[int, list[dict[str, Any]]]:
    """The checks of pairs just stored, by segment id (kept with each row like `segment_quality`'s); what every
    store answer carries, so a translator sees at once what is wrong with what was stored. The caller commits."""
    version = term_store.glossary_version(session)
    stale = [row for row in rows if _kept(row, version) is None]
    stats = length_stats(session) if stale else None  # a sample of the memory: only when a pair needs checking
    out: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        if row.id not in out:
            out[row.id] = (_kept(row, version) or check_segment(session, matcher, row, stats, version))["issues"]
    return out


def draft_issues(session: Session, matcher: TermMatcher, source: str, target: str) -> list[Issue]:
    """The checks of a pair not stored yet (a translation about to be confirmed), as a stored pair's."""
    return score_pair(source, target, _term_refs(matcher, source), length_stats=length_stats(session)).issues


# What a translator must confirm a second time before it is stored: a forbidden rendering, a number left out.
NEEDS_CONFIRMATION = frozenset({"term-forbidden", "number-missing"})


def blocking(issues: list[Issue]) -> list[Issue]:
    """The error issues among `issues` that storing needs an explicit second confirmation for."""
    return [i for i in issues if i.code in NEEDS_CONFIRMATION and i.severity == "error"]


def _as_pair_score(quality: dict[str, Any]) -> PairScore:
    issues = [Issue(code=i["code"], severity=i["severity"], message=i["message"]) for i in quality["issues"]]
    return PairScore(issues=issues, score=quality["score"])


def report(session: Session, matcher: TermMatcher, *, document: str | None = None, worst: int = 20) -> dict[str, Any]:
    """Totals over a document or the whole memory, refreshing stale per-pair results on the way."""
    version = term_store.glossary_version(session)
    stats = length_stats(session)
    scored: list[tuple[int, PairScore]] = []
    rows_by_id: dict[Hashable, tuple[str, str]] = {}
    issues_by_id: dict[Hashable, list[dict[str, Any]]] = {}
    dirty = 0
    for row in segment_store.iter_segments(session, document=document, batch=1000):
        quality = _kept(row, version)
        if quality is None:
            quality = check_segment(session, matcher, row, stats, version)
            dirty += 1
        scored.append((row.id, _as_pair_score(quality)))
        rows_by_id[row.id] = (row.source, row.target)
        if quality["issues"]:
            issues_by_id[row.id] = quality["issues"]
        if dirty >= 1000:
            session.commit()
            dirty = 0
    session.commit()
    summary = summarize(scored, worst_limit=worst)
    given = _verdicts_of(session, [w.key for w in summary.worst if isinstance(w.key, int)])
    return {
        "document": document,
        "pairs": summary.pairs,
        "mean_score": summary.mean_score,
        "by_code": summary.by_code,
        "by_severity": summary.by_severity,
        "worst": [
            {
                "segment_id": w.key,
                "score": w.score,
                "codes": list(w.codes),
                "source": rows_by_id[w.key][0],
                "target": rows_by_id[w.key][1],
                # what each issue is about: the term and its rendering, the number, the check's statistic
                "issues": _with_verdicts(
                    [
                        {"code": i["code"], "severity": i["severity"], "message": i["message"]}
                        for i in issues_by_id.get(w.key, [])
                    ],
                    given.get(w.key, {}) if isinstance(w.key, int) else {},
                ),
            }
            for w in summary.worst
        ],
        "reviewed": reviewed(session),
    }


def scores_histogram(session: Session, document: str | None = None, bins: int = 10) -> list[int]:
    """How many pairs fall in each score band (0–10, …, 90–100), for the dashboard."""
    counts = [0] * bins
    for score in segment_store.quality_scores(session, document):
        counts[min(bins - 1, int(score // (100 / bins)))] += 1
    return counts
