"""Import and export over the API: glossary CSV/TBX round trips, all-or-nothing imports, TMX/CSV memory."""

from __future__ import annotations

import io

import pytest

from tests.helpers import auth

CSV = (
    "source,target,category,status,variants,forbidden,note,domain,pattern,admitted\r\n"
    "党组书记,Secretary of the Leading Party Members Group,title,approved,黨組書記,,CPC usage,party,,\r\n"
    "退役军人事务厅,Department of Veterans Affairs,organization,approved,退役軍人事務廳,Veterans Department,"
    "State Council,veterans,{place_adj} Department of Veterans Affairs,\r\n"
)


def _import_terms(client, token, data, fmt="csv", dry_run=0):
    return client.post(
        f"/api/v1/terms/import?format={fmt}&dry_run={dry_run}",
        data={"file": (io.BytesIO(data), f"terms.{fmt}")},
        headers=auth(token),
        content_type="multipart/form-data",
    )


@pytest.fixture
def fresh_client(tmp_path):
    """A factory for clients of other, empty SQLite databases; their apps are closed afterwards."""
    from service.application.accounts import create_token
    from service.config import Settings
    from service.http.app import create_app
    from service.storage import migrate
    from service.storage.db import Database

    apps = []

    def make(name: str):
        url = f"sqlite:///{tmp_path}/{name}.db"
        db = Database(url)
        migrate.upgrade(db.engine)
        db.dispose()
        app = create_app(Settings(database_url=url, data_dir=tmp_path / name, secret_key="x", testing=True))
        apps.append(app)
        with app.extensions["yiku"].db.session() as s:
            _row, token = create_token(s, "admin")
        return app.test_client(), token

    yield make
    for app in apps:
        app.extensions["yiku"].close()


def test_an_editors_term_import_proposes_its_terms(client, editor_token):
    resp = _import_terms(client, editor_token, CSV.encode())
    assert resp.status_code == 200 and resp.json["created"] > 0
    assert {t["status"] for t in client.get("/api/v1/terms?limit=200").json["items"]} == {"proposed"}


def test_term_csv_import_dry_run_then_real_and_round_trip(client, admin_token):
    dry = _import_terms(client, admin_token, CSV.encode(), dry_run=1)
    assert dry.status_code == 200 and dry.json["created"] == 2 and dry.json["committed"] is False
    assert client.get("/api/v1/terms").json["items"] == []
    real = _import_terms(client, admin_token, ("\ufeff" + CSV).encode())
    assert real.json["created"] == 2 and real.json["committed"] is True
    again = _import_terms(client, admin_token, CSV.encode())
    assert again.json["skipped"] == 2 and again.json["created"] == 0
    export = client.get("/api/v1/terms/export?format=csv")
    assert export.status_code == 200 and "attachment" in export.headers["Content-Disposition"]
    assert export.data.decode() == CSV
    bom = client.get("/api/v1/terms/export?format=csv&bom=1").data
    assert bom.startswith("\ufeff".encode())


def test_term_import_with_bad_line_changes_nothing(client, admin_token):
    bad = CSV + "局长,,title,approved,,,,,\r\n"
    resp = _import_terms(client, admin_token, bad.encode())
    assert resp.status_code == 422
    assert resp.json["error"]["details"]["errors"][0]["line"] == 4
    assert client.get("/api/v1/terms").json["items"] == []


def test_tbx_round_trip_through_an_empty_database(client, admin_token, fresh_client):
    _import_terms(client, admin_token, CSV.encode())
    tbx = client.get("/api/v1/terms/export?format=tbx").data
    assert b"<martif" in tbx
    oc, token = fresh_client("other")
    assert _import_terms(oc, token, tbx, fmt="tbx").json["created"] == 2
    assert oc.get("/api/v1/terms/export?format=tbx").data == tbx


def test_hostile_tbx_is_rejected_cleanly(client, admin_token):
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<martif><text><body><termEntry><langSet xml:lang="zh"><tig><term>&x;</term></tig></langSet>'
        b"</termEntry></body></text></martif>"
    )
    resp = _import_terms(client, admin_token, xxe, fmt="tbx")
    assert resp.status_code == 422 and "root:" not in resp.get_data(as_text=True)


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x"
 adminlang="en" srclang="zh-CN" datatype="plaintext"/>
<body>
<tu tuid="1"><prop type="x-document">report</prop><tuv xml:lang="zh-CN"><seg>会议在广州召开。</seg></tuv>
<tuv xml:lang="en-US"><seg>The meeting was held in Guangzhou.</seg></tuv></tu>
<tu tuid="2"><tuv xml:lang="zh-CN"><seg>请参阅<bpt i="1">&lt;b&gt;</bpt>第3条<ept i="1">&lt;/b&gt;</ept>。</seg></tuv>
<tuv xml:lang="en-US"><seg>See <bpt i="1">&lt;b&gt;</bpt>Article 3<ept i="1">&lt;/b&gt;</ept>.</seg></tuv></tu>
</body></tmx>
"""


def _import_tm(client, token, data, fmt="tmx", **params):
    qs = "&".join(f"{k}={v}" for k, v in {"format": fmt, **params}.items())
    return client.post(
        f"/api/v1/tm/import?{qs}",
        data={"file": (io.BytesIO(data), f"m.{fmt}")},
        headers=auth(token),
        content_type="multipart/form-data",
    )


def test_tmx_import_export_round_trip_keeps_inline_tags(client, admin_token):
    resp = _import_tm(client, admin_token, TMX.encode())
    assert resp.status_code == 200, resp.json
    assert resp.json["created"] == 2 and resp.json["errors"] == []
    assert _import_tm(client, admin_token, TMX.encode()).json["skipped"] == 2
    exported = client.get("/api/v1/tm/export?format=tmx")
    assert exported.status_code == 200
    body = exported.get_data()
    assert b'<bpt i="1">&lt;b&gt;</bpt>' in body and b"x-document" in body
    match = client.post("/api/v1/tm/lookup", json={"text": "会议在广州召开。"}).json["matches"][0]
    assert match["document"] == "report" and match["score"] == 100
    # export → import into an empty database → export again: the same units
    from translate.storage import tmx as ttk_tmx

    units = ttk_tmx.tmxfile(io.BytesIO(body)).units
    assert next(u.source for u in units) == "会议在广州召开。" and len(units) == 2


def test_truncated_tmx_is_rejected_and_nothing_stored(client, admin_token):
    resp = _import_tm(client, admin_token, TMX.encode()[:-60])
    assert resp.status_code == 422
    assert "nothing was imported" in resp.json["error"]["message"]
    assert client.get("/api/v1/segments").json["items"] == []


def test_csv_memory_import_and_export(client, admin_token):
    data = (
        "source,target,document\r\n会议在广州召开。,The meeting was held in Guangzhou.,d1\r\n"
        '=HYPERLINK("x"),formula,d1\r\n'
    ).encode()
    resp = _import_tm(client, admin_token, data, fmt="csv")
    assert resp.json["created"] == 2
    out = client.get("/api/v1/tm/export?format=csv&document=d1").get_data(as_text=True)
    assert out.splitlines()[0].startswith("source,target")
    assert "'=HYPERLINK" in out  # formula neutralized on export


def test_tmx_export_import_export_gives_the_same_file(client, admin_token, fresh_client):
    """Units, properties, notes and inline tags survive a trip through an empty database."""
    from pathlib import Path

    samples = Path(__file__).resolve().parents[1] / "data" / "tmx"
    for sample in ("okapi.tmx", "omegat.tmx", "multilingual.tmx"):
        assert _import_tm(client, admin_token, (samples / sample).read_bytes()).status_code == 200
    first = client.get("/api/v1/tm/export?format=tmx").get_data()
    other, token = fresh_client("second")
    report = _import_tm(other, token, first).json
    assert report["errors"] == [] and report["created"] > 5
    second = other.get("/api/v1/tm/export?format=tmx").get_data()
    assert second == first


def _tmx(tus: str) -> bytes:
    return TMX.split("<body>")[0].encode() + b"<body>" + tus.encode() + b"</body></tmx>\n"


SOURCE_ONLY_TUS = (
    '<tu><tuv xml:lang="zh-CN"><seg>会议在广州召开。</seg></tuv></tu>'
    '<tu><tuv xml:lang="zh-CN"><seg>副厅长主持会议。</seg></tuv></tu>'
)
EMPTY_TARGETS_CSV = "source,target\r\n会议在广州召开。,\r\n副厅长主持会议。,  \r\n国务院,\r\n".encode()


def test_memory_import_where_every_unit_fails_is_422_with_the_report(client, admin_token):
    resp = _import_tm(client, admin_token, EMPTY_TARGETS_CSV, fmt="csv")
    assert resp.status_code == 422, resp.json
    error = resp.json["error"]
    assert error["message"] == "none of the 3 units could be imported; nothing was stored"
    report = error["details"]
    assert (report["created"], report["skipped"], report["committed"], report["dry_run"]) == (0, 0, False, False)
    assert [e["line"] for e in report["errors"]] == [2, 3, 4]
    assert set(report) == set(_import_tm(client, admin_token, TMX.encode()).json)  # the 200 body's fields
    # a TMX whose every unit lacks a target, and one unit alone
    resp = _import_tm(client, admin_token, _tmx(SOURCE_ONLY_TUS))
    assert resp.status_code == 422 and resp.json["error"]["message"].startswith("none of the 2 units")
    resp = _import_tm(client, admin_token, _tmx(SOURCE_ONLY_TUS.split("</tu>")[0] + "</tu>"))
    assert resp.status_code == 422
    assert resp.json["error"]["message"] == "the file's one unit could not be imported; nothing was stored"
    assert len(client.get("/api/v1/segments").json["items"]) == 2  # the good TMX's two pairs alone


def test_memory_dry_run_where_every_unit_would_fail_is_422(client, admin_token):
    resp = _import_tm(client, admin_token, EMPTY_TARGETS_CSV, fmt="csv", dry_run=1)
    assert resp.status_code == 422
    assert resp.json["error"]["details"]["dry_run"] is True and len(resp.json["error"]["details"]["errors"]) == 3


def test_memory_import_of_a_file_without_units_is_422(client, admin_token):
    for data, fmt in ((_tmx(""), "tmx"), (b"source,target\r\n", "csv")):
        resp = _import_tm(client, admin_token, data, fmt=fmt)
        assert resp.status_code == 422, (fmt, resp.json)
        assert resp.json["error"]["message"] == "the file holds no translation units; nothing was stored"
        assert resp.json["error"]["details"]["errors"] == []


def test_memory_import_with_some_units_stored_or_already_stored_stays_200(client, admin_token):
    mixed = EMPTY_TARGETS_CSV + "会议在广州召开。,The meeting was held in Guangzhou.\r\n".encode()
    resp = _import_tm(client, admin_token, mixed, fmt="csv")
    assert resp.status_code == 200, resp.json
    assert resp.json["created"] == 1 and [e["line"] for e in resp.json["errors"]] == [2, 3, 4]
    # every unit a pair stored already: skipped, nothing failed
    assert _import_tm(client, admin_token, TMX.encode()).status_code == 200
    again = _import_tm(client, admin_token, TMX.encode())
    assert again.status_code == 200 and again.json["skipped"] == 2 and again.json["created"] == 0


def test_glossary_import_of_a_file_without_terms_is_422(client, admin_token):
    header_only = CSV.split("\r\n")[0] + "\r\n"
    empty_tbx = (
        b'<?xml version="1.0" encoding="UTF-8"?><martif type="TBX" xml:lang="zh"><text><body></body></text></martif>'
    )
    for data, fmt in ((header_only.encode(), "csv"), (empty_tbx, "tbx")):
        for dry_run in (0, 1):
            resp = _import_terms(client, admin_token, data, fmt=fmt, dry_run=dry_run)
            assert resp.status_code == 422, (fmt, resp.json)
            assert resp.json["error"]["details"]["errors"] == [{"line": None, "message": "the file holds no terms"}]


def _cli(db_url, tmp_path, *args):
    from click.testing import CliRunner

    from service.cli import main

    env = {"DATABASE_URL": db_url, "YIKU_DATA_DIR": str(tmp_path / "data"), "YIKU_SECRET_KEY": "x"}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.mark.parametrize("mode", [[], ["--atomic"], ["--dry-run"]])
def test_cli_tm_import_where_every_unit_fails_exits_non_zero(db_url, tmp_path, mode):
    import json

    from sqlalchemy import create_engine, text

    bad = tmp_path / "bad.csv"
    bad.write_bytes(EMPTY_TARGETS_CSV)
    result = _cli(db_url, tmp_path, "tm", "import", str(bad), *mode)
    assert result.exit_code == 1, result.output
    assert "Error: none of the 3 units could be imported; nothing was stored" in result.stderr
    assert len(json.loads(result.stdout)["errors"]) == 3
    empty = tmp_path / "empty.tmx"
    empty.write_bytes(_tmx(""))
    result = _cli(db_url, tmp_path, "tm", "import", str(empty), *mode)
    assert result.exit_code == 1 and "the file holds no translation units" in result.stderr
    good = tmp_path / "good.csv"
    good.write_bytes(EMPTY_TARGETS_CSV + "会议在广州召开。,The meeting was held in Guangzhou.\r\n".encode())
    result = _cli(db_url, tmp_path, "tm", "import", str(good), *mode)
    assert result.exit_code == 0, result.output
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM segments")).scalar_one() == (0 if "--dry-run" in mode else 1)
            statuses = conn.execute(text("SELECT status FROM import_jobs ORDER BY id")).scalars().all()
    finally:
        engine.dispose()
    assert statuses == (["failed", "failed", "done"] if not mode else [])


def test_cli_terms_import_of_a_header_only_file_exits_non_zero(db_url, tmp_path):
    import json

    path = tmp_path / "terms.csv"
    path.write_text(CSV.split("\r\n")[0] + "\r\n", encoding="utf-8")
    result = _cli(db_url, tmp_path, "terms", "import", str(path))
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"] == [{"line": None, "message": "the file holds no terms"}]
