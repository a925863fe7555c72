"""Glossary pages: list and filters, create with validation, the edit conflict view, history, delete,
escaping of user content, and CSV import with a preview and a confirm step."""

from __future__ import annotations

import base64
import re

import pytest

from service.application import glossary as glossary_service
from service.application.accounts import create_user
from service.application.shapes import term_to_dict
from service.storage.models import Term

PASSWORD = "correct horse battery"
FORM = {
    "source": "退役军人事务部",
    "target": "Ministry of Veterans Affairs",
    "category": "organization",
    "status": "approved",
    "variants": "退役軍人事務部",
    "admitted": "",
    "forbidden": "Veterans Ministry\nVA Ministry",
    "note": "",
    "domain": "",
    "pattern": "",
}


def token_from(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def csrf_token(client, path="/sign-in") -> str:
    return token_from(client.get(path).get_data(as_text=True))


@pytest.fixture
def editor(app, client):
    return _signed_in(app, client, "editor1", "editor")


@pytest.fixture
def admin(app, client):
    return _signed_in(app, client, "admin1", "admin")


def _signed_in(app, client, name, role):
    with app.extensions["yiku"].db.session() as session:
        create_user(session, name, PASSWORD, role)
    resp = client.post("/sign-in", data={"username": name, "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert resp.status_code == 302
    return client


def stored_term(app, **fields) -> int:
    with app.extensions["yiku"].db.session() as session:
        row = glossary_service.create_term(
            session, {**dict(FORM.items()), "variants": [], "forbidden": [], **fields}, "seed"
        )
        return row.id


def count_terms(app) -> int:
    with app.extensions["yiku"].db.session() as session:
        return glossary_service.count_terms(session)


def load(app, term_id):
    with app.extensions["yiku"].db.session() as session:
        row = session.get(Term, term_id)
        return None if row is None else term_to_dict(row)


def post(client, path, data, page=None):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or path)})


def test_create_term_and_see_it_listed(app, editor):
    resp = post(editor, "/glossary/new", FORM)
    assert resp.status_code == 302
    term_id = int(resp.location.rsplit("/", 1)[1])
    term = load(app, term_id)
    assert term["variants"] == ["退役軍人事務部"] and term["forbidden"] == ["Veterans Ministry", "VA Ministry"]
    assert term["created_by"] == "editor1"
    listing = editor.get("/glossary?q=退役").get_data(as_text=True)
    assert "退役军人事务部" in listing and "Ministry of Veterans Affairs" in listing


def test_admitted_renderings_are_saved_shown_and_edited(app, editor):
    resp = post(editor, "/glossary/new", {**FORM, "admitted": "Veterans Affairs Ministry\n\n Ministry for Veterans \n"})
    assert resp.status_code == 302
    term_id = int(resp.location.rsplit("/", 1)[1])
    assert load(app, term_id)["admitted"] == ["Veterans Affairs Ministry", "Ministry for Veterans"]
    detail = editor.get(f"/glossary/{term_id}").get_data(as_text=True)
    assert "Admitted renderings" in detail and '<span class="chip">Ministry for Veterans</span>' in detail
    form_html = editor.get(f"/glossary/{term_id}/edit").get_data(as_text=True)
    assert "Veterans Affairs Ministry\nMinistry for Veterans</textarea>" in form_html
    resp = editor.post(
        f"/glossary/{term_id}/edit",
        data={
            **FORM,
            "status": "proposed",  # an editor's term: proposed until an admin approves it
            "admitted": "Ministry for Veterans",
            "version": "1",
            "csrf_token": token_from(form_html),
        },
    )
    assert resp.status_code == 302 and load(app, term_id)["admitted"] == ["Ministry for Veterans"]
    bad = post(editor, "/glossary/new", {**FORM, "source": "退役军人", "target": "veterans", "admitted": "VA Ministry"})
    assert bad.status_code == 400
    assert re.search(
        r'id="admitted-error">\s*<li>&#39;VA Ministry&#39; is both admitted and forbidden', bad.get_data(as_text=True)
    )


def test_validation_messages_sit_next_to_fields_and_input_is_kept(app, editor):
    bad = {
        **FORM,
        "target": "",
        "forbidden": "Ministry of Veterans Affairs",
        "category": "place",
        "pattern": "{city} Bureau",
    }
    resp = post(editor, "/glossary/new", bad)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert re.search(r'id="target-error">\s*<li>target is empty', html)
    assert re.search(r'id="pattern-error">\s*<li>unknown placeholder \{city\}', html)
    assert 'aria-invalid="true"' in html
    assert 'value="退役军人事务部"' in html and "{city} Bureau" in html
    assert count_terms(app) == 0


def test_duplicate_source_is_reported_on_the_source_field(app, editor):
    stored_term(app)
    resp = post(editor, "/glossary/new", {**FORM, "source": "退役軍人事務部", "variants": ""})
    assert resp.status_code == 400
    assert re.search(r'id="source-error">\s*<li>a term with source', resp.get_data(as_text=True))


def test_list_filters_and_pages(app, client):
    for i in range(55):
        stored_term(
            app,
            source=f"测试术语{i:02d}",
            target=f"Test term {i}",
            category="other",
            status="proposed" if i % 2 else "approved",
        )
    stored_term(app, source="广东省", target="Guangdong Province", category="place")
    first = client.get("/glossary").get_data(as_text=True)
    assert first.count("<tr>") == 51 and 'rel="next"' in first
    next_url = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(next_url).get_data(as_text=True)
    assert "广东省" in second and "测试术语00" not in second
    places = client.get("/glossary?category=place").get_data(as_text=True)
    assert "广东省" in places and "测试术语" not in places
    proposed = client.get("/glossary?status=proposed&q=测试术语0").get_data(as_text=True)
    assert "测试术语01" in proposed and "测试术语02" not in proposed
    assert client.get("/glossary?cursor=garbage").status_code == 400


def test_edit_saves_a_new_version(app, editor):
    term_id = stored_term(app)
    form_html = editor.get(f"/glossary/{term_id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in form_html
    resp = editor.post(
        f"/glossary/{term_id}/edit",
        data={**FORM, "note": "checked", "version": "1", "csrf_token": token_from(form_html)},
    )
    assert resp.status_code == 302
    assert load(app, term_id)["version"] == 2 and load(app, term_id)["note"] == "checked"


def test_stale_edit_shows_both_versions_and_overwrites_nothing(app, editor):
    term_id = stored_term(app)
    with app.extensions["yiku"].db.session() as session:
        glossary_service.update_term(
            session, term_id, {"target": "Ministry of Veteran Affairs", "note": "theirs"}, 1, "colleague", replace=False
        )
    resp = post(
        editor, f"/glossary/{term_id}/edit", {**FORM, "note": "mine", "version": "1"}, page=f"/glossary/{term_id}/edit"
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "Someone else changed this term" in html and "colleague" in html
    assert "<ins>mine</ins>" in html and "<del>theirs</del>" in html
    assert 'name="version" type="hidden" value="2"' in html  # applying mine is based on the current version
    current = load(app, term_id)
    assert current["note"] == "theirs" and current["version"] == 2
    applied = editor.post(
        f"/glossary/{term_id}/edit", data={**FORM, "note": "mine", "version": "2", "csrf_token": token_from(html)}
    )
    assert applied.status_code == 302
    final = load(app, term_id)
    assert final["note"] == "mine" and final["version"] == 3


def test_history_lists_every_version_with_changes(app, editor):
    term_id = stored_term(app)
    with app.extensions["yiku"].db.session() as session:
        glossary_service.update_term(session, term_id, {"note": "second"}, 1, "colleague", replace=False)
    html = editor.get(f"/glossary/{term_id}/history").get_data(as_text=True)
    assert "Version 2" in html and "Version 1" in html and "colleague" in html
    assert "<ins>second</ins>" in html


def test_deprecate_then_admin_hard_delete(app, client):
    term_id = stored_term(app)
    _signed_in(app, client, "editor1", "editor")
    detail = client.get(f"/glossary/{term_id}").get_data(as_text=True)
    assert "Deprecate" in detail and "Delete permanently" not in detail
    assert (
        post(client, f"/glossary/{term_id}/deprecate", {"version": "1"}, page=f"/glossary/{term_id}").status_code == 302
    )
    assert load(app, term_id)["status"] == "deprecated"
    assert post(client, f"/glossary/{term_id}/delete", {}, page=f"/glossary/{term_id}").status_code == 403
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/glossary")})
    _signed_in(app, client, "admin1", "admin")
    assert post(client, f"/glossary/{term_id}/delete", {}, page=f"/glossary/{term_id}").status_code == 302
    assert load(app, term_id) is None
    assert "deleted term" in client.get(f"/glossary/{term_id}/history").get_data(as_text=True)


def test_user_content_is_escaped(app, client):
    term_id = stored_term(app, target="<script>alert(1)</script>", note="<b>bold</b>")
    for path in (f"/glossary/{term_id}", "/glossary", f"/glossary/{term_id}/history"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in client.get(f"/glossary/{term_id}").get_data(as_text=True)


CSV = (
    "source,target,category,status,variants,forbidden,note,domain,pattern\n"
    "退役军人事务部,Ministry of Veterans Affairs,organization,approved,,,,,\n"
    "广东省,Guangdong Province,place,approved,,,updated note,,\n"
    "高质量发展,high-quality development,political-phrase,approved,,,,,\n"
).encode()


def upload(client, data: bytes, name="terms.csv"):
    import io

    return client.post(
        "/glossary/import",
        data={"file": (io.BytesIO(data), name), "format": "auto", "csrf_token": csrf_token(client, "/glossary/import")},
        content_type="multipart/form-data",
    )


def test_import_preview_then_confirm(app, admin):
    stored_term(app, variants=[], forbidden=[])
    stored_term(app, source="广东省", target="Guangdong Province", category="place")
    resp = upload(admin, CSV)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "1 to create" in html and "1 to update" in html and "1 unchanged" in html
    assert "<ins>updated note</ins>" in html
    assert count_terms(app) == 2  # the preview changed nothing
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', html).group(1)
    assert base64.b64decode(payload) == CSV
    confirmed = admin.post(
        "/glossary/import/confirm",
        data={"payload": payload, "format": "csv", "filename": "terms.csv", "csrf_token": token_from(html)},
    )
    assert confirmed.status_code == 302
    assert "1 created, 1 updated, 1 unchanged" in admin.get("/glossary").get_data(as_text=True)
    assert count_terms(app) == 3


def test_import_with_errors_shows_them_and_cannot_be_applied(app, admin):
    bad = CSV + "空目标,,other,approved,,,,,\n".encode()
    html = upload(admin, bad).get_data(as_text=True)
    assert "Line 5" in html and "1 errors" in html
    assert "Apply the import" not in html
    payload = base64.b64encode(bad).decode()
    resp = admin.post(
        "/glossary/import/confirm", data={"payload": payload, "format": "csv", "csrf_token": token_from(html)}
    )
    assert "Nothing was imported" in resp.get_data(as_text=True)
    assert count_terms(app) == 0


def test_import_needs_a_known_format(app, admin):
    resp = upload(admin, CSV, name="terms.dat")
    assert resp.status_code == 400
    assert "choose a .tsv, .tab, .utf8, .txt, .csv, .tbx or .xml file" in resp.get_data(as_text=True)


def test_tbx_import_preview_then_confirm(app, admin):
    from service.formats.glossary_csv import read_csv
    from service.formats.tbx import write_tbx

    tbx = write_tbx(read_csv(CSV).terms)
    html = upload(admin, tbx, name="terms.tbx").get_data(as_text=True)
    assert "3 to create" in html
    assert count_terms(app) == 0
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', html).group(1)
    confirmed = admin.post(
        "/glossary/import/confirm",
        data={"payload": payload, "format": "tbx", "filename": "terms.tbx", "csrf_token": token_from(html)},
    )
    assert confirmed.status_code == 302
    assert count_terms(app) == 3


def test_a_form_post_refused_by_a_busy_sqlite_is_run_again(app, editor, monkeypatch):
    import sqlite3

    from sqlalchemy.exc import OperationalError

    real_create = glossary_service.create_term
    calls = []

    def busy_once(session, fields, who, **options):
        calls.append(who)
        if len(calls) == 1:
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
        return real_create(session, fields, who, **options)

    monkeypatch.setattr(glossary_service, "create_term", busy_once)
    resp = post(editor, "/glossary/new", FORM)
    assert resp.status_code == 302 and len(calls) == 2
    assert count_terms(app) == 1
