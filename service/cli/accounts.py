"""`yiku token` and `yiku user`: API tokens and the users of the web pages."""

from __future__ import annotations

import click

from service.cli.common import database


@click.group()
def token() -> None:
    """API tokens (stored hashed; shown once)."""


@token.command("create")
@click.option("--role", type=click.Choice(["editor", "admin"]), required=True)
@click.option("--name", default="", help="Who or what the token is for.")
def token_create(role: str, name: str) -> None:
    """Create a token and print it once."""
    from service.application.accounts import create_token

    with database().session() as session:
        row, plain = create_token(session, role, name)
        token_id = row.id
    click.echo(plain)
    click.echo(f"token {token_id} ({role}) created; it is shown only now", err=True)


@token.command("list")
def token_list() -> None:
    """List tokens (never their values)."""
    from service.application.accounts import list_tokens

    with database(migrated=False).session() as session:
        for row in list_tokens(session):
            state = "revoked" if row.revoked_at else "active"
            click.echo(f"{row.id}\t{row.role}\t{state}\t{row.prefix}…\t{row.name}")


@token.command("revoke")
@click.argument("token_id", type=int)
def token_revoke(token_id: int) -> None:
    """Revoke a token by id."""
    from service.application.accounts import revoke_token

    with database(migrated=False).session() as session:
        if not revoke_token(session, token_id):
            raise click.ClickException(f"no active token {token_id}")
    click.echo(f"token {token_id} revoked")


@click.group()
def user() -> None:
    """Users of the web pages."""


@user.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(["editor", "admin"]), required=True)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="At least 8 characters (asked for when not given).",
)
def user_create(username: str, role: str, password: str) -> None:
    """Create a user who can sign in to edit."""
    from service.application.accounts import create_user

    try:
        with database().session() as session:
            create_user(session, username, password, role)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"user {username} ({role}) created")


COMMANDS = [token, user]
