"""`yiku terms`: glossary import and export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from service.cli.common import database, format_choice, format_of


@click.group()
def terms() -> None:
    """Glossary import and export (CSV, TBX)."""


@terms.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format", "fmt", type=format_choice("glossary"), help="Default: from the file name, or else its content."
)
@click.option("--dry-run", is_flag=True, help="Check the file and report; store nothing.")
def terms_import(file: str, fmt: str | None, dry_run: bool) -> None:
    """Import terms; all-or-nothing: one bad line and nothing is stored."""
    from service.application.glossary import import_terms

    fmt = format_of(file, fmt, "glossary")
    with database().sessions() as session:
        report = import_terms(session, Path(file).read_bytes(), fmt, "cli", dry_run=dry_run)
    click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    if report.errors:
        sys.exit(1)


@terms.command("export")
@click.option("--format", "fmt", type=format_choice("glossary"), default="csv", show_default=True)
@click.option("--bom", is_flag=True, help="Start the CSV with a BOM (for Excel).")
@click.argument("out", type=click.Path(dir_okay=False, allow_dash=True), default="-")
def terms_export(fmt: str, bom: bool, out: str) -> None:
    """Export the glossary to OUT (default: standard output)."""
    from service.application.glossary import export_terms

    with database().sessions() as session:
        data = export_terms(session, fmt, bom=bom)
    if out == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(out).write_bytes(data)


COMMANDS = [terms]
