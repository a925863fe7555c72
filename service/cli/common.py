"""What the command modules share: the settings, the database, reading a text file, a file's format."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from service.config import Settings

if TYPE_CHECKING:
    from service.application.database import Database
    from service.formats.base import Kind


def settings() -> Settings:
    return Settings()


def database(*, migrated: bool = True) -> Database:
    """The configured database, brought to the newest schema first (no seeding) unless `migrated` is off."""
    from service.application.database import open_database

    return open_database(settings().database_url, migrated=migrated)


def format_of(path: str, given: str | None, kind: Kind) -> str:
    """The format named by --format, or by the file name's extension, or else by the file's first bytes."""
    from service.formats import base as formats

    if given:
        return given
    head = b""
    if path != "-":
        try:
            with open(path, "rb") as file:
                head = file.read(formats.SNIFF_BYTES)
        except OSError:
            head = b""
    found = formats.detect(kind, path, head)
    if found is None:
        raise click.BadParameter(
            f"format must be one of {', '.join(formats.names(kind))} (from --format, the file name or its content)"
        )
    return found.name


def format_choice(kind: Kind) -> click.Choice:
    from service.formats import base as formats

    return click.Choice(list(formats.names(kind)))


def read_text(file: str) -> str:
    raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file} is not UTF-8 (byte {exc.start})") from None
