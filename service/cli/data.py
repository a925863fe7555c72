"""`yiku` commands that move and inspect data: glossary and memory import/export, segment, assist, score,
quality reports, backup and restore."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from service.config import Settings


def _database():
    from service.application.database import prepare_database
    from service.storage.db import Database

    db = Database(Settings().database_url)
    prepare_database(db, seed=False)
    return db


# ------------------------------------------------------------------ glossary

@click.group()
def terms() -> None:
    """Glossary import and export (CSV, TBX)."""


def _format_of(path: str, given: str | None, allowed: tuple[str, ...]) -> str:
    fmt = (given or Path(path).suffix.lstrip(".")).lower()
    if fmt not in allowed:
        raise click.BadParameter(f"format must be one of {', '.join(allowed)} (from --format or the file name)")
    return fmt


@terms.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "tbx"]), help="Default: from the file name.")
@click.option("--dry-run", is_flag=True, help="Check the file and report; store nothing.")
def terms_import(file: str, fmt: str | None, dry_run: bool) -> None:
    """Import terms; all-or-nothing: one bad line and nothing is stored."""
    from service.application.glossary_exchange import import_terms

    fmt = _format_of(file, fmt, ("csv", "tbx"))
    db = _database()
    with db.sessions() as session:
        report = import_terms(session, Path(file).read_bytes(), fmt, "cli", dry_run=dry_run)
    click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    if report.errors:
        sys.exit(1)


@terms.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "tbx"]), default="csv", show_default=True)
@click.option("--bom", is_flag=True, help="Start the CSV with a BOM (for Excel).")
@click.argument("out", type=click.Path(dir_okay=False, allow_dash=True), default="-")
def terms_export(fmt: str, bom: bool, out: str) -> None:
    """Export the glossary to OUT (default: standard output)."""
    from service.application.glossary_exchange import export_terms

    with _database().sessions() as session:
        data = export_terms(session, fmt, bom=bom)
    if out == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(out).write_bytes(data)


# ------------------------------------------------------------------ memory

@click.group()
def tm() -> None:
    """Translation memory import and export (TMX 1.4b, CSV)."""


@tm.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["tmx", "csv"]), help="Default: from the file name.")
@click.option("--document", help="Store every pair under this document name.")
@click.option("--source-lang", help="Source language when the file does not say (e.g. zh-CN).")
@click.option("--atomic", is_flag=True, help="One transaction for the whole file instead of resumable batches.")
@click.option("--dry-run", is_flag=True, help="Read and check everything; store nothing.")
@click.option("--defer-index", is_flag=True,
              help="SQLite: leave the concordance index of the new pairs to the server (searches stay complete "
                   "meanwhile, only slower).")
def tm_import(file: str, fmt: str | None, document: str | None, source_lang: str | None, atomic: bool,
              dry_run: bool, defer_index: bool) -> None:
    """Import a memory file. By default commits whole batches and records progress, so an interrupted import
    of the same file resumes where it stopped; pairs already stored are never stored twice."""
    import time

    from service.application.memory_exchange import ImportRejected, catch_up_concordance, file_hash, import_stream

    fmt = _format_of(file, fmt, ("tmx", "csv"))
    db = _database()
    size = Path(file).stat().st_size
    mode = "atomic" if atomic or dry_run else "resumable"
    digest = file_hash(file) if mode == "resumable" else ""
    with open(file, "rb") as fh, click.progressbar(length=size, label="importing", file=sys.stderr,
                                                   show_pos=False, show_percent=True) as bar:
        last = [0]

        def progress(_units: int) -> None:
            pos = fh.tell()
            bar.update(pos - last[0])
            last[0] = pos

        try:
            report = import_stream(db, fh, fmt, "cli", mode=mode, dry_run=dry_run, source_lang=source_lang,
                                   document=document, filename=Path(file).name, digest=digest, progress=progress)
        except ImportRejected as exc:
            raise click.ClickException(f"file rejected at line {exc.line}: {exc}; "
                                       + ("nothing was imported" if mode == "atomic"
                                          else "whole batches before it are kept; fix the file and run again"))
    out = report.as_dict()
    if not dry_run and not defer_index:
        started = time.perf_counter()
        out["concordance_indexed"] = catch_up_concordance(db)
        out["concordance_seconds"] = round(time.perf_counter() - started, 2)
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))


@tm.command("export")
@click.option("--format", "fmt", type=click.Choice(["tmx", "csv"]), default="tmx", show_default=True)
@click.option("--document", help="Only this document's pairs.")
@click.option("--bom", is_flag=True, help="CSV only: start with a BOM (for Excel).")
@click.argument("out", type=click.Path(dir_okay=False, allow_dash=True))
def tm_export(fmt: str, document: str | None, bom: bool, out: str) -> None:
    """Export the memory (or one document) to OUT, streaming."""
    from service.storage import segments as segment_store
    from service.application.memory_exchange import export_csv, export_tmx, write_export

    db = _database()
    with db.session() as session:
        rows = segment_store.iter_segments(session, document=document)
        chunks = export_tmx(rows) if fmt == "tmx" else export_csv(rows, bom=bom)
        if out == "-":
            size = write_export(chunks, sys.stdout.buffer)
        else:
            with open(out, "wb") as fh:
                size = write_export(chunks, fh)
    click.echo(f"wrote {size} bytes", err=True)


# ------------------------------------------------------------------ text tools

def _read_text(file: str) -> str:
    raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file} is not UTF-8 (byte {exc.start})") from None


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def segment(file: str, as_json: bool) -> None:
    """Show how a text is cleaned and segmented, with noise labels."""
    from service.text.pipeline import format_table, process, to_json

    segs = process(_read_text(file))
    if as_json:
        click.echo(json.dumps(to_json(segs), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(segs))


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="The full API response as JSON.")
@click.option("--min-score", type=click.IntRange(0, 101), default=70, show_default=True)
def assist(file: str, as_json: bool, min_score: int) -> None:
    """Terms, memory matches and drafts for a document, as the assist API gives them."""
    from service.application.runtime import Runtime

    settings = Settings()
    rt = Runtime(settings)
    from service.application.database import prepare_database

    prepare_database(rt.db, seed=False)
    with rt.db.session() as session:
        result = rt.assist(session, _read_text(file), min_score=min_score)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for seg in result["segments"]:
        label = f"[{seg['noise']}] " if seg["noise"] else ""
        click.echo(f"{seg['index']:>4} {seg['start']}-{seg['end']} {label}{seg['text'][:80]}")
        for hit in seg["terms"]:
            click.echo(f"       term  {hit['text']} → {hit['target']}")
        for match in seg["matches"]:
            click.echo(f"       {match['kind']:<7} {match['score']:>5}  {match['target'][:80]}")
        if seg["draft"]:
            click.echo(f"       draft {seg['draft'][:100]}")
    stats = result["stats"]
    click.echo(f"{stats['segments']} segments, {stats['noise_segments']} noise, {stats['terms']} term hits, "
               f"{stats['elapsed_ms']} ms", err=True)


@click.command()
@click.option("--hyp", type=click.Path(exists=True, dir_okay=False), required=True, help="Hypotheses, one a line.")
@click.option("--ref", "refs", type=click.Path(exists=True, dir_okay=False), multiple=True, required=True,
              help="References, one a line; repeat for more reference streams.")
@click.option("--target-lang", default="en", show_default=True)
def score(hyp: str, refs: tuple[str, ...], target_lang: str) -> None:
    """BLEU, chrF, chrF++ and TER, the figures sacrebleu's command line prints for the same files."""
    from service.quality.metrics import ReferenceShapeError, corpus_scores

    def lines(path: str) -> list[str]:
        return Path(path).read_text(encoding="utf-8").rstrip("\n").split("\n")

    try:
        scores = corpus_scores(lines(hyp), [lines(r) for r in refs], target_lang=target_lang).rounded(1)
    except ReferenceShapeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps({"bleu": scores.bleu, "chrf": scores.chrf, "chrf_pp": scores.chrf_pp, "ter": scores.ter,
                           "signatures": scores.signatures}, indent=2))


@click.group()
def quality() -> None:
    """Quality checks over the memory."""


@quality.command("report")
@click.option("--document", help="Only this document.")
@click.option("--worst", type=click.IntRange(1, 500), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def quality_report(document: str | None, worst: int, as_json: bool) -> None:
    """Totals by check and the worst pairs first."""
    from service.application.runtime import Runtime

    rt = Runtime(Settings())
    with rt.db.session() as session:
        report = rt.quality_report(session, document=document, worst=worst)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    mean = "n/a" if report["mean_score"] is None else f"{report['mean_score']:.1f}"
    click.echo(f"{report['pairs']} pairs, mean score {mean}")
    for code, n in report["by_code"].items():
        click.echo(f"  {code:<24} {n}")
    for w in report["worst"]:
        click.echo(f"  #{w['segment_id']:<8} {w['score']:>5.1f}  {','.join(w['codes'])}  {w['source'][:40]}")


# ------------------------------------------------------------------ backup

@click.command()
@click.argument("out", type=click.Path(dir_okay=False))
def backup(out: str) -> None:
    """A consistent snapshot of the database (SQLite online backup; pg_dump for PostgreSQL)."""
    from service.storage.backup import backup_database

    db = _database()
    backup_database(db, Path(out))
    click.echo(f"backup written to {out}", err=True)


@click.command()
@click.argument("src", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
def restore(src: str, force: bool) -> None:
    """Restore a backup made by `yiku backup` into the configured database."""
    from service.storage.backup import RestoreRefused, restore_database
    from service.storage.db import Database

    db = Database(Settings().database_url)
    try:
        restore_database(db, Path(src), force=force)
    except RestoreRefused as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("restored", err=True)


COMMANDS = [terms, tm, segment, assist, score, quality, backup, restore]
