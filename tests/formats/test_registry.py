"""The format registry: every reader and writer behind one protocol, and the API, CLI and web form asking it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from glossary.model import Category, Status, Term
from service.formats import base as formats
from service.memory.pairs import RawPair, StoredPair

DATA = Path(__file__).resolve().parents[1] / "data"


def test_each_kind_lists_its_formats_once_in_registration_order():
    assert formats.names("memory") == ("tmx", "xliff", "csv")
    assert formats.names("glossary") == ("tsv", "csv", "tbx")
    assert formats.get("memory", "csv") is not formats.get("glossary", "csv")


def test_an_unknown_format_names_the_known_ones():
    with pytest.raises(formats.UnknownFormat, match="unknown memory format 'docx'; use tmx or xliff or csv"):
        formats.get("memory", "docx")


def test_registering_a_name_twice_is_refused():
    with pytest.raises(ValueError, match="registered already"):
        formats.register(formats.get("glossary", "tbx"))


@pytest.mark.parametrize(
    ("kind", "filename", "expected"),
    [
        ("memory", "export.TMX", "tmx"),
        ("memory", "pairs.csv", "csv"),
        ("glossary", "terms.tbx", "tbx"),
        ("glossary", "terms.XML", "tbx"),
        ("glossary", "terms.csv", "csv"),
        ("glossary", "glossary.txt", "tsv"),  # OmegaT's glossary file names
        ("glossary", "project.utf8", "tsv"),
        ("glossary", "terms.TAB", "tsv"),
        ("memory", "notes.txt", None),
        ("memory", "", None),
        ("glossary", None, None),
    ],
)
def test_the_extension_names_the_format(kind, filename, expected):
    found = formats.by_extension(kind, filename)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize("path", sorted((DATA / "tmx").glob("*.tmx")), ids=lambda p: p.name)
def test_content_tells_a_tmx_file_without_a_name(path):
    assert formats.detect("memory", None, path.read_bytes()).name == "tmx"


def test_content_tells_tab_separated_from_csv():
    assert formats.detect("glossary", "upload", "# OmegaT\n国务院\tState Council\n".encode()).name == "tsv"
    assert formats.detect("glossary", None, "国务院,State Council\n".encode()).name == "csv"


def test_content_tells_tbx_from_csv():
    assert formats.detect("glossary", "upload", b'\xef\xbb\xbf<?xml version="1.0"?>\n<martif type="TBX">').name == "tbx"
    assert formats.detect("glossary", "upload", "source,target\n人民,people\n".encode()).name == "csv"
    assert formats.detect("memory", "upload", b"") is None


def test_every_memory_format_writes_what_it_reads():
    pair = StoredPair(
        source="全面推进高质量发展。",
        target="Fully advance high-quality development.",
        source_lang="zh-Hans",
        target_lang="en",
        document="report-2024",
        context_before="前一句。",
        origin="human",
    )
    for fmt in formats.formats("memory"):
        assert isinstance(fmt, formats.MemoryFormat)
        out = io.BytesIO()
        fmt.write([pair], out, False)
        items = list(fmt.read(io.BytesIO(out.getvalue()), None))
        assert len(items) == 1, fmt.name
        _line, raw = items[0]
        assert isinstance(raw, RawPair), (fmt.name, raw)
        assert (raw.source, raw.target, raw.document, raw.context_before, raw.origin) == (
            pair.source,
            pair.target,
            pair.document,
            pair.context_before,
            pair.origin,
        ), fmt.name


def test_every_glossary_format_writes_what_it_reads():
    term = Term(
        source="退役军人事务部",
        target="Ministry of Veterans Affairs",
        category=Category.ORGANIZATION,
        status=Status.APPROVED,
        variants=("退役軍人事務部",),
        note="checked",
    )
    for fmt in formats.formats("glossary"):
        assert isinstance(fmt, formats.GlossaryFormat)
        result = fmt.read(fmt.write([term], False))
        assert result.ok, (fmt.name, result.errors)
        (back,) = result.terms
        kept = {name for name in ("source", "target", "category", "variants", "note") if name in fmt.carries}
        assert {"source", "target"} <= kept, fmt.name
        assert {name: getattr(back, name) for name in kept} == {name: getattr(term, name) for name in kept}, fmt.name


def test_an_unreadable_memory_file_is_rejected_whole():
    with pytest.raises(formats.FormatRejected):
        list(formats.memory_format("tmx").read(io.BytesIO(b"<tmx><body><tu>"), None))
    with pytest.raises(formats.FormatRejected, match="header"):
        list(formats.memory_format("csv").read(io.BytesIO(b"what,ever\n1,2\n"), None))


def test_the_api_and_the_command_line_offer_the_registered_formats(app):
    from click.testing import CliRunner

    from service.cli import main

    doc = app.test_client().get("/api/v1/openapi.json").get_json()
    params = {
        (path, p["name"]): p["schema"]
        for path, item in doc["paths"].items()
        for op in item.values()
        for p in op.get("parameters", [])
    }
    assert params[("/api/v1/tm/export", "format")]["enum"] == list(formats.names("memory"))
    import_format = params[("/api/v1/terms/import", "format")]  # optional: the name or content tells
    assert [variant.get("enum") for variant in import_format["anyOf"] if "enum" in variant] == [
        list(formats.names("glossary"))
    ]
    help_text = CliRunner().invoke(main, ["tm", "export", "--help"]).output
    assert "[tmx|xliff|csv]" in help_text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_detection_reads_the_encodings_xml_files_come_in(encoding):
    tbx = '<?xml version="1.0"?>\n<martif type="TBX"><text><body/></text></martif>'.encode(encoding)
    tmx = '<?xml version="1.0"?>\n<tmx version="1.4"><body/></tmx>'.encode(encoding)
    assert formats.detect("glossary", None, tbx).name == "tbx"
    assert formats.detect("memory", None, tmx).name == "tmx"
