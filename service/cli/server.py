"""`yiku serve` and `yiku db`: serving HTTP and the database schema."""

from __future__ import annotations

import os

import click

from service.cli.common import database, settings

# ------------------------------------------------------------------ serve


@click.command()
@click.option(
    "--host",
    default=lambda: os.environ.get("YIKU_HOST", "127.0.0.1"),
    show_default="127.0.0.1",
    help="Address to listen on (env YIKU_HOST).",
)
@click.option(
    "--port",
    type=int,
    default=lambda: int(os.environ.get("YIKU_PORT", "5000")),
    show_default="5000",
    help="Port to listen on (env YIKU_PORT).",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    default=1,
    show_default=True,
    help="gunicorn worker processes; 0 runs Flask's development server.",
)
@click.option("--no-seed", is_flag=True, help="Do not load the starter glossary into an empty database.")
def serve(host: str, port: int, workers: int, no_seed: bool) -> None:
    """Migrate the database, seed the starter glossary on first run, and serve HTTP."""
    from service.application.database import prepare_database
    from service.application.runtime import Runtime
    from service.http.app import create_app

    config = settings()
    runtime = Runtime(config)
    info = prepare_database(runtime.db, seed=not no_seed)
    click.echo(
        f"database {runtime.db.dialect} at revision {info['revision']}"
        + (f", loaded {info['seeded']} starter terms" if info["seeded"] else ""),
        err=True,
    )
    runtime.warm_up()  # matcher and memory index built once, before any worker forks
    app = create_app(config, runtime)
    if workers == 0:
        app.run(host=host, port=port, threaded=True)
        return
    from service.http.wsgi import run_gunicorn

    run_gunicorn(app, host=host, port=port, workers=workers)


# ------------------------------------------------------------------ database


@click.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--no-seed", is_flag=True, help="Do not load the starter glossary into an empty database.")
def db_upgrade(no_seed: bool) -> None:
    """Apply all migrations (and seed the starter glossary into an empty database)."""
    from service.application.database import prepare_database

    info = prepare_database(database(migrated=False), seed=not no_seed)
    click.echo(f"at revision {info['revision']}; starter terms loaded: {info['seeded']}")


@db.command("current")
def db_current() -> None:
    """Print the schema revision of the database."""
    from service.application.database import revisions

    current, head = revisions(database(migrated=False))
    click.echo(f"{current} (head {head})")


COMMANDS = [serve, db]
