"""`yiku align`: a Chinese document and its English version into aligned pairs."""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import click

from service.cli.common import read_text, settings

PROGRESS_FROM = 3000  # steps (about a thousand segments a side): a shorter document needs no bar


@click.command()
@click.argument("zh_file", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("en_file", type=click.Path(dir_okay=False, allow_dash=True), required=False)
@click.option("--format", "fmt", type=click.Choice(["tsv", "json", "tmx"]), default="tsv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of the standard output.")
@click.option("--store", is_flag=True, help="Store the pairs at or above --min-confidence in the memory.")
@click.option("--document", help="The document the stored pairs belong to (needed with --store).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.8, show_default=True)
def align(
    zh_file: str,
    en_file: str | None,
    fmt: str,
    output: str | None,
    store: bool,
    document: str | None,
    min_confidence: float,
) -> None:
    """Align ZH_FILE with its English version EN_FILE, or one bilingual file whose Chinese and English lines
    alternate (EN_FILE left out). Prints a bead per line as TSV (type, confidence, Chinese, English), or JSON, or
    writes the pairs as TMX."""
    from service.application.alignment import MissingSide, store_alignment
    from service.application.database import prepare_database
    from service.application.runtime import Runtime
    from service.formats.tmx import write_pairs
    from service.memory.pairs import StoredPair

    if store and not document:
        raise click.UsageError("--store needs --document")
    rt = Runtime(settings())
    prepare_database(rt.db, seed=False)
    texts = (
        {"text": read_text(zh_file)}
        if en_file is None
        else {"source": read_text(zh_file), "target": read_text(en_file)}
    )
    bar: Any = None
    told = 0

    def progress(done: int, total: int) -> None:
        """A bar on a terminal; elsewhere (a log) a line at every tenth of the work."""
        nonlocal bar, told
        if total < PROGRESS_FROM:
            return
        if not sys.stderr.isatty():
            tenth = done * 10 // total
            if tenth > told:
                told = tenth
                click.echo(f"aligning: {tenth * 10}%", err=True)
            return
        if bar is None:
            bar = click.progressbar(length=total, label="aligning", file=sys.stderr, show_eta=True)
            bar.__enter__()
        bar.update(done - bar.pos)

    with rt.db.session() as session:
        click.echo("aligning…", err=True)
        try:
            result = rt.align(session, progress=progress, **texts)
        except MissingSide as exc:
            raise click.ClickException(f"{exc} ({exc.side})") from None
        finally:
            if bar is not None:
                bar.__exit__(None, None, None)
        stored = None
        if store:
            stored = store_alignment(session, result, "cli", document=document or "", min_confidence=min_confidence)
            session.commit()
    if fmt == "json":
        body = json.dumps(
            {"beads": result.beads, "stats": result.stats, "stored": stored}, ensure_ascii=False, indent=2
        )
        data = (body + "\n").encode("utf-8")
    elif fmt == "tsv":
        lines = [
            "\t".join(
                (b["type"], f"{b['confidence']:.3f}", " ".join(b["source"].split()), " ".join(b["target"].split()))
            )
            for b in result.beads
        ]
        data = ("\n".join(lines) + "\n").encode("utf-8")
    else:
        pairs = [
            StoredPair(b["source"], b["target"], "zh-Hans", "en", document=document, origin="aligned")
            for b in result.beads
            if b["source"] and b["target"]
        ]
        buffer = io.BytesIO()
        write_pairs(pairs, buffer)
        data = buffer.getvalue()
    if output:
        with open(output, "wb") as out:
            out.write(data)
    else:
        sys.stdout.buffer.write(data)
    stats = result.stats
    summary = f"{stats['beads']} beads, {stats['low_confidence']} below {min_confidence}"
    if stored is not None:
        summary += f"; stored {stored['stored']} pairs, {len(stored['review'])} beads left for review"
    click.echo(summary, err=True)


COMMANDS = [align]
