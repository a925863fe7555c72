"""Feeds for CAT tools that pull the whole memory or glossary on each sync (an OmegaT team project's HTTP
repository mapping): each comes with a version that changes with every write, so an unchanged one is a 304.

The memory's version is the id of its last change (every store, edit and delete appends to the change log); the
glossary's is the counter every term write bumps. The version is read before the rows, so a file may hold
writes newer than its tag (the next sync fetches it again), never fewer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from glossary.model import Status
from service.application import memory as memory_service
from service.application.memory_exchange import export_pairs
from service.formats import base as formats
from service.storage import segments as segment_store
from service.storage import terms as term_store
from service.storage.db import Database
from service.storage.models import Segment


@dataclass(frozen=True)
class Feed:
    etag: str  # a strong entity tag, quoted
    chunks: Iterator[bytes] | None  # None: the client's copy is current


def _current(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


def memory_version(session: Session) -> str:
    return f'"tm-{segment_store.last_change_id(session)}-{segment_store.count(session)}"'


def glossary_version(session: Session) -> str:
    return f'"glossary-{term_store.glossary_version(session)}"'


def memory_feed(db: Database, fmt: str, if_none_match: str | None) -> Feed:
    """The whole memory in a memory format, streamed, unless the client holds this version already."""
    with db.session() as session:
        etag = memory_version(session)
    if _current(if_none_match, etag):
        return Feed(etag, None)

    def rows() -> Iterator[Segment]:
        with db.session() as session:
            yield from memory_service.iter_pairs(session)

    return Feed(etag, export_pairs(rows(), fmt))


def glossary_feed(session: Session, fmt: str, if_none_match: str | None) -> Feed:
    """The approved and proposed terms (not the deprecated ones) in a glossary format, unless current."""
    etag = glossary_version(session)
    if _current(if_none_match, etag):
        return Feed(etag, None)
    terms = [term_store.row_to_data(r) for r in term_store.all_terms(session) if r.status != Status.DEPRECATED.value]
    return Feed(etag, iter([formats.glossary_format(fmt).write(terms, False)]))
