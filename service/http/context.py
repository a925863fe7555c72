"""Request-scoped access to the application's state: one database Session per request, the runtime."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app, g
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from service.application.runtime import Runtime


def runtime() -> Runtime:
    return current_app.extensions["yiku"]


def db_session() -> Session:
    session = g.get("db_session")
    if session is None:
        session = runtime().db.sessions()
        g.db_session = session
    return session


def close_session(exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is None:
        return
    try:
        if exc is not None:
            session.rollback()
    finally:
        session.close()
