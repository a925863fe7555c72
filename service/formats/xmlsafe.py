"""Safe but not paranoid XML, the one rule every XML format (TMX, TBX, XLIFF) reads by.

A DOCTYPE that only names an external DTD, as CAT tools write them (`<!DOCTYPE tmx SYSTEM "tmx11.dtd">` from
OmegaT, `<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">`, the XLIFF
1.x DTD), is accepted: the parser never loads it, never resolves an entity and never opens the network, so the
file named is never fetched or read. A DOCTYPE with an internal subset (`[...]`: where entity declarations live,
and so billion laughs and external entities) and any other markup declaration before the root are refused.
"""

from __future__ import annotations

import re

from lxml import etree

# A DOCTYPE with a name and at most an external identifier, no internal subset.
_QUOTED = r"""(?:"[^"<>\[\]]*"|'[^'<>\[\]]*')"""
EXTERNAL_DOCTYPE = re.compile(
    rf"<!DOCTYPE\s+[\w:.-]+(?:\s+(?:PUBLIC\s+{_QUOTED}(?:\s+{_QUOTED})?|SYSTEM\s+{_QUOTED}))?\s*>", re.IGNORECASE
)
EXTERNAL_DOCTYPE_BYTES = re.compile(EXTERNAL_DOCTYPE.pattern.encode(), re.IGNORECASE)
INTERNAL_SUBSET = "a DOCTYPE with an internal subset (entity declarations) is not accepted"
DECLARATION = "markup declarations before the root element are not accepted"
_ANY_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


class UnsafeXml(ValueError):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def declaration_verdict(text: str) -> int | None:
    """For prolog text starting with `<!` (not a comment): the length of an accepted external-only DOCTYPE;
    None when more text is needed to tell. Raises UnsafeXml for anything else."""
    found = EXTERNAL_DOCTYPE.match(text)
    if found:
        return found.end()
    if text[:9].upper() == "<!DOCTYPE"[: len(text[:9])] and ">" not in text and "[" not in text:
        return None  # the declaration goes on past what has been read
    raise UnsafeXml(INTERNAL_SUBSET if text[:9].upper() == "<!DOCTYPE" else DECLARATION)


def screen(data: bytes) -> UnsafeXml | None:
    """The refusal for a whole document held in memory: an entity declaration anywhere, or a DOCTYPE that is not
    external-only (with the line it starts on); None when the document may be parsed."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<"):  # UTF-16: look at it as text
        codec = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-16-le" if data[0] else "utf-16-be"
        data = data.decode(codec, errors="replace").encode("utf-8")
    entity = _ENTITY.search(data)
    if entity:
        return UnsafeXml(INTERNAL_SUBSET, data.count(b"\n", 0, entity.start()) + 1)
    for doctype in _ANY_DOCTYPE.finditer(data):
        if not EXTERNAL_DOCTYPE_BYTES.match(data, doctype.start()):
            return UnsafeXml(INTERNAL_SUBSET, data.count(b"\n", 0, doctype.start()) + 1)
    return None


def parser(**options: bool) -> etree.XMLParser:
    """The parser every reader uses: no DTD loaded, no entity resolved, no network, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, **options
    )


def declares_entities(tree: etree._ElementTree) -> bool:
    """Whether a parsed document's internal subset declares entities (a check after parsing, whatever the prolog
    looked like)."""
    dtd = tree.docinfo.internalDTD
    return dtd is not None and any(True for _ in dtd.iterentities())
