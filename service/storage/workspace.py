"""Workspace storage: the segments of the documents being translated, with their translation and status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from service.errors import Conflict, NotFound
from service.storage.models import Document, Segment, WorkspaceSegment, utcnow
from service.storage.segments import document_id

STATUSES = ("new", "draft", "confirmed")


@dataclass(frozen=True)
class NewSegment:
    source: str
    source_raw: str | None
    context_before: str
    context_after: str
    target: str = ""  # a translation that came with the document (an XLIFF target): a draft
    unit_id: str | None = None


@dataclass(frozen=True)
class DocumentSummary:
    id: int
    name: str
    created_at: datetime
    updated_at: datetime
    created_by: str
    counts: dict[str, int]  # segments per status

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def create(session: Session, name: str, segments: Sequence[NewSegment], who: str) -> int:
    """A workspace for the document `name` (created, or the memory's document of that name); Conflict when that
    document has a workspace already. The caller commits."""
    doc_id = document_id(session, name)
    assert doc_id is not None
    if session.scalar(select(func.count()).where(WorkspaceSegment.document_id == doc_id)):
        raise Conflict(f"document {name!r} is in the workspace already")
    now = utcnow()
    session.add_all(
        WorkspaceSegment(
            document_id=doc_id,
            position=i,
            unit_id=s.unit_id,
            source=s.source,
            source_raw=s.source_raw,
            context_before=s.context_before,
            context_after=s.context_after,
            target=s.target,
            status="draft" if s.target else "new",
            owns_pair=False,
            created_by=who,
            created_at=now,
            updated_by=who,
            updated_at=now,
        )
        for i, s in enumerate(segments)
    )
    session.flush()
    return doc_id


def _summaries(session: Session, doc_ids: Sequence[int] | None = None) -> list[DocumentSummary]:
    stmt = (
        select(
            Document.id,
            Document.name,
            WorkspaceSegment.status,
            func.count(WorkspaceSegment.id),
            func.min(WorkspaceSegment.created_at),
            func.max(WorkspaceSegment.updated_at),
            func.min(WorkspaceSegment.created_by),
        )
        .join(WorkspaceSegment, WorkspaceSegment.document_id == Document.id)
        .group_by(Document.id, Document.name, WorkspaceSegment.status)
    )
    if doc_ids is not None:
        stmt = stmt.where(Document.id.in_(doc_ids))
    found: dict[int, dict] = {}
    for doc_id, name, status, n, created, updated, who in session.execute(stmt):
        entry = found.setdefault(
            doc_id,
            {"name": name, "counts": dict.fromkeys(STATUSES, 0), "created": created, "updated": updated, "who": who},
        )
        entry["counts"][status] = n
        entry["created"] = min(entry["created"], created)
        entry["updated"] = max(entry["updated"], updated)
    out = [
        DocumentSummary(i, e["name"], e["created"], e["updated"], e["who"] or "", e["counts"]) for i, e in found.items()
    ]
    return sorted(out, key=lambda d: (d.updated_at, d.id), reverse=True)


def list_documents(session: Session) -> list[DocumentSummary]:
    """Every document with a workspace, the most recently changed first."""
    return _summaries(session)


def summary(session: Session, doc_id: int) -> DocumentSummary:
    found = _summaries(session, [doc_id])
    if not found:
        raise NotFound(f"no document {doc_id} in the workspace")
    return found[0]


def segments(
    session: Session, doc_id: int, *, status: str | None = None, offset: int = 0, limit: int | None = None
) -> list[WorkspaceSegment]:
    """A document's segments in order (of one status), a page at a time."""
    stmt = select(WorkspaceSegment).where(WorkspaceSegment.document_id == doc_id)
    if status:
        stmt = stmt.where(WorkspaceSegment.status == status)
    stmt = stmt.order_by(WorkspaceSegment.position).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def count(session: Session, doc_id: int, *, status: str | None = None) -> int:
    stmt = select(func.count()).where(WorkspaceSegment.document_id == doc_id)
    if status:
        stmt = stmt.where(WorkspaceSegment.status == status)
    return session.scalar(stmt) or 0


def neighbours(session: Session, doc_id: int, first: int, last: int) -> dict[int, WorkspaceSegment]:
    """The segments just before `first` and just after `last` (for matching in context across a page edge)."""
    stmt = select(WorkspaceSegment).where(
        WorkspaceSegment.document_id == doc_id, WorkspaceSegment.position.in_((first - 1, last + 1))
    )
    return {row.position: row for row in session.scalars(stmt)}


def get(session: Session, doc_id: int, position: int, *, for_update: bool = False) -> WorkspaceSegment:
    stmt = select(WorkspaceSegment).where(WorkspaceSegment.document_id == doc_id, WorkspaceSegment.position == position)
    if for_update:
        stmt = stmt.with_for_update()
    row = session.scalar(stmt)
    if row is None:
        if not count(session, doc_id):
            raise NotFound(f"no document {doc_id} in the workspace")
        raise NotFound(f"document {doc_id} has no segment {position + 1}")
    return row


def confirmed_pairs(session: Session, doc_id: int) -> list[tuple[WorkspaceSegment, Segment | None]]:
    """The confirmed segments in order, each with the memory pair its confirmation stored (None if deleted)."""
    stmt = (
        select(WorkspaceSegment, Segment)
        .join(Segment, Segment.id == WorkspaceSegment.segment_id, isouter=True)
        .where(WorkspaceSegment.document_id == doc_id, WorkspaceSegment.status == "confirmed")
        .order_by(WorkspaceSegment.position)
    )
    return [(ws, seg) for ws, seg in session.execute(stmt)]


def delete_workspace(session: Session, doc_id: int) -> int:
    """Drop a document's workspace segments (the memory pairs they stored stay); the document itself goes too
    when no memory pair names it. Returns how many segments went."""
    gone = count(session, doc_id)
    if not gone:
        raise NotFound(f"no document {doc_id} in the workspace")
    session.execute(delete(WorkspaceSegment).where(WorkspaceSegment.document_id == doc_id))
    if not session.scalar(select(func.count()).where(Segment.document_id == doc_id)):
        session.execute(delete(Document).where(Document.id == doc_id))
    return gone
