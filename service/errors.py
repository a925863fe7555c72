"""The errors every layer shares: storage raises them, the application passes them on, HTTP and the command
line turn them into a status or a message. Nothing else lives here, so any layer may import it."""

from __future__ import annotations

from typing import Any


class NotFound(LookupError):
    """No row with that id."""


class Conflict(Exception):
    """The write was based on a stale version, or would duplicate a stored term or pair."""

    def __init__(self, message: str, current: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.current = current


class InvalidTerm(ValueError):
    """A term that breaks the glossary's rules; `errors` lists (field, message)."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m in errors))
        self.errors = errors


class NotAllowed(PermissionError):
    """The principal's role does not allow this change (an editor approving a term)."""


class BadCursor(ValueError):
    """A paging cursor this server did not issue."""
