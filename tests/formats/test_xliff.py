"""XLIFF 1.2 of a document being translated, read back with translate-toolkit's own XLIFF reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage import xliff as tt_xliff

from service.formats.xliff import Unit, XliffRejected, read_document, write_document

DATA = Path(__file__).resolve().parents[1] / "data" / "xliff"  # real files of tools' test suites: SOURCES.md


def _read(content: bytes):
    store = tt_xliff.xlifffile.parsestring(content)
    return store, {u.xmlelement.get("id"): u for u in store.units}


def test_states_languages_and_order_survive_a_cat_tool_reader():
    content = write_document(
        [
            Unit("1", "国务院召开会议。", "The State Council met.", "confirmed"),
            Unit("2", "会议在北京举行。", "It was held in Beijing.", "draft"),
            Unit("3", "会议强调,", None, "new"),
        ],
        original="政府工作报告 2024",
        source_lang="zh-Hans",
        target_lang="en",
    )
    store, units = _read(content)
    assert list(units) == ["1", "2", "3"]
    assert store.getsourcelanguage() == "zh-Hans" and store.gettargetlanguage() == "en"
    assert store.getfilenames() == ["政府工作报告 2024"]
    assert units["1"].isapproved() and not units["1"].isfuzzy() and units["1"].target == "The State Council met."
    assert not units["2"].isapproved() and units["2"].isfuzzy()  # needs review
    assert units["3"].target in (None, "") and not units["3"].istranslated()


def test_characters_xml_cannot_hold_are_dropped_and_spaces_kept():
    content = write_document(
        [Unit("1", "国务院\x0b召开  会议。", "The  State\x00 Council met. ", "confirmed")],
        original="a\x01b",
        source_lang="zh-Hans",
        target_lang="en",
    )
    store, units = _read(content)
    assert units["1"].source == "国务院召开  会议。" and units["1"].target == "The  State Council met. "
    assert store.getfilenames() == ["ab"]


# Units each real file holds, counted by hand from the files (tests/data/xliff/SOURCES.md): units marked
# translate="no" are left out, a segmented unit gives one unit per <mrk mtype="seg">, XLIFF 2 one per <segment>.
REAL = {
    "ttk-states.xlf": 8,
    "okapi-segmented-bpt.xlf": 3,  # 2 trans-units, one of them segmented in two
    "okapi-bpt-ept-ph.xlf": 12,  # 13 trans-units, one translate="no"
    "okapi-ph-alttrans.xlf": 3,  # one of them inside a <bin-unit>
    "okapi-g-bx-ex-nested.xlf": 1,  # its segment <mrk> inside a <g>
    "okapi-xliff2.xlf": 5,  # 4 units, one with two segments
    "trados-segmented.sdlxliff": 5,  # 3 units: two translate="no", one segmented in five
    "omegat-bpt-rid-it.xlf": 1,
    "weblate-apple-plurals.xliff": 7,
    "symfony-doctype-zh_TW.xml": 32,  # opens with a DOCTYPE naming the external XLIFF DTD
}


def test_every_real_file_is_in_the_table():
    assert {p.name for p in DATA.iterdir() if p.name != "SOURCES.md"} == set(REAL)


@pytest.mark.parametrize(("name", "units"), sorted(REAL.items()))
def test_real_files_of_cat_tools_read_unit_by_unit(name, units):
    doc = read_document((DATA / name).read_bytes())
    assert len(doc.units) == units
    assert all(u.source.strip() for u in doc.units if u.source != "")
    assert len({u.id for u in doc.units}) == units  # every unit can be told apart for the way back
    for unit in doc.units:  # inline codes are left out: no markup and no native code comes through as text
        assert "<" not in unit.source.replace("<https://", "") and "[#$" not in unit.source


def test_what_the_real_files_say_comes_through():
    trados = read_document((DATA / "trados-segmented.sdlxliff").read_bytes())
    assert (trados.source_lang, trados.target_lang) == ("en-US", "fr-FR")
    assert [u.source for u in trados.units][:2] == ["First sentence.", "Second longer sentence."]
    assert trados.units[1].target == "Seconde phrase, plus longue."
    states = read_document((DATA / "ttk-states.xlf").read_bytes())
    assert [u.state for u in states.units][:3] == [None, "needs-work", "rejected"] and states.units[0].approved
    two = read_document((DATA / "okapi-xliff2.xlf").read_bytes())
    assert two.version == "2.0" and two.units[0].target == "Exemple de segment." and two.units[0].state == "translated"
    special = next(u for u in two.units if u.source.startswith("special text"))
    assert special.source == "special text and more\n."  # <pc> content kept, <ph/> left out
    omegat = read_document((DATA / "omegat-bpt-rid-it.xlf").read_bytes())
    assert omegat.units[0].target == "zzTags translation zz2z -NONTRANSLATED"  # <bpt>, <ept>, <it> codes left out
    symfony = read_document((DATA / "symfony-doctype-zh_TW.xml").read_bytes())
    assert symfony.units[0].source == "Choose an action" and symfony.units[0].target == "選擇一個動作"


HOSTILE = {
    "billion laughs": '<!DOCTYPE xliff [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><xliff version="1.2">'
    "<file><body><trans-unit id='1'><source>&b;</source></trans-unit></body></file></xliff>",
    "external entity": '<!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">]><xliff version="1.2">'
    "<file><body><trans-unit id='1'><source>&e;</source></trans-unit></body></file></xliff>",
    "parameter entity": '<!DOCTYPE xliff [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]><xliff/>',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_entity_declarations_are_refused(name):
    with pytest.raises(XliffRejected, match="internal subset"):
        read_document(HOSTILE[name].encode())


def test_an_external_dtd_is_named_but_never_read(tmp_path):
    secret = tmp_path / "xliff.dtd"
    secret.write_text('<!ENTITY leak "SECRET">')
    text = (
        f'<?xml version="1.0"?><!DOCTYPE xliff SYSTEM "{secret.as_uri()}"><xliff version="1.2">'
        "<file source-language='zh'><body><trans-unit id='1'><source>会议</source></trans-unit></body></file></xliff>"
    )
    doc = read_document(text.encode())
    assert [u.source for u in doc.units] == ["会议"]
    leaked = read_document(text.replace("会议", "&leak;").encode())
    assert leaked.units[0].source == ""  # the DTD's entity stays unexpanded: the file is never opened


def test_not_xliff_is_refused_with_the_reason():
    with pytest.raises(XliffRejected, match="root element is <tmx>"):
        read_document(b'<tmx version="1.4"/>')
    with pytest.raises(XliffRejected, match="not well-formed"):
        read_document(b"<xliff><file>")
    with pytest.raises(XliffRejected, match="unknown XLIFF namespace"):
        read_document(b'<xliff xmlns="urn:example"/>')
