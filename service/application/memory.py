"""Memory lookup for one normalized segment: exact and in-context hits by key hash, fuzzy hits from the
in-memory index, scored and ranked, with the best one turned into a repaired draft."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from sqlalchemy.orm import Session

from glossary.matcher import TermMatcher
from service.memory.keys import MatchKey, context_hash, exact_hash, match_key
from service.memory.match import Draft, SegmentKeys, char_diff, repair_draft, repair_terms, score_kind
from service.application.memory_state import MemoryState
from service.storage import segments as segment_store
from service.storage.models import Segment, iso_utc
from service.text.placeables import Placeable, find_placeables


@dataclass
class Found:
    """A scored memory hit together with its stored row (the row is needed for the draft)."""

    score: float
    kind: str
    row: Segment
    stored_key: MatchKey


def _stored_key(row: Segment) -> MatchKey:
    return match_key(row.normalized_source, find_placeables(row.normalized_source))


def lookup(session: Session, memory: MemoryState, normalized: str, placeables: Sequence[Placeable], *,
           prev_key: str | None = None, next_key: str | None = None, min_score: float = 70,
           limit: int = 5) -> tuple[MatchKey, list[Found]]:
    """Matches at or above min_score, best first; alternatives with equal scores newest first."""
    query_key = match_key(normalized, placeables)
    if not query_key.key:
        return query_key, []
    query = SegmentKeys(query_key)
    query_ctx = context_hash(prev_key or "", query_key.key, next_key or "") if (prev_key or next_key) else None
    rows: dict[int, Segment] = {r.id: r for r in segment_store.by_key_hash(
        session, exact_hash(query_key.key), normalized, limit=max(2 * limit, 10))}
    ratios: dict[int, float] = {}
    index = memory.refresh(session)
    fuzzy = index.search(query_key.key, min_score=min(min_score, 100), limit=limit + len(rows) + 5)
    missing = [seg_id for seg_id, _ in fuzzy if seg_id not in rows]
    rows.update(segment_store.by_ids(session, missing))
    ratios.update({seg_id: score for seg_id, score in fuzzy})
    found: list[Found] = []
    for row in rows.values():
        stored_key = _stored_key(row)
        score, kind = score_kind(query, SegmentKeys(stored_key), ratios.get(row.id))
        if kind == "exact" and query_ctx is not None and row.context_hash == query_ctx:
            score, kind = 101.0, "context"
        if score >= min_score:
            found.append(Found(score, kind, row, stored_key))
    found.sort(key=lambda f: (-f.score, -(f.row.created_at.timestamp() if f.row.created_at else 0), -f.row.id))
    return query_key, found[:limit]


def match_to_dict(found: Found, query_normalized: str) -> dict[str, Any]:
    row = found.row
    return {
        "segment_id": row.id, "score": found.score, "kind": found.kind, "source": row.source,
        "target": row.target, "document": row.document.name if row.document else None,
        "created_at": iso_utc(row.created_at) or None,
        "diff": char_diff(row.normalized_source, query_normalized),
    }


def draft_for(found: Found, query_normalized: str, query_placeables: Sequence[Placeable],
              matcher: TermMatcher | None, query_hits: Sequence[Any] = ()) -> Draft:
    """The match's target with the query's numbers, dates and differing glossary terms carried in."""
    row = found.row
    draft = repair_draft(query_normalized, query_placeables, row.normalized_source, found.stored_key.slots,
                         row.target)
    if matcher is not None and found.kind == "fuzzy":
        draft = repair_terms(draft, query_hits, matcher.match(row.normalized_source))
    return draft
