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

from lxml import etree

from service.formats import xmlsafe
from service.formats.base import head_text

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


def _v1_units(root: etree._Element) -> Iterator[ReadUnit]:
    for tu in root.iter():
        if _local(tu.tag) != "trans-unit" or tu.get("translate") == "no":
            continue
        uid = tu.get("id") or str(tu.sourceline)
        approved = tu.get("approved") == "yes"
        target = _first(tu, "target")
        state = target.get("state") if target is not None else None
        seg_source = _first(tu, "seg-source")
        marks = (
            [m for m in seg_source.iter() if _local(m.tag) == "mrk" and m.get("mtype") == "seg"]
            if seg_source is not None
            else []
        )
        if marks:
            targets = {}
            if target is not None:
                targets = {m.get("mid"): m for m in target.iter() if _local(m.tag) == "mrk" and m.get("mtype") == "seg"}
            for mark in marks:
                mid = mark.get("mid") or ""
                found = targets.get(mid)
                yield ReadUnit(
                    f"{uid}/{mid}", _text(mark), _text(found) if found is not None else None, state, approved
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
