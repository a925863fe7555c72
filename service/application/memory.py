"""The memory as the application sees it: the worker's fuzzy index kept in step with the database's change
log, exact / in-context / fuzzy lookup with repaired drafts, and storing, editing and browsing pairs.

The index is built once at start (before gunicorn forks, so the pages are shared); every lookup first applies
the rows of `memory_changes` past the last id this worker has seen, so writes from any worker are visible at
once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from glossary.matcher import TermMatcher
from service.application.shapes import match_to_dict
from service.memory.groups import KeyGroupIndex
from service.memory.keys import MatchKey, context_hash, exact_hash, match_key
from service.memory.match import Draft, SegmentKeys, repair_draft, repair_ordinals, repair_terms, score_kind
from service.memory.pairs import PreparedPair, RawPair, StoredPair, key_of, prepare, prepare_many
from service.quality import numbers
from service.storage import segments as segment_store
from service.storage.models import Segment
from service.text.normalize import normalize, normalize_form
from service.text.placeables import Placeable, find_placeables


class MemoryState:
    """One worker's fuzzy index over the memory."""

    def __init__(self) -> None:
        self.index = KeyGroupIndex()
        self.last_change = -1  # not built yet
        self._lock = threading.Lock()

    def build(self, session: Session) -> None:
        with self._lock:
            last = segment_store.last_change_id(session)
            ids: list[int] = []
            keys: list[str] = []
            for seg_id, key in segment_store.all_keys(session):
                ids.append(seg_id)
                keys.append(key)
            index = KeyGroupIndex()
            index.build(ids, keys)
            self.index, self.last_change = index, last

    def refresh(self, session: Session) -> KeyGroupIndex:
        """Apply changes since the last refresh (building the index on first use)."""
        if self.last_change < 0:
            self.build(session)
            return self.index
        changes = segment_store.changes_since(session, self.last_change)
        if not changes:
            return self.index
        with self._lock:
            changes = [c for c in changes if c[0] > self.last_change]
            added = {seg_id for _, seg_id, op in changes if op == "add"}
            rows = segment_store.by_ids(session, added) if added else {}
            for change_id, seg_id, op in changes:
                if op == "delete":
                    self.index.remove(seg_id)
                elif seg_id in rows:
                    self.index.add(seg_id, rows[seg_id].match_key)
                self.last_change = change_id
        return self.index


# ------------------------------------------------------------------ lookup


@dataclass
class Found:
    """A scored memory hit together with its stored row (the row is needed for the draft)."""

    score: float
    kind: str
    row: Segment
    stored_key: MatchKey

    def as_dict(self, query_normalized: str) -> dict[str, Any]:
        return match_to_dict(self.score, self.kind, self.row, query_normalized)


def _stored_key(row: Segment) -> MatchKey:
    return match_key(row.normalized_source, find_placeables(row.normalized_source))


def lookup(
    session: Session,
    memory: MemoryState,
    normalized: str,
    placeables: Sequence[Placeable],
    *,
    prev_key: str | None = None,
    next_key: str | None = None,
    min_score: float = 70,
    limit: int = 5,
) -> tuple[MatchKey, list[Found]]:
    """Matches at or above min_score, best first; alternatives with equal scores newest first."""
    query_key = match_key(normalized, placeables)
    if not query_key.key:
        return query_key, []
    query = SegmentKeys(query_key)
    query_ctx = context_hash(prev_key or "", query_key.key, next_key or "") if (prev_key or next_key) else None
    rows: dict[int, Segment] = {
        r.id: r
        for r in segment_store.by_key_hash(session, exact_hash(query_key.key), normalized, limit=max(2 * limit, 10))
    }
    index = memory.refresh(session)
    fuzzy = index.search(query_key.key, min_score=min(min_score, 100), limit=limit + len(rows) + 5)
    missing = [seg_id for seg_id, _ in fuzzy if seg_id not in rows]
    rows.update(segment_store.by_ids(session, missing))
    ratios: dict[int, float] = dict(fuzzy)
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


def lookup_text(
    session: Session,
    memory: MemoryState,
    text: str,
    *,
    min_score: float = 70,
    limit: int = 5,
    context_before: str = "",
    context_after: str = "",
) -> list[dict[str, Any]]:
    """Matches for one raw sentence, with the sentences around it as context when given."""
    norm = normalize(text).text.strip()
    prev_key = key_of(context_before) if context_before else None
    next_key = key_of(context_after) if context_after else None
    _key, found = lookup(
        session,
        memory,
        norm,
        find_placeables(norm),
        prev_key=prev_key,
        next_key=next_key,
        min_score=min_score,
        limit=limit,
    )
    return [f.as_dict(norm) for f in found]


def draft_for(
    found: Found,
    query_normalized: str,
    query_placeables: Sequence[Placeable],
    matcher: TermMatcher | None,
    query_hits: Sequence[Any] = (),
) -> Draft:
    """The match's target with the query's numbers, dates and differing glossary terms carried in, withheld (with
    the reason) when a number or date in it does not belong to the query: the draft is then not offered."""
    row = found.row
    draft = repair_draft(query_normalized, query_placeables, row.normalized_source, found.stored_key.slots, row.target)
    draft = repair_ordinals(draft, query_normalized, row.normalized_source)
    if matcher is not None and found.kind == "fuzzy":
        draft = repair_terms(draft, query_hits, matcher.match(row.normalized_source))
    stale = numbers.stale_facts(query_normalized, row.normalized_source, draft.text)
    if stale:
        reasons = list(
            dict.fromkeys(f"{fact.kind} “{fact.text}” of the stored translation is not in this text" for fact in stale)
        )
        draft = replace(draft, withheld=reasons)
    return draft


# ------------------------------------------------------------------ storing and editing pairs


@dataclass
class Stored:
    """The outcome of storing pairs: `items` holds, in the order the pairs were given, one stored row for each
    pair (the new one, or the one it duplicates), and `statuses` says which: "created" for the first pair of a
    new row, "duplicate" for a pair stored already or given earlier in the same batch."""

    items: list[Segment]
    created: list[Segment]
    duplicates: list[Segment]
    statuses: list[str]


def store_pairs(session: Session, pairs: Sequence[RawPair], who: str) -> Stored:
    """Store pairs not stored yet (same normalized source and target = same pair); the caller commits."""
    return store_prepared(session, prepare_many(pairs), who)


def store_prepared(session: Session, prepared: Sequence[PreparedPair], who: str) -> Stored:
    # storage inserts in pair-hash order (against deadlocks); the answer follows the order the pairs came in
    result = segment_store.store_pairs(session, prepared, who)
    by_hash = {row.pair_hash: row for row in result.duplicates}
    by_hash.update((row.pair_hash, row) for row in result.created)
    new = {row.pair_hash for row in result.created}
    items, statuses = [], []
    for pair in prepared:
        items.append(by_hash[pair.pair_hash])
        statuses.append("created" if pair.pair_hash in new else "duplicate")
        new.discard(pair.pair_hash)
    return Stored(items=items, created=result.created, duplicates=result.duplicates, statuses=statuses)


EDITABLE = ("source", "target", "source_lang", "target_lang", "context_before", "context_after", "origin")


def update_pair(session: Session, segment_id: int, fields: dict[str, Any]) -> Segment:
    """Change a pair; its keys are recomputed and every worker's index is told (delete + add)."""
    row = segment_store.get(session, segment_id)
    merged = {name: fields.get(name, getattr(row, name)) for name in EDITABLE}
    document = row.document.name if row.document else None
    prepared = prepare(**merged, document=document, extra=row.extra)
    if "source" not in fields:
        prepared = prepared._replace(source_raw=row.source_raw)  # the source is the one stored: keep what was sent
    return segment_store.update(
        session, segment_id, prepared, set_document="document" in fields, document=fields.get("document")
    )


def delete_pair(session: Session, segment_id: int) -> None:
    segment_store.delete(session, segment_id)


def get_pair(session: Session, segment_id: int) -> Segment:
    return segment_store.get(session, segment_id)


def search_pairs(
    session: Session, *, q: str | None = None, document: str | None = None, limit: int = 50, cursor: str | None = None
) -> segment_store.Page:
    """Concordance on source and target, or the newest pairs when q is empty. The source side is searched in
    normalized form (cleaned, simplified), so 广州 and 廣州 find the same pairs."""
    return segment_store.search(
        session, q=q, document=document, limit=limit, cursor=cursor, q_normalized=_search_form(q)
    )


def _search_form(q: str | None) -> str | None:
    return normalize_form(q).strip() or q if q else None


def iter_pairs(session: Session, *, q: str | None = None, document: str | None = None) -> Iterator[Segment]:
    """Every pair of the memory, of a document, or of a concordance search, for an export."""
    if not q:
        yield from segment_store.iter_segments(session, document=document)
        return
    cursor = None
    while True:
        page = segment_store.search(
            session, q=q, document=document, limit=500, cursor=cursor, q_normalized=_search_form(q)
        )
        yield from page.items
        if not page.next_cursor:
            return
        cursor = page.next_cursor


def stored_pair(row: Segment) -> StoredPair:
    """What the export formats write of a stored row."""
    return StoredPair(
        source=row.source,
        target=row.target,
        source_lang=row.source_lang,
        target_lang=row.target_lang,
        document=row.document.name if row.document else None,
        context_before=row.context_before,
        context_after=row.context_after,
        origin=row.origin,
        created_at=row.created_at,
        created_by=row.created_by,
        extra=row.extra,
    )


def documents(session: Session) -> list[tuple[str, int]]:
    """(name, pairs) of every document."""
    return segment_store.list_documents(session)


def count_pairs(session: Session) -> int:
    return segment_store.count(session)


def stored_pairs(rows: Iterable[Segment]) -> Iterator[StoredPair]:
    return (stored_pair(r) for r in rows)
