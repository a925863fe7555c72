"""TBX: TBX-Basic output, round trips, other tools' files, hostile input."""

from lxml import etree
from translate.storage import tbx as toolkit_tbx

from glossary.model import Category, Status, Term
from service.formats.results import LineError
from service.formats.tbx import read_tbx, write_tbx

DVA = Term(
    source="退役军人事务厅",
    target="Department of Veterans Affairs",
    category=Category.ORGANIZATION,
    status=Status.APPROVED,
    variants=("退役軍人事務廳",),
    forbidden=("Veterans Bureau",),
    note="provincial organ & <veterans>",
    domain="veterans",
    pattern="{place_adj} Department of Veterans Affairs",
)
PROSPERITY = Term(source="共同富裕", target="common prosperity", category=Category.POLITICAL_PHRASE)


def test_written_document_has_the_documented_elements():
    root = etree.fromstring(write_tbx([DVA]))
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    [entry] = root.iter("termEntry")
    assert entry.findtext("descrip[@type='subjectField']") == "organization"
    assert entry.findtext("admin[@type='x-status']") == "approved"
    assert entry.findtext("admin[@type='projectSubset']") == "veterans"
    assert entry.findtext("descrip[@type='x-pattern']") == "{place_adj} Department of Veterans Affairs"
    assert entry.findtext("note") == "provincial organ & <veterans>"
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    zh, en = entry.findall("langSet")
    assert (zh.get(xml_lang), en.get(xml_lang)) == ("zh-CN", "en")
    assert [(tig.findtext("term"), tig.findtext("termNote")) for tig in zh.findall("tig")] == [
        ("退役军人事务厅", "preferredTerm-admn-sts"),
        ("退役軍人事務廳", "admittedTerm-admn-sts"),
    ]
    assert [(tig.findtext("term"), tig.findtext("termNote")) for tig in en.findall("tig")] == [
        ("Department of Veterans Affairs", "preferredTerm-admn-sts"),
        ("Veterans Bureau", "deprecatedTerm-admn-sts"),
    ]


def test_round_trip_is_byte_identical():
    first = write_tbx([PROSPERITY, DVA])
    result = read_tbx(first)
    assert result.errors == []
    assert sorted(result.terms, key=lambda t: t.source) == sorted([PROSPERITY, DVA], key=lambda t: t.source)
    assert write_tbx(result.terms) == first


NSC = Term(
    source="国家监察委员会",
    target="National Supervisory Commission",
    category=Category.ORGANIZATION,
    status=Status.APPROVED,
    admitted=("National Commission of Supervision", "State Supervisory Commission"),
    forbidden=("National Supervision Committee",),
)


def test_admitted_renderings_are_admitted_terms_and_round_trip():
    data = write_tbx([NSC, DVA])
    [entry] = [e for e in etree.fromstring(data).iter("termEntry") if e.findtext(".//term") == "国家监察委员会"]
    en = entry.findall("langSet")[1]
    assert [(tig.findtext("term"), tig.findtext("termNote")) for tig in en.findall("tig")] == [
        ("National Supervisory Commission", "preferredTerm-admn-sts"),
        ("National Commission of Supervision", "admittedTerm-admn-sts"),
        ("State Supervisory Commission", "admittedTerm-admn-sts"),
        ("National Supervision Committee", "deprecatedTerm-admn-sts"),
    ]
    result = read_tbx(data)
    assert result.errors == []
    assert sorted(result.terms, key=lambda t: t.source) == sorted([NSC, DVA], key=lambda t: t.source)
    assert write_tbx(result.terms) == data


def test_other_english_terms_without_a_status_are_admitted():
    data = """<martif type="TBX-Basic"><text><body><termEntry>
      <langSet xml:lang="zh"><tig><term>安置</term></tig></langSet>
      <langSet xml:lang="en"><tig><term>resettlement</term></tig><tig><term>placement</term></tig>
        <tig><term>Resettlement</term></tig>
        <tig><term>settling</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet></termEntry></body></text></martif>"""
    result = read_tbx(data.encode("utf-8"))
    assert result.errors == []
    [term] = result.terms
    assert (term.target, term.admitted, term.forbidden) == ("resettlement", ("placement",), ("settling",))


def test_write_is_sorted_and_deterministic():
    assert write_tbx([DVA, PROSPERITY]) == write_tbx([PROSPERITY, DVA])


def test_reads_translate_toolkit_output():
    store = toolkit_tbx.tbxfile(sourcelanguage="zh-CN", targetlanguage="en")
    unit = store.addsourceunit("退役军人事务厅")
    unit.target = "Department of Veterans Affairs"
    unit.addnote("provincial organ")
    store.addsourceunit("副局长").target = "Deputy Director-General"
    data = bytes(store)
    assert b"<!DOCTYPE martif" in data  # the toolkit writes a bare DOCTYPE, which is accepted
    result = read_tbx(data)
    assert result.errors == []
    assert [(t.source, t.target, t.note, t.status) for t in result.terms] == [
        ("退役军人事务厅", "Department of Veterans Affairs", "provincial organ", Status.PROPOSED),
        ("副局长", "Deputy Director-General", "", Status.PROPOSED),
    ]


def test_translate_toolkit_reads_our_output():
    store = toolkit_tbx.tbxfile.parsestring(write_tbx([DVA]))
    [unit] = store.units
    assert (unit.source, unit.target) == ("退役军人事务厅", "Department of Veterans Affairs")


WEBLATE_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">
<martif type="TBX" xml:lang="en">
  <text><body>
    <termEntry>
      <langSet xml:lang="en"><tig><term>Communist Party of China</term></tig>
        <tig><term>Chinese Communist Party</term>
             <termNote type="administrativeStatus">forbidden</termNote></tig>
        <note from="translator">Use the full name at first mention.</note></langSet>
      <langSet xml:lang="zh_Hans"><tig><term>中国共产党</term></tig></langSet>
      <langSet xml:lang="zh_Hant"><tig><term>中國共產黨</term></tig></langSet>
      <descrip>Party name</descrip>
    </termEntry>
    <termEntry>
      <langSet xml:lang="en_US"><ntig><termGrp><term>Central Committee</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig></langSet>
      <langSet xml:lang="zh-CN"><ntig><termGrp><term>中央委员会</term></termGrp></ntig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


def test_reads_weblate_style_languages_statuses_and_notes():
    result = read_tbx(WEBLATE_STYLE)
    assert result.errors == []
    party, committee = result.terms
    assert (party.source, party.target) == ("中国共产党", "Communist Party of China")
    assert party.variants == ("中國共產黨",) and party.forbidden == ("Chinese Communist Party",)
    assert party.note == "Use the full name at first mention.\nParty name"
    assert (committee.source, committee.target) == ("中央委员会", "Central Committee")


def test_entries_missing_a_language_reported_with_line():
    data = WEBLATE_STYLE.replace(
        '<langSet xml:lang="zh-CN"><ntig><termGrp><term>中央委员会</term></termGrp></ntig></langSet>', ""
    )
    result = read_tbx(data)
    assert [t.source for t in result.terms] == ["中国共产党"]
    assert result.errors == [LineError(14, "entry needs a Chinese (zh*) and an English (en*) term")]


def test_foreign_subject_field_becomes_domain():
    data = write_tbx([PROSPERITY]).replace(b">political-phrase<", b">Economics<")
    [term] = read_tbx(data).terms
    assert (term.category, term.domain) == (Category.OTHER, "Economics")


def test_unknown_status_and_invalid_terms_reported():
    data = write_tbx([PROSPERITY, DVA]).replace(b">approved<", b">final<")
    result = read_tbx(data)
    assert [t.source for t in result.terms] == ["共同富裕"]
    assert len(result.errors) == 1 and "unknown status 'final'" in result.errors[0].message
    assert result.errors[0].line > 1


def test_duplicate_sources_reported():
    data = write_tbx([PROSPERITY]).replace(
        b"</body>", write_tbx([PROSPERITY]).split(b"<body>")[1].split(b"</body>")[0] + b"</body>"
    )
    result = read_tbx(data)
    assert len(result.terms) == 1 and "duplicate source" in result.errors[0].message


def test_malformed_xml_reports_lxml_line():
    result = read_tbx(b"<?xml version='1.0'?>\n<martif>\n<text>\n</martif>\n")
    assert result.terms == [] and result.errors[0].line == 4
    assert "not well-formed" in result.errors[0].message


def test_wrong_root_rejected():
    assert "expected <martif>" in read_tbx(b"<tmx/>").errors[0].message


def test_internal_subset_and_entities_rejected():
    billion_laughs = b"""<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<martif><text><body><termEntry><langSet xml:lang="zh"><tig><term>&lol2;</term></tig></langSet></termEntry></body></text></martif>"""
    result = read_tbx(billion_laughs)
    assert result.terms == [] and result.errors[0].line == 2
    assert "entity" in result.errors[0].message.lower()


def test_external_entity_rejected():
    xxe = b"""<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "file:///etc/passwd" [<!ELEMENT martif ANY>]>
<martif>&xxe;</martif>"""
    result = read_tbx(xxe)
    assert result.terms == [] and "DOCTYPE" in result.errors[0].message


def test_a_doctype_naming_any_external_dtd_is_never_loaded(tmp_path):
    dtd = tmp_path / "x.dtd"
    dtd.write_text('<!ENTITY leak "SECRET">')
    data = (
        f'<!DOCTYPE martif SYSTEM "{dtd.as_uri()}"><martif type="TBX"><text><body><termEntry>'
        '<langSet xml:lang="zh"><tig><term>国务院</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>State Council&leak;</term></tig></langSet></termEntry></body></text></martif>'
    ).encode()
    result = read_tbx(data)
    assert [t.source for t in result.terms] == ["国务院"]
    assert "SECRET" not in result.terms[0].target  # the entity stays a reference: the DTD is never read


def test_undeclared_entity_reference_is_not_resolved():
    data = write_tbx([PROSPERITY]).replace(b"common prosperity", b"&ext;")
    result = read_tbx(data)
    assert result.terms == []
    assert "Entity 'ext' not defined" in result.errors[0].message


def test_size_limit():
    result = read_tbx(write_tbx([DVA]), max_bytes=100)
    assert result.terms == [] and "larger than 100 bytes" in result.errors[0].message
