"""A write the database refuses for reasons of concurrency alone is rolled back and run again, a few times
with backoff: SQLite lets one writer in at a time and refuses a write outright when the transaction read an
older snapshot ("database is locked"); PostgreSQL breaks deadlocks and serialization conflicts by failing
one of the transactions (SQLSTATE 40P01, 40001)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, request
from sqlalchemy.exc import OperationalError

SQLITE_BUSY_RETRIES = 8


RETRYABLE_SQLSTATES = ("40P01", "40001")  # deadlock detected, serialization failure


def _sqlite_busy(exc: OperationalError) -> bool:
    """A refusal that running the same request again can get past."""
    if getattr(exc.orig, "sqlstate", None) in RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(exc.orig) or "database table is locked" in str(exc.orig)


def run_retrying_when_busy(view: Callable, args: tuple, kwargs: dict) -> Any:
    """Run a view; when SQLite reports the database busy, roll the request's session back and run it again."""
    from service.http.context import db_session

    attempt = 0
    while True:
        try:
            return view(*args, **kwargs)
        except OperationalError as exc:
            attempt += 1
            if not _sqlite_busy(exc) or attempt >= SQLITE_BUSY_RETRIES:
                raise
            db_session().rollback()
            time.sleep(0.01 * 2**attempt * (1 + random.random()))


def retry_form_posts(app: Flask, blueprint: str) -> None:
    """Give a blueprint's POST views the same retry; uploads are not retried (their stream is read once)."""
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(blueprint + ".") or "POST" not in (rule.methods or ()):
            continue
        view = app.view_functions[rule.endpoint]

        @wraps(view)
        def retrying(*args, _view=view, **kwargs):
            if request.method != "POST" or request.files:
                return _view(*args, **kwargs)
            return run_retrying_when_busy(_view, args, kwargs)

        app.view_functions[rule.endpoint] = retrying
