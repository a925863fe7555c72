"""`yiku tm`: translation-memory import and export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from service.cli.common import database, format_choice, format_of


@click.group()
def tm() -> None:
    """Translation memory import and export (TMX 1.4b, CSV)."""


@tm.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=format_choice("memory"), help="Default: from the file name, or else its content.")
@click.option("--document", help="Store every pair under this document name.")
@click.option("--source-lang", help="Source language when the file does not say (e.g. zh-CN).")
@click.option("--atomic", is_flag=True, help="One transaction for the whole file instead of resumable batches.")
@click.option("--dry-run", is_flag=True, help="Read and check everything; store nothing.")
@click.option(
    "--defer-index",
    is_flag=True,
    help="SQLite: leave the concordance index of the new pairs to the server (searches stay complete "
    "meanwhile, only slower).",
)
def tm_import(
    file: str,
    fmt: str | None,
    document: str | None,
    source_lang: str | None,
    atomic: bool,
    dry_run: bool,
    defer_index: bool,
) -> None:
    """Import a memory file. By default commits whole batches and records progress, so an interrupted import
    of the same file resumes where it stopped; pairs already stored are never stored twice."""
    import time

    from service.application.memory_exchange import ImportRejected, catch_up_concordance, file_hash, import_stream

    fmt = format_of(file, fmt, "memory")
    db = database()
    size = Path(file).stat().st_size
    mode = "atomic" if atomic or dry_run else "resumable"
    digest = file_hash(file) if mode == "resumable" else ""
    with (
        open(file, "rb") as fh,
        click.progressbar(length=size, label="importing", file=sys.stderr, show_pos=False, show_percent=True) as bar,
    ):
        last = [0]

        def progress(_units: int) -> None:
            pos = fh.tell()
            bar.update(pos - last[0])
            last[0] = pos

        try:
            report = import_stream(
                db,
                fh,
                fmt,
                "cli",
                mode=mode,
                dry_run=dry_run,
                source_lang=source_lang,
                document=document,
                filename=Path(file).name,
                digest=digest,
                progress=progress,
            )
        except ImportRejected as exc:
            raise click.ClickException(
                f"file rejected at line {exc.line}: {exc}; "
                + (
                    "nothing was imported"
                    if mode == "atomic"
                    else "whole batches before it are kept; fix the file and run again"
                )
            ) from None
    out = report.as_dict()
    if report.refused:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        raise click.ClickException(report.refused)
    if not dry_run and not defer_index:
        started = time.perf_counter()
        out["concordance_indexed"] = catch_up_concordance(db)
        out["concordance_seconds"] = round(time.perf_counter() - started, 2)
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))


@tm.command("export")
@click.option("--format", "fmt", type=format_choice("memory"), default="tmx", show_default=True)
@click.option("--document", help="Only this document's pairs.")
@click.option("--bom", is_flag=True, help="CSV only: start with a BOM (for Excel).")
@click.argument("out", type=click.Path(dir_okay=False, allow_dash=True))
def tm_export(fmt: str, document: str | None, bom: bool, out: str) -> None:
    """Export the memory (or one document) to OUT, streaming."""
    from service.application.memory import iter_pairs
    from service.application.memory_exchange import export_pairs, write_export

    with database().session() as session:
        chunks = export_pairs(iter_pairs(session, document=document), fmt, bom=bom)
        if out == "-":
            size = write_export(chunks, sys.stdout.buffer)
        else:
            with open(out, "wb") as fh:
                size = write_export(chunks, fh)
    click.echo(f"wrote {size} bytes", err=True)


COMMANDS = [tm]
