"""Migrations on a populated database. 0004 rebuilds terms and segments with AUTOINCREMENT on SQLite: the
database keeps its rows, ids, indexes, concordance triggers and search results, and the downgrade restores the
plain tables. 0005 adds the admitted renderings of terms: stored terms get an empty list and keep everything
else, and the downgrade drops the column again. 0006 cleans stored sources, tags them by script and moves the
concordance index to the normalized source.

Rows are written with plain SQL before the upgrade: the models describe the newest schema."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from service.application import glossary as glossary_service
from service.application import memory as memory_service
from service.application.shapes import term_to_dict
from service.memory.pairs import RawPair
from service.storage import migrate
from service.storage.db import Database


def _schema(database: Database) -> dict[str, str]:
    with database.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT name, sql FROM sqlite_master WHERE tbl_name IN ('terms', 'segments') AND sql IS NOT NULL")
        )
        return {row[0]: row[1] for row in rows}


def _search(database: Database, q: str) -> list[int]:
    with database.session() as session:
        return sorted(row.id for row in memory_service.search_pairs(session, q=q, limit=50).items)


def test_populated_database_keeps_everything_and_stops_reusing_ids(tmp_path):
    database = Database(f"sqlite:///{tmp_path}/old.db")
    try:
        migrate.upgrade(database.engine, "0003")
        with database.engine.begin() as conn:
            for source in ("退役军人事务厅", "党组书记", "双拥"):
                _insert_term(conn, source, f"T {source}")
            for i in range(5):
                _insert_pair(conn, f"第{i}次会议在广州召开。", f"Meeting {i} in Guangzhou.")
        with database.engine.begin() as conn:
            assert conn.execute(text("SELECT MAX(id) FROM terms")).scalar() == 3
            conn.execute(text("DELETE FROM terms WHERE id = 3"))
            conn.execute(text("DELETE FROM segments WHERE id = 5"))
        before_schema = _schema(database)
        before_rows = _rows(database)
        before_search = _fts_search(database, "广州召开")
        assert len(before_search) == 4

        migrate.upgrade(database.engine, "0004")
        assert migrate.current_revision(database.engine) == "0004"
        after_schema = _schema(database)
        assert "AUTOINCREMENT" in after_schema["terms"] and "AUTOINCREMENT" in after_schema["segments"]
        assert {k for k in after_schema if k not in ("terms", "segments")} == {
            k for k in before_schema if k not in ("terms", "segments")
        }  # every index and trigger is back
        assert _rows(database) == before_rows
        assert _fts_search(database, "广州召开") == before_search
        migrate.upgrade(database.engine)  # the newest schema, which the application writes
        assert _search(database, "广州召开") == before_search
        with database.session() as session:
            created = memory_service.store_pairs(
                session, [RawPair("会议在深圳召开。", "Held in Shenzhen.")], "t"
            ).created[0]
            term = glossary_service.create_term(
                session, {"source": "拥军优属", "target": "support", "category": "other"}, "t"
            )
        # ids below the highest ever used are not handed out again once AUTOINCREMENT tracks them
        assert created.id == 5 and term.id == 3  # the highest rows were deleted before the upgrade
        with database.session() as session:
            session.execute(text("DELETE FROM segments WHERE id = :i"), {"i": created.id})
            again = memory_service.store_pairs(session, [RawPair("会议在珠海召开。", "Held in Zhuhai.")], "t").created[
                0
            ]
        assert again.id == created.id + 1
        assert _search(database, "召开") == sorted(before_search + [again.id])  # triggers still index new pairs

        cfg = migrate.alembic_config(database.engine)
        with database.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003")
        assert "AUTOINCREMENT" not in _schema(database)["segments"]
        assert set(_schema(database)) == set(before_schema)
        assert _fts_search(database, "广州召开") == before_search
        migrate.upgrade(database.engine)
        assert "AUTOINCREMENT" in _schema(database)["segments"]
    finally:
        database.dispose()


def _insert_pair(conn, source: str, target: str, source_lang: str = "zh-Hans") -> None:
    """A pair written as revisions up to 0005 stored it: the source exactly as sent."""
    from service.memory.pairs import prepare

    p = prepare(source, target)
    conn.execute(
        text(
            "INSERT INTO segments (source, target, source_lang, target_lang, normalized_source, match_key, key_hash,"
            " context_hash, pair_hash, document_id, context_before, context_after, origin, extra, created_by,"
            " created_at, updated_at) VALUES (:source, :target, :lang, 'en', :norm, :key, :kh, NULL, :ph, NULL, '',"
            " '', 'human', '{}', 't', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        ),
        {
            "source": source,
            "target": target,
            "lang": source_lang,
            "norm": p.normalized,
            "key": p.key,
            "kh": p.key_hash,
            "ph": p.pair_hash,
        },
    )


def _fts_search(database: Database, q: str) -> list[int]:
    """The concordance index queried directly, as any revision's FTS table answers it."""
    with database.engine.connect() as conn:
        rows = conn.execute(text("SELECT rowid FROM segments_fts WHERE segments_fts MATCH :q"), {"q": f'"{q}"'})
        return sorted(row[0] for row in rows)


def test_sources_are_cleaned_tagged_by_script_and_found_in_either_script(tmp_path):
    """0006 on a memory stored before it: annotated traditional sources lose the pinyin (kept as sent in
    source_raw), are tagged zh-Hant, and concordance finds them from simplified and traditional queries; the
    downgrade restores every source as it was sent."""
    database = Database(f"sqlite:///{tmp_path}/old.db")
    try:
        migrate.upgrade(database.engine, "0005")
        with database.engine.begin() as conn:
            _insert_pair(conn, "發(fā)揮退役軍人在廣州的優勢作用", "Give play to veterans in Guangzhou")
            _insert_pair(conn, "全省会议在广州召开。", "The provincial meeting was held in Guangzhou.")
        before = _rows(database)[1]

        migrate.upgrade(database.engine, "0006")
        with database.session() as session:
            rows = {row.id: row for row in memory_service.search_pairs(session, limit=10).items}
        assert (
            rows[1].source == "發揮退役軍人在廣州的優勢作用"
            and rows[1].source_raw == "發(fā)揮退役軍人在廣州的優勢作用"
        )
        assert (rows[1].source_lang, rows[2].source_lang) == ("zh-Hant", "zh-Hans")
        assert rows[2].source_raw is None
        assert _search(database, "广州") == [1, 2] == _search(database, "廣州")  # two characters: scanned
        assert _search(database, "退役军人") == [1] == _search(database, "退役軍人")  # the trigram index
        assert _fts_search(database, "发挥退") == [1]
        with database.session() as session:  # a new pair is indexed by the new triggers
            memory_service.store_pairs(session, [RawPair("廣州市會議", "Guangzhou meeting")], "t")
        assert _search(database, "广州市") == [3]

        cfg = migrate.alembic_config(database.engine)
        with database.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0005")
        after = _rows(database)[1]
        assert [r[1] for r in after[:2]] == [r[1] for r in before]  # sources as sent again
        assert _fts_search(database, "發(fā)揮") == [1] and _fts_search(database, "廣州市") == [3]  # on source
    finally:
        database.dispose()


def _insert_term(conn, source: str, target: str, variants: str = "[]", forbidden: str = "[]") -> None:
    conn.execute(
        text(
            "INSERT INTO terms (source, source_key, target, category, status, variants, forbidden, note, domain,"
            " pattern, version, created_at, updated_at, created_by, updated_by) VALUES (:source, :source, :target,"
            " 'organization', 'approved', :variants, :forbidden, '', '', '', 1, '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00', 't', 't')"
        ),
        {"source": source, "target": target, "variants": variants, "forbidden": forbidden},
    )


def _term_columns(database: Database) -> list[str]:
    with database.engine.connect() as conn:
        return [row[1] for row in conn.exec_driver_sql("PRAGMA table_info(terms)")]


def test_admitted_renderings_column_on_a_populated_database(tmp_path):
    database = Database(f"sqlite:///{tmp_path}/old.db")
    try:
        migrate.upgrade(database.engine, "0004")
        with database.engine.begin() as conn:
            _insert_term(
                conn, "国家监察委员会", "National Supervisory Commission", forbidden='["Supervision Committee"]'
            )
            _insert_term(conn, "全国人民代表大会常务委员会", "Standing Committee of the National People's Congress")
        before = _rows(database)[0]

        migrate.upgrade(database.engine, "0005")
        assert "admitted" in _term_columns(database)
        with database.session() as session:
            stored = [term_to_dict(row) for row in glossary_service.all_terms(session)]
        assert {t["source"]: t["admitted"] for t in stored} == {
            "国家监察委员会": [],
            "全国人民代表大会常务委员会": [],
        }
        assert next(t for t in stored if t["source"] == "国家监察委员会")["forbidden"] == ["Supervision Committee"]
        with database.session() as session:
            row = next(r for r in glossary_service.all_terms(session) if r.source == "国家监察委员会")
            glossary_service.update_term(
                session, row.id, {"admitted": ["National Commission of Supervision"]}, row.version, "t", replace=False
            )
            created = glossary_service.create_term(
                session, {"source": "安置", "target": "resettlement", "admitted": ["placement"]}, "t"
            )
            assert created.admitted == ["placement"]
        with database.session() as session:
            row = glossary_service.get_term(session, row.id)
            assert (row.admitted, row.version) == (["National Commission of Supervision"], 2)

        cfg = migrate.alembic_config(database.engine)
        with database.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004")
        assert "admitted" not in _term_columns(database)
        assert "AUTOINCREMENT" in _schema(database)["terms"]  # the rebuilt table of 0004 stays as it was
        after = _rows(database)[0]
        assert [r[:2] for r in after] == [r[:2] for r in before] + [(3, "安置")]
        assert after[1] == before[1]  # untouched rows come back exactly as they were
        migrate.upgrade(database.engine)
        assert "admitted" in _term_columns(database)
        with database.session() as session:
            assert glossary_service.get_term(session, row.id).admitted == []
    finally:
        database.dispose()


def _rows(database: Database) -> tuple[list, list]:
    with database.engine.connect() as conn:
        terms = conn.execute(text("SELECT * FROM terms ORDER BY id")).all()
        segments = conn.execute(text("SELECT * FROM segments ORDER BY id")).all()
    return [tuple(r) for r in terms], [tuple(r) for r in segments]


def test_workspace_table_on_a_populated_database(tmp_path):
    """0008 adds the workspace's segments and 0009 their XLIFF unit ids: a memory document that exists gains a
    workspace under its name, a segment written at 0008 keeps everything through 0009 (with no unit id), and the
    downgrades drop the column and then the table, keeping every pair."""
    from service.application import workspace

    database = Database(f"sqlite:///{tmp_path}/old.db")
    try:
        migrate.upgrade(database.engine, "0007")
        with database.engine.begin() as conn:
            conn.execute(text("INSERT INTO documents (id, name, created_at) VALUES (7, 'report', '2026-01-01')"))
            _insert_pair(conn, "国务院召开会议。", "The State Council met.")
            conn.execute(text("UPDATE segments SET document_id = 7"))
        before = _rows(database)
        migrate.upgrade(database.engine, "0008")
        with database.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO workspace_segments (document_id, position, source, target, status, owns_pair,"
                    " created_at, updated_at) VALUES (7, 0, '国务院召开会议。', 'The State Council met.', 'draft',"
                    " 0, '2026-01-01', '2026-01-01')"
                )
            )
        migrate.upgrade(database.engine, "0009")
        with database.session() as session:
            [row] = workspace.store_segments(session, 7)
            assert (row.source, row.target, row.status, row.unit_id) == (
                "国务院召开会议。",
                "The State Council met.",
                "draft",
                None,
            )
            session.delete(row)
            session.flush()
            created = workspace.create_document(session, "report", "国务院召开会议。\n\n会议在北京举行。", "t")
            session.commit()
        assert created.id == 7 and created.segments == 2
        assert _rows(database) == before  # nothing stored was touched

        cfg = migrate.alembic_config(database.engine)
        with database.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0008")
        with database.engine.connect() as conn:
            columns = {r[1] for r in conn.execute(text("PRAGMA table_info(workspace_segments)"))}
            assert "unit_id" not in columns
            assert conn.execute(text("SELECT COUNT(*) FROM workspace_segments")).scalar() == 2
        with database.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0007")
        with database.engine.connect() as conn:
            tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
        assert "workspace_segments" not in tables
        assert _rows(database) == before
        migrate.upgrade(database.engine)
        with database.session() as session:
            assert workspace.documents(session) == []
    finally:
        database.dispose()
