"""Import jobs: how far a resumable import of one file got, so a rerun of the same file resumes there."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.storage.db import Database
from service.storage.models import ImportJob, utcnow


def job_for(session: Session, kind: str, filename: str, digest: str) -> ImportJob:
    """The unfinished job of this kind for this very file (same content hash), or a new one."""
    if digest:
        job = session.scalar(
            select(ImportJob)
            .where(ImportJob.file_hash == digest, ImportJob.kind == kind, ImportJob.status != "done")
            .order_by(ImportJob.id.desc())
        )
        if job is not None:
            job.status = "running"
            return job
    job = ImportJob(
        kind=kind,
        filename=filename[:500],
        file_hash=digest,
        status="running",
        units_done=0,
        created=0,
        skipped=0,
        errors=[],
    )
    session.add(job)
    session.flush()
    return job


def finish_job(job: ImportJob, errors: list[dict[str, Any]]) -> None:
    job.status, job.finished_at, job.errors = "done", utcnow(), errors


def fail_job(db: Database, job_id: int | None, message: str) -> None:
    """Mark a job failed in a transaction of its own (the import's own was rolled back)."""
    if job_id is None:
        return
    with db.session() as s:
        job = s.get(ImportJob, job_id)
        if job is not None and job.status != "done":
            job.status = "failed"
            job.errors = list(job.errors or []) + [{"line": None, "message": message}]
