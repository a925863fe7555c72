"""The alignment page without a browser: published text side by side as beads, the sure ones kept, the doubtful
ones marked; the kept pairs stored under a document; bad input refused with the reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.application import memory as memory_service
from service.application.accounts import create_user

PASSWORD = "correct horse battery"
DATA = Path(__file__).resolve().parents[1] / "data" / "align" / "pol-governance-v1"
ZH = "\n".join((DATA / "zh.txt").read_text(encoding="utf-8").splitlines()[:20])
EN = "\n".join((DATA / "en.txt").read_text(encoding="utf-8").splitlines()[:24])


def token_from(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@pytest.fixture
def editor(app, client):
    with app.extensions["yiku"].db.session() as session:
        create_user(session, "editor1", PASSWORD, "editor")
    html = client.get("/sign-in").get_data(as_text=True)
    client.post("/sign-in", data={"username": "editor1", "password": PASSWORD, "csrf_token": token_from(html)})
    return client


def test_beads_side_by_side_and_the_kept_pairs_stored(app, editor):
    html = editor.get("/align").get_data(as_text=True)
    page = editor.post("/align", data={"source": ZH, "target": EN, "csrf_token": token_from(html)}).get_data(
        as_text=True
    )
    rows = re.findall(r'<tr class="bead[^"]*" data-bead>', page)
    assert len(rows) >= 18 and "人民对美好生活的向往" in page and "The People’s Wish" in page
    checked = page.count("checked>")
    fields = dict(re.findall(r'name="((?:source|target|confidence|keep)_\d+|beads)" value="([^"]*)"', page))
    keep = dict.fromkeys(re.findall(r'name="(keep_\d+)" value="1"[^>]*checked', page), "1")
    assert checked == len(keep) and 0 < len(keep) <= len(rows)  # the sure beads are kept, ready to store
    import html as html_lib

    form = {k: html_lib.unescape(v) for k, v in fields.items() if not k.startswith("keep_")}
    resp = editor.post("/align/store", data={**form, **keep, "document": "speech-1", "csrf_token": token_from(page)})
    assert resp.status_code == 302 and "/memory?document=speech-1" in resp.location
    with app.extensions["yiku"].db.session() as session:
        pairs = memory_service.search_pairs(session, document="speech-1", limit=200).items
    assert len(pairs) == len(keep) and {p.origin for p in pairs} == {"aligned"}
    assert any(p.source.startswith("人民对美好生活的向往") for p in pairs)


def test_bad_input_says_what_is_missing(editor):
    html = editor.get("/align").get_data(as_text=True)
    token = token_from(html)
    empty = editor.post("/align", data={"source": "", "target": "", "csrf_token": token})
    assert empty.status_code == 400 and "Paste the Chinese and its English version" in empty.get_data(as_text=True)
    english = editor.post("/align", data={"source": "Only English.", "target": "English.", "csrf_token": token})
    assert english.status_code == 400 and "No Chinese text to align." in english.get_data(as_text=True)
    nothing = editor.post(
        "/align/store", data={"beads": "1", "source_0": "国务院", "target_0": "x", "document": "d", "csrf_token": token}
    )
    assert nothing.status_code == 302  # nothing kept: nothing stored
    assert editor.post("/align/store", data={"beads": "1", "csrf_token": token}).status_code == 400  # no document


def test_anonymous_visitors_see_beads_but_cannot_store(client):
    html = client.get("/align").get_data(as_text=True)
    page = client.post("/align", data={"source": ZH, "target": EN, "csrf_token": token_from(html)}).get_data(
        as_text=True
    )
    assert "Sign in as an editor to store the pairs." in page
    assert client.post("/align/store", data={"beads": "0"}).status_code in (302, 400)
