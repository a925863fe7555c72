"""The worker's in-memory fuzzy index over the memory, kept in step with the database's change log.

Built once at start (before gunicorn forks, so the pages are shared); every request first applies the rows
of `memory_changes` past the last id this worker has seen, so writes from any worker are visible at once.
"""
from __future__ import annotations

import threading

from sqlalchemy.orm import Session

from service.memory.groups import KeyGroupIndex
from service.storage import segments as segment_store


class MemoryState:
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
