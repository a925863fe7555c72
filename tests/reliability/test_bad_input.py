"""Bad input on every route gets a 4xx JSON error, never a 500: malformed and hostile JSON bodies, wrong content
types, oversized and deeply nested bodies, bad characters in every text field, out-of-range numbers and ids,
unknown query parameters and forged cursors. The routes are taken from the registry, so a new route without
a valid example here fails the coverage test."""

from __future__ import annotations

import base64
import json
import re

import pytest

from service.http.api.registry import MAX_PATH_ID, OPERATIONS
from tests.helpers import auth

# One valid body per JSON route (method, rule); each bad-input case is a mutation of it.
VALID_BODIES = {
    ("POST", "/assist"): {"text": "国务院召开常务会议。"},
    ("POST", "/score"): {"hypotheses": ["The State Council met."], "references": ["The State Council met."]},
    # the year left out is a flag, for the verdict example below
    ("POST", "/segments"): {"source": "2023年国务院召开常务会议。", "target": "The State Council held a meeting."},
    ("PUT", "/segments/<int:segment_id>"): {"target": "The State Council met."},
    ("POST", "/documents"): {"name": "work report", "text": "国务院召开常务会议。"},
    ("POST", "/xliff/export"): {"text": "国务院召开常务会议。", "document": "report"},
    ("POST", "/align"): {"source": "国务院召开常务会议。", "target": "The State Council held an executive meeting."},
    ("PUT", "/documents/<int:doc_id>/segments/<int:number>"): {"target": "The State Council met.", "status": "draft"},
    ("POST", "/tm/lookup"): {"text": "国务院召开常务会议。"},
    ("POST", "/terms"): {"source": "国务院", "target": "State Council", "category": "organization"},
    ("PUT", "/terms/<int:term_id>"): {"source": "国务院", "target": "State Council", "version": 1},
    ("PATCH", "/terms/<int:term_id>"): {"target": "State Council", "version": 1},
    ("POST", "/terms/lookup"): {"text": "国务院召开常务会议。"},
    ("POST", "/segments/<int:segment_id>/quality/verdicts"): {
        "code": "number-missing",
        "message": "year “2023年” is not carried over to the translation",
        "verdict": "false-positive",
    },
}
JSON_OPS = [op for op in OPERATIONS if op.body is not None and op.body_kind == "json"]
QUERY_OPS = [op for op in OPERATIONS if op.query is not None]
ID_OPS = [op for op in OPERATIONS if "<int:" in op.path]
TEN_MB = 10 * 1024 * 1024


def _url(rule: str, ident: int = 1) -> str:
    return "/api/v1" + re.sub(r"<int:\w+>", str(ident), rule)


def _label(op) -> str:
    return f"{op.method} {op.path}"


def _call(client, op, token, *, data=None, content_type="application/json", query="", ident=1):
    url = _url(op.path, ident) + (f"?{query}" if query else "")
    headers = {**auth(token), "Content-Type": content_type}
    return client.open(url, method=op.method, data=data, headers=headers)


def _assert_json_4xx(resp, *statuses: int, case=None):
    assert 400 <= resp.status_code < 500, (case, resp.status_code, resp.data[:300])
    if statuses:
        assert resp.status_code in statuses, (case, resp.status_code, resp.data[:300])
    body = resp.get_json()
    assert set(body) == {"error"} and body["error"]["code"] and body["error"]["message"], body


def _strings(value, path=()):
    """Paths to every string in a JSON value."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))


def _replace(value, path, new):
    if not path:
        return new
    copy = json.loads(json.dumps(value))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = new
    return copy


def test_every_json_route_has_a_valid_example():
    assert {(op.method, op.path) for op in JSON_OPS} == set(VALID_BODIES)


@pytest.mark.parametrize("op", JSON_OPS, ids=_label)
def test_valid_example_is_not_a_client_error(client, admin_token, op):
    """The examples really are valid: every mutation below fails because of the mutation alone."""
    if "<int:" in op.path:  # give the id routes something to change
        client.post("/api/v1/terms", json=VALID_BODIES[("POST", "/terms")], headers=auth(admin_token))
        client.post("/api/v1/segments", json=VALID_BODIES[("POST", "/segments")], headers=auth(admin_token))
        client.post("/api/v1/documents", json={"name": "a", "text": "国务院召开会议。"}, headers=auth(admin_token))
    resp = _call(client, op, admin_token, data=json.dumps(VALID_BODIES[(op.method, op.path)]))
    assert resp.status_code in (200, 201), resp.get_json()


MALFORMED = {
    "invalid JSON": (b'{"text": "unclosed', 400),
    "trailing garbage": (b'{"text": "x"} {"text": "y"}', 400),
    "empty body": (b"", 400),
    "whitespace body": (b"   \n", 400),
    "not UTF-8": ('{"text": "国务院"}'.encode("gb18030"), 400),
    "UTF-16": ('{"text": "x"}'.encode("utf-16"), 400),
    "NaN literal": (b'{"text": NaN}', 422),
    "top-level array": (b'[{"text": "x"}]', 422),
    "top-level string": (b'"text"', 422),
    "top-level null": (b"null", 422),
    "deeply nested array": (b"[" * 100_000 + b"]" * 100_000, 400),
    "deeply nested object": (b'{"a":' * 5000 + b"1" + b"}" * 5000, 400),
}


@pytest.mark.parametrize("op", JSON_OPS, ids=_label)
def test_malformed_bodies_are_4xx(client, admin_token, op):
    for case, (data, status) in MALFORMED.items():
        resp = _call(client, op, admin_token, data=data)
        # Python's json accepts NaN; the schema then refuses it where a string is due
        _assert_json_4xx(resp, *((400, 422) if case == "NaN literal" else (status,)), case=case)


@pytest.mark.parametrize("op", JSON_OPS, ids=_label)
def test_wrong_content_type_is_415(client, admin_token, op):
    for content_type in (
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/xml",
        "application/jsonp",
        "",
    ):
        resp = _call(
            client, op, admin_token, data=json.dumps(VALID_BODIES[(op.method, op.path)]), content_type=content_type
        )
        _assert_json_4xx(resp, 415, case=content_type)


@pytest.mark.parametrize("op", JSON_OPS, ids=_label)
def test_ten_megabyte_body_is_413(client, admin_token, op):
    body = VALID_BODIES[(op.method, op.path)]
    field = next(iter(_strings(body)))
    resp = _call(client, op, admin_token, data=json.dumps(_replace(body, field, "国" * (TEN_MB // 3))))
    _assert_json_4xx(resp, 413)


@pytest.mark.parametrize("op", JSON_OPS, ids=_label)
def test_unknown_field_is_422(client, admin_token, op):
    body = {**VALID_BODIES[(op.method, op.path)], "is_admin": True}
    resp = _call(client, op, admin_token, data=json.dumps(body))
    _assert_json_4xx(resp, 422)
    assert any(d.get("field", "").endswith("is_admin") for d in resp.get_json()["error"]["details"])


# (null is left out: optional fields take it as "not given")
WRONG_VALUES = [12, -1, 2**64, 1e308, True, {}, [1], {"x": "y"}]


@pytest.mark.parametrize("op", JSON_OPS, ids=_label)
def test_wrong_types_in_every_string_field_are_422(client, admin_token, op):
    body = VALID_BODIES[(op.method, op.path)]
    for path in _strings(body):
        for wrong in WRONG_VALUES:
            resp = _call(client, op, admin_token, data=json.dumps(_replace(body, path, wrong)))
            _assert_json_4xx(resp, 422)


BAD_TEXT = {
    "NUL": "\\u0000",
    "escape": "\\u001b[31m",
    "DEL": "\\u007f",
    "lone high surrogate": "\\ud800",
    "lone low surrogate": "\\udfff",
    "reversed pair": "\\udc00\\ud800",
}


@pytest.mark.parametrize("op", JSON_OPS, ids=_label)
def test_control_characters_and_unpaired_surrogates_are_422(client, admin_token, op):
    body = VALID_BODIES[(op.method, op.path)]
    for bad, path in ((bad, path) for bad in BAD_TEXT for path in _strings(body)):
        marker = "@@BAD@@"
        raw = json.dumps(_replace(body, path, f"国务院{marker}会议"), ensure_ascii=True)
        raw = raw.replace(marker, BAD_TEXT[bad])  # JSON escapes, as a client would send them
        resp = _call(client, op, admin_token, data=raw)
        _assert_json_4xx(resp, 422, case=(bad, path))
        details = json.dumps(resp.get_json()["error"]["details"])
        assert "U+" in details or "literal_error" in details or "string_unicode" in details, details


def test_paired_surrogates_are_one_character(client, admin_token):
    """An escaped astral character (a surrogate pair in JSON) is valid text, not an unpaired surrogate."""
    resp = client.post(
        "/api/v1/terms/lookup", data='{"text": "\\ud840\\udc00国务院"}', headers={"Content-Type": "application/json"}
    )
    assert resp.status_code == 200, resp.get_json()


QUERY_NUMBERS = [-1, 0, 10**6, 2**31, 2**63, -(2**63), "1e9", "NaN", "abc", "1.5", "", "0x10", "١٢"]
VALID_QUERY_NUMBERS = {
    "hard": (0,),
    "dry_run": (0,),
    "bom": (0,),
    "offset": (0,),
    "assist": (0,),
    "min_score": (0,),
    "prefill_min_score": (0,),
}


@pytest.mark.parametrize("op", QUERY_OPS, ids=_label)
def test_out_of_range_numbers_in_query_are_4xx(client, admin_token, op):
    numeric = [name for name, f in op.query.model_fields.items() if "int" in str(f.annotation)]
    for name, number in ((name, number) for name in numeric for number in QUERY_NUMBERS):
        if number in VALID_QUERY_NUMBERS.get(name, ()):
            continue
        resp = _call(client, op, admin_token, query=f"{name}={number}", data=b"", content_type="")
        if name == "version" and isinstance(number, int) and 1 <= number <= 2**31 - 1:
            _assert_json_4xx(resp, 404, case=(name, number))  # a plausible version of a missing term
        else:
            _assert_json_4xx(resp, case=(name, number))


@pytest.mark.parametrize("op", QUERY_OPS, ids=_label)
def test_unknown_query_parameter_is_422(client, admin_token, op):
    resp = _call(client, op, admin_token, query="debug=1", data=b"", content_type="")
    _assert_json_4xx(resp, 422)


@pytest.mark.parametrize("route", ["/api/v1/terms", "/api/v1/segments"])
def test_limits_outside_1_to_500_are_422(client, route):
    for limit in ("-5", "0", "501", "99999999999999999999"):
        _assert_json_4xx(client.get(f"{route}?limit={limit}"), 422, case=limit)


def _cursor(payload: str) -> str:
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


FORGED_CURSORS = [
    "not-a-cursor",
    "====",
    "A" * 200,
    "%00",
    "../../etc",
    _cursor("1000000000000000000000"),
    _cursor("null"),
    _cursor("[]"),
    _cursor('{"z": 1}'),
    _cursor('{"id": "x"}'),
    _cursor('{"id": 1000000000000000000000000000000}'),
    _cursor('{"id": 9223372036854775808}'),
    _cursor('{"id": 1.5}'),
    _cursor('{"id": 1, "extra": 2}'),
    "\u56fd\u52a1\u9662",
]


@pytest.mark.parametrize(
    "route,params",
    [("/api/v1/terms", {}), ("/api/v1/segments", {}), ("/api/v1/segments", {"q": "会议"})],
    ids=["terms", "segments", "concordance"],
)
def test_forged_cursors_are_400(client, route, params):
    for cursor in FORGED_CURSORS:
        resp = client.get(route, query_string={**params, "cursor": cursor})
        _assert_json_4xx(resp, 400, 422, case=cursor)


def test_forged_concordance_cursors_are_400(client):
    for payload in (
        '{"r": 1, "id": 1000000000000000000000000000000}',
        '{"r": 1, "id": "1"}',
        '{"r": "x", "id": 1}',
        '{"id": 1}',
    ):
        resp = client.get("/api/v1/segments", query_string={"q": "会议", "cursor": _cursor(payload)})
        _assert_json_4xx(resp, 400, case=payload)


@pytest.mark.parametrize("op", ID_OPS, ids=_label)
def test_ids_no_row_can_have_are_404(client, admin_token, op):
    body = VALID_BODIES.get((op.method, op.path))
    for ident in (0, MAX_PATH_ID + 1, 2**63, 10**40):
        resp = _call(
            client,
            op,
            admin_token,
            ident=ident,
            data=json.dumps(body) if body else b"",
            content_type="application/json" if body else "",
        )
        _assert_json_4xx(resp, 404, case=ident)


@pytest.mark.parametrize("op", ID_OPS, ids=_label)
def test_non_numeric_and_negative_ids_are_404(client, admin_token, op):
    for ident in ("-1", "abc", "1.5", "%2e%2e"):
        url = "/api/v1" + re.sub(r"<int:\w+>", ident, op.path)
        resp = client.open(url, method=op.method, headers=auth(admin_token))
        _assert_json_4xx(resp, 404, 405)


def test_method_not_allowed_is_json_405(client):
    resp = client.open("/api/v1/terms/lookup", method="DELETE")
    _assert_json_4xx(resp, 405)


def test_bad_if_match_is_400(client, editor_token):
    term = client.post("/api/v1/terms", json=VALID_BODIES[("POST", "/terms")], headers=auth(editor_token)).get_json()
    for header in ("abc", '"-1"', 'W/"x"', "*" * 1000):
        resp = client.patch(
            f"/api/v1/terms/{term['id']}", json={"target": "x"}, headers={**auth(editor_token), "If-Match": header}
        )
        _assert_json_4xx(resp, 400)


def test_huge_version_in_body_is_422(client, editor_token):
    term = client.post("/api/v1/terms", json=VALID_BODIES[("POST", "/terms")], headers=auth(editor_token)).get_json()
    for version in (2**31, 2**63, -1, 0):
        resp = client.patch(
            f"/api/v1/terms/{term['id']}", json={"target": "x", "version": version}, headers=auth(editor_token)
        )
        _assert_json_4xx(resp, 422)


def test_rejected_writes_change_nothing(client, database, editor_token, db_fingerprint):
    before = db_fingerprint(database.engine)
    for data in (b"{bad", b'{"source": "\\ud800", "target": "x"}', b"[" * 10000):
        client.post("/api/v1/terms", data=data, headers={**auth(editor_token), "Content-Type": "application/json"})
        client.post("/api/v1/segments", data=data, headers={**auth(editor_token), "Content-Type": "application/json"})
    assert db_fingerprint(database.engine) == before
