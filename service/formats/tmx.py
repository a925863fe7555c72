"""TMX 1.4b import and export, streaming, with inline codes kept for a faithful round trip.

Reading uses `lxml.etree.iterparse` with DTD loading, entity resolution and network access off
and `huge_tree` off; the prolog is scanned before parsing starts: a DOCTYPE that only names an external DTD
(OmegaT writes `<!DOCTYPE tmx SYSTEM "tmx11.dtd">`) passes and is never loaded, one with an internal subset is
refused, which rules out entity-expansion ("billion laughs") and external-entity attacks. Each `<tu>`
is cleared after use so memory stays flat on large files.

Inline markup inside `<seg>` becomes one private-use placeholder per element in the unit's text,
so matching sees it as a single character:
  U+E010 opening code (`<bpt>`, start of `<hi>`), U+E011 closing code (`<ept>`, end of `<hi>`),
  U+E012 isolated code (`<ph>`, `<it>`, `<ut>`).
The XML of each code (as lxml serializes it, `<sub>` content included) is kept, in order, in the
variant's `inline` list; export puts it back, so export → import → export is byte-identical.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO

from lxml import etree

from service.formats import xmlsafe
from service.formats.base import FormatRejected, MemoryFormat, MemoryItems, head_text
from service.memory.langs import canonical_lang
from service.memory.pairs import ORIGINS, RawPair, StoredPair

OPEN_CODE, CLOSE_CODE, ISOLATED_CODE = "\ue010", "\ue011", "\ue012"
PLACEHOLDERS = OPEN_CODE + CLOSE_CODE + ISOLATED_CODE
_PLACEHOLDER_RE = re.compile(f"[{PLACEHOLDERS}]")
_CODE_TAGS = {"bpt": OPEN_CODE, "ept": CLOSE_CODE, "ph": ISOLATED_CODE, "it": ISOLATED_CODE, "ut": ISOLATED_CODE}
_XML_NS = "{http://www.w3.org/XML/1998/namespace}"
_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
_PROLOG_LIMIT = 1 << 20
_DOCUMENT_PROPS = ("x-document", "file", "x-file")
_BEFORE_PROPS = ("x-context-before", "prev", "x-context-pre")
_AFTER_PROPS = ("x-context-after", "next", "x-context-post")
_ORIGIN_PROPS = ("x-origin",)


class TmxFormatError(ValueError):
    """The input cannot be read as TMX at all (raised)."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class TmxError:
    """A problem with part of the file, yielded in place of the unit; `fatal` ones end the stream."""

    line: int | None
    message: str
    fatal: bool = False


@dataclass(slots=True)
class TmxHeader:
    """The `<header>`: its attributes as written plus its properties and notes."""

    attrs: dict[str, str] = field(default_factory=dict)
    props: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)

    @property
    def srclang(self) -> str | None:
        return self.attrs.get("srclang")


@dataclass(slots=True)
class Variant:
    """One side of a unit (a `<tuv>`): canonical language, text with placeholders, and what TMX had around it."""

    lang: str
    text: str
    inline: list[dict] = field(default_factory=list)  # {"kind": "bpt|ept|ph|it|ut|hi|hi-end|...", "xml": "..."}
    props: list[dict] = field(default_factory=list)  # {"type": ..., "value": ..., "attrs": {...}}
    notes: list[dict] = field(default_factory=list)  # {"value": ..., "attrs": {...}}
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def plain_text(self) -> str:
        """The text without inline-code placeholders."""
        return _PLACEHOLDER_RE.sub("", self.text)


@dataclass(slots=True)
class TranslationUnit:
    """One source → target pair with the metadata the memory keeps."""

    source: Variant
    target: Variant
    tuid: str | None = None
    props: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    created_at: datetime | None = None
    changed_at: datetime | None = None
    created_by: str | None = None
    changed_by: str | None = None
    line: int | None = None

    @property
    def source_lang(self) -> str:
        return self.source.lang

    @property
    def target_lang(self) -> str:
        return self.target.lang

    @property
    def document(self) -> str | None:
        return _prop_value(self, _DOCUMENT_PROPS)

    @property
    def context_before(self) -> str | None:
        return _prop_value(self, _BEFORE_PROPS)

    @property
    def context_after(self) -> str | None:
        return _prop_value(self, _AFTER_PROPS)

    @property
    def origin(self) -> str | None:
        return _prop_value(self, _ORIGIN_PROPS)


def _prop_value(unit: TranslationUnit, types: tuple[str, ...]) -> str | None:
    for props in (unit.props, unit.source.props, unit.target.props):
        for wanted in types:
            for prop in props:
                if prop["type"].lower() == wanted:
                    return prop["value"]
    return None


def parse_tmx_date(value: str | None) -> datetime | None:
    """TMX `YYYYMMDDThhmmssZ` as an aware UTC datetime; None when absent or malformed."""
    if not value:
        return None
    try:
        return datetime.strptime(value.strip(), _DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def format_tmx_date(value: datetime) -> str:
    """An aware (or UTC-naive) datetime in TMX form."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime(_DATE_FORMAT)


# ------------------------------------------------------------------------------------- reading


class _PrefixedReader:
    """A file object replaying bytes already read for the prolog check, then the rest of the stream."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self._prefix = prefix
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        if self._prefix:
            if size is None or size < 0:
                data, self._prefix = self._prefix + self._rest.read(), b""
                return data
            data, self._prefix = self._prefix[:size], self._prefix[size:]
            return data
        return self._rest.read(size)


def _prolog_text(data: bytes) -> str:
    """Decode enough of the prolog to look for markup; ASCII-compatible encodings read as Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"<\x00"):
        return data.decode("utf-16-le", errors="replace")
    if data.startswith(b"\x00<"):
        return data.decode("utf-16-be", errors="replace")
    return data.removeprefix(b"\xef\xbb\xbf").decode("latin-1")


def _check_prolog(fileobj: BinaryIO) -> _PrefixedReader:
    """Read up to the root element; a DOCTYPE naming an external DTD passes (service.formats.xmlsafe), one with an
    internal subset and any other `<!` declaration there are refused."""
    data = b""
    while True:
        chunk = fileobj.read(8192)
        data += chunk or b""
        text = _prolog_text(data).lstrip("\ufeff")
        position, verdict = 0, None
        while verdict is None:
            while position < len(text) and text[position] in " \t\r\n":
                position += 1
            rest = text[position:]
            if not rest:
                break
            if rest.startswith("<?"):
                end = rest.find("?>")
                if end < 0:
                    break
                position += end + 2
            elif rest.startswith("<!--"):
                end = rest.find("-->")
                if end < 0:
                    break
                position += end + 3
            elif rest.startswith("<!"):
                if len(rest) < 4 and chunk:
                    break  # may still turn out to be a comment
                line = text.count("\n", 0, position) + 1
                try:
                    accepted = xmlsafe.declaration_verdict(rest)
                except xmlsafe.UnsafeXml as refused:
                    raise TmxFormatError(line, refused.message) from None
                if accepted is None:
                    if not chunk:
                        raise TmxFormatError(line, "the DOCTYPE declaration is not closed")
                    break  # read on to its end
                position += accepted  # an external DTD named only: never loaded
            elif rest.startswith("<"):
                verdict = "root"
            else:
                line = text.count("\n", 0, position) + 1
                raise TmxFormatError(line, "not an XML document")
        if verdict == "root":
            return _PrefixedReader(data, fileobj)
        if not chunk:
            raise TmxFormatError(1, "empty document or no root element")
        if len(data) > _PROLOG_LIMIT:
            raise TmxFormatError(None, "XML prolog too long")


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def _attrs(element: etree._Element) -> dict[str, str]:
    return {(("xml:" + k[len(_XML_NS) :]) if k.startswith(_XML_NS) else k): v for k, v in element.attrib.items()}


def _props_and_notes(element: etree._Element) -> tuple[list[dict], list[dict]]:
    props, notes = [], []
    for child in element:
        name = _local(child.tag)
        if name == "prop":
            attrs = _attrs(child)
            props.append({"type": attrs.pop("type", ""), "value": child.text or "", "attrs": attrs})
        elif name == "note":
            notes.append({"value": child.text or "", "attrs": _attrs(child)})
    return props, notes


def _clean(text: str | None) -> str:
    return _PLACEHOLDER_RE.sub("\ufffd", text or "")


def _read_seg(seg: etree._Element) -> tuple[str, list[dict]]:
    """Text with placeholders, and the inline codes in order."""
    parts: list[str] = [_clean(seg.text)]
    inline: list[dict] = []
    for child in seg:
        name = _local(child.tag)
        if not name:  # comment or processing instruction: dropped, its tail kept
            pass
        elif name == "hi":
            shell = etree.Element(child.tag, child.attrib)
            parts.append(OPEN_CODE)
            inline.append({"kind": "hi", "xml": etree.tostring(shell, encoding="unicode")})
            inner_text, inner_inline = _read_seg(child)
            parts.append(inner_text)
            inline.extend(inner_inline)
            parts.append(CLOSE_CODE)
            inline.append({"kind": "hi-end", "xml": ""})
        else:
            parts.append(_CODE_TAGS.get(name, ISOLATED_CODE))
            inline.append({"kind": name, "xml": etree.tostring(child, encoding="unicode", with_tail=False)})
        parts.append(_clean(child.tail))
    return "".join(parts), inline


def _read_tuv(tuv: etree._Element) -> tuple[Variant, int]:
    attrs = _attrs(tuv)
    raw_lang = attrs.get("xml:lang") or attrs.get("lang") or ""
    props, notes = _props_and_notes(tuv)
    text = ""
    inline: list[dict] = []
    for child in tuv:
        if _local(child.tag) == "seg":
            text, inline = _read_seg(child)
            break
    return Variant(canonical_lang(raw_lang), text, inline, props, notes, attrs), tuv.sourceline or 0


def _unit_items(tu: etree._Element, header: TmxHeader, source_lang: str | None) -> Iterator[TranslationUnit | TmxError]:
    line = tu.sourceline
    attrs = _attrs(tu)
    props, notes = _props_and_notes(tu)
    variants = [_read_tuv(child) for child in tu if _local(child.tag) == "tuv"]
    wanted = source_lang
    for candidate in (attrs.get("srclang"), header.srclang):
        if not wanted and candidate and candidate.lower() != "*all*":
            wanted = candidate
    if not wanted and variants:
        # srclang "*all*" (a multilingual memory, as Heartsome writes them): Chinese is the source when the unit
        # has it, as Yiku's memory runs from Chinese; otherwise the first variant is
        chinese = [v for v, _ in variants if v.lang.lower().startswith("zh")]
        wanted = chinese[0].lang if chinese else variants[0][0].lang
    wanted = canonical_lang(wanted)
    sources = [v for v, _ in variants if v.lang == wanted]
    if not sources:
        yield TmxError(line, f"translation unit has no {wanted or 'source'} variant")
        return
    source = sources[0]
    if not source.plain_text.strip():
        yield TmxError(line, "empty source segment")
        return
    targets = [(v, vline) for v, vline in variants if v.lang != wanted]
    if not targets:
        yield TmxError(line, "translation unit has no target variant")
        return
    for target, target_line in targets:
        if not target.plain_text.strip():
            yield TmxError(target_line or line, f"empty {target.lang} segment")
            continue
        yield TranslationUnit(
            source=source,
            target=target,
            tuid=attrs.get("tuid"),
            props=props,
            notes=notes,
            attrs=attrs,
            created_at=parse_tmx_date(attrs.get("creationdate") or target.attrs.get("creationdate")),
            changed_at=parse_tmx_date(attrs.get("changedate") or target.attrs.get("changedate")),
            created_by=attrs.get("creationid") or target.attrs.get("creationid"),
            changed_by=attrs.get("changeid") or target.attrs.get("changeid"),
            line=line,
        )


def iter_tmx(fileobj: BinaryIO, source_lang: str | None = None) -> Iterator[TranslationUnit | TmxError]:
    """Stream the pairs of a TMX file: one unit per target language of each `<tu>`, or errors.

    The source language is `source_lang` if given, else the TU's or header's `srclang`
    (unless `*all*`), else the language of each TU's first variant. Raises TmxFormatError
    when the input is not TMX at all (DOCTYPE, wrong root, unreadable prolog).
    """
    stream = _check_prolog(fileobj)
    parser = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )
    header = TmxHeader()
    seen_root = seen_body = False
    try:
        for event, element in parser:
            name = _local(element.tag)
            if event == "start":
                if not seen_root:
                    if name != "tmx":
                        raise TmxFormatError(element.sourceline, f"root element is <{name}>, not <tmx>")
                    seen_root = True
                elif name == "body":
                    seen_body = True
                continue
            if name == "header":
                props, notes = _props_and_notes(element)
                header = TmxHeader(_attrs(element), props, notes)
                element.clear()
            elif name == "tu":
                yield from _unit_items(element, header, source_lang)
                element.clear()
                parent = element.getparent()
                while element.getprevious() is not None and parent is not None:
                    del parent[0]
    except etree.XMLSyntaxError as error:
        line = error.lineno
        if not seen_root:
            raise TmxFormatError(line, f"not well-formed XML: {error.msg}") from None
        yield TmxError(
            line, f"XML error (truncated or malformed file, or bytes invalid in its encoding): {error.msg}", True
        )
        return
    if not seen_body:
        yield TmxError(None, "the TMX file has no <body>", True)


# ------------------------------------------------------------------------------------- writing


def _element(tag: str, attrs: dict[str, str]) -> etree._Element:
    element = etree.Element(tag)
    for key, value in attrs.items():
        element.set(_XML_NS + key[4:] if key.startswith("xml:") else key, value)
    return element


def _append_props_notes(parent: etree._Element, props: list[dict], notes: list[dict]) -> None:
    for prop in props:
        child = _element("prop", {"type": prop["type"], **prop.get("attrs", {})})
        child.text = prop["value"]
        parent.append(child)
    for note in notes:
        child = _element("note", note.get("attrs", {}))
        child.text = note["value"]
        parent.append(child)


def _build_seg(text: str, inline: list[dict]) -> etree._Element:
    seg = etree.Element("seg")
    stack = [seg]
    codes = iter(inline)

    def add_text(piece: str) -> None:
        parent = stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + piece
        else:
            parent.text = (parent.text or "") + piece

    for piece in re.split(f"([{PLACEHOLDERS}])", text):
        if not piece:
            continue
        if piece not in PLACEHOLDERS:
            add_text(piece)
            continue
        code = next(codes, None)
        if code is None:
            raise ValueError("more inline placeholders in the text than inline codes")
        if code["kind"] == "hi-end":
            if len(stack) > 1:
                stack.pop()
            continue
        element = etree.fromstring(code["xml"])
        element.tail = None
        stack[-1].append(element)
        if code["kind"] == "hi":
            stack.append(element)
    return seg


def _variant_element(variant: Variant) -> etree._Element:
    attrs = dict(variant.attrs) or {"xml:lang": variant.lang}
    if "xml:lang" not in attrs and "lang" not in attrs:
        attrs["xml:lang"] = variant.lang
    tuv = _element("tuv", attrs)
    _append_props_notes(tuv, variant.props, variant.notes)
    tuv.append(_build_seg(variant.text, variant.inline))
    return tuv


def _unit_element(unit: TranslationUnit) -> etree._Element:
    attrs = dict(unit.attrs)
    derived = {
        "tuid": unit.tuid,
        "creationdate": format_tmx_date(unit.created_at) if unit.created_at else None,
        "changedate": format_tmx_date(unit.changed_at) if unit.changed_at else None,
        "creationid": unit.created_by,
        "changeid": unit.changed_by,
    }
    for key, value in derived.items():
        if value and key not in attrs and key not in unit.target.attrs:  # OmegaT keeps dates on the tuv
            attrs[key] = value
    tu = _element("tu", attrs)
    _append_props_notes(tu, unit.props, unit.notes)
    tu.append(_variant_element(unit.source))
    tu.append(_variant_element(unit.target))
    return tu


def write_tmx(
    units: Iterable[TranslationUnit],
    fileobj: BinaryIO,
    *,
    srclang: str | None = None,
    creationtool: str = "Yiku",
    creationtoolversion: str = "0.1",
    segtype: str = "sentence",
    o_tmf: str = "Yiku",
    adminlang: str = "en",
    datatype: str = "plaintext",
    header: TmxHeader | None = None,
) -> int:
    """Write TMX 1.4b incrementally (one `<tu>` at a time); returns the number of units written.

    A `header` read from another file is written back as it was (attributes, props, notes).
    Without `srclang`, the header names the source language of the first unit as written.
    """
    units = iter(units)
    first = next(units, None)
    if first is not None:
        units = itertools.chain([first], units)
    if srclang is None:
        srclang = "zh-Hans"
        if first is not None:
            srclang = first.source.attrs.get("xml:lang") or first.source.attrs.get("lang") or first.source.lang
    if header is None:
        header = TmxHeader(
            {
                "creationtool": creationtool,
                "creationtoolversion": creationtoolversion,
                "segtype": segtype,
                "o-tmf": o_tmf,
                "adminlang": adminlang,
                "srclang": srclang,
                "datatype": datatype,
            }
        )
    header_element = _element("header", header.attrs)
    _append_props_notes(header_element, header.props, header.notes)
    written = 0
    with etree.xmlfile(fileobj, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("tmx", version="1.4"):
            xf.write("\n")
            xf.write(header_element)
            xf.write("\n")
            with xf.element("body"):
                xf.write("\n")
                for unit in units:
                    xf.write(_unit_element(unit))
                    xf.write("\n")
                    written += 1
                    if written % 1000 == 0:
                        xf.flush()
            xf.write("\n")
    return written


# ------------------------------------------------------------------ the memory-format protocol


def unit_extra(unit: TranslationUnit) -> dict[str, Any]:
    """What TMX had around the pair, kept with the stored pair so that an export writes it back."""
    extra: dict[str, Any] = {}
    if unit.tuid:
        extra["tuid"] = unit.tuid
    for name, value in (("props", unit.props), ("notes", unit.notes), ("attrs", unit.attrs)):
        if value:
            extra[name] = value
    for side, variant in (("source", unit.source), ("target", unit.target)):
        # the text with inline-code placeholders is needed only when there are inline codes to restore
        info = {
            k: v
            for k, v in (
                ("text", variant.text if variant.inline else ""),
                ("inline", variant.inline),
                ("props", variant.props),
                ("notes", variant.notes),
                ("attrs", variant.attrs),
            )
            if v
        }
        if info:
            extra[side] = info
    for name, stamp in (
        ("changed_at", unit.changed_at),
        ("changed_by", unit.changed_by),
        ("created_by", unit.created_by),
    ):
        if stamp:
            extra[name] = stamp.isoformat() if isinstance(stamp, datetime) else stamp
    return extra


def read_pairs(fileobj: BinaryIO, source_lang: str | None = None) -> MemoryItems:
    """(line, pair) for each usable unit, (line, message) for one that is not; FormatRejected for a file
    that cannot be read as TMX at all."""
    try:
        for item in iter_tmx(fileobj, source_lang=source_lang):
            if isinstance(item, TmxError):
                if item.fatal:
                    raise FormatRejected(item.message, item.line)
                yield item.line, item.message
                continue
            src, tgt = item.source.plain_text.strip(), item.target.plain_text.strip()
            if not src or not tgt:
                yield item.line, "empty source or target segment"
                continue
            origin = item.origin if item.origin in ORIGINS else "import"
            yield (
                item.line,
                RawPair(
                    src,
                    tgt,
                    source_lang=item.source_lang,
                    target_lang=item.target_lang,
                    document=item.document,
                    context_before=item.context_before or "",
                    context_after=item.context_after or "",
                    origin=origin,
                    extra=unit_extra(item),
                    created_at=item.created_at,
                ),
            )
    except TmxFormatError as exc:
        raise FormatRejected(exc.message, exc.line) from None


def pair_unit(pair: StoredPair) -> TranslationUnit:
    """The unit a stored pair is written as: its TMX details back in place, Yiku's own fields as x- props."""
    extra = pair.extra or {}

    def variant(side: str, lang: str, text: str) -> Variant:
        info = extra.get(side, {})
        return Variant(
            lang=lang,
            text=info.get("text", text),
            inline=info.get("inline", []),
            props=info.get("props", []),
            notes=info.get("notes", []),
            attrs=info.get("attrs", {}),
        )

    props = list(extra.get("props", []))
    known = {p.get("type") for p in props}
    for name, value in (
        ("x-document", pair.document),
        ("x-context-before", pair.context_before),
        ("x-context-after", pair.context_after),
        ("x-origin", pair.origin),
    ):
        if value and name not in known and not (name == "x-origin" and value == "import"):
            props.append({"type": name, "value": value, "attrs": {}})
    return TranslationUnit(
        source=variant("source", pair.source_lang, pair.source),
        target=variant("target", pair.target_lang, pair.target),
        tuid=extra.get("tuid"),
        props=props,
        notes=extra.get("notes", []),
        attrs=extra.get("attrs", {}),
        created_at=pair.created_at,
        created_by=extra.get("created_by") or pair.created_by or None,
    )


def write_pairs(pairs: Iterable[StoredPair], fileobj: BinaryIO, bom: bool = False) -> None:
    """TMX 1.4b, one unit at a time (a BOM is never written: XML declares its encoding)."""
    write_tmx((pair_unit(p) for p in pairs), fileobj)


def looks_like_tmx(head: bytes) -> bool:
    return "<tmx" in head_text(head)


FORMAT = MemoryFormat(
    name="tmx",
    title="TMX 1.4b",
    extensions=("tmx",),
    media_type="application/x-tmx+xml",
    read=read_pairs,
    write=write_pairs,
    sniff=looks_like_tmx,
)
