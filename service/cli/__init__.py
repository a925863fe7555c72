"""The `yiku` command line. Every command goes through the application layer (service.application); each
feature's commands live in a module of their own, registered on the group below."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Yiku (译库): translation memory and glossary for official Chinese."""


def _register() -> None:
    from service.cli import accounts, align, backup, glossary, memory, server, text, xliff

    for module in (server, accounts, glossary, memory, text, xliff, align, backup):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
