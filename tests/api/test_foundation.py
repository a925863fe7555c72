"""Health, error shape, auth on writes, body limits and the OpenAPI document."""

from __future__ import annotations

import json

from openapi_spec_validator import validate

from tests.helpers import auth

TERM = {
    "source": "退役军人事务部",
    "target": "Ministry of Veterans Affairs",
    "category": "organization",
    "variants": ["退役軍人事務部"],
    "forbidden": ["Veterans Ministry"],
    "note": "State Council list",
}


def test_healthz_reports_database(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.json == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_is_down(app, client):
    app.extensions["yiku"].db.ping = lambda: False
    resp = client.get("/healthz")
    assert resp.status_code == 503
    assert resp.json["database"] != "ok"


def test_unknown_route_is_json_404(client):
    resp = client.get("/api/v1/no-such-thing")
    assert resp.status_code == 404
    assert resp.json["error"]["code"] == "not_found"


def test_write_without_token_is_401(client):
    resp = client.post("/api/v1/terms", json=TERM)
    assert resp.status_code == 401
    assert resp.json["error"]["code"] == "unauthorized"
    assert client.get("/api/v1/terms").json["items"] == []


def test_write_with_unknown_token_is_401(client):
    resp = client.post("/api/v1/terms", json=TERM, headers=auth("yk_not-a-real-token"))
    assert resp.status_code == 401


def test_write_with_editor_token_is_201(client, editor_token):
    resp = client.post("/api/v1/terms", json=TERM, headers=auth(editor_token))
    assert resp.status_code == 201, resp.json
    assert resp.json["version"] == 1
    assert resp.json["created_by"] == "test-editor"
    assert resp.headers["ETag"] == '"1"'


def test_revoked_token_fails(app, client, editor_token):
    from service.application.accounts import list_tokens, revoke_token

    with app.extensions["yiku"].db.session() as s:
        token_id = next(t.id for t in list_tokens(s) if t.role == "editor")
        assert revoke_token(s, token_id)
    assert client.post("/api/v1/terms", json=TERM, headers=auth(editor_token)).status_code == 401


def test_tokens_are_stored_hashed(app, editor_token):
    from sqlalchemy import select

    from service.storage.models import ApiToken

    with app.extensions["yiku"].db.session() as s:
        hashes = list(s.scalars(select(ApiToken.token_hash)))
    assert editor_token not in hashes and len(hashes[0]) == 64


def test_hard_delete_needs_admin(client, editor_token, admin_token):
    term_id = client.post("/api/v1/terms", json=TERM, headers=auth(editor_token)).json["id"]
    assert client.delete(f"/api/v1/terms/{term_id}?hard=1", headers=auth(editor_token)).status_code == 403
    resp = client.delete(f"/api/v1/terms/{term_id}?hard=1", headers=auth(admin_token))
    assert resp.status_code == 200 and resp.json["deleted"] == "hard"
    assert client.get(f"/api/v1/terms/{term_id}").status_code == 404


def test_invalid_json_is_400(client, editor_token):
    resp = client.post(
        "/api/v1/terms", data=b"{not json", headers={**auth(editor_token), "Content-Type": "application/json"}
    )
    assert resp.status_code == 400
    assert "invalid JSON" in resp.json["error"]["message"]


def test_wrong_content_type_is_415(client, editor_token):
    resp = client.post("/api/v1/terms", data="source=x", headers={**auth(editor_token), "Content-Type": "text/plain"})
    assert resp.status_code == 415


def test_wrong_types_and_unknown_fields_are_422(client, editor_token):
    for body in (
        {**TERM, "variants": "退役軍人事務部"},
        {**TERM, "source": 12},
        {**TERM, "colour": "red"},
        {**TERM, "status": "maybe"},
        {"target": "x"},
    ):
        resp = client.post("/api/v1/terms", json=body, headers=auth(editor_token))
        assert resp.status_code == 422, body
        assert resp.json["error"]["details"]


def test_control_characters_and_lone_surrogates_are_422(client, editor_token):
    for bad in ("退役\x00军人", "退役\ud800军人"):
        raw = json.dumps({"source": bad, "target": "x"}).encode()  # escapes as \u0000 and \ud800
        resp = client.post(
            "/api/v1/terms", data=raw, headers={**auth(editor_token), "Content-Type": "application/json"}
        )
        assert resp.status_code == 422, resp.json


def test_deeply_nested_json_is_400(client, editor_token):
    raw = "[" * 5000 + "]" * 5000
    resp = client.post("/api/v1/terms", data=raw, headers={**auth(editor_token), "Content-Type": "application/json"})
    assert resp.status_code == 400


def test_body_over_limit_is_413(client, editor_token):
    big = '{"text": "' + "汉" * 1_200_000 + '"}'
    resp = client.post("/api/v1/terms/lookup", data=big.encode(), headers={"Content-Type": "application/json"})
    assert resp.status_code == 413
    assert resp.json["error"]["code"] == "too_large"


def test_openapi_document_validates(client):
    resp = client.get("/api/v1/openapi.json")
    assert resp.status_code == 200
    doc = resp.json
    validate(doc)
    assert doc["openapi"].startswith("3.1")
    assert "/api/v1/terms/{term_id}" in doc["paths"]
    assert doc["paths"]["/api/v1/terms"]["post"]["security"] == [{"bearer": []}]


def test_api_docs_page_lists_routes(client):
    resp = client.get("/api/docs")
    assert resp.status_code == 200
    assert b"/api/v1/terms/lookup" in resp.data
