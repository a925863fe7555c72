"""The `yiku` command line: serve, database, tokens and users, and the import/export/report commands."""
from __future__ import annotations

import os

import click

from service.config import Settings


def _settings() -> Settings:
    return Settings()


def _db():
    from service.storage.db import Database

    return Database(_settings().database_url)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Yiku (译库): translation memory and glossary for official Chinese."""


# ------------------------------------------------------------------ serve

@main.command()
@click.option("--host", default=lambda: os.environ.get("YIKU_HOST", "127.0.0.1"), show_default="127.0.0.1",
              help="Address to listen on (env YIKU_HOST).")
@click.option("--port", type=int, default=lambda: int(os.environ.get("YIKU_PORT", "5000")), show_default="5000",
              help="Port to listen on (env YIKU_PORT).")
@click.option("--workers", type=click.IntRange(0, 64), default=1, show_default=True,
              help="gunicorn worker processes; 0 runs Flask's development server.")
@click.option("--no-seed", is_flag=True, help="Do not load the starter glossary into an empty database.")
def serve(host: str, port: int, workers: int, no_seed: bool) -> None:
    """Migrate the database, seed the starter glossary on first run, and serve HTTP."""
    from service.http.app import create_app
    from service.application.database import prepare_database
    from service.application.runtime import Runtime

    settings = _settings()
    runtime = Runtime(settings)
    info = prepare_database(runtime.db, seed=not no_seed)
    click.echo(f"database {runtime.db.dialect} at revision {info['revision']}"
               + (f", loaded {info['seeded']} starter terms" if info["seeded"] else ""), err=True)
    runtime.warm_up()  # matcher and memory index built once, before any worker forks
    app = create_app(settings, runtime)
    if workers == 0:
        app.run(host=host, port=port, threaded=True)
        return
    from service.http.wsgi import run_gunicorn

    run_gunicorn(app, host=host, port=port, workers=workers)


# ------------------------------------------------------------------ database

@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--no-seed", is_flag=True, help="Do not load the starter glossary into an empty database.")
def db_upgrade(no_seed: bool) -> None:
    """Apply all migrations (and seed the starter glossary into an empty database)."""
    from service.application.database import prepare_database

    info = prepare_database(_db(), seed=not no_seed)
    click.echo(f"at revision {info['revision']}; starter terms loaded: {info['seeded']}")


@db.command("current")
def db_current() -> None:
    """Print the schema revision of the database."""
    from service.storage import migrate

    database = _db()
    click.echo(f"{migrate.current_revision(database.engine)} (head {migrate.head_revision(database.engine)})")


# ------------------------------------------------------------------ tokens and users

@main.group()
def token() -> None:
    """API tokens (stored hashed; shown once)."""


@token.command("create")
@click.option("--role", type=click.Choice(["editor", "admin"]), required=True)
@click.option("--name", default="", help="Who or what the token is for.")
def token_create(role: str, name: str) -> None:
    """Create a token and print it once."""
    from service.application.database import prepare_database
    from service.storage.accounts import create_token

    database = _db()
    prepare_database(database, seed=False)
    with database.session() as session:
        row, plain = create_token(session, role, name)
        token_id = row.id
    click.echo(plain)
    click.echo(f"token {token_id} ({role}) created; it is shown only now", err=True)


@token.command("list")
def token_list() -> None:
    """List tokens (never their values)."""
    from service.storage.accounts import list_tokens

    with _db().session() as session:
        for row in list_tokens(session):
            state = "revoked" if row.revoked_at else "active"
            click.echo(f"{row.id}\t{row.role}\t{state}\t{row.prefix}…\t{row.name}")


@token.command("revoke")
@click.argument("token_id", type=int)
def token_revoke(token_id: int) -> None:
    """Revoke a token by id."""
    from service.storage.accounts import revoke_token

    with _db().session() as session:
        if not revoke_token(session, token_id):
            raise click.ClickException(f"no active token {token_id}")
    click.echo(f"token {token_id} revoked")


@main.group()
def user() -> None:
    """Users of the web pages."""


@user.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(["editor", "admin"]), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="At least 8 characters (asked for when not given).")
def user_create(username: str, role: str, password: str) -> None:
    """Create a user who can sign in to edit."""
    from service.application.database import prepare_database
    from service.storage.accounts import create_user

    database = _db()
    prepare_database(database, seed=False)
    try:
        with database.session() as session:
            create_user(session, username, password, role)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"user {username} ({role}) created")


def _register_data_commands() -> None:
    from service.cli.data import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_data_commands()
