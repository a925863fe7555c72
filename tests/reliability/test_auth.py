"""Who may write: every write route refuses a missing, malformed, unknown or revoked token (401) and too small a
role (403) before it reads the body, and accepts the right role. Tokens are stored hashed and compared in
constant time. Upload file names never become paths; download names are built from safe characters only."""

from __future__ import annotations

import ast
import inspect
import io
import re

import pytest

from service.application import accounts
from service.http.api.registry import OPERATIONS
from tests.helpers import auth

WRITE_OPS = [op for op in OPERATIONS if op.method != "GET" and op.auth is not None]
ROLE_OF = {"editor": ("editor", "admin"), "admin": ("admin",)}
VALID = {
    ("POST", "/segments"): {"source": "国务院召开会议。", "target": "The State Council met."},
    ("POST", "/documents"): {"name": "work report", "text": "国务院召开会议。"},
    ("PUT", "/documents/<int:doc_id>/segments/<int:number>"): {
        "target": "The State Council met.",
        "status": "confirmed",
    },
    ("PUT", "/segments/<int:segment_id>"): {"target": "The State Council met again."},
    ("POST", "/terms"): {"source": "外交部", "target": "Ministry of Foreign Affairs"},
    ("PUT", "/terms/<int:term_id>"): {"source": "国务院", "target": "State Council", "version": 1},
    ("PATCH", "/terms/<int:term_id>"): {"target": "the State Council", "version": 1},
    ("POST", "/segments/<int:segment_id>/quality/verdicts"): {
        "code": "number-missing",
        "message": "year “2023年” is not carried over to the translation",  # the fixture pair's flag
        "verdict": "false-positive",
    },
}
UPLOADS = {
    "/xliff/import": (
        (
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="zh"'
            ' datatype="plaintext"><body><trans-unit id="1"><source>国务院</source>'
            '<target state="translated">State Council</target></trans-unit></body></file></xliff>'
        ).encode(),
        None,
    ),
    "/terms/import": (b"source,target\r\n\xe5\x9b\xbd\xe5\x8a\xa1\xe9\x99\xa2,State Council\r\n", "csv"),
    "/tm/import": (b"source,target\r\n\xe5\x9b\xbd\xe5\x8a\xa1\xe9\x99\xa2,State Council\r\n", "csv"),
}
BAD_HEADERS = {
    "none": {},
    "empty bearer": {"Authorization": "Bearer "},
    "basic scheme": {"Authorization": "Basic eWlrdTp5aWt1"},
    "unknown token": {"Authorization": "Bearer yk_" + "A" * 43},
    "token with NUL": {"Authorization": "Bearer yk_\x00"},
    "very long token": {"Authorization": "Bearer " + "x" * 100_000},
    "non-ASCII token": {"Authorization": "Bearer 国务院"},
}


def _url(op, ident: int) -> str:
    # a workspace segment is named by its document and its 1-based number
    path = op.path.replace("<int:number>", "1")
    url = "/api/v1" + re.sub(r"<int:\w+>", str(ident), path)
    if op.path in UPLOADS and UPLOADS[op.path][1]:
        url += f"?format={UPLOADS[op.path][1]}"
    return url


def _request(client, op, headers, ident):
    if op.path in UPLOADS:
        return client.open(
            _url(op, ident), method=op.method, data=UPLOADS[op.path][0], headers={**headers, "Content-Type": "text/csv"}
        )
    body = VALID.get((op.method, op.path))
    if body is None:
        return client.open(_url(op, ident), method=op.method, headers=headers)
    return client.open(_url(op, ident), method=op.method, json=body, headers=headers)


def _fixture_rows(client, admin_token) -> tuple[int, int]:
    term = client.post(
        "/api/v1/terms", json={"source": "国务院", "target": "State Council"}, headers=auth(admin_token)
    ).get_json()
    seg = client.post(
        "/api/v1/segments",
        json={"source": "2023年会议召开。", "target": "The meeting opened."},
        headers=auth(admin_token),
    ).get_json()
    return term["id"], seg["items"][0]["id"]


def _document(client, admin_token) -> int:
    return client.post(
        "/api/v1/documents", json={"name": "report", "text": "国务院召开会议。"}, headers=auth(admin_token)
    ).get_json()["id"]


def test_every_write_route_needs_a_token():
    writes = [op for op in OPERATIONS if op.method in ("POST", "PUT", "PATCH", "DELETE")]
    # reads sent as POST (lookup, assist, score) are open; store=true on assist checks the role itself
    open_posts = {
        ("POST", "/assist"),
        ("POST", "/score"),
        ("POST", "/tm/lookup"),
        ("POST", "/terms/lookup"),
        ("POST", "/xliff/export"),  # a read: the text's drafts as a file
        ("POST", "/align"),  # store=true checks the role itself
    }
    assert {(op.method, op.path) for op in writes if op.auth is None} == open_posts
    assert all(op.auth in ROLE_OF for op in WRITE_OPS)


@pytest.mark.parametrize("op", WRITE_OPS, ids=lambda op: f"{op.method} {op.path}")
def test_write_route_roles(client, database, editor_token, admin_token, db_fingerprint, op):
    term_id, seg_id = _fixture_rows(client, admin_token)
    doc_id = _document(client, admin_token)
    ident = term_id if "term_id" in op.path else doc_id if "doc_id" in op.path else seg_id
    before = db_fingerprint(database.engine)
    for name, headers in BAD_HEADERS.items():
        resp = _request(client, op, headers, ident)
        assert resp.status_code == 401, (name, resp.status_code, resp.get_json())
        assert resp.get_json()["error"]["code"] == "unauthorized"
    if op.auth == "admin":
        resp = _request(client, op, auth(editor_token), ident)
        assert resp.status_code == 403, resp.get_json()
    assert db_fingerprint(database.engine) == before, "a refused write changed the database"
    resp = _request(client, op, auth(admin_token if op.auth == "admin" else editor_token), ident)
    assert resp.status_code in (200, 201), resp.get_json()


def test_assist_store_needs_an_editor(client, editor_token):
    body = {"text": "国务院召开会议。", "store": True, "targets": ["The State Council met."]}
    assert client.post("/api/v1/assist", json=body).status_code == 401
    assert client.post("/api/v1/assist", json=body, headers=auth("yk_nope")).status_code == 401
    resp = client.post("/api/v1/assist", json=body, headers=auth(editor_token))
    assert resp.status_code == 200 and resp.get_json()["stats"]["stored"] == 1


def test_hard_delete_needs_admin_even_with_editor_role(client, editor_token, admin_token):
    term_id, _ = _fixture_rows(client, admin_token)
    assert client.delete(f"/api/v1/terms/{term_id}?hard=1", headers=auth(editor_token)).status_code == 403
    assert client.get(f"/api/v1/terms/{term_id}").status_code == 200


def test_revoked_tokens_fail_on_every_write(app, client, admin_token):
    with app.extensions["yiku"].db.session() as s:
        row, plain = accounts.create_token(s, "admin", "to-revoke")
        token_id = row.id
    term_id, seg_id = _fixture_rows(client, plain)
    with app.extensions["yiku"].db.session() as s:
        assert accounts.revoke_token(s, token_id)
    for op in WRITE_OPS:
        resp = _request(client, op, auth(plain), term_id if "term_id" in op.path else seg_id)
        assert resp.status_code == 401, (op.path, resp.get_json())
    assert client.post("/api/v1/terms", json=VALID[("POST", "/terms")], headers=auth(admin_token)).status_code == 201


def test_tokens_are_stored_as_sha256_never_plain(app, admin_token):
    from sqlalchemy import text

    with app.extensions["yiku"].db.engine.connect() as conn:
        rows = conn.execute(text("SELECT token_hash, prefix FROM api_tokens")).all()
    assert rows
    for token_hash, prefix in rows:
        assert re.fullmatch(r"[0-9a-f]{64}", token_hash)
        assert admin_token not in token_hash and len(prefix) <= 10  # only a short prefix, for listing
    assert accounts.hash_token(admin_token) in {r[0] for r in rows}


def test_token_check_compares_in_constant_time():
    """verify_token compares digests with hmac.compare_digest, never with == on the secret."""
    tree = ast.parse(inspect.getsource(accounts.verify_token))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert any(isinstance(c.func, ast.Attribute) and c.func.attr == "compare_digest" for c in calls)
    # the SQL lookup by hash (ApiToken.token_hash == digest) builds a query; no Python == touches a secret
    compares = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Compare)
        and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in n.ops)
        and not ast.unparse(n.left).startswith("ApiToken.")
    ]
    assert all("digest" not in ast.unparse(c) and "plain" not in ast.unparse(c) for c in compares), [
        ast.unparse(c) for c in compares
    ]


def test_verify_token_rejects_near_misses(app, admin_token):
    with app.extensions["yiku"].db.session() as s:
        assert accounts.verify_token(s, admin_token) is not None
        for near in (admin_token[:-1], admin_token + "x", admin_token.upper(), " " + admin_token, ""):
            assert accounts.verify_token(s, near) is None


TRAVERSAL = [
    "../../etc/passwd",
    "../../../../../tmp/yiku-pwned.tmx",
    "/etc/cron.d/yiku",
    "..\\..\\boot.ini",
    "foo/../../bar.csv",
    "\u202etxt.exe",
    "a\x00b.csv",
]


@pytest.mark.parametrize("name", TRAVERSAL)
def test_upload_file_names_never_touch_the_filesystem(client, admin_token, tmp_path, monkeypatch, name):
    workdir = tmp_path / "cwd"
    (workdir / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(workdir / "a" / "b")
    for url, data in (
        ("/api/v1/tm/import?format=csv", UPLOADS["/tm/import"][0]),
        ("/api/v1/terms/import?format=csv", UPLOADS["/terms/import"][0]),
    ):
        resp = client.post(
            url, headers=auth(admin_token), content_type="multipart/form-data", data={"file": (io.BytesIO(data), name)}
        )
        assert resp.status_code in (200, 400, 422), resp.get_json()
    assert [p for p in workdir.rglob("*") if p.is_file()] == []
    assert not (tmp_path / "yiku-pwned.tmx").exists()


EXPORTS = [
    ("/api/v1/terms/export", {"format": "csv"}),
    ("/api/v1/terms/export", {"format": "tbx"}),
    ("/api/v1/tm/export", {"format": "tmx"}),
    ("/api/v1/tm/export", {"format": "csv"}),
]
HOSTILE_DOCUMENTS = [
    "../../etc/passwd",
    'x"; filename="evil.sh',
    "a\r\nSet-Cookie: x=1",
    "国务院/文件",
    "..%2f..%2f",
    "a" * 300,
]


@pytest.mark.parametrize("document", HOSTILE_DOCUMENTS, ids=range(len(HOSTILE_DOCUMENTS)))
def test_export_download_names_are_sanitized(client, admin_token, document):
    store = client.post(
        "/api/v1/segments",
        json={"source": "国务院召开会议。", "target": "The State Council met.", "document": document},
        headers=auth(admin_token),
    )
    assert store.status_code == 201
    for url, params in EXPORTS + [("/api/v1/tm/export", {"format": f, "document": document}) for f in ("tmx", "csv")]:
        resp = client.get(url, query_string=params)
        assert resp.status_code == 200 and resp.get_data(), resp.get_json()
        resp.close()
        disposition = resp.headers["Content-Disposition"]
        match = re.fullmatch(r'attachment; filename="([A-Za-z0-9_-]+)\.(csv|tbx|tmx)"', disposition)
        assert match, disposition
        assert not match.group(1).startswith(("-", ".")) and len(match.group(1)) <= 130
        assert "Set-Cookie" not in resp.headers
