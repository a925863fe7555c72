"""XLIFF 1.2 of a document being translated, read back with translate-toolkit's own XLIFF reader."""

from __future__ import annotations

from translate.storage import xliff as tt_xliff

from service.formats.xliff import Unit, write_document


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
