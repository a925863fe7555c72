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
import io
import multiprocessing
import os
import queue
import threading
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO, Callable, Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.formats import tm_csv, tmx
from service.storage import segments as segment_store
from service.storage.db import Database
from service.storage.models import ImportJob, Segment, utcnow

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

    def error(self, line: int | None, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"line": line, "message": message})

    def as_dict(self) -> dict[str, Any]:
        out = {"created": self.created, "updated": self.updated, "skipped": self.skipped, "errors": self.errors,
               "units_done": self.units_done, "job_id": self.job_id, "committed": self.committed,
               "dry_run": self.dry_run}
        if self.error_count > len(self.errors):
            out["errors"] = self.errors + [{"line": None, "message": f"… and {self.error_count - len(self.errors)} "
                                                                    "more errors"}]
        return out


def file_hash(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _tmx_extra(unit: tmx.TranslationUnit) -> dict[str, Any]:
    """What TMX had around the pair, kept so that an export writes it back."""
    extra: dict[str, Any] = {}
    if unit.tuid:
        extra["tuid"] = unit.tuid
    for name, value in (("props", unit.props), ("notes", unit.notes), ("attrs", unit.attrs)):
        if value:
            extra[name] = value
    for side, variant in (("source", unit.source), ("target", unit.target)):
        # the text with inline-code placeholders is needed only when there are inline codes to restore
        info = {k: v for k, v in (("text", variant.text if variant.inline else ""), ("inline", variant.inline),
                                  ("props", variant.props), ("notes", variant.notes), ("attrs", variant.attrs)) if v}
        if info:
            extra[side] = info
    for name, value in (("changed_at", unit.changed_at), ("changed_by", unit.changed_by),
                        ("created_by", unit.created_by)):
        if value:
            extra[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return extra


def iter_units(fileobj: BinaryIO, fmt: str, *, source_lang: str | None = None,
               document: str | None = None) -> Iterator[tuple[int | None, segment_store.RawPair | str]]:
    """(line, pair) for each unit, or (line, error message) for a unit that cannot be used.

    Raises ImportRejected when the file as a whole is unreadable.
    """
    if fmt == "tmx":
        try:
            for item in tmx.iter_tmx(fileobj, source_lang=source_lang):
                if isinstance(item, tmx.TmxError):
                    if item.fatal:
                        raise ImportRejected(item.message, item.line)
                    yield item.line, item.message
                    continue
                src, tgt = item.source.plain_text.strip(), item.target.plain_text.strip()
                if not src or not tgt:
                    yield item.line, "empty source or target segment"
                    continue
                extra = _tmx_extra(item)
                origin = item.origin if item.origin in segment_store.ORIGINS else "import"
                yield item.line, segment_store.RawPair(
                    src, tgt, source_lang=item.source_lang, target_lang=item.target_lang,
                    document=document or item.document, context_before=item.context_before or "",
                    context_after=item.context_after or "", origin=origin, extra=extra,
                    created_at=item.created_at)
        except tmx.TmxFormatError as exc:
            raise ImportRejected(exc.message, exc.line) from None
    elif fmt == "csv":
        for item in tm_csv.iter_csv(fileobj):
            if isinstance(item, tm_csv.CsvError):
                if getattr(item, "fatal", False):
                    raise ImportRejected(item.message, item.line)
                yield item.line, item.message
                continue
            if not item.source.strip() or not item.target.strip():
                yield item.line, "empty source or target"
                continue
            yield item.line, segment_store.RawPair(
                item.source, item.target, source_lang=item.source_lang, target_lang=item.target_lang,
                document=document or item.document, context_before=item.context_before or "",
                context_after=item.context_after or "", origin=item.origin or "import",
                created_at=item.created_at)
    else:
        raise ImportRejected(f"unknown format {fmt!r}; use tmx or csv")


def import_stream(db: Database, fileobj: BinaryIO, fmt: str, who: str, *, mode: str = "atomic",
                  dry_run: bool = False, source_lang: str | None = None, document: str | None = None,
                  filename: str = "", digest: str = "", progress: Callable[[int], None] | None = None,
                  batch: int = BATCH) -> ImportReport:
    """Import a TMX or CSV stream. See the module docstring for the two commit modes."""
    report = ImportReport(dry_run=dry_run)
    session = db.sessions()
    skip = 0
    job: ImportJob | None = None
    try:
        if mode == "resumable" and not dry_run:
            job = _job_for(session, fmt, filename, digest)
            skip = job.units_done
            report.job_id = job.id
            report.units_done = skip
            session.commit()
        docs: dict[str, int] = {}
        pending: list[segment_store.RawPair] = []
        seen = 0
        preparer = _Preparer()

        def store(prepared: list[segment_store.PreparedPair], units_done: int) -> None:
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
        if dry_run:
            session.rollback()
            report.committed = False
        else:
            if job is not None:
                job = session.merge(job)
                job.status, job.finished_at, job.errors = "done", utcnow(), report.errors[:50]
            session.commit()
        return report
    except ImportRejected as exc:
        session.rollback()
        if job is not None:
            _fail_job(db, report.job_id, str(exc))
        exc.errors = report.errors
        raise
    except BaseException:
        session.rollback()
        if job is not None:
            _fail_job(db, report.job_id, "interrupted")
        raise
    finally:
        session.close()


class _Preparer:
    """Computes normalized forms and keys for batch k in a second process while this one parses batch k+1
    and stores batch k-1 (a pipeline two batches deep). Small imports never start the process."""

    def __init__(self) -> None:
        self._pool = None
        self._queue: list[tuple[Any, int]] = []

    def submit(self, batch: list[segment_store.RawPair], units_done: int):
        """Queue a batch; yield (prepared pairs, units done) of batches that are ready to store, in order."""
        if self._pool is None and not self._queue:
            self._queue.append((_Done(segment_store.prepare_many(batch)), units_done))
        else:
            if self._pool is None:
                self._pool = multiprocessing.get_context("fork").Pool(1) if _can_fork() else None
            work = (self._pool.apply_async(segment_store.prepare_many, (batch,)) if self._pool is not None
                    else _Done(segment_store.prepare_many(batch)))
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
    from service.storage import dialect

    total = 0
    while True:
        with db.session() as session:
            done = dialect.catch_up_concordance(session)
        if not done:
            return total
        total += done
        if progress:
            progress(total)


def _job_for(session: Session, fmt: str, filename: str, digest: str) -> ImportJob:
    """The unfinished job for this very file (same content hash), or a new one."""
    if digest:
        job = session.scalar(select(ImportJob).where(ImportJob.file_hash == digest, ImportJob.kind == f"tm-{fmt}",
                                                     ImportJob.status != "done").order_by(ImportJob.id.desc()))
        if job is not None:
            job.status = "running"
            return job
    job = ImportJob(kind=f"tm-{fmt}", filename=filename[:500], file_hash=digest, status="running", units_done=0,
                    created=0, skipped=0, errors=[])
    session.add(job)
    session.flush()
    return job


def _fail_job(db: Database, job_id: int | None, message: str) -> None:
    if job_id is None:
        return
    with db.session() as s:
        job = s.get(ImportJob, job_id)
        if job is not None and job.status != "done":
            job.status = "failed"
            job.errors = list(job.errors or []) + [{"line": None, "message": message}]


# ------------------------------------------------------------------ export

def _unit_from_row(row: Segment) -> tmx.TranslationUnit:
    extra = row.extra or {}

    def variant(side: str, lang: str, text: str) -> tmx.Variant:
        info = extra.get(side, {})
        return tmx.Variant(lang=lang, text=info.get("text", text), inline=info.get("inline", []),
                           props=info.get("props", []), notes=info.get("notes", []), attrs=info.get("attrs", {}))

    props = list(extra.get("props", []))
    known = {p.get("type") for p in props}
    doc = row.document.name if row.document else None
    for name, value in (("x-document", doc), ("x-context-before", row.context_before),
                        ("x-context-after", row.context_after), ("x-origin", row.origin)):
        if value and name not in known and not (name == "x-origin" and value == "import"):
            props.append({"type": name, "value": value, "attrs": {}})
    return tmx.TranslationUnit(
        source=variant("source", row.source_lang, row.source), target=variant("target", row.target_lang, row.target),
        tuid=extra.get("tuid"), props=props, notes=extra.get("notes", []), attrs=extra.get("attrs", {}),
        created_at=row.created_at, created_by=extra.get("created_by") or row.created_by or None,
    )


class _QueueSink(io.RawIOBase):
    """A binary file object whose writes become chunks on a bounded queue."""

    def __init__(self, q: "queue.Queue[bytes | None]") -> None:
        self.q = q
        self.buffer: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        data = bytes(b)
        self.buffer.append(data)
        self.size += len(data)
        if self.size >= 1 << 16:
            self.flush_chunk()
        return len(data)

    def flush_chunk(self) -> None:
        if self.buffer:
            self.q.put(b"".join(self.buffer))
            self.buffer, self.size = [], 0


def stream_writer(write: Callable[[BinaryIO], Any]) -> Iterator[bytes]:
    """Run a writer that wants a file object, and yield what it writes in chunks of about 64 KiB.

    The writer runs in a thread behind a small bounded queue, so a large export never sits in memory whole.
    """
    q: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
    failure: list[BaseException] = []
    sink = _QueueSink(q)

    def run() -> None:
        try:
            write(sink)
            sink.flush_chunk()
        except BaseException as exc:  # handed to the consumer below
            failure.append(exc)
        finally:
            q.put(None)

    thread = threading.Thread(target=run, name="yiku-export", daemon=True)
    thread.start()
    while (chunk := q.get()) is not None:
        yield chunk
    thread.join()
    if failure:
        raise failure[0]


def export_tmx(rows: Iterable[Segment]) -> Iterator[bytes]:
    """TMX 1.4b, written incrementally as rows arrive."""
    return stream_writer(lambda sink: tmx.write_tmx((_unit_from_row(r) for r in rows), sink))


def _csv_unit(row: Segment) -> tm_csv.CsvUnit:
    return tm_csv.CsvUnit(
        source=row.source, target=row.target, source_lang=row.source_lang, target_lang=row.target_lang,
        document=row.document.name if row.document else None, context_before=row.context_before or None,
        context_after=row.context_after or None, origin=row.origin, created_at=row.created_at)


def export_csv(rows: Iterable[Segment], *, bom: bool = False) -> Iterator[bytes]:
    def write(sink: BinaryIO) -> None:
        text = io.TextIOWrapper(sink, encoding="utf-8", newline="", write_through=True)
        tm_csv.write_csv((_csv_unit(r) for r in rows), text, bom=bom)
        text.flush()
        text.detach()

    return stream_writer(write)


def write_export(chunks: Iterable[bytes], out: IO[bytes]) -> int:
    size = 0
    for chunk in chunks:
        out.write(chunk)
        size += len(chunk)
    return size
