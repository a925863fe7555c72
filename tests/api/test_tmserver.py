"""The tmserver/amaGama endpoint as Weblate's "tmserver" machinery service calls it: the request sequence of
weblate/machinery/tmserver.py (its `get_api_url` joins the base URL and every part quoted with nothing safe,
`map_language_code` lower-cases and turns `-` into `_`; validating a new service asks `languages/` and then
en→de for "test"), sent over real HTTP to a live server; and translate-toolkit's tmclient URL form
(`quote_plus`)."""

from __future__ import annotations

import json
import threading
from itertools import chain
from urllib.parse import quote, quote_plus
from urllib.request import Request, urlopen

import pytest
from werkzeug.serving import make_server

from tests.helpers import auth

MEETING = "1月18日至19日,全省退役軍人事務局長會議在廣州召開。"
MEETING_EN = (
    "The provincial conference of directors of veterans affairs bureaus was held in Guangzhou from January 18 to 19."
)


def weblate_url(base: str, *parts: str) -> str:
    """weblate/machinery/base.py: `"/".join(chain([self.api_base_url], (quote(part, b"") for part in parts)))`."""
    return "/".join(chain([base.rstrip("/")], (quote(part, b"") for part in parts)))


def weblate_language(code: str) -> str:
    """TMServerTranslation.map_language_code: the base mapping, then `.replace("-", "_").lower()`."""
    return code.removesuffix("_devel").replace("-", "_").lower()


@pytest.fixture
def live(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/tmserver"
    server.shutdown()
    thread.join(5)


def get(url: str):
    request = Request(url, headers={"Accept": "application/json; charset=utf-8", "User-Agent": "Weblate/5.9"})
    with urlopen(request, timeout=5) as response:
        return response.status, response.headers.get_content_type(), json.loads(response.read())


def test_weblate_validates_the_service_and_gets_repaired_suggestions(app, client, editor_token, live):
    from service.application.database import seed_starter_glossary

    seed_starter_glossary(app.extensions["yiku"].db)
    stored = client.post(
        "/api/v1/segments",
        json={"source": MEETING, "target": MEETING_EN, "document": "report"},
        headers=auth(editor_token),
    )
    assert stored.status_code == 201
    title = "全省退役軍人事務局長會議召開"
    client.post(
        "/api/v1/segments",
        json={"source": title, "target": "Provincial Conference of Directors of Veterans Affairs Bureaus Held"},
        headers=auth(editor_token),
    )
    # what the settings form's validate_settings() sends: languages/ (with its trailing slash), then en→de "test"
    status, ctype, languages = get(weblate_url(live, "languages", ""))
    assert status == 200 and ctype == "application/json"
    assert set(languages) == {"sourceLanguages", "targetLanguages"}
    pairs = [(s, t) for s in languages["sourceLanguages"] for t in languages["targetLanguages"]]
    assert (weblate_language("zh_Hans"), weblate_language("en")) in pairs
    assert (weblate_language("zh-Hant"), weblate_language("en_US")) in pairs
    assert get(weblate_url(live, "en", "de", "unit", "test"))[2] == []
    # a lookup, as download_translations sends it
    query = "2月20日至21日,全省退役軍人事務局長會議在廣州召開。"
    url = weblate_url(live, weblate_language("zh_Hant"), weblate_language("en"), "unit", query[:500].replace("\r", " "))
    status, _, found = get(url)
    assert status == 200 and found, found
    best = found[0]
    assert int(best["quality"]) >= 90 and best["quality"] <= 100
    assert best["target"].endswith("from February 20 to 21.")  # repaired as an assist draft is
    assert best["source"] == query and best["context"] == "report"
    assert [s["quality"] for s in found] == sorted((s["quality"] for s in found), reverse=True)
    # a fuzzy match with nothing to repair is shown as stored, beside its own source
    fuzzy = next(s for s in found if s["target"].startswith("Provincial Conference"))
    assert fuzzy["source"] == title and fuzzy["quality"] < best["quality"]


def test_text_with_slashes_and_reserved_characters_reaches_the_lookup(client, editor_token, live):
    source = "《关于进一步加强退役军人服务保障体系建设的意见》/“两个确立”？"
    client.post("/api/v1/segments", json={"source": source, "target": "The Opinions"}, headers=auth(editor_token))
    found = get(weblate_url(live, "zh_cn", "en", "unit", source))[2]
    assert found and found[0]["target"] == "The Opinions" and found[0]["quality"] == 100
    assert get(weblate_url(live, "zh_cn", "en", "unit", source) + "/")[2] == found  # a trailing / is not text


def test_the_tmclient_form_and_the_query_parameters(client, editor_token):
    client.post(
        "/api/v1/segments",
        json={"source": "国务院 常务会议召开。", "target": "The State Council met."},
        headers=auth(editor_token),
    )
    # translate-toolkit's restclient: url + "/" + urllib.quote_plus(text): a space comes as +
    resp = client.get("/tmserver/zh/en/unit/" + quote_plus("国务院 常务会议召开。"))
    assert resp.status_code == 200 and resp.json[0]["target"] == "The State Council met."
    assert client.get("/tmserver/zh/en/unit/?source=国务院 常务会议召开。").json[0]["quality"] == 100  # amaGama form
    assert client.get("/tmserver/zh/en/unit/" + quote("国务院会议") + "?min_similarity=100").json == []
    assert len(client.get("/tmserver/zh/en/unit/" + quote("国务院常务会议") + "?max_candidates=1").json) <= 1
    bad = client.get("/tmserver/zh/en/unit/x?min_similarity=200")
    assert bad.status_code == 400 and "min_similarity" in bad.json["error"]["message"]
    assert client.get("/tmserver/zh/en/unit/x?max_candidates=0").status_code == 400
    assert client.get("/tmserver/zh/en/unit/").status_code == 404
    assert client.get("/tmserver/fr/en/unit/" + quote("国务院 常务会议召开。")).json == []  # not Chinese → English


def test_a_match_whose_draft_would_be_wrong_is_given_as_stored(client, editor_token):
    client.post("/api/v1/segments", json={"source": MEETING, "target": MEETING_EN}, headers=auth(editor_token))
    # the title has none of the meeting's dates: the repair cannot place them, so the stored pair is shown as is
    found = client.get("/tmserver/zh_hant/en/unit/" + quote("全省退役軍人事務局長會議在廣州召開。")).json
    assert found and found[0]["source"] == MEETING and found[0]["target"] == MEETING_EN
