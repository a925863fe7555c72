"""The SQLite concordance index holds exactly the pairs up to its mark; bulk imports defer it, searches stay
complete meanwhile, and catching up leaves an index that passes FTS5's own integrity check. On PostgreSQL the
pg_trgm index is kept by the database itself: nothing ever waits, and the same searches give the same results."""

from __future__ import annotations

import io

from sqlalchemy import text

from service.application.memory_exchange import catch_up_concordance, import_stream
from service.storage import dialect


def _csv(rows):
    body = "source,target\r\n" + "".join(f"{s},{t}\r\n" for s, t in rows)
    return io.BytesIO(body.encode())


def _search(client, q):
    return sorted(s["source"] for s in client.get(f"/api/v1/segments?q={q}&limit=500").json["items"])


def _integrity(database):
    """FTS5 raises if its index does not match the content table; PostgreSQL keeps its own indexes."""
    if database.dialect == "sqlite":
        with database.session() as s:
            s.execute(text("INSERT INTO segments_fts(segments_fts, rank) VALUES ('integrity-check', 1)"))


def _waiting(database, count):
    return count if database.dialect == "sqlite" else 0


def test_bulk_import_is_searchable_before_and_after_catch_up(client, app):
    database = app.extensions["yiku"].db
    rows = [(f"第{i}次会议在广州召开。", f"Meeting {i} was held in Guangzhou.") for i in range(50)]
    report = import_stream(database, _csv(rows), "csv", "test")
    assert report.created == 50
    with database.session() as s:
        assert dialect.concordance_pending(s) == _waiting(database, 50)
    before = _search(client, "广州召开")
    assert len(before) == 50
    assert len(_search(client, "Guangzhou")) == 50
    assert catch_up_concordance(database) == _waiting(database, 50)
    with database.session() as s:
        assert dialect.concordance_pending(s) == 0
    assert _search(client, "广州召开") == before
    _integrity(database)


def test_writes_while_rows_wait_keep_the_index_exact(client, app, editor_token):
    from tests.helpers import auth

    database = app.extensions["yiku"].db
    import_stream(database, _csv([(f"第{i}项任务已经完成。", f"Task {i} is done.") for i in range(10)]), "csv", "t")
    # a single write while imported rows wait: it waits too, so the mark never skips a row
    client.post(
        "/api/v1/segments",
        json={"source": "会议在深圳召开。", "target": "Held in Shenzhen."},
        headers=auth(editor_token),
    )
    with database.session() as s:
        assert dialect.concordance_pending(s) == _waiting(database, 11)
    waiting = client.get("/api/v1/segments?q=任务已经完成&limit=1").json["items"][0]["id"]
    assert client.delete(f"/api/v1/segments/{waiting}", headers=auth(editor_token)).status_code == 200
    assert catch_up_concordance(database) == _waiting(database, 10)
    assert len(_search(client, "任务已经完成")) == 9 and _search(client, "深圳召开") == ["会议在深圳召开。"]
    # nothing waits now: the next single write is indexed at once
    client.post(
        "/api/v1/segments", json={"source": "会议在珠海召开。", "target": "Held in Zhuhai."}, headers=auth(editor_token)
    )
    with database.session() as s:
        assert dialect.concordance_pending(s) == 0
    _integrity(database)


def test_an_api_import_is_indexed_in_the_background_and_close_waits_for_it(client, app, admin_token):
    from tests.helpers import auth

    runtime = app.extensions["yiku"]
    for n in range(3):  # imports that arrive while the indexer runs are picked up by the same thread
        body = "source,target\r\n" + "".join(
            f"第{n}批第{i}条已经完成。,Batch {n} item {i} done.\r\n" for i in range(200)
        )
        resp = client.post(
            "/api/v1/tm/import?format=csv",
            headers=auth(admin_token),
            data={"file": (io.BytesIO(body.encode()), "tm.csv")},
            content_type="multipart/form-data",
        )
        assert resp.status_code == 200 and resp.json["created"] == 200
    indexer = runtime._indexer
    runtime.close()
    assert indexer is None or not indexer.is_alive()
    assert runtime._indexer is None
    with runtime.db.session() as s:
        assert dialect.concordance_pending(s) == 0
    _integrity(runtime.db)
    assert len(_search(client, "已经完成")) == 500  # the API pages at 500; 600 pairs match


def test_a_batched_import_looks_each_document_up_once_and_logs_every_pair(app):
    """Committed batches keep their document ids (documents are never deleted), and the change log the
    workers follow gets one `add` per stored pair, in id order."""
    from sqlalchemy import event

    database = app.extensions["yiku"].db
    body = "source,target,document\r\n" + "".join(
        f"第{i}项工作已经完成。,Task {i} is done.,{'甲乙'[i % 2]}\r\n" for i in range(60)
    )
    lookups = []

    def count(_conn, _cursor, statement, *_args):
        if "FROM documents" in statement:
            lookups.append(statement)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        report = import_stream(
            database,
            io.BytesIO(body.encode()),
            "csv",
            "t",
            mode="resumable",
            batch=10,
            filename="docs.csv",
            digest="d" * 64,
        )
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    assert report.created == 60
    assert len(lookups) == 2  # one per document, not one per document per batch
    with database.session() as s:
        logged = s.execute(text("SELECT segment_id, op FROM memory_changes ORDER BY id")).all()
        stored = s.execute(text("SELECT id FROM segments ORDER BY id")).scalars().all()
    assert [segment_id for segment_id, _ in logged] == stored and {op for _, op in logged} == {"add"}
