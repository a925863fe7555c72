"""`yiku backup OUT` then `yiku restore IN` into an empty database gives the same rows, table by table
(SQLite online backup; pg_dump/pg_restore on PostgreSQL). A restore over data needs --force."""

from __future__ import annotations

import itertools
import os

import pytest
from sqlalchemy import create_engine, inspect, text

from tests.helpers import auth

TABLES = ["terms", "term_history", "segments", "documents", "memory_changes", "api_tokens", "meta"]
_names = itertools.count()


@pytest.fixture
def empty_db_url(db_url, tmp_path):
    """A second database with nothing in it (not even the schema)."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    admin = create_engine(os.environ["YIKU_PG_ADMIN_URL"], isolation_level="AUTOCOMMIT")
    name = f"yiku_restore_{os.getpid()}_{next(_names)}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    yield os.environ["YIKU_PG_ADMIN_URL"].rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def _populate(client, editor_token: str, admin_token: str) -> None:
    for i, (src, tgt) in enumerate(
        [
            ("国务院", "State Council"),
            ("外交部", "Ministry of Foreign Affairs"),
            ("退役军人事务部", "Ministry of Veterans Affairs"),
        ]
    ):
        term = client.post(
            "/api/v1/terms",
            json={"source": src, "target": tgt, "variants": [src + "（简称）"], "note": f"备注 {i} \"quoted\" 'x'"},
            headers=auth(editor_token),
        ).get_json()
        client.patch(
            f"/api/v1/terms/{term['id']}", json={"target": tgt + " (PRC)", "version": 1}, headers=auth(editor_token)
        )
    client.delete("/api/v1/terms/3?version=2", headers=auth(editor_token))
    pairs = [
        {
            "source": f"第{i}次全体会议在北京举行。",
            "target": f"Plenary session {i} was held in Beijing.",
            "document": f"公报-{i % 3}",
            "context_before": "前文",
            "origin": "human",
        }
        for i in range(40)
    ]
    resp = client.post("/api/v1/segments", json={"pairs": pairs}, headers=auth(editor_token))
    assert resp.status_code == 201, resp.get_json()
    tmx = (
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh-CN"/><body>'
        '<tu tuid="t1"><prop type="x-note">保留</prop><tuv xml:lang="zh-CN"><seg>会议<bpt i="1">&lt;b&gt;</bpt>'
        '闭幕<ept i="1">&lt;/b&gt;</ept>。</seg></tuv><tuv xml:lang="en"><seg>The meeting closed.</seg></tuv>'
        "</tu></body></tmx>"
    ).encode()
    resp = client.post(
        "/api/v1/tm/import?format=tmx", data=tmx, headers={**auth(admin_token), "Content-Type": "application/x-tmx+xml"}
    )
    assert resp.status_code == 200 and resp.get_json()["created"] == 1, resp.get_json()


def _dump(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    try:
        names = set(inspect(engine).get_table_names())
        out = {}
        with engine.connect() as conn:
            for table in TABLES:
                assert table in names, f"{table} missing in {url}"
                key = "name" if table == "meta" else "id"
                out[table] = [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY {key}"))]
        return out
    finally:
        engine.dispose()


@pytest.mark.parametrize("target", ["never-migrated", "migrated"])
def test_backup_restore_round_trip(
    app, client, editor_token, admin_token, db_url, empty_db_url, yiku, tmp_path, target
):
    _populate(client, editor_token, admin_token)
    backup = tmp_path / "yiku.backup"
    yiku("backup", str(backup))
    assert backup.stat().st_size > 0
    # the state the backup holds (opening the database may first bring derived bookkeeping up to date)
    before = _dump(db_url)
    assert len(before["segments"]) == 41 and len(before["term_history"]) >= 7

    if target == "migrated":
        yiku("db", "upgrade", "--no-seed", database_url=empty_db_url)
    yiku("restore", str(backup), database_url=empty_db_url)
    after = _dump(empty_db_url)
    for table in TABLES:
        assert after[table] == before[table], f"{table} differs after restore"


def test_restore_over_data_needs_force(app, client, editor_token, admin_token, yiku, tmp_path):
    _populate(client, editor_token, admin_token)
    backup = tmp_path / "yiku.backup"
    yiku("backup", str(backup))
    refused = yiku("restore", str(backup), check=False)
    assert refused.returncode != 0 and "--force" in refused.stderr
    yiku("restore", "--force", str(backup))


def test_restore_refuses_a_file_that_is_not_a_backup(yiku, tmp_path):
    bogus = tmp_path / "not-a-backup"
    bogus.write_bytes(b"<tmx/>\n" * 10)
    refused = yiku("restore", str(bogus), check=False)
    assert refused.returncode != 0 and "not a Yiku backup" in refused.stderr
