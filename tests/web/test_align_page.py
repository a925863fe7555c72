"""The alignment page without a browser: published text side by side as beads, the sure ones kept, the doubtful
ones marked, each segment of a bead its own element to split between; the kept pairs (also the parts of a split
bead) stored under a document; bad input refused with the reason."""

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


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr class="bead[^"]*" data-bead>.*?</tr>', page, re.S)


def _cell(row: str, side: str) -> str:
    return re.search(rf'<td lang="\w+" data-side="{side}">(.*?)</td>', row, re.S).group(1)


ONE_TO_TWO = (  # a bead of the speech: one Chinese sentence, two English ones
    "刚才，我们召开了中国共产党第十八届中央委员会第一次全体会议，选举产生了新一届中央领导机构，选举我为中央委员会总书记。",
    "We have just held the First Plenary Session of the 18th CPC Central Committee, and elected a new central leadership.",
    "I was elected general secretary of the Central Committee.",
)


@pytest.mark.parametrize("bilingual", [False, True], ids=["two-texts", "bilingual"])
def test_each_segment_of_a_bead_is_its_own_element_and_the_joined_text_is_the_bead(editor, bilingual):
    import html as html_lib

    zh, en = ONE_TO_TWO[0], "\n".join(ONE_TO_TWO[1:])
    html = editor.get("/align").get_data(as_text=True)
    data = {"text": f"{zh}\n{en}"} if bilingual else {"source": zh, "target": en}
    page = editor.post("/align", data={**data, "csrf_token": token_from(html)}).get_data(as_text=True)
    (row,) = _rows(page)
    assert "<span data-type>1-2</span>" in row and 'name="type_0" value="1-2"' in row
    source, target = _cell(row, "source"), _cell(row, "target")
    assert re.findall(r"<span data-seg>(.*?)</span>", source) == [zh]
    assert [html_lib.unescape(t) for t in re.findall(r"<span data-seg>(.*?)</span>", target)] == list(ONE_TO_TWO[1:])
    # the text shown (segments and what lies between them) is the bead's text, as the hidden field sends it
    shown = html_lib.unescape(re.sub(r"<[^>]+>", "", target))
    assert shown == en and f'name="target_0" value="{html_lib.escape(en)}"' in row
    assert re.search(r"data-split(?! hidden)", row) and "data-merge hidden" in row  # one bead: nothing to merge


def test_a_page_of_real_beads_shows_the_bead_texts_segment_by_segment(editor):
    import html as html_lib

    html = editor.get("/align").get_data(as_text=True)
    page = editor.post("/align", data={"source": ZH, "target": EN, "csrf_token": token_from(html)}).get_data(
        as_text=True
    )
    several = 0
    for n, row in enumerate(_rows(page)):
        for side in ("source", "target"):
            value = html_lib.unescape(re.search(rf'name="{side}_{n}" value="([^"]*)"', row).group(1))
            cell = _cell(row, side)
            assert html_lib.unescape(re.sub(r"<[^>]+>", "", cell)) == value
            several += cell.count("<span data-seg>") > 1
    assert several  # the speech has beads of more than one segment on a side


def _store(app, editor, document: str, beads: int, fields: dict[str, str]):
    """Post the align page's store form with these bead fields; the redirect and the pairs stored."""
    html = editor.get("/align").get_data(as_text=True)
    form = {"beads": str(beads), "csrf_token": token_from(html), "document": document, **fields}
    resp = editor.post("/align/store", data=form)
    with app.extensions["yiku"].db.session() as session:
        pairs = memory_service.search_pairs(session, document=document, limit=20).items
    return resp, pairs


def test_the_parts_of_a_split_bead_are_stored_as_posted_and_only_the_kept_ones(app, editor):
    fields = {
        # a 1-2 bead split into 1-1 (kept) and 0-1 (nothing to pair with)
        "source_0": "我们的人民热爱生活。",
        "target_0": "Our people have an ardent love for life.",
        "type_0": "1-1",
        "confidence_0": "0.719",
        "edited_0": "1",
        "keep_0": "1",
        "source_1": "",
        "target_1": "They want to have better education and more stable jobs.",
        "type_1": "0-1",
        "confidence_1": "0.719",
        "edited_1": "1",
        # a 2-2 bead split into two 1-1 beads: the first kept, the second rejected (not ticked)
        "source_2": "人民对美好生活的向往，就是我们的奋斗目标。",
        "target_2": "The people’s wish for a happy life is our goal.",
        "type_2": "1-1",
        "confidence_2": "0.501",
        "edited_2": "1",
        "keep_2": "1",
        "source_3": "人世间的一切幸福都需要靠辛勤的劳动来创造。",
        "target_3": "A happy life comes from hard work.",
        "type_3": "1-1",
        "confidence_3": "0.501",
        "edited_3": "1",
    }
    resp, pairs = _store(app, editor, "speech-split", 4, fields)
    assert resp.status_code == 302 and "/memory?document=speech-split" in resp.location
    assert sorted((p.source, p.target) for p in pairs) == [
        ("人民对美好生活的向往，就是我们的奋斗目标。", "The people’s wish for a happy life is our goal."),
        ("我们的人民热爱生活。", "Our people have an ardent love for life."),
    ]
    first = next(p for p in pairs if p.source == "我们的人民热爱生活。")
    assert first.extra["alignment"] == {"confidence": 0.719, "type": "1-1", "edited": True, "reviewed_by": "editor1"}
    assert first.context_after == "人民对美好生活的向往，就是我们的奋斗目标。"  # the kept neighbour, not the rejected


def test_a_stored_bead_keeps_its_score_and_shape_and_ignores_bad_ones(app, editor):
    fields = {
        **{"source_0": "我们的民族是伟大的民族。", "target_0": "Ours is a great nation.", "keep_0": "1"},
        **{"confidence_0": "0.938", "type_0": "1-1"},
        **{"source_1": "我们的人民是伟大的人民。", "target_1": "Our people are a great people.", "keep_1": "1"},
        **{"confidence_1": "high", "type_1": "<b>x</b>"},
    }
    resp, stored = _store(app, editor, "speech-scores", 2, fields)
    assert resp.status_code == 302
    pairs = {p.source: p for p in stored}
    assert pairs["我们的民族是伟大的民族。"].extra["alignment"] == {
        "confidence": 0.938,
        "type": "1-1",
        "reviewed_by": "editor1",
    }
    assert pairs["我们的人民是伟大的人民。"].extra["alignment"] == {"confidence": None, "reviewed_by": "editor1"}


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
