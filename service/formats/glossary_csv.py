"""Glossary CSV: `source,target,category,status,variants,forbidden,note,domain,pattern,admitted`.

Lists (variants, forbidden, admitted) are joined with " | ". `admitted` came last so that files written
before it read as they always did (it is optional) and columns keep their positions. Reading is lenient about where the file came
from (BOM or not, header aliases used by other glossary tools such as Weblate) and strict about
content: every row that cannot become a valid term is reported with its line number and skipped.

Spreadsheet formula injection: on export a cell starting with = + - @ TAB or CR gets a leading
apostrophe; on import one apostrophe is removed again before those characters. Cells that
already start with apostrophes followed by such a character get one more on export, so the
escaping is reversible for every value.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from glossary.model import CLEAR_MARKER, Category, Status, Term, validate_term
from service.formats.base import GlossaryFormat, not_markup
from service.formats.results import LineError, ReadResult
from service.text.chars import HAN_CLASS, KANA_HANGUL_CLASS, writing_systems
from service.text.normalize import normalize_form

COLUMNS = ("source", "target", "category", "status", "variants", "forbidden", "note", "domain", "pattern", "admitted")
LIST_COLUMNS = frozenset({"variants", "forbidden", "admitted"})
LIST_JOINER = " | "
REQUIRED_COLUMNS = ("source", "target")

# Header names other tools use, after folding case and turning "_" and spaces into "-".
HEADER_ALIASES = {
    "source": {"source", "term", "zh", "zh-cn", "zh-hans", "chinese", "source-term", "src"},
    "target": {"target", "translation", "en", "en-us", "en-gb", "english", "target-term", "tgt"},
    "category": {"category", "type", "subject", "subject-field", "subjectfield"},
    "status": {"status", "state", "administrative-status"},
    "variants": {"variants", "variant", "synonyms", "alternatives", "zh-hant", "zh-tw", "zh-hk", "traditional"},
    "forbidden": {"forbidden", "forbidden-renderings", "do-not-use", "deprecated-translations"},
    "admitted": {"admitted", "admitted-renderings", "admitted-terms", "also-accepted"},
    "note": {
        "note",
        "notes",
        "description",
        "comment",
        "comments",
        "explanation",
        "definition",
        "developer-comments",
        "translator-comments",
    },
    "domain": {"domain", "field"},
    "pattern": {"pattern", "composition-pattern"},
}
# Columns other tools export that carry nothing for a glossary term; ignored without complaint.
IGNORED_COLUMNS = {"id", "location", "context", "fuzzy", "flags", "key", "labels", "created", "modified"}

FORMULA_TRIGGERS = "=+-@\t\r"
_ESCAPED_FORMULA = re.compile(rf"^'+[{re.escape(FORMULA_TRIGGERS)}]")
_ALIAS_TO_COLUMN = {alias: column for column, aliases in HEADER_ALIASES.items() for alias in aliases}


def _header_key(name: str) -> str:
    return re.sub(r"[\s_]+", "-", name.strip().lower())


def neutralize_formula(cell: str) -> str:
    """Export form of a cell: a leading apostrophe before anything a spreadsheet would evaluate."""
    if (cell[:1] and cell[0] in FORMULA_TRIGGERS) or _ESCAPED_FORMULA.match(cell):
        return "'" + cell
    return cell


def restore_formula(cell: str) -> str:
    """Import form of a cell: undo `neutralize_formula`."""
    return cell[1:] if _ESCAPED_FORMULA.match(cell) else cell


def decode(data: bytes | str) -> str | LineError:
    """The text without its BOM, or the error that keeps bytes from decoding as UTF-8."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return LineError(line, f"invalid UTF-8 at byte offset {exc.start}; save the file as UTF-8")


def _map_header(header: list[str]) -> tuple[dict[str, list[int]], list[LineError]]:
    """Column name → indices of the header cells that feed it, plus header errors."""
    columns: dict[str, list[int]] = {}
    unknown: list[str] = []
    for index, name in enumerate(header):
        key = _header_key(name)
        column = _ALIAS_TO_COLUMN.get(key)
        if column is not None:
            columns.setdefault(column, []).append(index)
        elif key and key not in IGNORED_COLUMNS:
            unknown.append(name.strip())
    errors = []
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    repeated = [column for column, indices in columns.items() if len(indices) > 1 and column != "note"]
    if missing or repeated:
        parts = []
        if missing:
            parts.append(f"missing column(s): {', '.join(missing)}")
        if repeated:
            parts.append(f"column(s) given twice: {', '.join(repeated)}")
        if unknown:
            parts.append(f"unknown column(s): {', '.join(unknown)}")
        parts.append(f"expected header: {','.join(COLUMNS)}")
        errors.append(LineError(1, "; ".join(parts)))
    elif unknown:
        errors.append(LineError(1, f"unknown column(s) ignored: {', '.join(unknown)}"))
    return columns, errors


def _cell_values(row: list[str], columns: dict[str, list[int]]) -> tuple[dict[str, str], frozenset[str]]:
    """The row's value per column, and the columns whose cell is the clear marker as written (a cell holding a
    literal "-" is written "'-" by the exporter, so it reads back as "-" and clears nothing)."""
    values = {}
    cleared = set()
    for column, indices in columns.items():
        raw = [row[index].strip() for index in indices]
        if any(cell == CLEAR_MARKER for cell in raw):
            cleared.add(column)
            raw = [cell for cell in raw if cell != CLEAR_MARKER]
        cells = [restore_formula(cell) for cell in raw]
        values[column] = "\n".join(cell for cell in cells if cell)
    return values, frozenset(cleared)


def _split_list(cell: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in cell.split("|") if item.strip())


def _row_to_term(values: dict[str, str], cleared: frozenset[str] = frozenset()) -> tuple[Term | None, list[str]]:
    problems = []
    given = frozenset(name for name, value in values.items() if value) | cleared | {"source", "target"}
    category_text = values.get("category", "").lower() or Category.OTHER.value
    status_text = values.get("status", "").lower() or Status.PROPOSED.value
    try:
        category = Category(category_text)
    except ValueError:
        problems.append(f"unknown category {category_text!r} (one of {', '.join(c.value for c in Category)})")
    try:
        status = Status(status_text)
    except ValueError:
        problems.append(f"unknown status {status_text!r} (one of {', '.join(s.value for s in Status)})")
    if problems:
        return None, problems
    term = Term(
        source=values["source"],
        target=values["target"],
        category=category,
        status=status,
        variants=_split_list(values.get("variants", "")),
        admitted=_split_list(values.get("admitted", "")),
        forbidden=_split_list(values.get("forbidden", "")),
        note=values.get("note", ""),
        domain=values.get("domain", ""),
        pattern=values.get("pattern", ""),
        given=given,
    )
    errors = validate_term(term)
    if errors:
        return None, [f"{error.field}: {error.message}" for error in errors]
    return term, []


_HAN = re.compile(f"[{HAN_CLASS}]")
_KANA_HANGUL = re.compile(f"[{KANA_HANGUL_CLASS}]")


def is_chinese(text: str) -> bool:
    """Han characters, and no kana or hangul (Japanese and Korean write Han too)."""
    return bool(_HAN.search(text)) and not _KANA_HANGUL.search(text)


def _no_chinese(line: int, texts: list[str]) -> LineError:
    systems = [name for name in writing_systems(texts) if name != "Chinese"]
    found = f" (the terms are in {', '.join(systems)})" if systems else ""
    return LineError(line, f"no Chinese–English entry: no term of the file is Chinese{found}")


HEADERLESS_COLUMNS = ("source", "target", "note")  # a file without a header: term, translation, comment


def _headerless(header: list[str], usually: bool = False) -> bool:
    """A first row none of whose cells names a column, with Chinese in its term or its translation, is a first
    term (Weblate's and OmegaT's glossaries and spreadsheets write no header); a first row of unknown words is a
    header that names no column Yiku knows, unless the format `usually` has no header (OmegaT's)."""
    keys = [_header_key(cell) for cell in header]
    if len([k for k in keys if k]) < 2 or any(k in _ALIAS_TO_COLUMN or k in IGNORED_COLUMNS for k in keys):
        return False
    return usually or any(_HAN.search(cell) for cell in header[:2])


def read_rows(rows: Iterable[tuple[int, list[str]]], *, usually_headerless: bool = False) -> ReadResult:
    """Terms from the rows of a table (line number, cells): a header naming its columns (Yiku's own, or the names
    other tools use: term, translation, definition, zh, en, zh-CN, …), or no header at all, when the columns are
    term, translation and comment. Without a header, a file whose first column is English and second Chinese
    (a glossary kept the other way round) is read the right way round. Bad rows are reported and skipped; a file
    without a header and with no Chinese term at all says so."""
    result = ReadResult()
    table = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
    if not table:
        return ReadResult([], [LineError(1, "the file is empty")])
    header_line, header = table[0]
    headerless = _headerless(header, usually_headerless)
    if headerless:
        width = max(len(row) for _, row in table)
        names = HEADERLESS_COLUMNS[: max(2, min(width, 3))]
        body = [
            (line, (row + [""] * len(names))[: len(names)] if len(row) <= len(names) else row) for line, row in table
        ]
        if _english_first(body):
            body = [(line, [row[1], row[0], *row[2:]]) for line, row in body]
        columns = {name: [i] for i, name in enumerate(names)}
        expected = len(names)
    else:
        columns, header_errors = _map_header(header)
        cells = [cell for _, row in table for cell in row[:2] if cell.strip()]
        if "source" not in columns and "target" not in columns and not any(is_chinese(c) for c in cells):
            return ReadResult([], [_no_chinese(header_line, cells)])  # no header, and no Chinese either
        result.errors += [LineError(header_line, e.message) for e in header_errors]
        if (
            "source" not in columns
            or "target" not in columns
            or any(len(indices) > 1 for column, indices in columns.items() if column != "note")
        ):
            return result
        body, expected = table[1:], len(header)
    seen: dict[str, int] = {}
    for row_line, row in body:
        if any("\x00" in cell for cell in row):
            result.errors.append(LineError(row_line, "NUL byte in row"))
            continue
        if len(row) != expected:
            result.errors.append(LineError(row_line, f"expected {expected} fields, got {len(row)}"))
            continue
        term, problems = _row_to_term(*_cell_values(row, columns))
        if term is None:
            result.errors += [LineError(row_line, problem) for problem in problems]
            continue
        key = normalize_form(term.source)
        if key in seen:
            result.errors.append(LineError(row_line, f"duplicate source {term.source!r} (first on line {seen[key]})"))
            continue
        seen[key] = row_line
        result.terms.append(term)
    if result.terms and not any(is_chinese(term.source) for term in result.terms):
        result.errors.insert(0, _no_chinese(header_line, [t.source for t in result.terms]))
        result.terms = []
    elif any(not is_chinese(term.source) for term in result.terms):  # a few rows in another language
        lines = {normalize_form(t.source): line for t in result.terms for line in [seen[normalize_form(t.source)]]}
        for term in [t for t in result.terms if not is_chinese(t.source)]:
            system = ", ".join(writing_systems([term.source])) or "no script"
            result.errors.append(
                LineError(lines[normalize_form(term.source)], f"{term.source!r} is not Chinese ({system})")
            )
        result.terms = [t for t in result.terms if is_chinese(t.source)]
        result.errors.sort(key=lambda e: e.line or 0)
    return result


def _english_first(body: list[tuple[int, list[str]]]) -> bool:
    """Whether the first column holds the English and the second the Chinese, in most rows."""
    flipped = sum(1 for _, row in body if len(row) > 1 and not is_chinese(row[0]) and is_chinese(row[1]))
    straight = sum(1 for _, row in body if is_chinese(row[0]))
    return flipped > straight


def read_csv(data: bytes | str) -> ReadResult:
    """Terms from glossary CSV (UTF-8, with or without BOM, with or without a header); bad rows are reported and
    skipped."""
    text = decode(data)
    if isinstance(text, LineError):
        return ReadResult([], [text])
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    try:
        line = 1
        for row in reader:
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        result = read_rows(rows)
        result.errors.append(LineError(reader.line_num, f"unreadable CSV: {exc}"))
        return result
    return read_rows(rows)


def _row(term: Term) -> list[str]:
    values = {
        "source": term.source,
        "target": term.target,
        "category": str(term.category),
        "status": str(term.status),
        "variants": LIST_JOINER.join(item.strip() for item in term.variants),
        "forbidden": LIST_JOINER.join(item.strip() for item in term.forbidden),
        "note": term.note,
        "domain": term.domain,
        "pattern": term.pattern,
        "admitted": LIST_JOINER.join(item.strip() for item in term.admitted),
    }
    return [neutralize_formula(values[column].strip()) for column in COLUMNS]


def write_csv(terms: Iterable[Term], bom: bool = False) -> str | bytes:
    """Deterministic glossary CSV sorted by source: text, or UTF-8 bytes with a BOM when `bom`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for term in sorted(terms, key=lambda term: (term.source.strip(), term.target.strip())):
        writer.writerow(_row(term))
    text = buffer.getvalue()
    return ("\ufeff" + text).encode("utf-8") if bom else text


def write_bytes(terms: Iterable[Term], bom: bool = False) -> bytes:
    out = write_csv(terms, bom=bom)
    return out if isinstance(out, bytes) else out.encode("utf-8")


FORMAT = GlossaryFormat(
    name="csv",
    title="CSV",
    extensions=("csv",),
    media_type="text/csv",
    read=read_csv,
    write=write_bytes,
    sniff=not_markup,
)
