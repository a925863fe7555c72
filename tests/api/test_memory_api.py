"""Memory REST: storing with dedupe, lookup scores, concordance, edit/delete, and the index staying in step."""

from __future__ import annotations

from tests.helpers import auth

PAIRS = [
    {
        "source": "2023年是全面贯彻党的二十大精神的开局之年。",
        "target": "The year 2023 was the first year of fully implementing the guiding principles of the 20th CPC "
        "National Congress.",
        "document": "work-report",
    },
    {"source": "会议在广州召开。", "target": "The meeting was held in Guangzhou.", "document": "work-report"},
    {"source": "副厅长主持会议。", "target": "The deputy director-general presided over the meeting."},
]


def _store(client, token, pairs=PAIRS):
    resp = client.post("/api/v1/segments", json={"pairs": pairs}, headers=auth(token))
    assert resp.status_code in (200, 201), resp.json
    return resp.json


def test_store_batch_and_identical_pair_not_duplicated(client, editor_token):
    first = _store(client, editor_token)
    assert first["created"] == 3 and first["duplicates"] == 0
    again = client.post("/api/v1/segments", json=PAIRS[0], headers=auth(editor_token))
    assert again.status_code == 200 and again.json["created"] == 0 and again.json["duplicates"] == 1
    # the same sentence in traditional script with full-width punctuation is the same pair
    trad = {**PAIRS[1], "source": "會議在廣州召開。"}
    assert client.post("/api/v1/segments", json=trad, headers=auth(editor_token)).json["duplicates"] == 1


def test_number_change_is_fuzzy_90_plus_with_repaired_draft_and_traditional_is_exact(client, editor_token):
    _store(client, editor_token)
    resp = client.post("/api/v1/tm/lookup", json={"text": "2024年是全面贯彻党的二十大精神的开局之年。"})
    best = resp.json["matches"][0]
    assert best["kind"] == "fuzzy" and best["score"] >= 90
    assert any(d["op"] == "replace" and d["text_a"] == "3" and d["text_b"] == "4" for d in best["diff"])
    trad = client.post("/api/v1/tm/lookup", json={"text": "2023年是全面貫徹黨的二十大精神的開局之年."}).json
    assert trad["matches"][0]["score"] == 100 and trad["matches"][0]["kind"] == "exact"
    assist = client.post("/api/v1/assist", json={"text": "2024年是全面贯彻党的二十大精神的开局之年。"}).json
    seg = assist["segments"][0]
    assert seg["draft"].startswith("The year 2024 was the first year")
    assert {"kind": "date", "from": "2023年", "to": "2024年"} in seg["repairs"]


def test_context_match_is_101(client, editor_token):
    pair = {
        "source": "会议在广州召开。",
        "target": "The meeting was held in Guangzhou.",
        "context_before": "全省退役军人事务局长会议召开",
        "context_after": "副厅长主持会议。",
    }
    client.post("/api/v1/segments", json=pair, headers=auth(editor_token))
    ctx = client.post(
        "/api/v1/tm/lookup",
        json={
            "text": "会议在广州召开。",
            "context_before": "全省退役军人事务局长会议召开",
            "context_after": "副厅长主持会议。",
        },
    ).json
    assert ctx["matches"][0]["score"] == 101 and ctx["matches"][0]["kind"] == "context"
    plain = client.post("/api/v1/tm/lookup", json={"text": "会议在广州召开。"}).json
    assert plain["matches"][0]["score"] == 100


def test_alternatives_newest_first(client, editor_token):
    client.post(
        "/api/v1/segments",
        json={"source": "会议在广州召开。", "target": "The meeting was convened in Guangzhou."},
        headers=auth(editor_token),
    )
    client.post(
        "/api/v1/segments",
        json={"source": "会议在广州召开。", "target": "The meeting was held in Guangzhou."},
        headers=auth(editor_token),
    )
    matches = client.post("/api/v1/tm/lookup", json={"text": "会议在广州召开。"}).json["matches"]
    assert [m["target"] for m in matches] == [
        "The meeting was held in Guangzhou.",
        "The meeting was convened in Guangzhou.",
    ]


def test_concordance_search_source_target_document_and_pages(client, editor_token):
    _store(client, editor_token)
    assert [s["source"] for s in client.get("/api/v1/segments?q=广州召开").json["items"]] == ["会议在广州召开。"]
    assert len(client.get("/api/v1/segments?q=meeting").json["items"]) == 2
    assert len(client.get("/api/v1/segments?q=会议").json["items"]) == 2  # two characters: LIKE fallback
    assert len(client.get("/api/v1/segments?document=work-report").json["items"]) == 2
    assert client.get("/api/v1/segments?document=nope").json["items"] == []
    page = client.get("/api/v1/segments?limit=2").json
    rest = client.get(f"/api/v1/segments?limit=2&cursor={page['next_cursor']}").json
    assert len(page["items"]) == 2 and len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert client.get("/api/v1/segments?cursor=%%%").status_code == 400


def test_edit_and_delete_keep_index_in_step(client, editor_token):
    created = _store(client, editor_token)["items"]
    seg_id = next(s["id"] for s in created if s["source"] == "副厅长主持会议。")
    resp = client.put(
        f"/api/v1/segments/{seg_id}",
        json={"source": "厅长主持会议。", "target": "The director-general presided over the meeting."},
        headers=auth(editor_token),
    )
    assert resp.status_code == 200
    hit = client.post("/api/v1/tm/lookup", json={"text": "厅长主持会议。"}).json["matches"][0]
    assert hit["segment_id"] == seg_id and hit["score"] == 100
    assert client.delete(f"/api/v1/segments/{seg_id}", headers=auth(editor_token)).status_code == 200
    assert client.get(f"/api/v1/segments/{seg_id}").status_code == 404
    assert all(
        m["segment_id"] != seg_id
        for m in client.post("/api/v1/tm/lookup", json={"text": "厅长主持会议。"}).json["matches"]
    )


def test_memory_writes_need_a_token(client):
    assert client.post("/api/v1/segments", json=PAIRS[0]).status_code == 401
    assert client.delete("/api/v1/segments/1").status_code == 401


def test_bad_language_tag_is_422(client, editor_token):
    resp = client.post("/api/v1/segments", json={**PAIRS[0], "source_lang": "not a tag"}, headers=auth(editor_token))
    assert resp.status_code == 422


def test_a_deleted_pairs_id_is_never_given_to_a_new_pair(client, editor_token):
    stored = _store(client, editor_token, PAIRS[:1])["items"][0]
    assert client.delete(f"/api/v1/segments/{stored['id']}", headers=auth(editor_token)).status_code == 200
    again = _store(client, editor_token, PAIRS[1:2])["items"][0]
    assert again["id"] > stored["id"]
    assert client.get(f"/api/v1/segments/{stored['id']}").status_code == 404


def test_put_takes_back_the_representation_get_returned(client, editor_token):
    stored = _store(client, editor_token, PAIRS[1:2])["items"][0]
    assert client.get(f"/api/v1/segments/{stored['id']}/quality").status_code == 200  # a quality_score to send
    got = client.get(f"/api/v1/segments/{stored['id']}").json
    assert got["quality_score"] is not None
    resp = client.put(
        f"/api/v1/segments/{stored['id']}",
        json={**got, "target": "The meeting took place in Guangzhou."},
        headers=auth(editor_token),
    )
    assert resp.status_code == 200, resp.json
    assert resp.json["target"] == "The meeting took place in Guangzhou." and resp.json["id"] == stored["id"]
    assert resp.json["document"] == "work-report" and resp.json["created_at"] == stored["created_at"]
    # a new source with the old normalized_source sent back: the stored value, so it is ignored
    again = client.put(
        f"/api/v1/segments/{stored['id']}", json={**resp.json, "source": "会议在深圳召开。"}, headers=auth(editor_token)
    )
    assert again.status_code == 200, again.json
    assert again.json["normalized_source"] == "会议在深圳召开。"


def test_a_changed_read_only_field_of_a_pair_is_422_naming_it(client, editor_token):
    stored = client.get(f"/api/v1/segments/{_store(client, editor_token, PAIRS[1:2])['items'][0]['id']}").json
    for field, value in (
        ("id", stored["id"] + 1),
        ("normalized_source", "别的"),
        ("created_by", "someone"),
        ("created_at", "2020-01-01T00:00:00+00:00"),
        ("updated_at", "soon"),
    ):
        resp = client.put(
            f"/api/v1/segments/{stored['id']}",
            json={**stored, field: value, "target": "Changed."},
            headers=auth(editor_token),
        )
        assert resp.status_code == 422, (field, resp.json)
        [detail] = resp.json["error"]["details"]
        assert detail["field"] == field and detail["message"].startswith("read-only; it is "), detail
    assert client.get(f"/api/v1/segments/{stored['id']}").json == stored
    resp = client.put(f"/api/v1/segments/{stored['id']}", json={**stored, "pair_hash": "x"}, headers=auth(editor_token))
    assert resp.status_code == 422 and resp.json["error"]["details"][0]["type"] == "extra_forbidden"
    assert client.put("/api/v1/segments/999999", json=stored, headers=auth(editor_token)).status_code == 404


def test_a_quality_score_the_server_moved_since_the_read_does_not_block_the_write(client, editor_token):
    stored = client.get(f"/api/v1/segments/{_store(client, editor_token, PAIRS[1:2])['items'][0]['id']}").json
    assert stored["quality_score"] == 100  # scored when it was stored
    resp = client.put(
        f"/api/v1/segments/{stored['id']}",
        json={**stored, "target": "The meeting was in Guangzhou."},
        headers=auth(editor_token),
    )
    assert resp.status_code == 200, resp.json
    assert resp.json["target"] == "The meeting was in Guangzhou."
    resp = client.put(
        f"/api/v1/segments/{stored['id']}", json={**resp.json, "quality_score": 12.5}, headers=auth(editor_token)
    )
    assert resp.status_code == 200 and resp.json["quality_score"] != 12.5


def test_openapi_marks_the_read_only_fields_of_a_pair_update(client):
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["SegmentUpdate"]
    assert {k for k, v in schema["properties"].items() if v.get("readOnly")} == {
        "id",
        "source_raw",
        "normalized_source",
        "created_by",
        "created_at",
        "updated_at",
        "quality_score",
    }


def test_batch_items_follow_the_order_of_the_pairs_sent(client, editor_token):
    stored = _store(client, editor_token, PAIRS[1:2])["items"][0]
    fresh = [
        {"source": f"第{n}次全体会议在北京举行。", "target": f"Plenary session {n} was held in Beijing."}
        for n in range(1, 9)
    ]  # eight new pairs: their pair-hash order is almost surely not this one
    trad = {**PAIRS[1], "source": "會議在廣州召開。"}
    sent = [fresh[0], PAIRS[1], *fresh[1:5], {**fresh[2], "document": "again"}, *fresh[5:], trad]
    resp = client.post("/api/v1/segments", json={"pairs": sent}, headers=auth(editor_token))
    assert resp.status_code == 201
    body = resp.json
    assert (body["created"], body["duplicates"]) == (8, 3)
    items = body["items"]
    assert len(items) == len(sent)
    assert [i["status"] for i in items] == [
        "created",
        "duplicate",
        *["created"] * 4,
        "duplicate",
        *["created"] * 3,
        "duplicate",
    ]
    for pair, item in zip(sent, items):
        if item["status"] == "created":
            assert (item["source"], item["target"]) == (pair["source"], pair["target"])
    # a duplicate shows the stored pair it matched: the one stored before, or the one made earlier in the batch
    assert items[1] == {**stored, "status": "duplicate"} and items[-1]["id"] == stored["id"]
    assert items[6]["id"] == items[3]["id"] and items[6]["document"] is None
    assert len({i["id"] for i in items}) == 9
    for item in items:
        assert client.get(f"/api/v1/segments/{item['id']}").json == {
            k: v for k, v in item.items() if k not in ("status", "issues")
        }


def test_a_single_pair_answers_its_status(client, editor_token):
    first = client.post("/api/v1/segments", json=PAIRS[0], headers=auth(editor_token))
    assert first.status_code == 201 and first.json["items"][0]["status"] == "created"
    again = client.post("/api/v1/segments", json=PAIRS[0], headers=auth(editor_token))
    assert again.status_code == 200 and again.json["items"][0]["status"] == "duplicate"
    assert again.json["items"][0]["id"] == first.json["items"][0]["id"]


def test_openapi_describes_the_status_of_stored_items(client):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    assert schemas["StoreOut"]["properties"]["items"]["items"] == {"$ref": "#/components/schemas/StoredSegmentOut"}
    item = schemas["StoredSegmentOut"]
    assert item["properties"]["status"]["enum"] == ["created", "duplicate"] and "status" in item["required"]
    assert "status" not in schemas["SegmentOut"]["properties"]


def test_a_stored_source_is_cleaned_tagged_by_its_script_and_found_in_either_script(client, editor_token):
    """The scraper's pinyin goes (kept as sent in source_raw); traditional text is zh-Hant whatever tag came with
    it, in the answer and in TMX; a simplified query finds the traditional pair and the other way round."""
    raw = "發(fā)揮退役軍人在廣州的優勢作用"
    resp = client.post(
        "/api/v1/segments",
        json={"source": raw, "target": "Give play to the strengths of veterans in Guangzhou", "source_lang": "zh"},
        headers=auth(editor_token),
    )
    assert resp.status_code == 201, resp.json
    stored = resp.json["items"][0] if "items" in resp.json else resp.json
    assert stored["source"] == "發揮退役軍人在廣州的優勢作用" and stored["source_raw"] == raw
    assert stored["source_lang"] == "zh-Hant"
    plain = client.post(
        "/api/v1/segments",
        json={"source": "全省会议在广州召开。", "target": "The provincial meeting was held in Guangzhou."},
        headers=auth(editor_token),
    ).json
    plain = plain["items"][0] if "items" in plain else plain
    assert plain["source_lang"] == "zh-Hans" and plain["source_raw"] is None
    for q in ("广州", "廣州"):
        found = {item["id"] for item in client.get("/api/v1/segments", query_string={"q": q}).json["items"]}
        assert found == {stored["id"], plain["id"]}, q
    found = {item["id"] for item in client.get("/api/v1/segments", query_string={"q": "发挥退役军人"}).json["items"]}
    assert found == {stored["id"]}
    tmx = client.get("/api/v1/tm/export", query_string={"format": "tmx"}).get_data(as_text=True)
    assert 'xml:lang="zh-Hant"' in tmx and "發揮退役軍人" in tmx and "fā" not in tmx


def test_every_store_answer_carries_the_checks_of_each_pair(client, editor_token):
    """A pair stored with a forbidden rendering and a dropped date says so in the answer itself."""
    client.post(
        "/api/v1/terms",
        json={
            "source": "中国式现代化",
            "target": "Chinese modernization",
            "forbidden": ["Chinese-style modernization"],
        },
        headers=auth(editor_token),
    )
    resp = client.post(
        "/api/v1/segments",
        json={
            "pairs": [
                {"source": "2023年1月18日，推进中国式现代化。", "target": "Advance Chinese-style modernization."},
                {"source": "推进中国式现代化。", "target": "Advance Chinese modernization."},
            ]
        },
        headers=auth(editor_token),
    )
    assert resp.status_code == 201, resp.json
    bad, good = resp.json["items"]
    assert {i["code"] for i in bad["issues"]} >= {"term-forbidden", "number-missing"}
    assert good["issues"] == [] and good["quality_score"] == 100
