"""`yiku backup` and `yiku restore`."""

from __future__ import annotations

from pathlib import Path

import click

from service.cli.common import database


@click.command()
@click.argument("out", type=click.Path(dir_okay=False))
def backup(out: str) -> None:
    """A consistent snapshot of the database (SQLite online backup; pg_dump for PostgreSQL)."""
    from service.application.database import backup_to

    backup_to(database(), Path(out))
    click.echo(f"backup written to {out}", err=True)


@click.command()
@click.argument("src", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
def restore(src: str, force: bool) -> None:
    """Restore a backup made by `yiku backup` into the configured database."""
    from service.application.database import RestoreRefused, restore_from

    try:
        restore_from(database(migrated=False), Path(src), force=force)
    except RestoreRefused as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("restored", err=True)


COMMANDS = [backup, restore]
