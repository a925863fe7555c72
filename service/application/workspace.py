"""The translation workspace: a document becomes a list of segments translated one by one, each with a status
that persists (new, draft, confirmed); confirming a segment checks it and stores the pair in the memory.

A document's segments are the text pipeline's non-noise segments, their source cleaned of scraper noise
(annotations, zero-width characters; script as sent) with the text as sent kept beside. The help shown with a
segment (terms, memory matches, the draft) is computed when the segment is shown, so it follows the glossary and
the memory as they are now; only what the translator did is stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from glossary.matcher import TermMatcher
from service.application import memory as memory_service
from service.application import quality as quality_service
from service.application.assist import AssistOptions, assist_segment, context_key
from service.application.memory import MemoryState
from service.application.shapes import workspace_segment_to_dict
from service.application.streaming import stream_writer
from service.errors import Conflict, NotFound
from service.formats import base as formats
from service.formats import xliff
from service.memory.langs import canonical_lang
from service.memory.pairs import RawPair, StoredPair
from service.quality.checks import Issue
from service.storage import segments as segment_store
from service.storage import workspace as store
from service.storage.models import WorkspaceSegment, utcnow
from service.storage.workspace import STATUSES, DocumentSummary
from service.text.normalize import clean
from service.text.pipeline import process, process_one
from service.text.script import han_script

__all__ = ["STATUSES", "DocumentSummary"]

PAGE_SIZE = 50  # segments shown at once
MAX_SEGMENTS = 5000  # segments one document may have


class EmptyDocument(ValueError):
    """A text with nothing to translate: no segment, or only noise."""


class TooLong(ValueError):
    pass


class NeedsConfirmation(Exception):
    """The checks found what storing needs a second confirmation for (a forbidden rendering, a missing number)."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(i.message for i in issues))
        self.issues = issues


@dataclass(frozen=True)
class Created:
    id: int
    segments: int
    noise: int  # segments left out: noise, or units of an XLIFF file without a source


def create_document(session: Session, name: str, text: str, who: str, *, max_segments: int = MAX_SEGMENTS) -> Created:
    """A workspace document from a raw text; Conflict when a document of that name is in the workspace."""
    segs = process(text)
    content = [s for s in segs if s.noise is None]
    if not content:
        raise EmptyDocument("the text has no segment to translate" + (" (every segment is noise)" if segs else ""))
    if len(content) > max_segments:
        raise TooLong(f"the text has {len(content)} segments, more than {max_segments}; split it into parts")
    rows = _new_segments([s.text for s in content])
    doc_id = store.create(session, name, rows, who)
    return Created(doc_id, len(rows), len(segs) - len(content))


def _new_segments(
    raw: list[str], targets: list[str] | None = None, unit_ids: list[str | None] | None = None
) -> list[store.NewSegment]:
    """Segments to store from their texts as sent: each cleaned, the text as sent kept when cleaning changed it,
    its neighbours as context, and the translation and unit id an XLIFF file gave it."""
    sources = [clean(text).strip() for text in raw]
    return [
        store.NewSegment(
            source=source,
            source_raw=text if text != source else None,
            context_before=sources[i - 1] if i else "",
            context_after=sources[i + 1] if i + 1 < len(sources) else "",
            target=targets[i] if targets else "",
            unit_id=unit_ids[i] if unit_ids else None,
        )
        for i, (text, source) in enumerate(zip(raw, sources))
    ]


class WrongLanguages(ValueError):
    """An XLIFF file whose source is not Chinese, or whose target is not English."""


def create_from_xliff(
    session: Session, name: str, data: bytes | str, who: str, *, max_segments: int = MAX_SEGMENTS
) -> Created:
    """A workspace document from the units of an XLIFF file a CAT tool wrote: each unit with a source is a
    segment (not segmented again: the tool did it), its unit id kept for the export; a unit's target comes in as
    a draft, whatever state the file gave it, since only a confirmation here checks it and stores it in the
    memory. XliffRejected for a file that is not XLIFF (or may not be read), WrongLanguages when it is not a
    Chinese–English file."""
    doc = xliff.read_document(data)
    source_lang, target_lang = (doc.source_lang or "").lower(), (doc.target_lang or "").lower()
    if source_lang and not source_lang.startswith("zh"):
        raise WrongLanguages(f"the file translates from {doc.source_lang!r}; a workspace document is Chinese")
    if target_lang and not target_lang.startswith("en"):
        raise WrongLanguages(f"the file translates into {doc.target_lang!r}; a workspace document is English")
    units = [u for u in doc.units if u.source.strip()]
    if not units:
        raise EmptyDocument("the XLIFF file has no unit with a source to translate")
    if len(units) > max_segments:
        raise TooLong(f"the file has {len(units)} units, more than {max_segments}; split it into parts")
    rows = _new_segments(
        [u.source for u in units], [(u.target or "").strip() for u in units], [u.id[:200] for u in units]
    )
    doc_id = store.create(session, name, rows, who)
    return Created(doc_id, len(rows), len(doc.units) - len(units))


def documents(session: Session, *, q: str | None = None) -> list[DocumentSummary]:
    """The documents in the workspace (whose name holds `q`), the most recently changed first."""
    found = store.list_documents(session)
    if q:
        needle = q.casefold()
        found = [d for d in found if needle in d.name.casefold()]
    return found


def summary(session: Session, doc_id: int) -> DocumentSummary:
    return store.summary(session, doc_id)


def store_segments(
    session: Session, doc_id: int, *, offset: int = 0, limit: int = PAGE_SIZE, status: str | None = None
) -> list[WorkspaceSegment]:
    """A page of a document's segments as stored (NotFound for a document without a workspace)."""
    store.summary(session, doc_id)
    return store.segments(session, doc_id, status=status, offset=offset, limit=limit)


def page(
    session: Session,
    matcher: TermMatcher,
    memory: MemoryState,
    doc_id: int,
    *,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    status: str | None = None,
    options: AssistOptions | None = None,
) -> list[dict[str, Any]]:
    """A page of a document's segments, each with what is stored and the help for it now: glossary hits,
    memory matches (in context of its neighbours) and a draft with whether it may fill the translation box."""
    store.summary(session, doc_id)  # NotFound for a document without a workspace
    rows = store.segments(session, doc_id, status=status, offset=offset, limit=limit)
    if not rows:
        return []
    options = options or AssistOptions()
    processed = {row.position: process_one(row.source, row.position) for row in rows}
    for row in store.neighbours(session, doc_id, rows[0].position, rows[-1].position).values():
        processed.setdefault(row.position, process_one(row.source, row.position))
    out = []
    for row in rows:
        seg = processed[row.position]
        # the neighbours are the document's (a page filtered by status skips some): each row keeps its context
        before = processed.get(row.position - 1) or (process_one(row.context_before) if row.context_before else None)
        after = processed.get(row.position + 1) or (process_one(row.context_after) if row.context_after else None)
        help_ = assist_segment(
            session,
            matcher,
            memory,
            seg,
            row.source,
            options,
            prev_key=context_key(before),
            next_key=context_key(after),
        )
        out.append({**workspace_segment_to_dict(row), "assist": help_})
    return out


def save_draft(session: Session, doc_id: int, position: int, target: str, who: str) -> WorkspaceSegment:
    """Keep a translation without confirming it: status `draft` (`new` again when emptied). A confirmed
    segment saved unchanged stays confirmed; changed, it is a draft until confirmed again."""
    row = store.get(session, doc_id, position, for_update=True)
    target = target.strip()
    if row.status == "confirmed" and target == row.target:
        return row
    row.target = target
    row.status = "draft" if target else "new"
    _touch(row, who)
    session.flush()
    return row


@dataclass(frozen=True)
class Confirmed:
    row: WorkspaceSegment
    created: bool  # the memory got a new pair (or its own pair a new translation)
    issues: list[dict[str, Any]]  # of the stored pair, info left out


def confirm(
    session: Session,
    matcher: TermMatcher,
    doc_id: int,
    position: int,
    target: str,
    who: str,
    *,
    force: bool = False,
) -> Confirmed:
    """Check a translation and store the pair in the memory; the segment becomes `confirmed`. A forbidden
    rendering or a missing number raises NeedsConfirmation unless `force` (the second confirmation)."""
    target = target.strip()
    if not target:
        raise ValueError("an empty translation cannot be confirmed")
    row = store.get(session, doc_id, position, for_update=True)
    source = row.source_raw if row.source_raw is not None else row.source
    blockers = quality_service.blocking(quality_service.draft_issues(session, matcher, row.source, target))
    if blockers and not force:
        raise NeedsConfirmation(blockers)
    name = store.summary(session, doc_id).name
    pair_row, created = None, False
    if row.segment_id is not None and row.owns_pair:
        try:
            current = segment_store.get(session, row.segment_id)
        except NotFound:
            current = None
        if current is not None and current.target != target:
            try:
                pair_row = memory_service.update_pair(session, current.id, {"target": target})
                created = True
            except Conflict:  # the corrected pair is in the memory already: point at that one
                pair_row = None
        elif current is not None:
            pair_row = current
    owns = row.owns_pair and pair_row is not None
    if pair_row is None:
        pair = RawPair(
            source,
            target,
            document=name,
            context_before=row.context_before,
            context_after=row.context_after,
            origin="human",
        )
        outcome = memory_service.store_pairs(session, [pair], who)
        pair_row, created = outcome.items[0], bool(outcome.created)
        owns = created
    row.target, row.status, row.segment_id, row.owns_pair = target, "confirmed", pair_row.id, owns
    _touch(row, who)
    session.flush()
    issues = quality_service.stored_issues(session, matcher, [pair_row])[pair_row.id]
    return Confirmed(row, created, [i for i in issues if i["severity"] != "info"])


def delete_document(session: Session, doc_id: int) -> int:
    return store.delete_workspace(session, doc_id)


def _touch(row: WorkspaceSegment, who: str) -> None:
    row.updated_by, row.updated_at = who, utcnow()


def _stored(row: WorkspaceSegment, pair: Any, name: str) -> StoredPair:
    if pair is not None:
        return memory_service.stored_pair(pair)
    return StoredPair(
        source=row.source,
        target=row.target,
        source_lang=han_script(row.source) or "zh-Hans",
        target_lang="en",
        document=name,
        context_before=row.context_before,
        context_after=row.context_after,
        created_at=row.updated_at,
        created_by=row.updated_by,
    )


@dataclass(frozen=True)
class Export:
    name: str  # the document's name (a download names the file after it)
    extension: str
    media_type: str
    chunks: Iterator[bytes]


def export(session: Session, doc_id: int, fmt: str) -> Export:
    """A document as a file: a memory format (TMX, CSV) holds its confirmed pairs; XLIFF 1.2 holds every
    segment, with its translation and state (new segments untranslated, drafts `needs-review-translation`,
    confirmed ones `translated` and approved), for a CAT tool to go on with."""
    doc = store.summary(session, doc_id)
    if fmt == "xliff":
        rows = store.segments(session, doc_id)
        units = [xliff.Unit(r.unit_id or str(r.position + 1), r.source, r.target or None, r.status) for r in rows]
        langs = {han_script(r.source) for r in rows} - {None}
        source_lang = canonical_lang("zh-Hant" if langs == {"zh-Hant"} else "zh-Hans")
        content = xliff.write_document(units, original=doc.name, source_lang=source_lang, target_lang="en")
        return Export(doc.name, "xlf", xliff.MEDIA_TYPE, iter([content]))
    memory_format = formats.memory_format(fmt)
    pairs = [_stored(ws, pair, doc.name) for ws, pair in store.confirmed_pairs(session, doc_id)]

    def write(out: BinaryIO) -> None:
        memory_format.write(pairs, out, False)

    return Export(doc.name, memory_format.extensions[0], memory_format.media_type, stream_writer(write))


def export_formats() -> tuple[str, ...]:
    """What a document exports as: the memory formats (XLIFF among them, written with every segment's state)."""
    return formats.names("memory")
