"""XLIFF for a document being translated: read the units of a file a CAT tool wrote, write every segment back.

Reading takes XLIFF 1.0–1.2 (`<trans-unit>`, segmented ones through `<seg-source>`'s `<mrk mtype="seg">`) and
XLIFF 2.x (`<unit>`'s `<segment>`s), from any tool (Okapi, OmegaT, Trados `.sdlxliff`, memoQ `.mqxliff`,
translate-toolkit, Weblate). A unit's text is its characters with inline codes left out: the content of `<g>`,
`<mrk>` and `<pc>` is text, standalone and native codes (`<x/>`, `<ph>`, `<bpt>`, `<sc/>`, …) are not. Units
marked `translate="no"` are skipped. The XML is read with entities unresolved, no DTD loaded and no network: a
DOCTYPE that only names an external DTD (`<!DOCTYPE xliff SYSTEM "xliff.dtd">`) is accepted and the DTD never
read; one with an internal subset (entity declarations: billion laughs, external entities) is refused.

Writing gives XLIFF 1.2 with one `<file>` whose `original` is the document's name and a `<trans-unit>` per
segment in document order, `id` the unit id it came with or else its 1-based position. A segment without a
translation has no `<target>`; a draft's target has `state="needs-review-translation"`; a confirmed one
`state="translated"` and the unit `approved="yes"`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from lxml import etree

from service.formats import xmlsafe
from service.formats.base import FormatRejected, MemoryFormat, MemoryItems, head_text
from service.memory.langs import canonical_lang
from service.memory.pairs import ORIGINS, RawPair, StoredPair

NS = "urn:oasis:names:tc:xliff:document:1.2"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATES = {"draft": "needs-review-translation", "confirmed": "translated"}
MEDIA_TYPE = "application/x-xliff+xml"


@dataclass(frozen=True)
class Unit:
    id: str
    source: str
    target: str | None
    status: str  # new | draft | confirmed


def _valid_xml_text(text: str) -> str:
    """XML 1.0 cannot hold most control characters: they are dropped (a stored segment never needs them)."""
    return "".join(c for c in text if c in "\t\n\r" or (ord(c) >= 0x20 and c not in "\ufffe\uffff"))


def write_document(units: Iterable[Unit], *, original: str, source_lang: str, target_lang: str) -> bytes:
    root = etree.Element(f"{{{NS}}}xliff", nsmap={None: NS}, version="1.2")
    file_ = etree.SubElement(
        root,
        f"{{{NS}}}file",
        original=_valid_xml_text(original),
        datatype="plaintext",
        attrib={"source-language": source_lang, "target-language": target_lang},
    )
    body = etree.SubElement(file_, f"{{{NS}}}body")
    for unit in units:
        tu = etree.SubElement(body, f"{{{NS}}}trans-unit", id=unit.id)
        tu.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if unit.status == "confirmed" and unit.target:
            tu.set("approved", "yes")
        source = etree.SubElement(tu, f"{{{NS}}}source")
        source.set(_XML_LANG, source_lang)
        source.text = _valid_xml_text(unit.source)
        if unit.target:
            target = etree.SubElement(tu, f"{{{NS}}}target", state=_STATES.get(unit.status, "needs-review-translation"))
            target.set(_XML_LANG, target_lang)
            target.text = _valid_xml_text(unit.target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# ------------------------------------------------------------------------------------------------ reading

EXTENSIONS = ("xlf", "xliff", "sdlxliff", "mqxliff")
_V1 = ("urn:oasis:names:tc:xliff:document:1.2", "urn:oasis:names:tc:xliff:document:1.1", "")
_V2_PREFIX = "urn:oasis:names:tc:xliff:document:2."
_SKIP_CONTENT = {"ph", "bpt", "ept", "it", "sub", "x", "bx", "ex", "sc", "ec", "sm", "em", "cp"}


class XliffRejected(ValueError):
    """The file cannot be read as XLIFF (or may not be: an internal DTD subset); nothing of it is used."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.message, self.line = message, line


@dataclass(frozen=True)
class ReadUnit:
    id: str
    source: str
    target: str | None
    state: str | None  # the tool's state (translated, final, needs-review-translation, …), if any
    approved: bool


@dataclass(frozen=True)
class XliffDocument:
    version: str
    original: str | None
    source_lang: str | None
    target_lang: str | None
    units: list[ReadUnit]


def looks_like_xliff(head: bytes) -> bool:
    text = head_text(head)
    return "<xliff" in text and ("xliff:document" in text or "version=" in text)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: etree._Element | None) -> str:
    """The text of a source or target: its characters, inline codes left out."""
    if element is None:
        return ""
    parts: list[str] = [element.text or ""]
    for child in element:
        name = _local(child.tag)
        if name == "cp" and child.get("hex"):
            with contextlib.suppress(ValueError, OverflowError):  # a code point that is none is left out
                parts.append(chr(int(child.get("hex", ""), 16)))
        elif name not in _SKIP_CONTENT and isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if _local(child.tag) == name)


def _first(element: etree._Element, name: str) -> etree._Element | None:
    return next(_children(element, name), None)


def _segment_marks(element: etree._Element | None) -> list[etree._Element]:
    return (
        [m for m in element.iter() if _local(m.tag) == "mrk" and m.get("mtype") == "seg"] if element is not None else []
    )


def _segmented(tu: etree._Element, target: etree._Element | None) -> list[tuple[etree._Element, etree._Element | None]]:
    """A segmented unit's segments (Okapi, Trados: `<seg-source>`'s `<mrk mtype="seg">`), each with the target's
    segment of the same `mid`; empty for a unit that is not segmented."""
    targets = {m.get("mid"): m for m in _segment_marks(target)}
    return [(mark, targets.get(mark.get("mid"))) for mark in _segment_marks(_first(tu, "seg-source"))]


def _v1_units(root: etree._Element) -> Iterator[ReadUnit]:
    for tu in root.iter():
        if _local(tu.tag) != "trans-unit" or tu.get("translate") == "no":
            continue
        uid = tu.get("id") or str(tu.sourceline)
        approved = tu.get("approved") == "yes"
        target = _first(tu, "target")
        state = target.get("state") if target is not None else None
        segmented = _segmented(tu, target)
        if segmented:
            for mark, found in segmented:
                yield ReadUnit(
                    f"{uid}/{mark.get('mid') or ''}",
                    _text(mark),
                    _text(found) if found is not None else None,
                    state,
                    approved,
                )
            continue
        text = _text(target) if target is not None else None
        yield ReadUnit(uid, _text(_first(tu, "source")), text, state, approved)


def _v2_units(root: etree._Element) -> Iterator[ReadUnit]:
    for unit in root.iter():
        if _local(unit.tag) != "unit" or unit.get("translate") == "no":
            continue
        uid = unit.get("id") or str(unit.sourceline)
        segments = list(_children(unit, "segment"))
        for i, segment in enumerate(segments, 1):
            sid = segment.get("id") or str(i)
            target = _first(segment, "target")
            state = segment.get("state")
            yield ReadUnit(
                uid if len(segments) == 1 else f"{uid}/{sid}",
                _text(_first(segment, "source")),
                _text(target) if target is not None else None,
                state,
                state == "final",
            )


_DECLARATION = re.compile(r"\A\ufeff?\s*<\?xml[^>]*\?>")


def read_document(data: bytes | str) -> XliffDocument:
    """The units of an XLIFF file, in file order; XliffRejected when it is not XLIFF or may not be read. A file
    given as text (sent in JSON) is read as that text, whatever encoding its declaration names."""
    if isinstance(data, str):
        data = _DECLARATION.sub("", data).encode("utf-8")
    refused = xmlsafe.screen(data)
    if refused is not None:
        raise XliffRejected(refused.message, refused.line)
    try:
        root = etree.fromstring(data, xmlsafe.parser())
    except etree.XMLSyntaxError as exc:
        raise XliffRejected(f"not well-formed XML: {exc.msg}", exc.lineno) from None
    if xmlsafe.declares_entities(root.getroottree()):  # however it got past the screen
        raise XliffRejected(xmlsafe.INTERNAL_SUBSET)
    if _local(root.tag) != "xliff":
        raise XliffRejected(f"the root element is <{_local(root.tag)}>, not <xliff>", root.sourceline)
    namespace = etree.QName(root).namespace or ""
    if namespace.startswith(_V2_PREFIX):
        units = list(_v2_units(root))
        return XliffDocument(root.get("version", "2.0"), None, root.get("srcLang"), root.get("trgLang"), units)
    if namespace not in _V1:
        raise XliffRejected(f"unknown XLIFF namespace {namespace!r}", root.sourceline)
    file_ = next((e for e in root.iter() if _local(e.tag) == "file"), None)
    return XliffDocument(
        root.get("version", "1.2"),
        file_.get("original") if file_ is not None else None,
        file_.get("source-language") if file_ is not None else None,
        file_.get("target-language") if file_ is not None else None,
        list(_v1_units(root)),
    )


# ------------------------------------------------------------------------------------------------ as a memory

# A unit in one of these states is not translated: it is not stored. XLIFF 2's `initial` counts only when the
# target is empty, as any unit without a target does.
UNTRANSLATED_STATES = frozenset({"new", "needs-translation"})


def _coded(element: etree._Element | None) -> tuple[str, list[dict]]:
    """A source or target as TMX import keeps one: the text with one private-use placeholder per inline code
    (service.formats.tmx), and each code as the TMX element that carries it (`<g>`, `<bx/>`, `<sc/>` become
    `<bpt>`, their ends `<ept>`, standalone codes `<ph>`, XLIFF's `<bpt>`/`<ept>`/`<ph>`/`<it>` themselves)."""
    from service.formats.tmx import CLOSE_CODE, ISOLATED_CODE, OPEN_CODE

    if element is None:
        return "", []
    parts: list[str] = []
    inline: list[dict] = []
    pairs: dict[str, int] = {}
    counter = iter(range(1, 10_000))

    def tmx(tag: str, native: str, **attrs: str) -> str:
        code = etree.Element(tag, {k: v for k, v in attrs.items() if v})
        code.text = native or None
        return etree.tostring(code, encoding="unicode")

    def walk(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in node:
            name = _local(child.tag)
            shell = etree.tostring(etree.Element(name, child.attrib), encoding="unicode") if name else ""
            if name in ("g", "pc"):
                number = str(next(counter))
                parts.append(OPEN_CODE)
                inline.append({"kind": "bpt", "xml": tmx("bpt", shell.replace("/>", ">"), i=number)})
                walk(child)
                parts.append(CLOSE_CODE)
                inline.append({"kind": "ept", "xml": tmx("ept", f"</{name}>", i=number)})
            elif name in ("bx", "sc", "bpt"):
                i = pairs.setdefault(child.get("rid") or child.get("id") or str(len(pairs)), next(counter))
                native = "".join(child.itertext()) if name == "bpt" else shell
                parts.append(OPEN_CODE)
                inline.append({"kind": "bpt", "xml": tmx("bpt", native, i=str(i))})
            elif name in ("ex", "ec", "ept"):
                key = child.get("rid") or child.get("startRef") or child.get("id") or ""
                i = pairs.get(key) or next(counter)
                native = "".join(child.itertext()) if name == "ept" else shell
                parts.append(CLOSE_CODE)
                inline.append({"kind": "ept", "xml": tmx("ept", native, i=str(i))})
            elif name == "it":
                pos = {"open": "begin", "close": "end"}.get(child.get("pos", ""), child.get("pos", "begin"))
                parts.append(ISOLATED_CODE)
                inline.append({"kind": "it", "xml": tmx("it", "".join(child.itertext()), pos=pos)})
            elif name in ("x", "ph", "sm", "em"):
                native = "".join(child.itertext()) if name == "ph" and len(child.text or "") else shell
                parts.append(ISOLATED_CODE)
                inline.append({"kind": "ph", "xml": tmx("ph", native, x=child.get("id", ""))})
            elif name == "cp" and child.get("hex"):
                with contextlib.suppress(ValueError, OverflowError):
                    parts.append(chr(int(child.get("hex", ""), 16)))
            elif name and name != "sub":
                walk(child)  # <mrk>: its content is text
            parts.append(child.tail or "")

    walk(element)
    return "".join(parts), inline


def _enclosing(element: etree._Element, names: tuple[str, ...]) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and _local(parent.tag) not in names:
        parent = parent.getparent()
    return parent


def _plain(text: str) -> str:
    from service.formats.tmx import PLACEHOLDERS

    return "".join(ch for ch in text if ch not in PLACEHOLDERS)


def _unit_elements(
    root: etree._Element,
) -> Iterator[tuple[int, str, etree._Element, etree._Element | None, str | None]]:
    """(line, id, source element, target element, state) of each unit to translate, segments one by one."""
    version2 = (etree.QName(root).namespace or "").startswith(_V2_PREFIX)
    for unit in root.iter():
        name = _local(unit.tag)
        if unit.get("translate") == "no":
            continue
        if version2 and name == "segment":
            source = _first(unit, "source")
            if source is not None:
                yield unit.sourceline or 0, unit.get("id") or "", source, _first(unit, "target"), unit.get("state")
        elif not version2 and name == "trans-unit":
            target = _first(unit, "target")
            state = target.get("state") if target is not None else None
            segmented = _segmented(unit, target)
            if segmented:
                for mark, found in segmented:
                    yield mark.sourceline or 0, unit.get("id") or "", mark, found, state
            else:
                source = _first(unit, "source")
                if source is not None:
                    yield unit.sourceline or 0, unit.get("id") or "", source, target, state


def read_pairs(fileobj: BinaryIO, source_lang: str | None = None) -> MemoryItems:
    """(line, pair) for each translated unit of an XLIFF file, (line, reason) for one left out; FormatRejected
    for a file that cannot be read as XLIFF. Inline codes are kept as TMX import keeps them, so a TMX export
    writes them back."""
    try:
        doc = read_document(fileobj.read())
    except XliffRejected as exc:
        raise FormatRejected(exc.message, exc.line) from None
    fileobj.seek(0)
    root = etree.fromstring(fileobj.read(), xmlsafe.parser())
    src_lang = canonical_lang(source_lang or doc.source_lang or "zh")
    tgt_lang = canonical_lang(doc.target_lang or "en")
    for line, uid, source, target, state in _unit_elements(root):
        unit = _enclosing(source, ("trans-unit", "unit"))
        file_ = _enclosing(source, ("file",))
        document = (file_.get("original") if file_ is not None else None) or None
        if document == "yiku-memory":
            document = None
        context = (
            {c.get("context-type"): _text(c) for c in unit.iter() if _local(c.tag) == "context"}
            if unit is not None
            else {}
        )
        origin = unit.get(f"{{{YIKU_NS}}}origin") if unit is not None else None
        source_text, source_inline = _coded(source)
        target_text, target_inline = _coded(target)
        if not _plain(source_text).strip():
            continue  # nothing to translate (a unit of codes only)
        if target is None or not _plain(target_text).strip() or (state or "") in UNTRANSLATED_STATES:
            yield line, f"unit {uid or line} is not translated" + (f" (state {state})" if state else "")
            continue
        extra: dict = {"xliff": {k: v for k, v in (("id", uid), ("state", state)) if v}}
        for side, text, inline in (("source", source_text, source_inline), ("target", target_text, target_inline)):
            if inline:
                extra[side] = {"text": text.strip(), "inline": inline}
        yield (
            line,
            RawPair(
                _plain(source_text).strip(),
                _plain(target_text).strip(),
                source_lang=src_lang,
                target_lang=tgt_lang,
                document=document,
                context_before=context.get("x-context-before", ""),
                context_after=context.get("x-context-after", ""),
                origin=origin if origin in ORIGINS else "import",
                extra=extra,
            ),
        )


YIKU_NS = "urn:yiku:xliff"  # Yiku's own attributes on a unit: its origin, its offsets in a text


def write_pairs(pairs: Iterable[StoredPair], fileobj: BinaryIO, bom: bool = False) -> None:
    """Stored pairs as XLIFF 1.2, a `<file>` per document (its name the file's `original`), each pair one
    translated, approved unit with the sentences around it in a `<context-group>` and its origin as
    `yiku:origin`; a BOM is never written: XML declares its encoding."""
    rows = list(pairs)
    root = etree.Element(f"{{{NS}}}xliff", nsmap={None: NS, "yiku": YIKU_NS}, version="1.2")
    by_document: dict[str | None, list[StoredPair]] = {}
    for row in rows:
        by_document.setdefault(row.document, []).append(row)
    number = 0
    for document, group in by_document.items() or [(None, [])]:
        file_ = etree.SubElement(
            root,
            f"{{{NS}}}file",
            original=_valid_xml_text(document or "yiku-memory"),
            datatype="plaintext",
            attrib={
                "source-language": group[0].source_lang if group else "zh-Hans",
                "target-language": group[0].target_lang if group else "en",
            },
        )
        body = etree.SubElement(file_, f"{{{NS}}}body")
        for pair in group:
            number += 1
            tu = etree.SubElement(body, f"{{{NS}}}trans-unit", id=str(number), approved="yes")
            tu.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            if pair.origin and pair.origin != "import":
                tu.set(f"{{{YIKU_NS}}}origin", pair.origin)
            etree.SubElement(tu, f"{{{NS}}}source").text = _valid_xml_text(pair.source)
            etree.SubElement(tu, f"{{{NS}}}target", state="translated").text = _valid_xml_text(pair.target)
            if pair.context_before or pair.context_after:
                group_ = etree.SubElement(tu, f"{{{NS}}}context-group", purpose="match", name="yiku")
                for kind, text in (("x-context-before", pair.context_before), ("x-context-after", pair.context_after)):
                    if text:
                        etree.SubElement(
                            group_, f"{{{NS}}}context", attrib={"context-type": kind}
                        ).text = _valid_xml_text(text)
    fileobj.write(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


FORMAT = MemoryFormat(
    name="xliff",
    title="XLIFF 1.2 / 2.x",
    extensions=EXTENSIONS,
    media_type=MEDIA_TYPE,
    read=read_pairs,
    write=write_pairs,
    sniff=looks_like_xliff,
)


# ------------------------------------------------------------------------------------------------ assisted


@dataclass(frozen=True)
class Alternative:
    quality: int  # the match score, 0-100 (a context match is 100)
    origin: str  # where it came from: yiku, with the pair's id
    source: str
    target: str


@dataclass(frozen=True)
class AssistedUnit:
    """A segment of a text to translate in a CAT tool: where it is in the text, the best draft and how sure it
    is, the memory's matches and the glossary's terms."""

    id: str
    start: int
    end: int
    source: str
    draft: str | None
    qualifier: str | None  # exact-match | fuzzy-match | leveraged-tm
    alternatives: list[Alternative]
    terms: list[tuple[str, str]]  # (the term as the text writes it, its approved rendering)


def write_assisted(units: Iterable[AssistedUnit], *, original: str, source_lang: str, target_lang: str) -> bytes:
    """XLIFF 1.2 of a text's segments: each `<trans-unit>` with `yiku:start`/`yiku:end` (its offsets in the text
    as sent, so the file maps back), its draft as `<target state="needs-review-translation">` with a
    `state-qualifier`, or an empty `<target state="new">`; an `<alt-trans>` per memory match with `match-quality`
    and `origin`; a `<note>` listing the glossary terms with their approved renderings."""
    root = etree.Element(f"{{{NS}}}xliff", nsmap={None: NS, "yiku": YIKU_NS}, version="1.2")
    file_ = etree.SubElement(
        root,
        f"{{{NS}}}file",
        original=_valid_xml_text(original),
        datatype="plaintext",
        attrib={"source-language": source_lang, "target-language": target_lang},
    )
    header = etree.SubElement(file_, f"{{{NS}}}header")
    etree.SubElement(header, f"{{{NS}}}tool", attrib={"tool-id": "yiku", "tool-name": "Yiku"})
    body = etree.SubElement(file_, f"{{{NS}}}body")
    for unit in units:
        tu = etree.SubElement(body, f"{{{NS}}}trans-unit", id=unit.id)
        tu.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        tu.set(f"{{{YIKU_NS}}}start", str(unit.start))
        tu.set(f"{{{YIKU_NS}}}end", str(unit.end))
        etree.SubElement(tu, f"{{{NS}}}source").text = _valid_xml_text(unit.source)
        if unit.draft:
            target = etree.SubElement(tu, f"{{{NS}}}target", state="needs-review-translation")
            if unit.qualifier:
                target.set("state-qualifier", unit.qualifier)
            target.text = _valid_xml_text(unit.draft)
        else:
            etree.SubElement(tu, f"{{{NS}}}target", state="new")
        for alt in unit.alternatives:
            alt_trans = etree.SubElement(
                tu, f"{{{NS}}}alt-trans", attrib={"match-quality": str(alt.quality), "origin": alt.origin}
            )
            etree.SubElement(alt_trans, f"{{{NS}}}source").text = _valid_xml_text(alt.source)
            etree.SubElement(alt_trans, f"{{{NS}}}target").text = _valid_xml_text(alt.target)
        if unit.terms:
            note = etree.SubElement(tu, f"{{{NS}}}note", attrib={"from": "yiku-glossary"})
            note.text = _valid_xml_text("Glossary: " + "; ".join(f"{s} → {t}" for s, t in unit.terms))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
