"""Sign-in, sign-out, CSRF on every form, anonymous writes and the sign-in rate limit."""

from __future__ import annotations

import re

from service.application.accounts import LOGIN_MAX_FAILURES, create_user
from service.storage.models import Term

PASSWORD = "correct horse battery"
TERM_FORM = {
    "source": "退役军人事务部",
    "target": "Ministry of Veterans Affairs",
    "category": "organization",
    "status": "approved",
    "variants": "",
    "forbidden": "",
    "note": "",
    "domain": "",
    "pattern": "",
}


def csrf_token(client, path="/sign-in") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def add_user(app, name="editor1", role="editor"):
    with app.extensions["yiku"].db.session() as session:
        create_user(session, name, PASSWORD, role)


def sign_in(client, name, password=PASSWORD, **extra):
    return client.post(
        "/sign-in", data={"username": name, "password": password, "csrf_token": csrf_token(client), **extra}
    )


def term_count(app) -> int:
    with app.extensions["yiku"].db.session() as session:
        return session.query(Term).count()


def test_sign_in_and_out(app, client):
    add_user(app)
    resp = sign_in(client, "editor1", next="/glossary/new")
    assert resp.status_code == 302 and resp.location == "/glossary/new"
    page = client.get("/glossary").get_data(as_text=True)
    assert "editor1" in page and "Sign out" in page
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    resp = client.post("/sign-out", data={"csrf_token": csrf_token(client, "/glossary")})
    assert resp.status_code == 302
    assert "Sign out" not in client.get("/glossary").get_data(as_text=True)
    assert client.get("/glossary/new").status_code == 302


def test_sign_in_ignores_a_foreign_next(app, client):
    add_user(app)
    resp = sign_in(client, "editor1", next="https://evil.example/")
    assert resp.location == "/glossary"


def test_wrong_password_is_401_with_message(app, client):
    add_user(app)
    resp = sign_in(client, "editor1", "wrong password")
    assert resp.status_code == 401
    assert "user name or password is wrong" in resp.get_data(as_text=True)
    assert "Sign out" not in client.get("/glossary").get_data(as_text=True)


def test_post_without_csrf_token_is_rejected(app, client):
    add_user(app)
    sign_in(client, "editor1")
    resp = client.post("/glossary/new", data=TERM_FORM)
    assert resp.status_code == 400
    assert "security token" in resp.get_data(as_text=True)
    assert term_count(app) == 0
    resp = client.post("/sign-in", data={"username": "editor1", "password": PASSWORD})
    assert resp.status_code == 400


def test_anonymous_post_goes_to_sign_in_and_changes_nothing(app, client):
    token = csrf_token(client)
    resp = client.post("/glossary/new", data={**TERM_FORM, "csrf_token": token})
    assert resp.status_code == 302 and resp.location.startswith("/sign-in")
    assert term_count(app) == 0
    assert (
        client.post(
            "/glossary/import/confirm", data={"csrf_token": token, "payload": "eA==", "format": "csv"}
        ).status_code
        == 302
    )
    assert term_count(app) == 0


def test_editor_may_not_use_admin_pages(app, client):
    add_user(app)
    sign_in(client, "editor1")
    assert client.post("/glossary/1/delete", data={}).status_code in (400, 403)  # hard delete is an admin's
    assert client.get("/glossary/import").status_code == 200  # an editor imports, as proposed terms


def test_rate_limit_after_five_failures_per_user_and_address(app, client):
    add_user(app)
    for _ in range(LOGIN_MAX_FAILURES):
        assert sign_in(client, "editor1", "nope nope").status_code == 401
    resp = sign_in(client, "editor1")  # even the right password is refused now
    assert resp.status_code == 429
    assert "Too many failed sign-ins" in resp.get_data(as_text=True)
    assert "Sign out" not in client.get("/glossary").get_data(as_text=True)
    elsewhere = client.post(
        "/sign-in",
        data={"username": "editor1", "password": PASSWORD, "csrf_token": csrf_token(client)},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
    )
    assert elsewhere.status_code == 302  # the limit is per user name and address


def test_successful_sign_in_clears_earlier_failures(app, client):
    add_user(app)
    for _ in range(LOGIN_MAX_FAILURES - 1):
        sign_in(client, "editor1", "nope nope")
    assert sign_in(client, "editor1").status_code == 302
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/glossary")})
    for _ in range(LOGIN_MAX_FAILURES - 1):
        sign_in(client, "editor1", "nope nope")
    assert sign_in(client, "editor1").status_code == 302
