"""Memory import and export: streaming TMX 1.4b and CSV in, batched inserts, and streamed files out.

Two ways to commit an import:
- `atomic` (the API's default): the whole file in one transaction. A file that turns out to be broken
  (not XML, truncated, a DOCTYPE) is rejected and leaves the database exactly as it was.
- `resumable` (the CLI's default for large files): a commit after every batch, with the progress in an
  `import_jobs` row. A killed import leaves whole batches; the next run of the same file skips what was done
  (`units_done`), and pair hashes keep any overlap from being stored twice.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from service.application.memory import stored_pairs
from service.application.streaming import stream_writer
from service.formats import base as formats
from service.memory.pairs import PreparedPair, RawPair, prepare_many
from service.storage import dialect
from service.storage import imports as import_store
from service.storage import segments as segment_store
from service.storage.db import Database
from service.storage.models import ImportJob, Segment

BATCH = 2000
MAX_REPORTED_ERRORS = 200


class ImportRejected(ValueError):
    """The file cannot be imported at all; nothing was stored."""

    def __init__(self, message: str, line: int | None = None, errors: list[dict] | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.errors = errors or []


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    units_done: int = 0
    job_id: int | None = None
    committed: bool = True
    dry_run: bool = False
    resumed_at: int = 0  # units an earlier run of the same file got through (a resumed import)
    refused: str | None = None  # why a file that could be read still counts as a failed import

    def error(self, line: int | None, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"line": line, "message": message})

    def refusal(self) -> str | None:
        """Why the import failed although the file could be read: it held no units, or not one of them could
        be used (a unit already stored counts as used). None after a resumed run: earlier runs stored units."""
        if self.resumed_at or self.created or self.skipped:
            return None
        if not self.error_count:
            return "the file holds no translation units; nothing was stored"
        if self.error_count == 1:
            return "the file's one unit could not be imported; nothing was stored"
        return f"none of the {self.error_count} units could be imported; nothing was stored"

    def as_dict(self) -> dict[str, Any]:
        out = {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "errors": self.errors,
            "units_done": self.units_done,
            "job_id": self.job_id,
            "committed": self.committed,
            "dry_run": self.dry_run,
        }
        if self.error_count > len(self.errors):
            out["errors"] = self.errors + [
                {"line": None, "message": f"… and {self.error_count - len(self.errors)} more errors"}
            ]
        return out


def file_hash(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def iter_units(
    fileobj: BinaryIO, fmt: str, *, source_lang: str | None = None, document: str | None = None
) -> Iterator[tuple[int | None, RawPair | str]]:
    """(line, pair) for each unit, or (line, error message) for a unit that cannot be used.

    Raises ImportRejected when the file as a whole is unreadable.
    """
    try:
        reader = formats.memory_format(fmt).read
    except formats.UnknownFormat as exc:
        raise ImportRejected(str(exc)) from None
    try:
        for line, item in reader(fileobj, source_lang):
            if document and not isinstance(item, str):
                item = item._replace(document=document)
            yield line, item
    except formats.FormatRejected as exc:
        raise ImportRejected(exc.message, exc.line) from None


def import_stream(
    db: Database,
    fileobj: BinaryIO,
    fmt: str,
    who: str,
    *,
    mode: str = "atomic",
    dry_run: bool = False,
    source_lang: str | None = None,
    document: str | None = None,
    filename: str = "",
    digest: str = "",
    progress: Callable[[int], None] | None = None,
    batch: int = BATCH,
) -> ImportReport:
    """Import a TMX or CSV stream. See the module docstring for the two commit modes.

    A file that holds no units, or none that can be used, stores nothing: the report says why in `refused`
    (and `committed` is false), and the callers answer it as a failure.
    """
    report = ImportReport(dry_run=dry_run)
    session = db.sessions()
    skip = 0
    job: ImportJob | None = None
    try:
        if mode == "resumable" and not dry_run:
            job = import_store.job_for(session, f"tm-{fmt}", filename, digest)
            skip = job.units_done
            report.job_id = job.id
            report.units_done = report.resumed_at = skip
            session.commit()
        docs: dict[str, int] = {}
        pending: list[RawPair] = []
        seen = 0
        preparer = _Preparer()

        def store(prepared: list[PreparedPair], units_done: int) -> None:
            created, skipped = segment_store.bulk_insert(session, prepared, who, report.job_id, docs)
            report.created += created
            report.skipped += skipped
            report.units_done = units_done
            if job is not None:
                job.units_done, job.created, job.skipped = report.units_done, report.created, report.skipped
                session.commit()  # a whole batch, and how far we got, in one commit (document ids cached in
                # `docs` stay valid: documents are never deleted, and a failed batch ends the whole import)
            session.expunge_all()
            if job is not None:
                session.add(job)  # keep the job tracked, or the next batches' progress is never written
            if progress:
                progress(report.units_done)

        try:
            for line, item in iter_units(fileobj, fmt, source_lang=source_lang, document=document):
                seen += 1
                if seen <= skip:
                    continue
                if isinstance(item, str):
                    report.error(line, item)
                    continue
                pending.append(item)
                if len(pending) >= batch:
                    for prepared, units_done in preparer.submit(pending, seen):
                        store(prepared, units_done)
                    pending = []
            if pending:
                for prepared, units_done in preparer.submit(pending, seen):
                    store(prepared, units_done)
            for prepared, units_done in preparer.drain():
                store(prepared, units_done)
            report.units_done = max(report.units_done, seen)
        finally:
            preparer.close()
        if progress:
            progress(report.units_done)
        report.refused = report.refusal()
        if dry_run or report.refused:
            session.rollback()
            report.committed = False
            if job is not None and report.refused:
                import_store.fail_job(db, report.job_id, report.refused)
        else:
            if job is not None:
                job = session.merge(job)
                import_store.finish_job(job, report.errors[:50])
            session.commit()
        return report
    except ImportRejected as exc:
        session.rollback()
        if job is not None:
            import_store.fail_job(db, report.job_id, str(exc))
        exc.errors = report.errors
        raise
    except BaseException:
        session.rollback()
        if job is not None:
            import_store.fail_job(db, report.job_id, "interrupted")
        raise
    finally:
        session.close()


class _Preparer:
    """Computes normalized forms and keys for batch k in a second process while this one parses batch k+1
    and stores batch k-1 (a pipeline two batches deep). Small imports never start the process."""

    def __init__(self) -> None:
        self._pool: multiprocessing.pool.Pool | None = None
        self._queue: list[tuple[Any, int]] = []

    def submit(self, batch: list[RawPair], units_done: int):
        """Queue a batch; yield (prepared pairs, units done) of batches that are ready to store, in order."""
        if self._pool is None and not self._queue:
            self._queue.append((_Done(prepare_many(batch)), units_done))
        else:
            if self._pool is None:
                self._pool = multiprocessing.get_context("fork").Pool(1) if _can_fork() else None
            work = (
                self._pool.apply_async(prepare_many, (batch,)) if self._pool is not None else _Done(prepare_many(batch))
            )
            self._queue.append((work, units_done))
        while len(self._queue) > 1:
            work, done = self._queue.pop(0)
            yield work.get(), done

    def drain(self):
        while self._queue:
            work, done = self._queue.pop(0)
            yield work.get(), done

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def get(self) -> Any:
        return self.value


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and os.environ.get("YIKU_IMPORT_PROCESSES", "2") != "1"


def catch_up_concordance(db: Database, progress: Callable[[int], None] | None = None) -> int:
    """Index the pairs a bulk import left for the concordance index (SQLite), a batch per transaction."""
    total = 0
    while True:
        with db.session() as session:
            done = dialect.catch_up_concordance(session)
        if not done:
            return total
        total += done
        if progress:
            progress(total)


# ------------------------------------------------------------------ export


def export_pairs(rows: Iterable[Segment], fmt: str, *, bom: bool = False) -> Iterator[bytes]:
    """The rows written in a memory format, in chunks of about 64 KiB as the rows arrive."""
    writer = formats.memory_format(fmt).write
    return stream_writer(lambda sink: writer(stored_pairs(rows), sink, bom))


def write_export(chunks: Iterable[bytes], out: BinaryIO) -> int:
    size = 0
    for chunk in chunks:
        out.write(chunk)
        size += len(chunk)
    return size
