"""The assist page (terms highlighted, noise greyed, matches with diffs, storing a translation) and the
memory browser (concordance, document filter, edit, delete, exports)."""

from __future__ import annotations

import io
import re

import pytest

from service.application import glossary as glossary_service
from service.application import memory as memory_service
from service.application.accounts import create_user
from service.memory.pairs import RawPair

PASSWORD = "correct horse battery"


def token_from(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def csrf_token(client, path="/sign-in") -> str:
    return token_from(client.get(path).get_data(as_text=True))


@pytest.fixture
def editor(app, client):
    with app.extensions["yiku"].db.session() as session:
        create_user(session, "editor1", PASSWORD, "editor")
    client.post("/sign-in", data={"username": "editor1", "password": PASSWORD, "csrf_token": csrf_token(client)})
    return client


@pytest.fixture
def glossary(app):
    with app.extensions["yiku"].db.session() as session:
        glossary_service.create_term(
            session,
            {
                "source": "退役军人事务厅",
                "target": "Department of Veterans Affairs",
                "category": "organization",
                "status": "approved",
                "forbidden": ["Veterans Bureau"],
            },
            "seed",
        )
        glossary_service.create_term(
            session,
            {
                "source": "高质量发展",
                "target": "high-quality development",
                "category": "political-phrase",
                "status": "approved",
                "note": "<script>alert(1)</script>",
            },
            "seed",
        )


def store(app, pairs, document="report-2023"):
    with app.extensions["yiku"].db.session() as session:
        memory_service.store_pairs(session, [RawPair(s, t, document=document) for s, t in pairs], "seed")


def analyse(client, text, **extra):
    return client.post(
        "/assist",
        data={"text": text, "min_score": "70", "csrf_token": csrf_token(client, "/assist"), **extra},
        content_type="multipart/form-data",
    )


def test_assist_highlights_terms_in_the_seed_article(app, client, glossary, seed_article):
    html = analyse(client, seed_article).get_data(as_text=True)
    marks = re.findall(r'<mark class="term term-approved" tabindex="-1" title="([^"]*)"[^>]*>([^<]+)</mark>', html)
    assert ("退役军人事务厅 → Department of Veterans Affairs; do not use: Veterans Bureau", "退役軍人事務廳") in marks
    # the scraper left a pinyin annotation inside the term; the mark still spans the original characters
    assert ("高质量发展 → high-quality development", "高質量發(fā)展") in marks
    assert re.search(
        r'class="segment noise"[^>]*>\s*<div class="seg-source">\s*<span class="noise-label">metadata', html
    )


def test_assist_shows_memory_matches_with_a_diff_and_the_draft(app, client):
    store(
        app,
        [
            (
                "全省退役军人事务局长会议在广州召开。",
                "The provincial meeting of veterans affairs bureau chiefs was held in Guangzhou.",
            )
        ],
    )
    html = analyse(client, "全省退役军人事务局长会议在深圳召开。").get_data(as_text=True)
    assert re.search(r'class="score score-\w+">\d+%', html)
    assert "<del>广州</del>" in html and "<ins>深圳</ins>" in html
    assert "was held in" in html


def test_assist_accepts_a_txt_upload_and_escapes_it(app, client):
    data = "<b>省退役军人事务厅</b>召开会议。".encode()
    resp = client.post(
        "/assist",
        data={
            "upload": (io.BytesIO(data), "notice.txt"),
            "text": "",
            "min_score": "70",
            "csrf_token": csrf_token(client, "/assist"),
        },
        content_type="multipart/form-data",
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "&lt;b&gt;省退役军人事务厅&lt;/b&gt;" in html and "<b>省" not in html
    assert 'value="notice.txt"' in html  # the file name becomes the document name


def test_assist_needs_some_text(client):
    resp = analyse(client, "   ")
    assert resp.status_code == 400
    assert "Paste a text or choose a .txt file." in resp.get_data(as_text=True)


def test_store_form_only_for_editors_and_stores_the_pair(app, client, editor):
    text = "全省退役军人事务局长会议召开。会议在广州举行。"
    html = analyse(editor, text, document="meeting").get_data(as_text=True)
    assert html.count('action="/assist/store"') == 2
    resp = editor.post(
        "/assist/store",
        data={
            "source": "会议在广州举行。",
            "target": "The meeting was held in Guangzhou.",
            "context_before": "全省退役军人事务局长会议召开。",
            "document": "meeting",
            "csrf_token": token_from(html),
        },
        headers={"Accept": "application/json"},
    )
    assert resp.status_code == 200 and resp.json["stored"] is True
    again = editor.post(
        "/assist/store",
        data={
            "source": "会议在广州举行。",
            "target": "The meeting was held in Guangzhou.",
            "csrf_token": token_from(html),
        },
        headers={"Accept": "application/json"},
    )
    assert again.json["stored"] is False and again.json["segment_id"] == resp.json["segment_id"]
    with app.extensions["yiku"].db.session() as session:
        row = memory_service.get_pair(session, resp.json["segment_id"])
        assert row.document.name == "meeting" and row.created_by == "editor1"


def test_anonymous_store_is_redirected_and_stores_nothing(app, client):
    html = analyse(client, "会议在广州举行。").get_data(as_text=True)
    assert 'action="/assist/store"' not in html
    resp = client.post(
        "/assist/store", data={"source": "会议在广州举行。", "target": "x", "csrf_token": token_from(html)}
    )
    assert resp.status_code == 302 and resp.location.startswith("/sign-in")
    with app.extensions["yiku"].db.session() as session:
        assert memory_service.count_pairs(session) == 0


PAIRS = [
    ("退役军人事务厅召开会议。", "The Department of Veterans Affairs held a meeting."),
    ("广东省推进高质量发展。", "Guangdong promotes high-quality development."),
]


def test_memory_concordance_and_document_filter(app, client):
    store(app, PAIRS)
    store(app, [("其他文件的句子。", "A sentence of another document.")], document="other")
    html = client.get("/memory?q=高质量").get_data(as_text=True)
    assert "广东省推进高质量发展。" in html and "退役军人事务厅召开会议。" not in html
    only_other = client.get("/memory?document=other").get_data(as_text=True)
    assert "其他文件的句子。" in only_other and "广东省推进高质量发展。" not in only_other
    assert 'href="/api/v1/tm/export?format=tmx&amp;document=other"' in only_other
    assert 'href="/api/v1/tm/export?format=csv&amp;document=other"' in only_other


def test_memory_heading_counts_pairs_in_plain_english(app, client):
    store(app, PAIRS[:1])
    assert re.search(r"<small>1 pair</small>", client.get("/memory").get_data(as_text=True))
    store(app, PAIRS[1:])
    assert re.search(r"<small>2 pairs</small>", client.get("/memory").get_data(as_text=True))


def test_memory_edit_and_delete_need_a_role(app, client):
    store(app, PAIRS)
    with app.extensions["yiku"].db.session() as session:
        seg_id = memory_service.search_pairs(session, q="高质量").items[0].id
    assert client.get(f"/memory/{seg_id}/edit").status_code == 302
    assert client.post(f"/memory/{seg_id}/delete", data={"csrf_token": csrf_token(client)}).status_code == 302
    with app.extensions["yiku"].db.session() as session:
        assert memory_service.count_pairs(session) == 2


def test_memory_edit_and_delete(app, editor):
    store(app, PAIRS)
    with app.extensions["yiku"].db.session() as session:
        seg_id = memory_service.search_pairs(session, q="高质量").items[0].id
    form = editor.get(f"/memory/{seg_id}/edit").get_data(as_text=True)
    assert "广东省推进高质量发展。" in form
    resp = editor.post(
        f"/memory/{seg_id}/edit",
        data={
            "source": "广东省推进高质量发展。",
            "target": "Guangdong advances high-quality development.",
            "csrf_token": token_from(form),
        },
    )
    assert resp.status_code == 302
    with app.extensions["yiku"].db.session() as session:
        assert memory_service.get_pair(session, seg_id).target == "Guangdong advances high-quality development."
    resp = editor.post(f"/memory/{seg_id}/delete", data={"csrf_token": token_from(form)})
    assert resp.status_code == 302
    with app.extensions["yiku"].db.session() as session:
        assert memory_service.count_pairs(session) == 1


def test_memory_edit_validation_and_escaping(app, editor):
    store(app, [("脚本测试。", "<script>alert(1)</script>")])
    html = editor.get("/memory").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    with app.extensions["yiku"].db.session() as session:
        seg_id = memory_service.search_pairs(session).items[0].id
    resp = editor.post(
        f"/memory/{seg_id}/edit", data={"source": "脚本测试。", "target": "", "csrf_token": token_from(html)}
    )
    assert resp.status_code == 400 and "This field is required." in resp.get_data(as_text=True)


def test_assist_reports_a_text_with_too_many_segments(app, client):
    text = "会议召开。" * 2001
    resp = analyse(client, text)
    assert resp.status_code == 400
    assert "more than max_segments=2000" in resp.get_data(as_text=True)


def test_only_sure_drafts_fill_the_box_others_are_offered_or_withheld(app, editor):
    store(
        app,
        [
            ("全省退役军人事务局长会议在广州召开。", "The provincial meeting of bureau chiefs was held in Guangzhou."),
            ("第三次会议于1月18日至19日在深圳召开。", "The third meeting was held in Shenzhen on 18/19 January."),
        ],
    )

    def box(html, index=0):
        return re.search(rf'<textarea id="target-{index}"[^>]*>([^<]*)</textarea>', html).group(1)

    exact = analyse(editor, "全省退役军人事务局长会议在广州召开。").get_data(as_text=True)
    assert box(exact) == "The provincial meeting of bureau chiefs was held in Guangzhou."
    assert "data-use-draft" not in exact

    fuzzy = analyse(editor, "全省退役军人事务局长会议在深圳召开，部署今年工作。").get_data(as_text=True)
    assert box(fuzzy) == ""
    assert 'class="draft offered"' in fuzzy and 'data-use-draft="target-0"' in fuzzy
    assert "not filled in" in fuzzy

    lowered = analyse(editor, "全省退役军人事务局长会议在深圳召开，部署今年工作。", prefill_min_score="50")
    assert box(lowered.get_data(as_text=True)).startswith("The provincial meeting")

    withheld = analyse(editor, "第三次会议于2月20日至21日在深圳召开。").get_data(as_text=True)
    assert box(withheld) == "" and 'class="draft withheld"' in withheld
    assert "of the stored translation is not in this text" in withheld


def test_an_exact_match_of_a_traditional_annotated_pair_shows_no_change(app, client):
    """The stored pair is traditional with the scraper's pinyin; the query is simplified. Both are compared as
    matching sees them, so the 100 % match shows no inserted or deleted text."""
    store(
        app,
        [("聚焦服務部隊備戰打仗 發(fā)揮退役軍人優勢作用", "Focus on serving the troops and give play to veterans")],
    )
    html = analyse(client, "聚焦服务部队备战打仗 发挥退役军人优势作用").get_data(as_text=True)
    assert re.search(r'class="score score-high">10[01]%', html)
    diff = re.search(r'<div class="diff" lang="zh-Hans">(.*?)</div>', html, re.S).group(1)
    assert "<ins>" not in diff and "<del>" not in diff and "fā" not in diff


def test_a_forbidden_rendering_or_a_dropped_number_needs_a_second_confirmation(app, editor):
    from service.application import glossary as glossary_service

    with app.extensions["yiku"].db.session() as session:
        glossary_service.create_term(
            session,
            {
                "source": "中国式现代化",
                "target": "Chinese modernization",
                "forbidden": ["Chinese-style modernization"],
                "status": "approved",
            },
            "seed",
        )
        session.commit()
    html = analyse(editor, "2023年，推进中国式现代化。").get_data(as_text=True)
    data = {
        "source": "2023年，推进中国式现代化。",
        "target": "Advance Chinese-style modernization.",
        "csrf_token": token_from(html),
    }
    first = editor.post("/assist/store", data=data, headers={"Accept": "application/json"})
    assert first.status_code == 409 and first.json["needs_confirmation"] is True
    assert any("forbidden" in issue for issue in first.json["issues"])
    assert any("2023" in issue for issue in first.json["issues"])
    with app.extensions["yiku"].db.session() as session:
        assert memory_service.search_pairs(session, q="中国式现代化").items == []  # nothing stored
    page = editor.post("/assist/store", data=data)  # without the script: a page to confirm on
    assert page.status_code == 409 and "Store anyway" in page.get_data(as_text=True)
    second = editor.post("/assist/store", data={**data, "confirm": "1"}, headers={"Accept": "application/json"})
    assert second.status_code == 200 and second.json["stored"] is True
    assert any("forbidden" in issue for issue in second.json["issues"])  # stored, and the answer still says why
    fine = editor.post(
        "/assist/store",
        data={**data, "target": "In 2023, advance Chinese modernization."},
        headers={"Accept": "application/json"},
    )
    assert fine.status_code == 200 and fine.json["stored"] is True
    assert fine.json["issues"] == ["the same source is also translated in 1 other way(s)"]  # the first one


def test_each_segment_lists_its_terms_with_renderings_to_insert(app, client, glossary, seed_article):
    """The term pane: source as written → the preferred and admitted renderings as buttons that insert them, the
    forbidden ones struck out; marks are no Tab stops of their own, and a place hit points at no term id."""
    html = analyse(client, seed_article).get_data(as_text=True)
    pane = re.search(r'<ul class="term-pane"[^>]*>(.*?)</ul>', html, re.S).group(1)
    assert '<span lang="zh">退役軍人事務廳</span>' in html
    assert re.search(r'data-insert="target-\d+" lang="en">Department of Veterans Affairs</button>', html)
    assert '<s class="forbidden" lang="en" title="forbidden">Veterans Bureau</s>' in html
    assert "button" in pane
    assert 'tabindex="0"' not in re.sub(r"<textarea.*?</textarea>", "", html)
    assert 'data-term-id="None"' not in html
