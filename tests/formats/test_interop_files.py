"""Files other tools wrote, from their own test suites (tests/data/interop/SOURCES.md): every TMX imports (OmegaT's
with their DOCTYPE, Okapi's, translate-toolkit's, Weblate's, Heartsome's multilingual one); TBX 2008 and v3 and
the glossaries of OmegaT and Weblate are read, and one that holds no Chinese–English entry says so and names what
it holds. Imports name no format: the file name or the content tells."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from service.formats.tbx import read_tbx
from tests.helpers import auth

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"
TMX = sorted((DATA / "tmx").glob("*.tmx"))
TBX = sorted((DATA / "tbx").glob("*.tbx"))
GLOSSARIES = sorted((DATA / "glossary").iterdir())


def _pairs_in(path: Path) -> int:
    """Pairs a TMX holds, counted straight from the XML: per unit, one for each language beside the source's
    (en-GB beside an en-US source is the same language: no pair)."""
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)).getroot()
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    total = 0
    for tu in root.iter("tu"):
        langs = [
            (tuv.get(lang_attr) or tuv.get("lang") or "").lower().split("-")[0]
            for tuv in tu.iter("tuv")
            if "".join(tuv.find("seg").itertext()).strip()
        ]
        if langs:
            total += len({lang for lang in langs if lang != langs[0]})
    return total


def _import(client, token, path: Path, **query):
    args = "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(
        "/api/v1/tm/import" + (f"?{args}" if args else ""),
        data={"file": (path.open("rb"), path.name)},
        headers=auth(token),
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize("path", TMX, ids=lambda p: p.name)
def test_every_real_tmx_imports_without_naming_its_format(client, admin_token, path):
    expected = _pairs_in(path)
    resp = _import(client, admin_token, path)
    if expected == 0:  # a unit with one language only (Okapi's sdlxliff2tmx): nothing to store, and it says so
        assert resp.status_code == 422 and "no target variant" in str(resp.json), resp.json
        return
    assert resp.status_code == 200, resp.json
    assert resp.json["created"] + resp.json.get("skipped", 0) == expected, resp.json


def test_omegat_writes_a_doctype_and_it_is_read(client, admin_token):
    for name in ("omegat-project-save.tmx", "omegat-smp.tmx", "omegat-4.1.2-memory.tmx"):
        path = DATA / "tmx" / name
        assert b'<!DOCTYPE tmx SYSTEM "tmx11.dtd">' in path.read_bytes()
        assert _import(client, admin_token, path).status_code == 200


def test_a_multilingual_memory_gives_its_chinese_english_pairs(client, admin_token):
    resp = _import(client, admin_token, DATA / "tmx" / "heartsome-xuanzang.tmx")
    assert resp.status_code == 200
    pairs = client.get("/api/v1/segments?q=玄奘&limit=50").json["items"]
    english = [p for p in pairs if p["target_lang"].startswith("en")]
    assert english and all(p["source_lang"] == "zh-Hans" for p in english)  # Chinese is the source of *all*
    assert any(p["source"].startswith("玄奘") and "Xuan Zang" in p["target"] for p in english)


@pytest.mark.parametrize("path", TBX, ids=lambda p: p.name)
def test_real_tbx_without_chinese_says_which_languages_it_holds(client, admin_token, path):
    langs = {
        e.get("{http://www.w3.org/XML/1998/namespace}lang")
        for e in etree.parse(str(path), etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)).iter()
        if isinstance(e.tag, str) and etree.QName(e).localname in ("langSet", "langSec")
    }
    resp = client.post(
        "/api/v1/terms/import?dry_run=1",
        data={"file": (path.open("rb"), path.name)},
        headers=auth(admin_token),
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422
    [error] = resp.json["error"]["details"]["errors"]
    assert error["message"].startswith("no Chinese–English entry: the file's languages are ")
    assert set(error["message"].rsplit("are ", 1)[1].split(", ")) == langs


@pytest.mark.parametrize("code", ["zh", "zh-CN", "zh_CN", "zh-Hans", "ZH-CN", "zh-TW", "zh_Hant_TW"])
def test_tbx_v3_and_2008_read_chinese_however_its_language_is_written(code):
    """The structure of the real TBX-Basic v3 sample and of translate-toolkit's martif, with Chinese entries."""
    v3 = (
        (DATA / "tbx" / "tbx-basic-v3-sample.tbx")
        .read_text(encoding="utf-8")
        .replace('xml:lang="fr"', f'xml:lang="{code}"')
    )
    read = read_tbx(v3.encode())
    assert [t.target for t in read.terms][:2] == ["e-mail", "federated database"]
    martif = (
        (DATA / "tbx" / "weblate-ttk-martif.tbx")
        .read_text(encoding="utf-8")
        .replace('xml:lang="cs"', f'xml:lang="{code}"')
    )
    assert read_tbx(martif.encode()).terms, code
    assert read.terms[0].source == "courriel"  # the term of the langSec the code names


@pytest.mark.parametrize("path", GLOSSARIES, ids=lambda p: p.name)
def test_real_glossaries_of_other_tools_are_read_and_refused_for_having_no_chinese(client, admin_token, path):
    resp = client.post(
        "/api/v1/terms/import?dry_run=1",
        data={"file": (path.open("rb"), path.name)},
        headers=auth(admin_token),
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422, resp.json
    messages = [e["message"] for e in resp.json["error"]["details"]["errors"]]
    # en→ja, en→cs, ja/ko→en: nothing Chinese, or (OmegaT's en→ja glossary) a kana term that is not
    assert any("no Chinese–English entry" in m or "is not Chinese (Japanese)" in m for m in messages), messages
