"""`yiku xliff`: the XLIFF round trip with a CAT tool."""

from __future__ import annotations

import json
from pathlib import Path

import click

from service.cli.common import read_text, settings


@click.group()
def xliff() -> None:
    """XLIFF 1.2 round trip: a text out with drafts, matches and terms; a translated file back into the memory."""


@xliff.command("export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="The XLIFF file to write.")
@click.option("--document", help="The document's name in the file (default: the text file's name).")
@click.option("--min-score", type=click.IntRange(0, 101), default=70, show_default=True)
def xliff_export(file: str, output: str, document: str | None, min_score: int) -> None:
    """Write a Chinese text as XLIFF 1.2: each segment with its best draft, the memory's matches as alt-trans and
    the glossary's terms in a note."""
    from service.application.database import prepare_database
    from service.application.runtime import Runtime

    rt = Runtime(settings())
    prepare_database(rt.db, seed=False)
    name = document or (Path(file).name if file != "-" else "document")
    with rt.db.session() as session:
        data = rt.xliff_export(session, read_text(file), document=name, min_score=min_score)
    Path(output).write_bytes(data)
    click.echo(f"wrote {output} ({len(data)} bytes)", err=True)


@xliff.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--document", help="Store the pairs under this document (default: the file's original).")
@click.option("--user", default="cli", show_default=True, help="Recorded as the pairs' author.")
def xliff_import(file: str, document: str | None, user: str) -> None:
    """Store the translated units of an XLIFF file (OmegaT, Trados, memoQ, Weblate, translate-toolkit) as memory
    pairs and print what was stored, with each pair's checks, as JSON."""
    from service.application.database import prepare_database
    from service.application.runtime import Runtime
    from service.formats.base import FormatRejected

    rt = Runtime(settings())
    prepare_database(rt.db, seed=False)
    with rt.db.session() as session:
        try:
            outcome = rt.xliff_import(session, Path(file).read_bytes(), user, document=document)
        except FormatRejected as exc:
            raise click.ClickException(f"the XLIFF file cannot be read: {exc.message}") from None
        if not outcome.items:
            raise click.ClickException("no translated unit in the file; nothing was stored")
        session.commit()
    click.echo(json.dumps(outcome.as_dict(), ensure_ascii=False, indent=2))


COMMANDS = [xliff]
