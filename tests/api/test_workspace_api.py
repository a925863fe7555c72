"""The workspace over the API, on the real seed page: a document becomes segments whose status persists, a
confirmation is checked and lands in the memory, and the document exports as TMX (confirmed pairs) and XLIFF
(every segment with its state), read back with translate-toolkit's own readers."""

from __future__ import annotations

from translate.storage import tmx as tt_tmx
from translate.storage import xliff as tt_xliff

from tests.helpers import auth

MEETING = "1月18日至19日,全省退役軍人事務局長會議在廣州召開。"
MEETING_EN = (
    "The provincial conference of directors of veterans affairs bureaus was held in Guangzhou from January 18 to 19."
)


def _create(client, token, text, name="seed"):
    resp = client.post("/api/v1/documents", json={"name": name, "text": text}, headers=auth(token))
    assert resp.status_code == 201, resp.json
    return resp.json


def _number(client, doc_id, source):
    items = client.get(f"/api/v1/documents/{doc_id}?limit=500").json["items"]
    return next(i["number"] for i in items if i["source"] == source)


def test_a_document_becomes_its_cleaned_non_noise_segments(client, editor_token, seed_article):
    doc = _create(client, editor_token, seed_article)
    assert doc["noise_segments"] >= 4
    assert doc["counts"] == {"new": doc["segments"], "draft": 0, "confirmed": 0}
    body = client.get(f"/api/v1/documents/{doc['id']}?limit=500").json
    assert body["total"] == doc["segments"] == len(body["items"])
    items = body["items"]
    assert [i["number"] for i in items] == list(range(1, len(items) + 1))
    sources = [i["source"] for i in items]
    assert not any(s.startswith("已編輯圖片") or s.endswith(".png") for s in sources)  # captions left out
    assert not any("日韩国产" in s for s in sources)  # spam left out
    annotated = next(i for i in items if i["source_raw"].startswith("聚焦服務部隊備戰(zhàn)打仗"))
    assert annotated["source"].startswith("聚焦服務部隊備戰打仗")  # pinyin annotations gone, script as sent
    assert items[1]["context_before"] == items[0]["source"] and items[1]["context_after"] == items[2]["source"]
    listed = client.get("/api/v1/documents").json["items"]
    assert [d["name"] for d in listed] == ["seed"]


def test_bad_documents_are_refused_and_nothing_is_kept(client, editor_token, seed_article):
    _create(client, editor_token, seed_article)
    again = client.post("/api/v1/documents", json={"name": "seed", "text": "另一篇。"}, headers=auth(editor_token))
    assert again.status_code == 409 and "in the workspace already" in again.json["error"]["message"]
    noise = client.post(
        "/api/v1/documents",
        json={"name": "captions", "text": "已編輯圖片\n_84A8693(1)(1).png"},
        headers=auth(editor_token),
    )
    assert noise.status_code == 422 and "noise" in noise.json["error"]["message"]
    assert client.post("/api/v1/documents", json={"name": "x", "text": "会议。"}).status_code == 401
    assert (
        client.post("/api/v1/documents", json={"name": " ", "text": "会议。"}, headers=auth(editor_token)).status_code
        == 422
    )
    assert [d["name"] for d in client.get("/api/v1/documents").json["items"]] == ["seed"]
    assert client.get("/api/v1/documents/999").status_code == 404
    doc_id = client.get("/api/v1/documents").json["items"][0]["id"]
    missing = client.put(f"/api/v1/documents/{doc_id}/segments/999", json={"target": "x"}, headers=auth(editor_token))
    assert missing.status_code == 404 and "no segment 999" in missing.json["error"]["message"]


def test_draft_then_confirm_with_a_second_confirmation_for_a_missing_number(client, editor_token, seed_article):
    doc = _create(client, editor_token, seed_article)
    doc_id, pos = doc["id"], _number(client, doc["id"], MEETING)
    url = f"/api/v1/documents/{doc_id}/segments/{pos}"

    draft = client.put(url, json={"target": "The conference was held in Guangzhou."}, headers=auth(editor_token))
    assert draft.status_code == 200, draft.json
    assert draft.json["segment"]["status"] == "draft" and draft.json["stored"] is False
    assert draft.json["document"]["counts"]["draft"] == 1

    short = client.put(
        url, json={"target": "The conference was held in Guangzhou.", "status": "confirmed"}, headers=auth(editor_token)
    )
    assert short.status_code == 409 and short.json["error"]["code"] == "needs_confirmation"
    assert any(i["code"] == "number-missing" and "18" in i["message"] for i in short.json["error"]["details"]["issues"])
    assert client.get("/api/v1/segments").json["items"] == []  # nothing stored
    assert client.get(f"/api/v1/documents/{doc_id}?status=draft").json["total"] == 1

    forced = client.put(
        url,
        json={"target": "The conference was held in Guangzhou.", "status": "confirmed", "force": True},
        headers=auth(editor_token),
    )
    assert forced.status_code == 200 and forced.json["stored"] is True
    assert any(i["code"] == "number-missing" for i in forced.json["issues"])  # stored with its issues
    pair_id = forced.json["segment"]["segment_id"]

    fixed = client.put(url, json={"target": MEETING_EN, "status": "confirmed"}, headers=auth(editor_token))
    assert fixed.status_code == 200 and fixed.json["issues"] == []
    assert fixed.json["segment"]["segment_id"] == pair_id  # its own pair corrected, not a second one
    pairs = client.get("/api/v1/segments").json["items"]
    assert [(p["id"], p["target"], p["document"]) for p in pairs] == [(pair_id, MEETING_EN, "seed")]
    assert pairs[0]["source"] == MEETING
    assert fixed.json["document"]["counts"] == {"new": doc["segments"] - 1, "draft": 0, "confirmed": 1}

    # saving the confirmed text unchanged keeps it confirmed; changing it makes it a draft again
    same = client.put(url, json={"target": MEETING_EN}, headers=auth(editor_token)).json
    assert same["segment"]["status"] == "confirmed"
    changed = client.put(url, json={"target": MEETING_EN + " "}, headers=auth(editor_token)).json
    assert changed["segment"]["status"] == "confirmed"  # surrounding spaces are no change
    emptied = client.put(url, json={"target": ""}, headers=auth(editor_token)).json
    assert emptied["segment"]["status"] == "new"
    refused = client.put(url, json={"target": "  ", "status": "confirmed"}, headers=auth(editor_token))
    assert refused.status_code == 422


def test_help_follows_the_memory_and_only_exact_matches_prefill(app, client, editor_token, seed_article):
    from service.application.database import seed_starter_glossary

    seed_starter_glossary(app.extensions["yiku"].db)
    first = _create(client, editor_token, seed_article, name="first")
    pos = _number(client, first["id"], MEETING)
    client.put(
        f"/api/v1/documents/{first['id']}/segments/{pos}",
        json={"target": MEETING_EN, "status": "confirmed"},
        headers=auth(editor_token),
    )
    later = seed_article.replace("1月18日至19日", "2月20日至21日")
    second = _create(client, editor_token, later, name="second")
    page = client.get(f"/api/v1/documents/{second['id']}?assist=1&limit=500").json["items"]
    same = next(i for i in page if i["source"] == "全省退役軍人事務局長會議召開")
    assert same["assist"]["terms"]
    assert same["assist"]["matches"][0]["score"] < 80 and same["assist"]["prefill"] is False  # offered, not filled
    moved = next(i for i in page if i["source"].startswith("2月20日至21日"))
    assert moved["assist"]["draft"].endswith("from February 20 to 21.")
    assert moved["assist"]["prefill"] is True  # a repaired match at or above 95
    strict = client.get(f"/api/v1/documents/{second['id']}?assist=1&limit=500&prefill_min_score=101").json["items"]
    assert next(i for i in strict if i["number"] == moved["number"])["assist"]["prefill"] is False
    # a page filtered by status still matches in context
    only_new = client.get(f"/api/v1/documents/{second['id']}?assist=1&status=new&offset=4&limit=2").json
    assert only_new["total"] == second["segments"] and [i["number"] for i in only_new["items"]] == [5, 6]


def test_exports_are_read_by_translate_toolkit(client, editor_token, seed_article):
    doc = _create(client, editor_token, seed_article)
    doc_id = doc["id"]
    pos = _number(client, doc_id, MEETING)
    client.put(
        f"/api/v1/documents/{doc_id}/segments/{pos}",
        json={"target": MEETING_EN, "status": "confirmed"},
        headers=auth(editor_token),
    )
    saved = client.put(
        f"/api/v1/documents/{doc_id}/segments/1", json={"target": "Meeting held"}, headers=auth(editor_token)
    )
    assert saved.status_code == 200, saved.json

    tmx = client.get(f"/api/v1/documents/{doc_id}/export?format=tmx")
    assert tmx.status_code == 200 and tmx.mimetype == "application/x-tmx+xml"
    assert 'filename="seed-' in tmx.headers["Content-Disposition"]
    units = tt_tmx.tmxfile.parsestring(tmx.data).units
    assert [(u.source, u.target) for u in units] == [(MEETING, MEETING_EN)]  # confirmed pairs only

    xlf = client.get(f"/api/v1/documents/{doc_id}/export?format=xliff")
    assert xlf.status_code == 200 and xlf.mimetype == "application/x-xliff+xml"
    store = tt_xliff.xlifffile.parsestring(xlf.data)
    units = store.units
    assert len(units) == doc["segments"]
    assert store.getsourcelanguage() == "zh-Hant" and store.gettargetlanguage() == "en"
    by_id = {u.xmlelement.get("id"): u for u in units}
    confirmed, draft, new = by_id[str(pos)], by_id["1"], by_id["3"]
    assert confirmed.target == MEETING_EN and confirmed.isapproved()
    assert (
        draft.target == "Meeting held" and not draft.isapproved() and draft.get_state_id() != confirmed.get_state_id()
    )
    assert not new.target
    assert client.get(f"/api/v1/documents/{doc_id}/export?format=docx").status_code == 422


def test_deleting_a_document_keeps_its_pairs_in_the_memory(client, editor_token, seed_article):
    doc = _create(client, editor_token, seed_article)
    pos = _number(client, doc["id"], MEETING)
    client.put(
        f"/api/v1/documents/{doc['id']}/segments/{pos}",
        json={"target": MEETING_EN, "status": "confirmed"},
        headers=auth(editor_token),
    )
    assert client.delete(f"/api/v1/documents/{doc['id']}").status_code == 401
    gone = client.delete(f"/api/v1/documents/{doc['id']}", headers=auth(editor_token))
    assert gone.status_code == 200 and gone.json == {"id": doc["id"], "segments": doc["segments"]}
    assert client.get(f"/api/v1/documents/{doc['id']}").status_code == 404
    assert [p["target"] for p in client.get("/api/v1/segments").json["items"]] == [MEETING_EN]
    assert client.delete(f"/api/v1/documents/{doc['id']}", headers=auth(editor_token)).status_code == 404
    # the name is free again for a new workspace
    assert _create(client, editor_token, seed_article)["segments"] == doc["segments"]


def _ttk_xliff() -> str:
    """An XLIFF 1.2 file as translate-toolkit writes one: two units, one translated and approved."""
    store = tt_xliff.xlifffile(sourcelanguage="zh-CN", targetlanguage="en")
    first = store.addsourceunit(MEETING)
    first.setid("p1")
    first.target = MEETING_EN
    first.markapproved(True)
    second = store.addsourceunit("會議以習近平新時代中國特色社會主義思想為指導。")
    second.setid("p2")
    return bytes(store).decode("utf-8")


def test_an_xliff_file_from_a_cat_tool_becomes_a_document_and_goes_back(client, editor_token):
    resp = client.post(
        "/api/v1/documents", json={"name": "from a CAT tool", "xliff": _ttk_xliff()}, headers=auth(editor_token)
    )
    assert resp.status_code == 201, resp.json
    doc = resp.json
    assert doc["segments"] == 2 and doc["counts"] == {"new": 1, "draft": 1, "confirmed": 0}  # targets come as drafts
    items = client.get(f"/api/v1/documents/{doc['id']}").json["items"]
    assert [(i["source"], i["target"], i["status"]) for i in items] == [
        (MEETING, MEETING_EN, "draft"),
        ("會議以習近平新時代中國特色社會主義思想為指導。", "", "new"),
    ]
    confirmed = client.put(
        f"/api/v1/documents/{doc['id']}/segments/1",
        json={"target": MEETING_EN, "status": "confirmed"},
        headers=auth(editor_token),
    )
    assert confirmed.status_code == 200 and confirmed.json["stored"] is True
    back = tt_xliff.xlifffile.parsestring(client.get(f"/api/v1/documents/{doc['id']}/export?format=xliff").data)
    by_id = {u.xmlelement.get("id"): u for u in back.units}
    assert set(by_id) == {"p1", "p2"}  # the unit ids the tool gave
    assert by_id["p1"].isapproved() and by_id["p1"].target == MEETING_EN and not by_id["p2"].target


def test_xliff_that_cannot_or_may_not_be_read_is_refused(client, editor_token):
    def post(xliff, name="bad"):
        return client.post("/api/v1/documents", json={"name": name, "xliff": xliff}, headers=auth(editor_token))

    bomb = (
        '<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="zh" '
        'datatype="plaintext" original="x"><body><trans-unit id="1"><source>&b;</source></trans-unit></body>'
        "</file></xliff>"
    )
    refused = post(bomb)
    assert refused.status_code == 422 and "internal subset" in refused.json["error"]["message"]
    german = _ttk_xliff().replace('source-language="zh-CN"', 'source-language="de"')
    assert "translates from 'de'" in post(german).json["error"]["message"]
    assert "root element is <tmx>" in post('<tmx version="1.4"><body/></tmx>').json["error"]["message"]
    assert "not well-formed" in post("<xliff").json["error"]["message"]
    both = client.post(
        "/api/v1/documents", json={"name": "x", "text": "会议。", "xliff": _ttk_xliff()}, headers=auth(editor_token)
    )
    assert both.status_code == 422 and "one of the two" in str(both.json)
    assert client.get("/api/v1/documents").json["items"] == []  # nothing half-stored
