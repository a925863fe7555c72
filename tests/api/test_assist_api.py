"""Assist over the API on the real seed page: offsets, noise, matches after storing, limits and store=true."""

from __future__ import annotations

import re

from tests.helpers import auth


def _seed_glossary(app):
    from service.application.database import seed_starter_glossary

    assert seed_starter_glossary(app.extensions["yiku"].db) > 300


def test_seed_article_offsets_noise_and_no_matches_on_spam(app, client, seed_article):
    _seed_glossary(app)
    resp = client.post("/api/v1/assist", json={"text": seed_article})
    assert resp.status_code == 200, resp.json
    body = resp.json
    segments = body["segments"]
    for seg in segments:
        assert seed_article[seg["start"] : seg["end"]] == seg["text"]
        for hit in seg["terms"]:
            assert seed_article[hit["start"] : hit["end"]] == hit["text"]
        for p in seg["placeables"]:
            assert seed_article[p["start"] : p["end"]] == p["text"]
    tail_start = seed_article.index("日韩国产")
    tail = [s for s in segments if s["end"] > tail_start]
    assert tail and all(s["noise"] == "spam" for s in tail)
    assert all(not s["matches"] and not s["terms"] for s in segments if s["noise"])
    found = {h["text"] for s in segments for h in s["terms"]}
    assert {"退役軍人事務廳", "退役軍人事務局", "黨組書記", "廳長"} <= found
    assert any("二十大" in t for t in found)
    assert not any(re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔù]+\)", s["normalized"]) for s in segments)
    assert body["stats"]["noise_segments"] >= 4
    dates = [p for s in segments for p in s["placeables"] if p["kind"] == "date"]
    assert any(p["text"].startswith("1月18日") for p in dates)


def test_stored_sentence_is_100_and_changed_date_is_90_plus(client, editor_token, seed_article):
    sentence = "1月18日至19日,全省退役軍人事務局長會議在廣州召開。"
    assert sentence in seed_article
    client.post(
        "/api/v1/segments",
        json={
            "source": sentence,
            "target": "The provincial conference of directors of veterans affairs bureaus was held in Guangzhou "
            "from January 18 to 19.",
        },
        headers=auth(editor_token),
    )
    segs = client.post("/api/v1/assist", json={"text": seed_article}).json["segments"]
    seg = next(s for s in segs if s["text"] == sentence)
    assert seg["matches"][0]["score"] >= 100
    changed = seed_article.replace("1月18日至19日", "1月20日至21日")
    segs = client.post("/api/v1/assist", json={"text": changed}).json["segments"]
    seg = next(s for s in segs if s["text"].startswith("1月20日"))
    assert 90 <= seg["matches"][0]["score"] < 100
    assert "January 20" in seg["draft"]


def test_store_true_aligns_targets_and_names_counts_on_mismatch(client, editor_token):
    text = "会议在广州召开。副厅长主持会议。"
    resp = client.post(
        "/api/v1/assist", json={"text": text, "store": True, "targets": ["Only one."]}, headers=auth(editor_token)
    )
    assert resp.status_code == 422
    assert resp.json["error"]["details"] == {"segments": 2, "targets": 1}
    resp = client.post(
        "/api/v1/assist",
        json={
            "text": text,
            "store": True,
            "document": "d",
            "translation": "The meeting was held in Guangzhou. The deputy director-general presided.",
        },
        headers=auth(editor_token),
    )
    assert resp.status_code == 200 and resp.json["stats"]["stored"] == 2
    assert [s["matches"][0]["score"] for s in resp.json["segments"]] == [101, 101]
    assert client.post("/api/v1/assist", json={"text": text, "store": True, "targets": ["a", "b"]}).status_code == 401


def test_limits_and_bad_input(client):
    assert client.post("/api/v1/assist", json={"text": ""}).status_code == 422
    assert client.post("/api/v1/assist", json={"text": "   "}).status_code == 422
    assert client.post("/api/v1/assist", json={"text": 5}).status_code == 422
    assert client.post("/api/v1/assist", json={}).status_code == 422
    assert client.post("/api/v1/assist", json={"text": "你好", "source_lang": "fr"}).status_code == 422
    many = "。".join(["会议召开"] * 30) + "。"
    resp = client.post("/api/v1/assist", json={"text": many, "max_segments": 10})
    assert resp.status_code == 422 and resp.json["error"]["details"]["segments"] == 30
    big = "汉" * 1_000_001
    assert client.post("/api/v1/assist", json={"text": big}).status_code == 413


def test_include_noise_matches_noise_segments(app, client):
    _seed_glossary(app)
    text = "作者: | 來源:本網 | 時間:2024-01-25 點擊數:- 分享到: 退役軍人事務廳\n會議在廣州召開。"
    plain = client.post("/api/v1/assist", json={"text": text}).json["segments"]
    assert plain[0]["noise"] == "metadata" and plain[0]["terms"] == []
    noisy = client.post("/api/v1/assist", json={"text": text, "include_noise": True}).json["segments"]
    assert noisy[0]["terms"]


def test_only_sure_drafts_fill_the_box_and_a_draft_with_old_dates_is_withheld(client, editor_token):
    """The seed article's range, changed: the draft carries both dates and fills the box (a repaired match).
    A 75 % match is offered, never filled in. A stored translation writing the range in a way the repair
    cannot place keeps the old dates: the draft is withheld, with the reason."""
    meeting = "1月18日至19日,全省退役軍人事務局長會議在廣州召開。"
    stored = "The provincial conference of directors of veterans affairs bureaus was held in Guangzhou from January 18 to 19."
    client.post("/api/v1/segments", json={"source": meeting, "target": stored}, headers=auth(editor_token))

    def best(text, **options):
        [seg] = client.post("/api/v1/assist", json={"text": text, **options}).json["segments"]
        return seg

    exact = best(meeting)
    assert exact["matches"][0]["kind"] in ("exact", "context") and exact["prefill"] and exact["draft"] == stored
    repaired = best("2月20日至21日,全省退役軍人事務局長會議在廣州召開。")
    assert repaired["draft"].endswith("from February 20 to 21.") and repaired["draft_withheld"] == []
    assert repaired["prefill"] is True
    assert best("2月20日至21日,全省退役軍人事務局長會議在廣州召開。", prefill_min_score=100)["prefill"] is False

    plain = "全省退役軍人事務局長會議在廣州召開。"
    client.post(
        "/api/v1/segments",
        json={"source": plain, "target": "The provincial conference of veterans affairs bureau directors was held."},
        headers=auth(editor_token),
    )
    other = best("全省退役軍人事務局長會議在深圳召開,部署今年工作任務。")
    assert other["matches"] and other["matches"][0]["score"] < 95
    assert other["draft"] and other["prefill"] is False

    odd = "第三次会议于1月18日至19日在深圳召开。"
    client.post(
        "/api/v1/segments",
        json={"source": odd, "target": "The third meeting was held in Shenzhen on 18/19 January."},
        headers=auth(editor_token),
    )
    withheld = best("第三次会议于2月20日至21日在深圳召开。")
    assert withheld["matches"] and withheld["draft"] is None and withheld["prefill"] is False
    assert withheld["draft_withheld"] and "not in this text" in withheld["draft_withheld"][0]
