"""Shared fixtures: a fresh migrated database per test (SQLite file, or PostgreSQL when YIKU_TEST_DB=postgresql),
an app and client on it, and tokens. Tests that use the database are marked `storage` automatically, and
scripts/test runs them a second time on PostgreSQL."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from service.storage import migrate
from service.storage.db import Database

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("YIKU_SHARED_DIR") or ROOT.parent / "shared")
DB_FIXTURES = {"db_url", "database", "app", "client", "editor_token", "admin_token", "seeded_app"}
_counter = itertools.count()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.storage)


@pytest.fixture(scope="session")
def seed_article_path() -> Path:
    path = SHARED / "data" / "seed-article.txt"
    assert path.exists(), f"seed article not found at {path} (set YIKU_SHARED_DIR)"
    return path


@pytest.fixture(scope="session")
def seed_article(seed_article_path) -> str:
    return seed_article_path.read_text(encoding="utf-8")


def _using_postgres() -> bool:
    return os.environ.get("YIKU_TEST_DB") == "postgresql"


@pytest.fixture(scope="session")
def _template(tmp_path_factory):
    """Migrate once; each test then starts from a copy of the migrated database."""
    if _using_postgres():
        admin_url = os.environ["YIKU_PG_ADMIN_URL"]
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS yiku_tpl"))
            conn.execute(text("CREATE DATABASE yiku_tpl"))
        tpl = Database(admin_url.rsplit("/", 1)[0] + "/yiku_tpl")
        migrate.upgrade(tpl.engine)
        tpl.dispose()
        yield ("postgresql", admin)
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("tpl") / "template.db"
        tpl = Database(f"sqlite:///{path}")
        migrate.upgrade(tpl.engine)
        with tpl.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        tpl.dispose()
        yield ("sqlite", path)


@pytest.fixture
def db_url(_template, tmp_path) -> str:
    kind, handle = _template
    if kind == "sqlite":
        path = tmp_path / "yiku.db"
        shutil.copyfile(handle, path)
        yield f"sqlite:///{path}"
        return
    name = f"yiku_t{os.getpid()}_{next(_counter)}"
    with handle.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE yiku_tpl"))
    yield os.environ["YIKU_PG_ADMIN_URL"].rsplit("/", 1)[0] + "/" + name
    with handle.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
def database(db_url):
    db = Database(db_url)
    yield db
    left_open = db.engine.pool.checkedout()
    db.dispose()
    assert left_open == 0, f"{left_open} database connection(s) still checked out when the test ended"


@pytest.fixture
def settings(db_url, tmp_path):
    from service.config import Settings

    return Settings(database_url=db_url, data_dir=tmp_path / "data", secret_key="test-secret", testing=True)


@pytest.fixture
def app(settings):
    from service.http.app import create_app

    application = create_app(settings)
    yield application
    runtime = application.extensions["yiku"]
    runtime.wait_for_background()
    left_open = runtime.db.engine.pool.checkedout()
    runtime.close()
    # A session left open keeps its connection until the garbage collector finds it, possibly after the test
    # database is gone, where its rollback fails in whatever code happens to be running then.
    assert left_open == 0, f"{left_open} database connection(s) still checked out when the test ended"


@pytest.fixture
def client(app):
    return app.test_client()


def _token(app, role: str) -> str:
    from service.application.accounts import create_token

    with app.extensions["yiku"].db.session() as session:
        _row, plain = create_token(session, role, f"test-{role}")
    return plain


@pytest.fixture
def editor_token(app) -> str:
    return _token(app, "editor")


@pytest.fixture
def admin_token(app) -> str:
    return _token(app, "admin")
