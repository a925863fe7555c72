import dataclasses
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tmx as ttk_tmx

from service.formats.tmx import (
    CLOSE_CODE,
    ISOLATED_CODE,
    OPEN_CODE,
    TmxError,
    TmxFormatError,
    TranslationUnit,
    Variant,
    iter_tmx,
    write_tmx,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "tmx"


def read(name, source_lang=None):
    with open(DATA / name, "rb") as handle:
        return list(iter_tmx(handle, source_lang))


def units_of(items):
    return [i for i in items if isinstance(i, TranslationUnit)]


def export(units, **kwargs):
    buffer = io.BytesIO()
    write_tmx(units, buffer, **kwargs)
    return buffer.getvalue()


def comparable(unit):
    """Everything a unit carries except where in its file it was read."""
    data = dataclasses.asdict(unit)
    data.pop("line")
    return data


def test_omegat_sample_header_dates_and_props():
    units = units_of(read("omegat.tmx"))
    assert len(units) == 2
    first, second = units
    assert (first.source_lang, first.target_lang) == ("zh-Hans", "en")
    assert first.created_at == datetime(2024, 1, 25, 10, 11, 12, tzinfo=UTC)
    assert first.changed_by == "translator"
    assert second.document == "news/2024-01-25.html"
    assert second.context_before == "全省退役军人事务局长会议召开"
    assert second.context_after.startswith("会议认为")
    assert second.source.text.startswith("1月18日至19日")


def test_okapi_sample_inline_codes_become_placeholders():
    first, second = units_of(read("okapi.tmx"))
    assert first.source.text == f"总结{OPEN_CODE}2023年{CLOSE_CODE}工作，部署{ISOLATED_CODE}2024年主要任务。"
    assert [c["kind"] for c in first.source.inline] == ["bpt", "ept", "ph"]
    assert first.source.inline[0]["xml"] == '<bpt i="1" x="1">&lt;b&gt;</bpt>'
    assert first.source.plain_text == "总结2023年工作，部署2024年主要任务。"
    assert "<sub>http://www.gd.gov.cn</sub>" in second.target.inline[0]["xml"]
    assert first.tuid == "okapi_1" and first.props[0]["type"] == "Txt::FileName"


def test_ttk_sample_read_with_chinese_as_source():
    units = units_of(read("ttk.tmx", source_lang="zh"))
    assert [(u.source.text, u.target.text) for u in units] == [
        ("高质量发展", "high-quality development"),
        ("中国式现代化", "Chinese modernization"),
    ]
    assert units[0].notes == [{"value": "from the glossary review", "attrs": {}}]
    english_first = units_of(read("ttk.tmx"))
    assert english_first[0].source_lang == "en" and english_first[0].target_lang == "zh-Hans"


def test_multilingual_unit_yields_one_pair_per_target():
    units = units_of(read("multilingual.tmx", source_lang="zh-CN"))
    assert [u.target_lang for u in units] == ["zh-Hant", "en"]
    assert all(u.document == "seed-article" and u.tuid == "m1" for u in units)
    assert units_of(read("multilingual.tmx"))[0].source_lang == "zh-Hans"  # *all*: first variant


def test_utf16_sample():
    (unit,) = units_of(read("utf16.tmx"))
    assert unit.source.text == "省退役军人事务厅党组书记、厅长王创出席会议并讲话。"
    assert unit.target_lang == "en"


@pytest.mark.parametrize("encoding", ["GB18030", "Big5"])
def test_declared_legacy_encodings(encoding):
    doc = (
        f'<?xml version="1.0" encoding="{encoding}"?><tmx version="1.4"><header srclang="zh-TW"/><body>'
        '<tu><tuv xml:lang="zh-TW"><seg>會議召開</seg></tuv><tuv xml:lang="en"><seg>Meeting held</seg></tuv></tu>'
        "</body></tmx>"
    ).encode(encoding.lower())
    (unit,) = units_of(iter_tmx(io.BytesIO(doc)))
    assert unit.source.text == "會議召開" and unit.source_lang == "zh-Hant"


@pytest.mark.parametrize("name", ["omegat.tmx", "okapi.tmx", "ttk.tmx", "multilingual.tmx", "utf16.tmx"])
def test_export_import_export_is_identical(name):
    units = units_of(read(name))
    first = export(units)
    again = units_of(iter_tmx(io.BytesIO(first)))
    assert [comparable(u) for u in again] == [comparable(u) for u in units]
    assert export(again) == first


def test_export_of_plain_units_fills_attributes_and_props():
    unit = TranslationUnit(
        Variant("zh-Hans", "高质量发展"),
        Variant("en", "high-quality development"),
        tuid="7",
        props=[{"type": "x-document", "value": "doc-1", "attrs": {}}],
        notes=[{"value": "checked", "attrs": {"xml:lang": "en"}}],
        created_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        created_by="editor",
    )
    data = export([unit])
    (back,) = units_of(iter_tmx(io.BytesIO(data)))
    assert back.tuid == "7" and back.document == "doc-1" and back.created_at == unit.created_at
    assert back.notes == unit.notes and back.created_by == "editor"
    root = etree.fromstring(data)
    assert root.get("version") == "1.4" and root.find("header").get("srclang") == "zh-Hans"


def ttk_text(variant):
    """What translate-toolkit shows for a segment: inline codes flattened to their text content."""
    codes = iter(variant.inline)
    out = []
    for ch in variant.text:
        if ch in (OPEN_CODE, CLOSE_CODE, ISOLATED_CODE):
            code = next(codes)
            out.append(
                "".join(etree.fromstring(code["xml"]).itertext()) if code["xml"] and code["kind"] != "hi" else ""
            )
        else:
            out.append(ch)
    return "".join(out)


@pytest.mark.parametrize("name", ["omegat.tmx", "okapi.tmx", "multilingual.tmx", "utf16.tmx"])
def test_exported_memory_loads_in_translate_toolkit(name):
    units = [u for u in units_of(read(name)) if u.target_lang == "en"]
    langs = {
        (u.source.attrs.get("xml:lang", u.source_lang), u.target.attrs.get("xml:lang", u.target_lang)) for u in units
    }
    ((source_tag, target_tag),) = langs  # each sample writes one tag per language
    store = ttk_tmx.tmxfile(export(units), sourcelanguage=source_tag, targetlanguage=target_tag)
    assert [(u.source, u.target) for u in store.units] == [(ttk_text(u.source), ttk_text(u.target)) for u in units]


def test_errors_for_missing_source_empty_segments_and_missing_target():
    doc = b"""<?xml version="1.0"?>
<tmx version="1.4"><header srclang="zh-CN"/><body>
<tu><tuv xml:lang="en"><seg>only English</seg></tuv><tuv xml:lang="fr"><seg>fran\xc3\xa7ais</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>  </seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>\xe6\xba\x90</seg></tuv><tuv xml:lang="en"><seg></seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>\xe6\xba\x90</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>\xe5\xa5\xbd</seg></tuv><tuv xml:lang="en"><seg>good</seg></tuv></tu>
</body></tmx>"""
    items = list(iter_tmx(io.BytesIO(doc)))
    errors = [i for i in items if isinstance(i, TmxError)]
    assert [e.line for e in errors] == [3, 4, 5, 6]
    assert "no zh-Hans" in errors[0].message and "empty source" in errors[1].message
    assert "empty en" in errors[2].message and "no target" in errors[3].message
    assert [u.target.text for u in units_of(items)] == ["good"]


def test_truncated_file_reports_its_line_after_the_good_units():
    doc = (
        b'<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="zh"/>\n<body>\n'
        b'<tu><tuv xml:lang="zh"><seg>\xe5\xa5\xbd</seg></tuv><tuv xml:lang="en"><seg>good</seg></tuv></tu>\n<tu><tuv xml:l'
    )
    items = list(iter_tmx(io.BytesIO(doc)))
    assert isinstance(items[0], TranslationUnit)
    assert isinstance(items[-1], TmxError) and items[-1].fatal and items[-1].line == 6


def test_invalid_bytes_for_the_encoding_are_an_error_with_line():
    doc = b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><body>\n<tu><tuv xml:lang="zh"><seg>\xff\xfe</seg></tuv></tu></body></tmx>'
    items = list(iter_tmx(io.BytesIO(doc)))
    assert items[-1].fatal and items[-1].line == 3


def test_missing_body_is_reported():
    items = list(iter_tmx(io.BytesIO(b'<tmx version="1.4"><header srclang="zh"/></tmx>')))
    assert items == [TmxError(None, "the TMX file has no <body>", True)]


@pytest.mark.parametrize(
    "doc",
    [
        b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<tmx><body><tu><tuv xml:lang="zh"><seg>&xxe;</seg></tuv></tu></body></tmx>',
        b'<?xml version="1.0"?><!-- a comment first --><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><tmx><body>&lol2;</body></tmx>',
        "\ufeff<?xml version='1.0' encoding='UTF-16'?><!doctype tmx [<!ELEMENT tmx ANY>]><tmx/>".encode("utf-16"),
        b'<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "tmx14.dtd" [<!ENTITY x "y">]><tmx/>',
    ],
)
def test_doctype_xxe_and_billion_laughs_are_rejected(doc):
    with pytest.raises(TmxFormatError, match="DOCTYPE"):
        list(iter_tmx(io.BytesIO(doc)))


@pytest.mark.parametrize(
    "doc",
    [
        # what OmegaT writes at the top of every TMX
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx11.dtd">\n<tmx version="1.1">'
        b'<header srclang="zh-CN" segtype="sentence" adminlang="EN-US" datatype="plaintext" o-tmf="OmegaT TMX"'
        b' creationtool="OmegaT" creationtoolversion="6.0.0"/><body><tu><tuv lang="ZH-CN"><seg>\xe5\x9b\xbd\xe5'
        b'\x8a\xa1\xe9\x99\xa2</seg></tuv><tuv lang="EN-US"><seg>State Council</seg></tuv></tu></body></tmx>',
        b'<?xml version="1.0"?>\n<!DOCTYPE tmx PUBLIC "-//LISA OSCAR:1998//DTD for Translation Memory eXchange//EN"'
        b' "tmx14.dtd">\n<tmx version="1.4"><header srclang="zh"/><body><tu><tuv xml:lang="zh"><seg>\xe5\x9b\xbd'
        b'\xe5\x8a\xa1\xe9\x99\xa2</seg></tuv><tuv xml:lang="en"><seg>State Council</seg></tuv></tu></body></tmx>',
        "<?xml version='1.0' encoding='UTF-16'?><!DOCTYPE tmx SYSTEM 'tmx14.dtd'><tmx version='1.4'>"
        "<header srclang='zh'/><body><tu><tuv xml:lang='zh'><seg>国务院</seg></tuv><tuv xml:lang='en'>"
        "<seg>State Council</seg></tuv></tu></body></tmx>".encode("utf-16"),
    ],
    ids=["omegat", "public-id", "utf-16"],
)
def test_a_doctype_naming_an_external_dtd_is_read_and_the_dtd_never_loaded(doc):
    units = [u for u in iter_tmx(io.BytesIO(doc)) if not isinstance(u, TmxError)]
    assert [(u.source.text, u.target.text) for u in units] == [("国务院", "State Council")]


def test_not_tmx_is_fatal():
    with pytest.raises(TmxFormatError, match="not <tmx>"):
        list(iter_tmx(io.BytesIO(b"<xliff/>")))
    with pytest.raises(TmxFormatError):
        list(iter_tmx(io.BytesIO(b"source,target\n")))
    with pytest.raises(TmxFormatError):
        list(iter_tmx(io.BytesIO(b"")))


def test_hi_markup_round_trips_with_text_inside():
    doc = (
        '<tmx version="1.4"><header srclang="zh"/><body><tu><tuv xml:lang="zh"><seg>这是<hi type="b">重点'
        '<ph x="1"/></hi>内容</seg></tuv><tuv xml:lang="en"><seg>This is <hi type="b">key</hi> content</seg></tuv>'
        "</tu></body></tmx>"
    ).encode()
    (unit,) = units_of(iter_tmx(io.BytesIO(doc)))
    assert unit.source.text == f"这是{OPEN_CODE}重点{ISOLATED_CODE}{CLOSE_CODE}内容"
    assert b'<seg>\xe8\xbf\x99\xe6\x98\xaf<hi type="b">' in export([unit])
    assert '<hi type="b">重点<ph x="1"/></hi>' in export([unit]).decode()


def test_memory_stays_flat_by_clearing_units():
    body = "".join(
        f'<tu><tuv xml:lang="zh"><seg>第{i}句</seg></tuv><tuv xml:lang="en"><seg>Sentence {i}</seg></tuv></tu>'
        for i in range(3000)
    )
    doc = f'<tmx version="1.4"><header srclang="zh"/><body>{body}</body></tmx>'.encode()
    count = 0
    for item in iter_tmx(io.BytesIO(doc)):
        count += 1
        tu = item.source  # the unit is plain data; the XML tree behind it is cleared
    assert count == 3000 and tu.text == "第2999句"
