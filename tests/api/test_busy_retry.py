"""Refusals caused only by concurrency are retried; other database errors are not."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from service.http.busy import run_retrying_when_busy


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize("orig", [sqlite3.OperationalError("database is locked"), _PgError("40P01"), _PgError("40001")])
def test_concurrency_refusals_are_run_again(app, orig):
    calls = []

    def view():
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("INSERT", {}, orig)
        return "done"

    with app.test_request_context():
        assert run_retrying_when_busy(view, (), {}) == "done"
    assert len(calls) == 3


def test_other_errors_are_not_retried(app):
    calls = []

    def view():
        calls.append(1)
        raise OperationalError("INSERT", {}, _PgError("42P01"))  # undefined table

    with app.test_request_context(), pytest.raises(OperationalError):
        run_retrying_when_busy(view, (), {})
    assert len(calls) == 1
