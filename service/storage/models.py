"""SQLAlchemy 2.0 typed models: the tables that hold the glossary, the memory and who may change them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON, list[Any]: JSON}


class Meta(Base):
    """Small named counters, e.g. the glossary version every worker polls to know when to rebuild."""

    __tablename__ = "meta"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Term(Base):
    __tablename__ = "terms"
    __table_args__ = {"sqlite_autoincrement": True}  # a hard-deleted term's id is never handed out again
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    # normalize_form(source): the key that makes 退役軍人事務廳 and 退役军人事务厅 the same term
    source_key: Mapped[str] = mapped_column(String(200), unique=True)
    target: Mapped[str] = mapped_column(String(500))
    category: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    variants: Mapped[list[str]] = mapped_column(JSON, default=list)
    admitted: Mapped[list[str]] = mapped_column(JSON, default=list)  # accepted beside the preferred target
    forbidden: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    domain: Mapped[str] = mapped_column(String(64), default="")
    pattern: Mapped[str] = mapped_column(String(500), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    updated_by: Mapped[str] = mapped_column(String(100), default="")

    __mapper_args__ = {"version_id_col": version}


class TermHistory(Base):
    """Every accepted change of a term, as a full snapshot, kept even after the term is deleted."""

    __tablename__ = "term_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term_id: Mapped[int] = mapped_column(Integer, index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))  # create | update | delete | import
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed_by: Mapped[str] = mapped_column(String(100), default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    segments: Mapped[list[Segment]] = relationship(back_populates="document")


class Segment(Base):
    """One aligned sentence pair of the translation memory."""

    __tablename__ = "segments"
    __table_args__ = {"sqlite_autoincrement": True}  # a deleted pair's id is never handed out again
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)  # as sent, without scraper noise (service.text.normalize.clean)
    source_raw: Mapped[str | None] = mapped_column(Text, nullable=True)  # exactly as sent, when that differs
    target: Mapped[str] = mapped_column(Text)
    source_lang: Mapped[str] = mapped_column(String(35), default="zh-Hans")
    target_lang: Mapped[str] = mapped_column(String(35), default="en")
    normalized_source: Mapped[str] = mapped_column(Text)
    match_key: Mapped[str] = mapped_column(Text)
    key_hash: Mapped[str] = mapped_column(String(64), index=True)
    context_hash: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    pair_hash: Mapped[str] = mapped_column(String(64), unique=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True, nullable=True
    )
    context_before: Mapped[str] = mapped_column(Text, default="")
    context_after: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(16), default="human")
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # TMX props, notes, inline tags
    quality_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    quality: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    import_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the import job that stored it
    document: Mapped[Document | None] = relationship(back_populates="segments")


class WorkspaceSegment(Base):
    """One segment of a document being translated in the workspace: its source (cleaned of scraper noise, with
    the text as sent beside it when that differs), the translation so far and its status. A confirmed segment
    names the memory pair its confirmation stored; `owns_pair` says that confirmation created the pair (so a
    later correction may change it) rather than finding it in the memory already."""

    __tablename__ = "workspace_segments"
    __table_args__ = (UniqueConstraint("document_id", "position", name="uq_workspace_segments_position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 0-based, in document order (noise segments left out)
    unit_id: Mapped[str | None] = mapped_column(String(200), nullable=True)  # the XLIFF unit it came from
    source: Mapped[str] = mapped_column(Text)
    source_raw: Mapped[str | None] = mapped_column(Text, nullable=True)
    context_before: Mapped[str] = mapped_column(Text, default="")
    context_after: Mapped[str] = mapped_column(Text, default="")
    target: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="new")  # new | draft | confirmed
    segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("segments.id", ondelete="SET NULL"), nullable=True, index=True
    )
    owns_pair: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class QualityVerdict(Base):
    """A reviewer's verdict on one flag of one pair: `false-positive` (the check cried wolf) or `confirmed`.
    Kept with the pair (deleted with it), counted in the quality report, and the source of each check's
    precision on the memory's own pairs."""

    __tablename__ = "quality_verdicts"
    __table_args__ = (UniqueConstraint("segment_id", "code", "message", name="uq_quality_verdicts_flag"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(16))  # false-positive | confirmed
    created_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MemoryChange(Base):
    """Append-only log of memory writes; each worker applies rows past the last id it has seen."""

    __tablename__ = "memory_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    segment_id: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(8))  # add | delete


class ImportJob(Base):
    """A resumable import: how far it got, so a killed import can be finished without duplicates."""

    __tablename__ = "import_jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # tm-tmx | tm-csv | terms-csv | terms-tbx
    filename: Mapped[str] = mapped_column(String(500), default="")
    file_hash: Mapped[str] = mapped_column(String(64), default="", index=True)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | done | failed
    units_done: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LoginAttempt(Base):
    """Failed sign-ins per user name and address, for rate limiting."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


__all__ = [
    "ApiToken",
    "Base",
    "Document",
    "ImportJob",
    "LoginAttempt",
    "MemoryChange",
    "Meta",
    "Segment",
    "Term",
    "TermHistory",
    "User",
    "utcnow",
]
