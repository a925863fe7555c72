"""Glossary TBX: TBX-Basic (TBX 2008, `martif`) written and read with lxml.

One `termEntry` per term (see docs/glossary.md for the full element list):

- `<descrip type="subjectField">` the category, `<admin type="x-status">` the review status,
  `<admin type="projectSubset">` the domain, `<descrip type="x-pattern">` the composition
  pattern, `<note>` the note;
- `<langSet xml:lang="zh-CN">`: the source as `preferredTerm-admn-sts`, each variant as
  `admittedTerm-admn-sts`;
- `<langSet xml:lang="en">`: the target as `preferredTerm-admn-sts`, each admitted rendering as
  `admittedTerm-admn-sts`, each forbidden rendering as `deprecatedTerm-admn-sts`.

Reading also accepts what translate-toolkit and Weblate write (`termEntry/langSet/tig/term`,
`ntig/termGrp/term`, languages such as `zh_Hans`, `zh-CN`, `en_US`, notes on any level) and is
defensive: no DTD is loaded, no entity is resolved, nothing is fetched from the network, a DOCTYPE
is accepted only as a bare `<!DOCTYPE martif PUBLIC|SYSTEM "...">` declaration (what
translate-toolkit writes) and any internal subset or entity declaration rejects the whole file.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from glossary.model import Category, Status, Term, fold_english, validate_term
from service.formats import xmlsafe
from service.formats.base import GlossaryFormat, head_text
from service.formats.results import LineError, ReadResult
from service.text.normalize import normalize_form

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SOURCE_LANG = "zh-CN"
TARGET_LANG = "en"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
STATUS_ADMIN = "x-status"
DOMAIN_ADMIN = "projectSubset"
PATTERN_DESCRIP = "x-pattern"
MAX_TBX_BYTES = 20 * 1024 * 1024
TRADITIONAL_LANG_TAGS = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")
# Folded administrativeStatus values meaning "do not use" (TBX values, and Weblate's forbidden/obsolete).
DO_NOT_USE = frozenset({"deprecated", "superseded", "forbidden", "obsolete"})
# descrip types read as notes: definitions, Weblate's explanation (no type) and usage notes.
NOTE_DESCRIP_TYPES = frozenset({None, "definition", "Usage note"})


def _safe_parser() -> etree.XMLParser:
    return xmlsafe.parser(remove_blank_text=True)


# Writing.


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _tig(lang_set: etree._Element, text: str, status: str) -> None:
    tig = _sub(lang_set, "tig")
    _sub(tig, "term", text)
    _sub(tig, "termNote", status, type="administrativeStatus")


def _term_entry(body: etree._Element, term: Term) -> None:
    entry = _sub(body, "termEntry")
    _sub(entry, "descrip", str(term.category), type="subjectField")
    _sub(entry, "admin", str(term.status), type=STATUS_ADMIN)
    if term.domain.strip():
        _sub(entry, "admin", term.domain.strip(), type=DOMAIN_ADMIN)
    if term.pattern.strip():
        _sub(entry, "descrip", term.pattern.strip(), type=PATTERN_DESCRIP)
    if term.note.strip():
        _sub(entry, "note", term.note.strip())
    source = _sub(entry, "langSet", **{XML_LANG: SOURCE_LANG})
    _tig(source, term.source.strip(), PREFERRED)
    for variant in term.variants:
        _tig(source, variant.strip(), ADMITTED)
    target = _sub(entry, "langSet", **{XML_LANG: TARGET_LANG})
    _tig(target, term.target.strip(), PREFERRED)
    for admitted in term.admitted:
        _tig(target, admitted.strip(), ADMITTED)
    for forbidden in term.forbidden:
        _tig(target, forbidden.strip(), DEPRECATED)


def write_tbx(terms: Iterable[Term]) -> bytes:
    """Deterministic TBX-Basic document, entries sorted by source, UTF-8."""
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: SOURCE_LANG})
    header = _sub(root, "martifHeader")
    _sub(_sub(_sub(header, "fileDesc"), "sourceDesc"), "p", "Yiku glossary")
    _sub(_sub(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = _sub(_sub(root, "text"), "body")
    for term in sorted(terms, key=lambda term: (term.source.strip(), term.target.strip())):
        _term_entry(body, term)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# Reading.


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _text(element: etree._Element) -> str:
    """Text content with inline markup flattened and the ends stripped (inner spacing kept)."""
    return "".join(element.itertext()).strip()


def _token(element: etree._Element) -> str:
    """An enumerated value (status, subject field): whitespace-folded."""
    return " ".join(_text(element).split())


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child) == name]


def _language(lang_set: etree._Element) -> str:
    lang = lang_set.get(XML_LANG) or lang_set.get("lang") or ""
    return lang.strip().lower().replace("_", "-")


def _admin_status(container: etree._Element) -> str:
    """administrativeStatus of a tig/termGrp, folded to preferred/admitted/deprecated/superseded/''."""
    for note in container.iter("{*}termNote", "termNote"):
        if note.get("type") == "administrativeStatus":
            return _token(note).lower().replace("-admn-sts", "").replace("term", "")
    return ""


NO_PAIR = "entry needs a Chinese (zh*) and an English (en*) term"
LANG_SETS = ("langSet", "langSec")  # TBX 2008 (martif), TBX v3 (tbx)
ENTRIES = ("termEntry", "conceptEntry")


def _lang_sets(entry: etree._Element) -> list[etree._Element]:
    return [child for child in entry if _local(child) in LANG_SETS]


def _lang_set_terms(lang_set: etree._Element) -> list[tuple[str, str]]:
    """(term text, folded administrative status) for every tig, ntig (TBX 2008) and termSec (TBX v3) of a
    langSet or langSec."""
    found = []
    for tig in lang_set:
        kind = _local(tig)
        if kind in ("tig", "termSec"):
            holder = tig
        elif kind == "ntig":
            groups = _children(tig, "termGrp")
            holder = groups[0] if groups else tig
        else:
            continue
        terms = _children(holder, "term")
        if terms and _text(terms[0]):
            found.append((_text(terms[0]), _admin_status(holder)))
    return found


def _notes(entry: etree._Element) -> list[str]:
    notes = []
    for element in entry.iter():
        name = _local(element)
        if name == "note" or (name == "descrip" and element.get("type") in NOTE_DESCRIP_TYPES):
            text = _text(element)
            if text and text not in notes:
                notes.append(text)
    return notes


def _entry_fields(entry: etree._Element) -> dict[str, str]:
    fields: dict[str, str] = {}
    for element in entry:
        name, kind = _local(element), element.get("type")
        if name == "descrip" and kind == "subjectField":
            fields["subject"] = _token(element)
        elif name == "descrip" and kind == PATTERN_DESCRIP:
            fields["pattern"] = _text(element)
        elif name == "admin" and kind == STATUS_ADMIN:
            fields["status"] = _token(element)
        elif name == "admin" and kind == DOMAIN_ADMIN:
            fields["domain"] = _text(element)
    return fields


def _entry_to_term(entry: etree._Element) -> tuple[Term | None, list[str]]:
    chinese: list[tuple[bool, str, str]] = []
    english: list[tuple[str, str]] = []
    for lang_set in _lang_sets(entry):
        lang = _language(lang_set)
        if lang == "zh" or lang.startswith("zh-"):
            traditional = lang.startswith(TRADITIONAL_LANG_TAGS)
            chinese += [(traditional, text, status) for text, status in _lang_set_terms(lang_set)]
        elif lang == "en" or lang.startswith("en-"):
            english += _lang_set_terms(lang_set)
    if not chinese or not english:
        return None, [NO_PAIR]
    chinese.sort(key=lambda item: item[0])  # simplified langSets first, document order otherwise
    preferred = [text for _, text, status in chinese if status == "preferred"]
    source = preferred[0] if preferred else chinese[0][1]
    variants = tuple(dict.fromkeys(text for _, text, _ in chinese if text != source))

    forbidden = tuple(dict.fromkeys(text for text, status in english if status in DO_NOT_USE))
    allowed = [(text, status) for text, status in english if status not in DO_NOT_USE]
    if not allowed:
        return None, ["entry has no English term that is not deprecated"]
    preferred_en = [text for text, status in allowed if status == "preferred"]
    target = preferred_en[0] if preferred_en else allowed[0][0]
    # Every other English term that is not deprecated is admitted: admittedTerm-admn-sts, and also a
    # term without a status or a second preferred one (other tools write those for synonyms).
    admitted_by_fold: dict[str, str] = {}
    for text, _ in allowed:
        admitted_by_fold.setdefault(fold_english(text), text)
    admitted_by_fold.pop(fold_english(target), None)
    admitted = tuple(admitted_by_fold.values())

    fields = _entry_fields(entry)
    subject = fields.get("subject", "")
    domain = fields.get("domain", "")
    try:
        category = Category(subject.lower()) if subject else Category.OTHER
    except ValueError:  # another tool's subject field: keep it as the domain
        category, domain = Category.OTHER, domain or subject
    status_text = fields.get("status", "").lower() or Status.PROPOSED.value
    try:
        status = Status(status_text)
    except ValueError:
        return None, [f"unknown status {status_text!r}"]
    term = Term(
        source=source,
        target=target,
        category=category,
        status=status,
        variants=variants,
        admitted=admitted,
        forbidden=forbidden,
        note="\n".join(_notes(entry)),
        domain=domain,
        pattern=fields.get("pattern", ""),
    )
    errors = validate_term(term)
    if errors:
        return None, [f"{error.field}: {error.message}" for error in errors]
    return term, []


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _screen(data: bytes, max_bytes: int) -> LineError | None:
    """Refuse oversized input, entity declarations and a DOCTYPE with an internal subset (service.formats.xmlsafe);
    a DOCTYPE that only names an external DTD passes and is never loaded."""
    if len(data) > max_bytes:
        return LineError(1, f"TBX file larger than {max_bytes} bytes")
    refused = xmlsafe.screen(data)
    if refused is not None:
        return LineError(refused.line or 1, refused.message)
    return None


def read_tbx(data: bytes | str, max_bytes: int = MAX_TBX_BYTES) -> ReadResult:
    """Terms from a TBX (martif) document; entries that cannot become valid terms are reported."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    refused = _screen(raw, max_bytes)
    if refused is not None:
        return ReadResult([], [refused])
    try:
        root = etree.fromstring(raw, _safe_parser())
    except etree.XMLSyntaxError as exc:
        return ReadResult([], [LineError(exc.lineno or 1, f"not well-formed XML: {exc.msg}")])
    declared = root.getroottree().docinfo.internalDTD
    if declared is not None and (list(declared.iterentities()) or list(declared.iterelements())):
        return ReadResult([], [LineError(1, xmlsafe.INTERNAL_SUBSET)])
    if _local(root) not in ("martif", "tbx"):
        return ReadResult(
            [], [LineError(root.sourceline or 1, f"root element is <{_local(root)}>, expected <martif> or <tbx>")]
        )
    result = ReadResult()
    seen: dict[str, int] = {}
    languages: dict[str, None] = {}
    entries = [e for e in root.iter() if _local(e) in ENTRIES]
    for entry in entries:
        for lang_set in _lang_sets(entry):
            languages.setdefault(lang_set.get(XML_LANG) or lang_set.get("lang") or "?")
        line = entry.sourceline or 1
        term, problems = _entry_to_term(entry)
        result.errors += [LineError(line, problem) for problem in problems]
        if term is None:
            continue
        key = normalize_form(term.source)
        if key in seen:
            result.errors.append(LineError(line, f"duplicate source {term.source!r} (first on line {seen[key]})"))
            continue
        seen[key] = line
        result.terms.append(term)
    if entries and not result.terms and all(e.message == NO_PAIR for e in result.errors):
        found = ", ".join(languages) or "none"
        result.errors = [
            LineError(entries[0].sourceline or 1, f"no Chinese–English entry: the file's languages are {found}")
        ]
    return result


def write_terms(terms: Iterable[Term], bom: bool = False) -> bytes:
    """TBX-Basic (a BOM is never written: XML declares its encoding)."""
    return write_tbx(terms)


def looks_like_tbx(head: bytes) -> bool:
    text = head_text(head)
    return "<martif" in text or "<tbx" in text


FORMAT = GlossaryFormat(
    name="tbx",
    title="TBX",
    extensions=("tbx", "xml"),
    media_type="application/x-tbx+xml",
    read=read_tbx,
    write=write_terms,
    sniff=looks_like_tbx,
)
