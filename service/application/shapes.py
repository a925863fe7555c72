"""The JSON shapes of the API (and of the stored term history), each built in one place.

The web pages render the same dictionaries, so a field means the same everywhere.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from glossary.matcher import Hit
from service.memory.match import char_diff
from service.quality.checks import Issue
from service.storage.models import Segment, Term, TermHistory, WorkspaceSegment
from service.storage.workspace import DocumentSummary


def iso_utc(dt: datetime | None) -> str:
    """An ISO 8601 time with its UTC offset (SQLite hands stored times back without one)."""
    if dt is None:
        return ""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.isoformat()


def term_to_dict(row: Term) -> dict[str, Any]:
    return {
        "id": row.id,
        "source": row.source,
        "target": row.target,
        "category": row.category,
        "status": row.status,
        "variants": list(row.variants or []),
        "admitted": list(row.admitted or []),
        "forbidden": list(row.forbidden or []),
        "note": row.note,
        "domain": row.domain,
        "pattern": row.pattern,
        "version": row.version,
        "created_at": iso_utc(row.created_at),
        "updated_at": iso_utc(row.updated_at),
        "created_by": row.created_by,
        "updated_by": row.updated_by,
    }


def history_to_dict(row: TermHistory) -> dict[str, Any]:
    return {
        "id": row.id,
        "term_id": row.term_id,
        "version": row.version,
        "action": row.action,
        "snapshot": row.snapshot,
        "changed_by": row.changed_by,
        "changed_at": iso_utc(row.changed_at),
    }


def hit_to_dict(hit: Hit, original: str) -> dict[str, Any]:
    """A glossary hit with offsets into `original`, the text exactly as the client sent it."""
    term = hit.term
    return {
        "start": hit.start,
        "end": hit.end,
        "text": original[hit.start : hit.end],
        "term_id": term.id,
        "source": term.source,
        "target": hit.target,
        "category": str(term.category),
        "status": str(term.status),
        "admitted": list(term.admitted),
        "forbidden": list(term.forbidden),
        "foreign": hit.foreign,
        "parts": [
            {
                "start": p.start,
                "end": p.end,
                "text": original[p.start : p.end],
                "term_id": p.term.id,
                "source": p.term.source,
                "target": p.target,
                "category": str(p.term.category),
                "admitted": list(p.term.admitted),
            }
            for p in hit.parts
        ],
    }


def segment_to_dict(row: Segment) -> dict[str, Any]:
    return {
        "id": row.id,
        "source": row.source,
        "source_raw": row.source_raw,
        "target": row.target,
        "source_lang": row.source_lang,
        "target_lang": row.target_lang,
        "normalized_source": row.normalized_source,
        "document": row.document.name if row.document else None,
        "context_before": row.context_before,
        "context_after": row.context_after,
        "origin": row.origin,
        "created_by": row.created_by,
        "created_at": iso_utc(row.created_at),
        "updated_at": iso_utc(row.updated_at),
        "quality_score": row.quality_score,
    }


def match_to_dict(score: float, kind: str, row: Segment, query_normalized: str) -> dict[str, Any]:
    return {
        "segment_id": row.id,
        "score": score,
        "kind": kind,
        "source": row.source,
        "target": row.target,
        "document": row.document.name if row.document else None,
        "created_at": iso_utc(row.created_at) or None,
        "diff": char_diff(row.normalized_source, query_normalized),
    }


def issue_to_dict(issue: Issue) -> dict[str, Any]:
    d = asdict(issue)
    d["source_span"] = list(issue.source_span) if issue.source_span else None
    d["target_span"] = list(issue.target_span) if issue.target_span else None
    return d


def workspace_segment_to_dict(row: WorkspaceSegment) -> dict[str, Any]:
    """A workspace segment as stored: its cleaned source (and the text as sent), translation and status."""
    return {
        "number": row.position + 1,
        "source": row.source,
        "source_raw": row.source_raw if row.source_raw is not None else row.source,
        "target": row.target,
        "status": row.status,
        "segment_id": row.segment_id,
        "context_before": row.context_before,
        "context_after": row.context_after,
        "updated_by": row.updated_by,
        "updated_at": iso_utc(row.updated_at),
    }


def document_to_dict(doc: DocumentSummary) -> dict[str, Any]:
    """A workspace document with its progress: segments per status."""
    return {
        "id": doc.id,
        "name": doc.name,
        "segments": doc.total,
        "counts": dict(doc.counts),
        "created_by": doc.created_by,
        "created_at": iso_utc(doc.created_at),
        "updated_at": iso_utc(doc.updated_at),
    }
