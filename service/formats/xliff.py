"""XLIFF 1.2 for a document being translated: every segment as a `<trans-unit>`, with its translation and state.

What CAT tools (OmegaT, Trados, memoQ, translate-toolkit) open to go on with a document: one `<file>` whose
`original` is the document's name, a `<trans-unit>` per segment in document order, `id` its 1-based position.
A segment without a translation has no `<target>`; a draft's target has `state="needs-review-translation"`; a
confirmed one `state="translated"` and the unit `approved="yes"`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

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
