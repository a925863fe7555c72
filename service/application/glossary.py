"""The worker's live glossary matcher: rebuilt when the glossary version in the database moves.

Each worker checks the version at most once a second, so every worker sees a change within about a
second without a query per request.
"""
from __future__ import annotations

import threading
import time
from typing import Any, Sequence

from sqlalchemy.orm import Session

from glossary.matcher import GlossaryIndex, Hit, TermMatcher, map_hit
from glossary.places import load_places
from service.storage import terms as term_store

POLL_SECONDS = 1.0


def hit_to_dict(hit: Hit, original: str) -> dict[str, Any]:
    term = hit.term
    return {
        "start": hit.start, "end": hit.end, "text": original[hit.start:hit.end],
        "term_id": term.id, "source": term.source, "target": hit.target,
        "category": str(term.category), "status": str(term.status), "forbidden": list(term.forbidden),
        "parts": [{"start": p.start, "end": p.end, "text": original[p.start:p.end], "term_id": p.term.id,
                   "source": p.term.source, "target": p.target, "category": str(p.term.category)}
                  for p in hit.parts],
    }


class GlossaryState:
    def __init__(self) -> None:
        self.index = GlossaryIndex(load_places())
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Check the version on the next request (this worker just changed the glossary)."""
        self._checked_at = 0.0

    def matcher(self, session: Session, *, force: bool = False) -> TermMatcher:
        now = time.monotonic()
        if not force and self.index.version is not None and now - self._checked_at < POLL_SECONDS:
            return self.index.matcher
        with self._lock:
            self._checked_at = now
            version = term_store.glossary_version(session)
            return self.index.ensure(version, lambda: [term_store.row_to_data(r) for r in
                                                       term_store.all_terms(session)])

    def hits(self, matcher: TermMatcher, normalized: str, offsets: Sequence[int]) -> list[Hit]:
        return [map_hit(h, offsets) for h in matcher.match(normalized)]
