"""Glossary REST: CRUD, optimistic locking, history, search and pagination, lookup offsets."""

from __future__ import annotations

from tests.helpers import auth

TERM = {
    "source": "退役军人事务厅",
    "target": "Department of Veterans Affairs",
    "category": "organization",
    "variants": ["退役軍人事務廳"],
    "forbidden": ["Veterans Department"],
    "note": "official name",
    "pattern": "{place_adj} Department of Veterans Affairs",
}


def _create(client, token, **over):
    resp = client.post("/api/v1/terms", json={**TERM, **over}, headers=auth(token))
    assert resp.status_code == 201, resp.json
    return resp.json


def test_create_get_and_duplicate_source_is_409(client, editor_token):
    term = _create(client, editor_token)
    got = client.get(f"/api/v1/terms/{term['id']}").json
    assert got["source"] == "退役军人事务厅" and got["variants"] == ["退役軍人事務廳"]
    # the traditional form normalizes to the same source: a duplicate
    resp = client.post(
        "/api/v1/terms", json={**TERM, "source": "退役軍人事務廳", "variants": []}, headers=auth(editor_token)
    )
    assert resp.status_code == 409


def test_validation_errors_name_the_field(client, editor_token):
    resp = client.post(
        "/api/v1/terms", json={**TERM, "forbidden": ["department of veterans affairs"]}, headers=auth(editor_token)
    )
    assert resp.status_code == 422
    assert any(d["field"] == "forbidden" for d in resp.json["error"]["details"])
    resp = client.post("/api/v1/terms", json={**TERM, "source": "！？"}, headers=auth(editor_token))
    assert resp.status_code == 422


def test_stale_version_gets_409_and_first_write_survives(client, editor_token):
    term = _create(client, editor_token)
    first = client.patch(
        f"/api/v1/terms/{term['id']}", json={"note": "first", "version": 1}, headers=auth(editor_token)
    )
    assert first.status_code == 200 and first.json["version"] == 2
    second = client.patch(
        f"/api/v1/terms/{term['id']}", json={"note": "second", "version": 1}, headers=auth(editor_token)
    )
    assert second.status_code == 409
    assert second.json["error"]["details"]["current"]["note"] == "first"
    assert client.get(f"/api/v1/terms/{term['id']}").json["note"] == "first"
    history = client.get(f"/api/v1/terms/{term['id']}/history").json["items"]
    assert [h["action"] for h in history] == ["create", "update"]
    assert [h["version"] for h in history] == [1, 2]
    assert history[1]["snapshot"]["note"] == "first"


def test_if_match_header_and_missing_version(client, editor_token):
    term = _create(client, editor_token)
    resp = client.put(
        f"/api/v1/terms/{term['id']}",
        json={**TERM, "status": "proposed", "target": "Veterans Affairs Department"},
        headers={**auth(editor_token), "If-Match": '"1"'},
    )
    assert resp.status_code == 200 and resp.json["version"] == 2
    assert resp.headers["ETag"] == '"2"'
    resp = client.put(f"/api/v1/terms/{term['id']}", json=TERM, headers=auth(editor_token))
    assert resp.status_code == 422
    resp = client.put(f"/api/v1/terms/{term['id']}", json=TERM, headers={**auth(editor_token), "If-Match": '"1"'})
    assert resp.status_code == 409


def test_soft_delete_deprecates(client, editor_token):
    term = _create(client, editor_token)
    resp = client.delete(f"/api/v1/terms/{term['id']}", headers=auth(editor_token))
    assert resp.json == {"id": term["id"], "deleted": "soft"}
    got = client.get(f"/api/v1/terms/{term['id']}").json
    assert got["status"] == "deprecated" and got["version"] == 2


def test_search_filters_and_cursor_pagination(client, editor_token):
    for src, tgt in [
        ("党组书记", "Secretary of the Leading Party Members Group"),
        ("厅长", "Director-General"),
        ("副厅长", "Deputy Director-General"),
        ("局长", "Director"),
        ("副局长", "Deputy Director"),
    ]:
        _create(client, editor_token, source=src, target=tgt, category="title", variants=[], forbidden=[], pattern="")
    page1 = client.get("/api/v1/terms?category=title&limit=2").json
    assert len(page1["items"]) == 2 and page1["next_cursor"]
    page2 = client.get(f"/api/v1/terms?category=title&limit=2&cursor={page1['next_cursor']}").json
    page3 = client.get(f"/api/v1/terms?category=title&limit=2&cursor={page2['next_cursor']}").json
    ids = [t["id"] for t in page1["items"] + page2["items"] + page3["items"]]
    assert len(ids) == len(set(ids)) == 5 and page3["next_cursor"] is None
    found = client.get("/api/v1/terms?q=廳長").json["items"]  # traditional query finds simplified source
    assert {t["source"] for t in found} == {"厅长", "副厅长"}
    assert {t["source"] for t in client.get("/api/v1/terms?q=deputy").json["items"]} == {"副厅长", "副局长"}


def test_invalid_cursor_and_limits_are_4xx(client):
    assert client.get("/api/v1/terms?cursor=garbage!!").status_code == 400
    assert client.get("/api/v1/terms?limit=-1").status_code == 422
    assert client.get("/api/v1/terms?limit=100000").status_code == 422
    assert client.get("/api/v1/terms?limit=abc").status_code == 422
    assert client.get("/api/v1/terms?colour=red").status_code == 422


def test_lookup_offsets_point_into_original_traditional_text(client, editor_token):
    _create(client, editor_token)
    _create(
        client,
        editor_token,
        source="党组书记",
        target="Secretary of the Leading Party Members Group",
        category="title",
        variants=[],
        forbidden=[],
        pattern="",
    )
    text = "省退役軍人事務廳黨組書記、廳長王創(chuàng)出席會議。廣東省退役軍人事務廳"
    hits = client.post("/api/v1/terms/lookup", json={"text": text}).json["terms"]
    for h in hits:
        assert text[h["start"] : h["end"]] == h["text"]
    by_text = {h["text"]: h for h in hits}
    assert by_text["黨組書記"]["target"] == "Secretary of the Leading Party Members Group"
    assert by_text["廣東省退役軍人事務廳"]["target"] == "Guangdong Provincial Department of Veterans Affairs"
    assert by_text["退役軍人事務廳"]["term_id"] is not None


def test_glossary_change_is_seen_by_lookup(client, editor_token):
    text = "军休干部"
    assert client.post("/api/v1/terms/lookup", json={"text": text}).json["terms"] == []
    _create(
        client,
        editor_token,
        source="军休干部",
        target="retired military officers",
        category="other",
        variants=[],
        forbidden=[],
        pattern="",
    )
    hits = client.post("/api/v1/terms/lookup", json={"text": text}).json["terms"]
    assert [h["target"] for h in hits] == ["retired military officers"]


def test_other_worker_sees_change_within_a_second(settings, client, editor_token):
    import time

    from service.http.app import create_app

    other_app = create_app(settings)  # a second worker on the same database
    other = other_app.test_client()
    assert other.post("/api/v1/terms/lookup", json={"text": "双拥"}).json["terms"] == []
    _create(
        client,
        editor_token,
        source="双拥",
        target="mutual support between the military and civilians",
        category="other",
        variants=[],
        forbidden=[],
        pattern="",
    )
    time.sleep(1.05)
    assert [h["source"] for h in other.post("/api/v1/terms/lookup", json={"text": "双拥"}).json["terms"]] == ["双拥"]
    other_app.extensions["yiku"].close()


def test_times_carry_their_utc_offset(client, editor_token):
    from datetime import datetime

    term = _create(client, editor_token)
    for stamp in (
        term["created_at"],
        term["updated_at"],
        client.get(f"/api/v1/terms/{term['id']}/history").json["items"][0]["changed_at"],
    ):
        assert datetime.fromisoformat(stamp).utcoffset() is not None, stamp


def test_a_hard_deleted_terms_id_and_history_never_pass_to_a_new_term(client, editor_token, admin_token):
    old = _create(
        client,
        editor_token,
        source="双拥",
        target="mutual support",
        category="other",
        variants=[],
        forbidden=[],
        pattern="",
    )
    resp = client.delete(f"/api/v1/terms/{old['id']}?hard=1", headers={**auth(admin_token), "If-Match": '"1"'})
    assert resp.status_code in (200, 204), resp.get_data(as_text=True)
    new = _create(
        client,
        editor_token,
        source="拥军优属",
        target="support the military and their families",
        category="other",
        variants=[],
        forbidden=[],
        pattern="",
    )
    assert new["id"] > old["id"]
    history = client.get(f"/api/v1/terms/{new['id']}/history").json["items"]
    assert [(item["action"], item["snapshot"]["source"]) for item in history] == [("create", "拥军优属")]


READ_ONLY = ("id", "created_at", "updated_at", "created_by", "updated_by")


def test_put_and_patch_take_back_the_representation_get_returned(client, editor_token):
    term = _create(client, editor_token)
    got = client.get(f"/api/v1/terms/{term['id']}").json
    resp = client.put(
        f"/api/v1/terms/{term['id']}", json={**got, "target": "Veterans Affairs Department"}, headers=auth(editor_token)
    )
    assert resp.status_code == 200, resp.json
    assert resp.json["target"] == "Veterans Affairs Department" and resp.json["version"] == 2
    assert resp.json["id"] == term["id"] and resp.json["created_at"] == term["created_at"]
    # the new representation, sent back to PATCH with one change
    resp = client.patch(
        f"/api/v1/terms/{term['id']}", json={**resp.json, "note": "renamed"}, headers=auth(editor_token)
    )
    assert resp.status_code == 200, resp.json
    assert resp.json["note"] == "renamed" and resp.json["version"] == 3
    # sent back as it is: nothing changes, so no new version
    same = client.put(f"/api/v1/terms/{term['id']}", json=resp.json, headers=auth(editor_token))
    assert same.status_code == 200 and same.json == resp.json
    assert [h["version"] for h in client.get(f"/api/v1/terms/{term['id']}/history").json["items"]] == [1, 2, 3]


def test_the_same_time_written_another_way_is_unchanged(client, editor_token):
    term = _create(client, editor_token)
    assert term["created_at"].endswith("+00:00")
    body = {**term, "created_at": term["created_at"].replace("+00:00", "Z"), "note": "z"}
    resp = client.put(f"/api/v1/terms/{term['id']}", json=body, headers=auth(editor_token))
    assert resp.status_code == 200, resp.json


def test_a_changed_read_only_field_is_422_naming_it_and_nothing_changes(client, editor_token):
    term = _create(client, editor_token)
    resp = client.put(
        f"/api/v1/terms/{term['id']}", json={**term, "id": term["id"] + 1, "note": "x"}, headers=auth(editor_token)
    )
    assert resp.status_code == 422
    assert resp.json["error"]["details"] == [
        {"field": "id", "message": f"read-only; it is {term['id']} and cannot be changed", "type": "read_only"}
    ]
    resp = client.patch(
        f"/api/v1/terms/{term['id']}",
        json={"created_by": "someone", "updated_at": "yesterday", "note": "x", "version": 1},
        headers=auth(editor_token),
    )
    assert resp.status_code == 422
    details = resp.json["error"]["details"]
    assert [d["field"] for d in details] == ["updated_at", "created_by"]
    assert details[1]["message"] == 'read-only; it is "test-editor" and cannot be changed'
    resp = client.patch(f"/api/v1/terms/{term['id']}", json={"id": None, "version": 1}, headers=auth(editor_token))
    assert resp.status_code == 422 and resp.json["error"]["details"][0]["field"] == "id"
    assert client.get(f"/api/v1/terms/{term['id']}").json == term


def test_fields_outside_the_representation_are_still_refused(client, editor_token):
    term = _create(client, editor_token)
    for body in ({**term, "colour": "red"}, {"version": 1, "source_key": "x"}):
        resp = client.patch(f"/api/v1/terms/{term['id']}", json=body, headers=auth(editor_token))
        assert resp.status_code == 422
        assert [(d["field"], d["type"]) for d in resp.json["error"]["details"]] == [
            (next(k for k in body if k not in term), "extra_forbidden")
        ]


def test_a_stale_representation_is_a_conflict_not_a_read_only_error(client, editor_token):
    term = _create(client, editor_token)
    assert (
        client.patch(
            f"/api/v1/terms/{term['id']}", json={"note": "first", "version": 1}, headers=auth(editor_token)
        ).status_code
        == 200
    )
    # the body read before that write: its version and updated_at are both behind
    resp = client.put(f"/api/v1/terms/{term['id']}", json={**term, "note": "second"}, headers=auth(editor_token))
    assert resp.status_code == 409
    assert resp.json["error"]["details"]["current"]["note"] == "first"


def test_openapi_marks_the_read_only_fields_of_term_writes(client):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    for name in ("TermReplace", "TermPatch"):
        props = schemas[name]["properties"]
        assert {k for k, v in props.items() if v.get("readOnly")} == set(READ_ONLY), name
        assert schemas[name]["additionalProperties"] is False
    assert "id" not in schemas["TermIn"]["properties"]


def test_admitted_renderings_are_created_read_replaced_patched_and_validated(client, editor_token):
    term = _create(client, editor_token, admitted=["Veterans Affairs Department"])
    assert term["admitted"] == ["Veterans Affairs Department"]
    got = client.get(f"/api/v1/terms/{term['id']}").json
    assert got["admitted"] == ["Veterans Affairs Department"]
    resp = client.put(
        f"/api/v1/terms/{term['id']}",
        json={**got, "admitted": ["Department for Veterans Affairs", "Veterans Affairs Department"]},
        headers=auth(editor_token),
    )
    assert resp.status_code == 200, resp.json
    assert resp.json["admitted"] == ["Department for Veterans Affairs", "Veterans Affairs Department"]
    # a PUT that leaves admitted out clears it, as every list field left out
    put = {k: v for k, v in resp.json.items() if k != "admitted"}
    resp = client.put(f"/api/v1/terms/{term['id']}", json=put, headers=auth(editor_token))
    assert resp.status_code == 200 and resp.json["admitted"] == []
    resp = client.patch(
        f"/api/v1/terms/{term['id']}",
        json={"admitted": ["Veterans Affairs Department"], "version": resp.json["version"]},
        headers=auth(editor_token),
    )
    assert resp.status_code == 200 and resp.json["admitted"] == ["Veterans Affairs Department"]
    history = client.get(f"/api/v1/terms/{term['id']}/history").json["items"]
    assert [h["snapshot"]["admitted"] for h in history] == [
        ["Veterans Affairs Department"],
        ["Department for Veterans Affairs", "Veterans Affairs Department"],
        [],
        ["Veterans Affairs Department"],
    ]
    # admitted and forbidden at once is a 422 naming the field
    resp = client.patch(
        f"/api/v1/terms/{term['id']}",
        json={"admitted": ["Veterans Department"], "version": 4},
        headers=auth(editor_token),
    )
    assert resp.status_code == 422
    assert [d["field"] for d in resp.json["error"]["details"]] == ["admitted"]


def test_lookup_hits_carry_admitted_renderings(client, editor_token):
    _create(client, editor_token, admitted=["Veterans Affairs Department"])
    [hit] = client.post("/api/v1/terms/lookup", json={"text": "退役军人事务厅"}).json["terms"]
    assert hit["admitted"] == ["Veterans Affairs Department"] and hit["forbidden"] == ["Veterans Department"]
    [composite] = client.post("/api/v1/terms/lookup", json={"text": "广东省退役军人事务厅"}).json["terms"]
    assert [part["admitted"] for part in composite["parts"]] == [[], ["Veterans Affairs Department"]]


def test_lookup_marks_a_foreign_countrys_body(client, editor_token):
    _create(
        client,
        editor_token,
        source="财政部",
        target="Ministry of Finance",
        variants=[],
        forbidden=[],
        pattern="",
    )
    hits = client.post("/api/v1/terms/lookup", json={"text": "美國財政部和財政部"}).json["terms"]
    assert [(h["text"], h["foreign"]) for h in hits] == [("財政部", "United States"), ("財政部", "")]


def test_an_editors_term_is_proposed_until_an_admin_approves_it(client, editor_token, admin_token):
    created = client.post(
        "/api/v1/terms",
        json={"source": "光荣之家", "target": "Glorious Family", "status": "approved"},
        headers=auth(editor_token),
    )
    assert created.status_code == 201 and created.json["status"] == "proposed"
    refused = client.patch(
        f"/api/v1/terms/{created.json['id']}",
        json={"status": "approved", "version": 1},
        headers=auth(editor_token),
    )
    assert refused.status_code == 403 and "admin" in refused.json["error"]["message"]
    edited = client.patch(
        f"/api/v1/terms/{created.json['id']}", json={"note": "plaques", "version": 1}, headers=auth(editor_token)
    )
    assert edited.status_code == 200 and edited.json["status"] == "proposed"
    approved = client.patch(
        f"/api/v1/terms/{created.json['id']}", json={"status": "approved", "version": 2}, headers=auth(admin_token)
    )
    assert approved.status_code == 200 and approved.json["status"] == "approved"
    by_admin = client.post(
        "/api/v1/terms",
        json={"source": "双拥", "target": "mutual support", "status": "approved"},
        headers=auth(admin_token),
    )
    assert by_admin.json["status"] == "approved"  # an admin may approve at once


def test_an_import_merges_blank_cells_keep_and_the_marker_clears(client, admin_token, editor_token):
    first = (
        "source,target,category,status,note,domain,forbidden\n"
        "退役军人事务部,Ministry of Veterans Affairs,organization,approved,State Council list,government,Veterans Ministry\n"
        "军休干部,retired military cadres,title,approved,Xinhua usage,veterans,\n"
    )
    resp = client.post(
        "/api/v1/terms/import?format=csv",
        data=first.encode(),
        headers={**auth(admin_token), "Content-Type": "text/csv"},
    )
    assert resp.status_code == 200 and resp.json["created"] == 2, resp.json
    # A second file leaves note and domain blank, clears the forbidden rendering with "-", changes the target.
    second = (
        "source,target,category,status,note,domain,forbidden\n"
        "退役军人事务部,Ministry of Veterans Affairs,,,,,-\n"
        "军休干部,retired servicemen cadres,,,,,\n"
        "光荣之家,Glorious Family,other,approved,,,\n"
    )
    resp = client.post(
        "/api/v1/terms/import?format=csv",
        data=second.encode(),
        headers={**auth(editor_token), "Content-Type": "text/csv"},
    )
    assert resp.status_code == 200 and (resp.json["created"], resp.json["updated"]) == (1, 2), resp.json
    terms = {t["source"]: t for t in client.get("/api/v1/terms?limit=200").json["items"]}
    ministry, cadres, family = terms["退役军人事务部"], terms["军休干部"], terms["光荣之家"]
    assert (ministry["note"], ministry["domain"], ministry["forbidden"]) == ("State Council list", "government", [])
    assert ministry["status"] == "approved" and ministry["category"] == "organization"
    assert (cadres["target"], cadres["note"], cadres["domain"]) == (
        "retired servicemen cadres",
        "Xinhua usage",
        "veterans",
    )
    assert family["status"] == "proposed"  # an editor's import proposes new terms
