"""Every SQLite connection gets the settings the service relies on: WAL with a 64 MB checkpoint interval,
foreign keys enforced, a lock wait instead of an immediate "database is locked", a 64 MB page cache."""

from __future__ import annotations

from service.storage.db import Database


def test_each_sqlite_connection_is_configured(tmp_path):
    database = Database(f"sqlite:///{tmp_path}/settings.db")
    try:
        with database.engine.connect() as conn:
            value = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert value("journal_mode") == "wal"
            assert value("foreign_keys") == 1
            assert value("busy_timeout") == 30000
            assert value("synchronous") == 1  # NORMAL: with WAL, durable at checkpoints and never corrupt
            assert value("cache_size") == -65536
            assert value("wal_autocheckpoint") == 16000
    finally:
        database.dispose()
