"""The workspace pages without a browser: documents with progress, a document's segments with statuses that
persist, saving and confirming (with a second confirmation), filters, pages, exports and taking a document out."""

from __future__ import annotations

import re

import pytest

from service.application import memory as memory_service
from service.application.accounts import create_user
from service.application.database import seed_starter_glossary

PASSWORD = "correct horse battery"
MEETING = "1月18日至19日,全省退役軍人事務局長會議在廣州召開。"
MEETING_EN = (
    "The provincial conference of directors of veterans affairs bureaus was held in Guangzhou from January 18 to 19."
)


def token_from(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@pytest.fixture
def editor(app, client):
    with app.extensions["yiku"].db.session() as session:
        create_user(session, "editor1", PASSWORD, "editor")
    html = client.get("/sign-in").get_data(as_text=True)
    client.post("/sign-in", data={"username": "editor1", "password": PASSWORD, "csrf_token": token_from(html)})
    return client


def _new_document(client, text, name="seed") -> tuple[int, str]:
    html = client.get("/workspace").get_data(as_text=True)
    resp = client.post("/workspace", data={"name": name, "text": text, "csrf_token": token_from(html)})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    doc_id = int(resp.location.rsplit("/", 1)[1])
    return doc_id, client.get(resp.location).get_data(as_text=True)


def _number(html: str, source_start: str) -> int:
    for chunk in html.split('<li class="segment')[1:]:
        source = chunk.split('<div class="seg-help">')[0]
        if re.sub(r"<[^>]+>", "", source).find(source_start) != -1:
            return int(re.search(r'id="seg-(\d+)"', chunk).group(1))
    raise AssertionError(source_start)


def test_list_and_new_document_for_editors_only(app, client, seed_article):
    page = client.get("/workspace").get_data(as_text=True)
    assert "No document in the workspace yet." in page and "Sign in as an editor" in page
    resp = client.post("/workspace", data={"name": "x", "text": "会议。"})
    assert resp.status_code in (302, 400)  # anonymous: to the sign-in page (or refused by CSRF), nothing stored
    assert "No document in the workspace yet." in client.get("/workspace").get_data(as_text=True)


def test_a_document_page_lists_cleaned_segments_with_status_and_progress(app, editor, seed_article):
    seed_starter_glossary(app.extensions["yiku"].db)
    doc_id, html = _new_document(editor, seed_article)
    assert "24 segments to translate; 5 noise segments left out." in html
    assert "0 of 24 confirmed · 0 drafts · 24 new" in html
    assert "發(fā)揮" not in html and "發揮" in html  # annotations gone from the source shown
    assert "已編輯圖片" not in html and "日韩国产" not in html
    assert html.count('class="status-badge status-badge-new"') == 24
    assert 'class="term-pane"' in html and "Ctrl</kbd>+<kbd>Enter</kbd>" in html
    assert f'href="/workspace/{doc_id}/export?format=xliff"' in html
    listing = editor.get("/workspace").get_data(as_text=True)
    assert 'aria-label="0 of 24 confirmed"' in listing and ">seed</a>" in listing


def test_save_confirm_second_confirmation_and_statuses_persist(app, editor, seed_article):
    doc_id, html = _new_document(editor, seed_article)
    number = _number(html, MEETING)
    url = f"/workspace/{doc_id}/segments/{number}"
    token = token_from(html)
    ajax = {"Accept": "application/json"}

    draft = editor.post(
        url, data={"target": "Held in Guangzhou.", "action": "draft", "csrf_token": token}, headers=ajax
    )
    assert draft.status_code == 200 and draft.json["status"] == "draft"
    assert draft.json["counts"] == {"new": 23, "draft": 1, "confirmed": 0}

    short = editor.post(
        url, data={"target": "Held in Guangzhou.", "action": "confirm", "csrf_token": token}, headers=ajax
    )
    assert short.status_code == 409 and short.json["needs_confirmation"]
    assert any("18" in issue for issue in short.json["issues"])
    # without the script: a page that asks again, and nothing stored meanwhile
    plain = editor.post(url, data={"target": "Held in Guangzhou.", "action": "confirm", "csrf_token": token})
    assert plain.status_code == 409 and "Confirm anyway" in plain.get_data(as_text=True)
    with app.extensions["yiku"].db.session() as session:
        assert memory_service.search_pairs(session, limit=5).items == []

    done = editor.post(url, data={"target": MEETING_EN, "action": "confirm", "csrf_token": token}, headers=ajax)
    assert done.status_code == 200 and done.json["status"] == "confirmed" and done.json["issues"] == []
    assert "stored in the memory" in done.json["message"]

    page = editor.get(f"/workspace/{doc_id}").get_data(as_text=True)  # a new visit: the status is kept
    assert "1 of 24 confirmed · 0 drafts · 23 new" in page
    assert f'id="seg-{number}"' in page and f"{MEETING_EN}</textarea>" in page
    assert f'<li class="segment status-confirmed" id="seg-{number}"' in page
    card = page.split(f'id="seg-{number}"')[1].split('<li class="segment')[0]
    assert "101%" in card and 'class="draft' not in card  # its own pair matches; the same draft is not repeated
    confirmed = editor.get(f"/workspace/{doc_id}?status=confirmed").get_data(as_text=True)
    assert confirmed.count('<li class="segment') == 1 and "Confirmed (1)" in confirmed
    assert editor.get(f"/workspace/{doc_id}?status=bogus").status_code == 400
    assert editor.get(f"/workspace/{doc_id}?page=9").status_code == 400

    forced = editor.post(
        f"/workspace/{doc_id}/segments/1",
        data={"target": "Meeting", "action": "confirm", "confirm": "1", "csrf_token": token, "back": "status=new"},
    )
    assert forced.status_code == 302 and forced.location.endswith(f"/workspace/{doc_id}?status=new#seg-1")

    tmx = editor.get(f"/workspace/{doc_id}/export?format=tmx")
    assert tmx.status_code == 200 and MEETING_EN.encode() in tmx.data and b"Meeting</seg>" in tmx.data
    assert editor.get(f"/workspace/{doc_id}/export?format=doc").status_code == 400


def test_a_later_document_gets_the_repaired_draft_filled_in_and_fuzzy_ones_offered(app, editor, seed_article):
    doc_id, html = _new_document(editor, seed_article)
    token = token_from(html)
    editor.post(
        f"/workspace/{doc_id}/segments/{_number(html, MEETING)}",
        data={"target": MEETING_EN, "action": "confirm", "csrf_token": token},
    )
    later = seed_article.replace("1月18日至19日", "2月20日至21日")
    later_id, page = _new_document(editor, later, name="later")
    assert "from February 20 to 21.</textarea>" in page  # a repaired 98% match fills the box
    assert 'name="prefill" min="0" max="101" value="95"' in page
    strict = editor.get(f"/workspace/{later_id}?prefill=99").get_data(as_text=True)
    assert "from February 20 to 21.</textarea>" not in strict and "Use this draft" in strict  # offered only
    assert "filled in from a" in page
    # the title's fuzzy match holds dates the title does not have: no draft, and the page says why
    assert '<span class="label">No draft</span>' in page and "January 18 to 19" in page
    assert page.count("</textarea>") == 24


def test_taking_a_document_out_keeps_its_pairs(app, editor, seed_article):
    doc_id, html = _new_document(editor, seed_article)
    token = token_from(html)
    editor.post(
        f"/workspace/{doc_id}/segments/{_number(html, MEETING)}",
        data={"target": MEETING_EN, "action": "confirm", "csrf_token": token},
    )
    resp = editor.post(f"/workspace/{doc_id}/delete", data={"csrf_token": token}, follow_redirects=True)
    assert resp.request.path == "/workspace" and "stay in the memory" in resp.get_data(as_text=True)
    assert editor.get(f"/workspace/{doc_id}").status_code == 404
    with app.extensions["yiku"].db.session() as session:
        assert [p.target for p in memory_service.search_pairs(session, limit=5).items] == [MEETING_EN]


def test_bad_forms_are_refused_with_a_reason(app, editor, seed_article):
    doc_id, html = _new_document(editor, seed_article)
    token = token_from(html)
    again = editor.post("/workspace", data={"name": "seed", "text": "会议。", "csrf_token": token})
    assert again.status_code == 400 and "in the workspace already" in again.get_data(as_text=True)
    empty = editor.post("/workspace", data={"name": "blank", "text": "  ", "csrf_token": token})
    assert empty.status_code == 400 and "Paste a text" in empty.get_data(as_text=True)
    noise = editor.post("/workspace", data={"name": "n", "text": "已編輯圖片", "csrf_token": token})
    assert noise.status_code == 400 and "every segment is noise" in noise.get_data(as_text=True)
    url = f"/workspace/{doc_id}/segments/1"
    ajax = {"Accept": "application/json"}
    blank = editor.post(url, data={"target": " ", "action": "confirm", "csrf_token": token}, headers=ajax)
    assert blank.status_code == 400 and "write a translation" in blank.json["errors"]["target"][0]
    bad_action = editor.post(url, data={"target": "x", "action": "publish", "csrf_token": token}, headers=ajax)
    assert bad_action.status_code == 400
    missing = editor.post(
        f"/workspace/{doc_id}/segments/99", data={"target": "x", "action": "draft", "csrf_token": token}
    )
    assert missing.status_code == 404
    assert editor.post(url, data={"target": "x", "action": "draft"}).status_code == 400  # no CSRF token


def test_an_xliff_upload_becomes_a_document_and_a_bad_one_says_why(app, editor):
    import io

    from translate.storage import xliff as tt_xliff

    store = tt_xliff.xlifffile(sourcelanguage="zh-CN", targetlanguage="en")
    unit = store.addsourceunit(MEETING)
    unit.setid("u1")
    unit.target = MEETING_EN
    store.addsourceunit("会议强调,2024年是新中国成立75周年。").setid("u2")
    html = editor.get("/workspace").get_data(as_text=True)
    resp = editor.post(
        "/workspace",
        data={
            "name": "cat",
            "text": "",
            "upload": (io.BytesIO(bytes(store)), "report.xlf"),
            "csrf_token": token_from(html),
        },
        content_type="multipart/form-data",
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)[:400]
    page = editor.get(resp.location).get_data(as_text=True)
    assert "0 of 2 confirmed · 1 draft · 1 new" in page and f"{MEETING_EN}</textarea>" in page
    bad = editor.post(
        "/workspace",
        data={
            "name": "bad",
            "upload": (io.BytesIO(b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xliff/>'), "bad.xliff"),
            "csrf_token": token_from(html),
        },
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400 and "internal subset" in bad.get_data(as_text=True)
    from pathlib import Path

    english = Path(__file__).resolve().parents[1] / "data" / "xliff" / "symfony-doctype-zh_TW.xml"  # en → zh_TW
    wrong = editor.post(
        "/workspace",
        data={"name": "sf", "upload": (io.BytesIO(english.read_bytes()), english.name), "csrf_token": token_from(html)},
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 400
    assert "The file translates from &#39;en&#39;; a workspace document is Chinese." in wrong.get_data(as_text=True)
