"""The XLIFF round trip, with translate-toolkit's translate.storage.xliff as the CAT tool: the seed article goes
out with drafts, matches (alt-trans) and terms (notes) that the toolkit reads; the toolkit fills in targets and
the file comes back into the memory with each pair's checks. Real XLIFF files of Trados, Okapi and symfony import,
inline codes kept as TMX import keeps them."""

from __future__ import annotations

from pathlib import Path

from translate.storage import tmx as tt_tmx
from translate.storage import xliff as tt_xliff

from tests.helpers import auth

DATA = Path(__file__).resolve().parents[1] / "data" / "xliff"
YIKU = "{urn:yiku:xliff}"
MEETING = "1月18日至19日,全省退役軍人事務局長會議在廣州召開。"
MEETING_EN = (
    "The provincial conference of directors of veterans affairs bureaus was held in Guangzhou from January 18 to 19."
)


def _upload(client, token, data: bytes, name="translated.xlf", query=""):
    import io

    return client.post(
        "/api/v1/xliff/import" + query,
        data={"file": (io.BytesIO(data), name)},
        headers=auth(token),
        content_type="multipart/form-data",
    )


def test_a_text_goes_out_with_drafts_matches_and_terms_and_comes_back_translated(
    app, client, editor_token, seed_article
):
    from service.application.database import seed_starter_glossary

    seed_starter_glossary(app.extensions["yiku"].db)
    client.post("/api/v1/segments", json={"source": MEETING, "target": MEETING_EN}, headers=auth(editor_token))
    later = seed_article.replace("1月18日至19日", "2月20日至21日")
    resp = client.post("/api/v1/xliff/export", json={"text": later, "document": "second meeting"})
    assert resp.status_code == 200 and resp.mimetype == "application/x-xliff+xml"
    store = tt_xliff.xlifffile.parsestring(resp.data)
    units = store.units
    segments = [s for s in client.post("/api/v1/assist", json={"text": later}).json["segments"] if not s["noise"]]
    assert len(units) == len(segments)
    for unit in units:  # the offsets map every unit back to the text as sent
        start, end = int(unit.xmlelement.get(f"{YIKU}start")), int(unit.xmlelement.get(f"{YIKU}end"))
        assert later[start:end] == unit.source
    moved = next(u for u in units if u.source.startswith("2月20日"))
    target = moved.xmlelement.find("{urn:oasis:names:tc:xliff:document:1.2}target")
    assert moved.target.endswith("from February 20 to 21.")
    assert (target.get("state"), target.get("state-qualifier")) == ("needs-review-translation", "leveraged-tm")
    [alt] = moved.getalttrans()
    assert alt.target == MEETING_EN and alt.xmlelement.get("match-quality") == str(
        int(segments[4]["matches"][0]["score"])
    )
    assert any("退役軍人事務局長會議 → " in note for note in [moved.getnotes()])
    untouched = next(u for u in units if not u.target)
    assert untouched.xmlelement.find("{urn:oasis:names:tc:xliff:document:1.2}target").get("state") == "new"

    # the CAT tool translates two units and leaves the rest
    moved.target = moved.target  # accepted as is
    untouched.target = "The meeting opened."
    back = _upload(client, editor_token, bytes(store), query="?document=second%20meeting")
    assert back.status_code == 200, back.json
    body = back.json
    assert body["created"] == 2 and len(body["skipped"]) == len(units) - 2
    assert all("not translated" in s["message"] for s in body["skipped"])
    stored = {item["source"]: item for item in body["items"]}
    assert stored[moved.source]["target"].endswith("from February 20 to 21.") and stored[moved.source]["issues"] == []
    pairs = client.get("/api/v1/segments?document=second%20meeting").json["items"]
    assert len(pairs) == 2


def test_real_xliff_files_of_other_tools_import(client, editor_token):
    trados = _upload(client, editor_token, (DATA / "trados-segmented.sdlxliff").read_bytes(), "t.sdlxliff")
    assert trados.status_code == 200 and trados.json["created"] == 5
    symfony = _upload(client, editor_token, (DATA / "symfony-doctype-zh_TW.xml").read_bytes(), "sf.xml")
    assert symfony.status_code == 200 and symfony.json["created"] == 32  # with its DOCTYPE
    states = _upload(client, editor_token, (DATA / "ttk-states.xlf").read_bytes())
    assert states.status_code == 200 and states.json["created"] == 8


def test_inline_codes_come_in_as_tmx_import_keeps_them(client, editor_token):
    resp = _upload(client, editor_token, (DATA / "okapi-segmented-bpt.xlf").read_bytes())
    assert resp.status_code == 200 and resp.json["created"] == 3
    tmx = client.get("/api/v1/tm/export?format=tmx").data
    units = tt_tmx.tmxfile.parsestring(tmx).units  # a valid TMX, codes as <bpt>/<ept>
    assert b"<bpt" in tmx and b"&lt;b&gt;" in tmx
    assert {u.source for u in units} >= {"Segment one.", "Segment two."}
    assert client.get("/api/v1/tm/export?format=xliff").status_code == 200


def test_a_file_with_nothing_translated_or_not_xliff_is_refused(client, editor_token):
    bare = b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="zh" datatype="plaintext"><body><trans-unit id="1"><source>\xe4\xbc\x9a</source></trans-unit></body></file></xliff>'
    nothing = _upload(client, editor_token, bare)
    assert nothing.status_code == 422 and "no translated unit" in nothing.json["error"]["message"]
    assert _upload(client, editor_token, b"<tmx/>").status_code == 422
    assert _upload(client, "", bare).status_code == 401
    assert client.get("/api/v1/segments").json["items"] == []


def test_the_command_line_round_trip(db_url, tmp_path):
    from click.testing import CliRunner

    from service.cli import main

    env = {"DATABASE_URL": db_url, "YIKU_DATA_DIR": str(tmp_path / "data"), "YIKU_SECRET_KEY": "x"}

    def run(*args):
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)

    imported = run("xliff", "import", str(DATA / "ttk-states.xlf"), "--document", "states")
    assert imported.exit_code == 0 and '"created": 8' in imported.output
    text = tmp_path / "report.txt"
    text.write_text("国务院召开常务会议。会议在北京举行。", encoding="utf-8")
    out = tmp_path / "report.xlf"
    exported = run("xliff", "export", str(text), "-o", str(out))
    assert exported.exit_code == 0
    units = tt_xliff.xlifffile.parsestring(out.read_bytes()).units
    assert [u.source for u in units] == ["国务院召开常务会议。", "会议在北京举行。"]
    refused = run("xliff", "import", str(text))
    assert refused.exit_code == 1 and "cannot be read" in refused.output
