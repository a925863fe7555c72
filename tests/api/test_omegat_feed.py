"""The OmegaT team feed, fetched over real HTTP the way OmegaT's HTTPRemoteRepository.retrieve() does it
(src/org/omegat/core/team2/impl/HTTPRemoteRepository.java): the URL is the repository URL with the mapping's
file name appended; the ETag kept from the last 200 goes back as If-None-Match; 200 replaces the local file and
keeps the new ETag, 304 keeps the file, any other status is an error."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request

import pytest
from translate.storage import tbx as tt_tbx
from translate.storage import tmx as tt_tmx
from werkzeug.serving import make_server

from tests.helpers import auth


class OmegaTHttpMapping:
    """What OmegaT does on each team sync for one `http` repository mapping."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.etags: dict[str, str] = {}
        self.files: dict[str, bytes] = {}

    def retrieve(self, file: str) -> int:
        request = urllib.request.Request(self.url + file)
        if file in self.etags:
            request.add_header("If-None-Match", self.etags[file])
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                status = response.status
                etag = response.headers.get("ETag")
                self.files[file] = response.read()
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return 304
            raise RuntimeError(f"HTTP response code: {error.code}") from None
        if etag is not None:
            self.etags[file] = etag
        return status


@pytest.fixture
def omegat(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield OmegaTHttpMapping(f"http://127.0.0.1:{server.server_port}/omegat/")
    server.shutdown()
    thread.join(5)


def test_a_team_sync_pulls_the_memory_only_when_it_changed(client, editor_token, omegat):
    client.post(
        "/api/v1/segments",
        json={"source": "国务院召开会议。", "target": "The State Council met."},
        headers=auth(editor_token),
    )
    assert omegat.retrieve("memory.tmx") == 200
    units = tt_tmx.tmxfile.parsestring(omegat.files["memory.tmx"]).units
    assert [(u.source, u.target) for u in units] == [("国务院召开会议。", "The State Council met.")]
    assert omegat.retrieve("memory.tmx") == 304  # nothing changed: OmegaT keeps its copy
    client.post(
        "/api/v1/segments",
        json={"source": "会议在北京举行。", "target": "It was held in Beijing."},
        headers=auth(editor_token),
    )
    assert omegat.retrieve("memory.tmx") == 200
    assert len(tt_tmx.tmxfile.parsestring(omegat.files["memory.tmx"]).units) == 2
    assert omegat.retrieve("memory.tmx") == 304


def test_the_glossary_as_tbx_and_as_omegat_text_without_deprecated_terms(client, editor_token, admin_token, omegat):
    created = client.post(
        "/api/v1/terms",
        json={"source": "国务院", "target": "State Council", "category": "organization"},
        headers=auth(admin_token),
    ).json
    old = client.post("/api/v1/terms", json={"source": "旧称", "target": "old name"}, headers=auth(admin_token)).json
    client.delete(f"/api/v1/terms/{old['id']}?version={old['version']}", headers=auth(admin_token))  # deprecated
    assert omegat.retrieve("glossary.tbx") == 200
    terms = tt_tbx.tbxfile.parsestring(omegat.files["glossary.tbx"]).units
    assert [(t.source, t.target) for t in terms] == [("国务院", "State Council")]
    assert omegat.retrieve("glossary.txt") == 200
    lines = omegat.files["glossary.txt"].decode("utf-8").splitlines()
    assert lines[0].startswith("#") and lines[1:] == ["国务院\tState Council"]
    assert omegat.retrieve("glossary.tbx") == 304
    client.patch(
        f"/api/v1/terms/{created['id']}",
        json={"target": "the State Council", "version": created["version"]},
        headers=auth(admin_token),
    )
    assert omegat.retrieve("glossary.tbx") == 200 and omegat.retrieve("glossary.txt") == 200


def test_an_unknown_file_is_an_error_omegat_reports(omegat, client):
    with pytest.raises(RuntimeError, match="404"):
        omegat.retrieve("memory.docx")
    assert client.get("/omegat/glossary.pdf").json["error"]["message"].startswith("the glossary is served as")
