"""Memory CSV import and export: RFC 4180, UTF-8 (BOM optional), one aligned pair per row.

Columns: source,target,source_lang,target_lang,document,context_before,context_after,origin,created_at
(`source` and `target` required, the others optional and in any order on import).

Export neutralizes spreadsheet formula injection: a cell matching `'*[=+\\-@\\t\\r]...` gets one
more leading apostrophe; import removes exactly one from such cells, so the round trip is exact.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, TextIO

from service.formats.base import FormatRejected, MemoryFormat, MemoryItems, not_markup
from service.memory.langs import canonical_lang
from service.memory.pairs import ORIGINS, RawPair, StoredPair

COLUMNS = (
    "source",
    "target",
    "source_lang",
    "target_lang",
    "document",
    "context_before",
    "context_after",
    "origin",
    "created_at",
)
REQUIRED = ("source", "target")
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_ESCAPED_FORMULA = re.compile(r"^'+[=+\-@\t\r]")


@dataclass(frozen=True, slots=True)
class CsvUnit:
    """One aligned pair read from or written to CSV."""

    source: str
    target: str
    source_lang: str = "zh-Hans"
    target_lang: str = "en"
    document: str | None = None
    context_before: str | None = None
    context_after: str | None = None
    origin: str | None = None
    created_at: datetime | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class CsvError:
    """A row that could not be read; `fatal` ones (a bad header) end the stream."""

    line: int
    message: str
    fatal: bool = False


def neutralize(cell: str) -> str:
    """Prefix an apostrophe to cells a spreadsheet would evaluate as a formula."""
    return "'" + cell if _FORMULA.match(cell) else cell


def restore(cell: str) -> str:
    """Undo `neutralize`."""
    return cell[1:] if _ESCAPED_FORMULA.match(cell) else cell


def _decoded_lines(fileobj: BinaryIO, bad_lines: dict[int, str]) -> Iterator[str]:
    """Physical lines as text; invalid UTF-8 and NUL bytes are noted in `bad_lines` by line number."""
    for number, raw in enumerate(fileobj, start=1):
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            bad_lines.setdefault(number, f"invalid UTF-8 at byte {error.start + 1} of the line")
            line = raw.decode("utf-8", errors="replace")
        if "\x00" in line:
            bad_lines.setdefault(number, "NUL byte in the line")
            line = line.replace("\x00", "")
        yield line


def _unit(values: dict[str, str], line: int) -> CsvUnit | CsvError:
    source, target = values.get("source", ""), values.get("target", "")
    if not source.strip() or not target.strip():
        return CsvError(line, "source and target must not be empty")
    origin = values.get("origin") or None
    if origin is not None and origin not in ORIGINS:
        return CsvError(line, f"origin must be one of {', '.join(ORIGINS)}")
    created_at = None
    if values.get("created_at"):
        try:
            created_at = datetime.fromisoformat(values["created_at"])
        except ValueError:
            return CsvError(line, f"created_at is not an ISO 8601 date: {values['created_at']!r}")
    return CsvUnit(
        source=source,
        target=target,
        source_lang=canonical_lang(values.get("source_lang") or "zh-Hans"),
        target_lang=canonical_lang(values.get("target_lang") or "en"),
        document=values.get("document") or None,
        context_before=values.get("context_before") or None,
        context_after=values.get("context_after") or None,
        origin=origin,
        created_at=created_at,
        line=line,
    )


def iter_csv(fileobj: BinaryIO) -> Iterator[CsvUnit | CsvError]:
    """Stream units from a binary CSV file, yielding a CsvError (with its line) for each bad row."""
    bad_lines: dict[int, str] = {}
    reader = csv.reader(_decoded_lines(fileobj, bad_lines), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        yield CsvError(1, "empty file", True)
        return
    except csv.Error as error:
        yield CsvError(reader.line_num, f"malformed CSV: {error}", True)
        return
    names = [name.strip().lower() for name in header]
    unknown = [n for n in names if n not in COLUMNS]
    missing = [n for n in REQUIRED if n not in names]
    if unknown or missing or len(set(names)) != len(names) or 1 in bad_lines:
        problems = []
        if unknown:
            problems.append("unknown columns " + ", ".join(unknown))
        if missing:
            problems.append("missing columns " + ", ".join(missing))
        if len(set(names)) != len(names):
            problems.append("duplicate columns")
        if 1 in bad_lines:
            problems.append(bad_lines[1])
        yield CsvError(1, "wrong header: " + "; ".join(problems) + f" (expected {','.join(COLUMNS)})", True)
        return
    first = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield CsvError(first, f"malformed CSV: {error}", True)
            return
        last = reader.line_num
        bad = [n for n in range(first, last + 1) if n in bad_lines]
        line, first = first, last + 1
        if bad:
            yield CsvError(bad[0], bad_lines[bad[0]])
        elif not row:
            continue
        elif len(row) != len(names):
            yield CsvError(line, f"expected {len(names)} fields, got {len(row)}")
        else:
            yield _unit({name: restore(value) for name, value in zip(names, row)}, line)


def write_csv(units: Iterable[CsvUnit], fileobj: TextIO, *, bom: bool = False) -> int:
    """Write units as CSV (all columns, CRLF line ends per RFC 4180); returns the count written.

    `fileobj` is a text stream opened with `newline=""` and UTF-8 encoding.
    """
    if bom:
        fileobj.write("\ufeff")
    writer = csv.writer(fileobj, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    written = 0
    for unit in units:
        row = [
            unit.source,
            unit.target,
            unit.source_lang,
            unit.target_lang,
            unit.document or "",
            unit.context_before or "",
            unit.context_after or "",
            unit.origin or "",
            unit.created_at.isoformat() if unit.created_at else "",
        ]
        writer.writerow([neutralize(cell) for cell in row])
        written += 1
    return written


# ------------------------------------------------------------------ the memory-format protocol


def read_pairs(fileobj: BinaryIO, source_lang: str | None = None) -> MemoryItems:
    """(line, pair) for each usable row, (line, message) for one that is not; FormatRejected for a file whose
    header or quoting makes it unreadable. The languages come from the columns (`source_lang` is not used)."""
    for item in iter_csv(fileobj):
        if isinstance(item, CsvError):
            if item.fatal:
                raise FormatRejected(item.message, item.line)
            yield item.line, item.message
            continue
        if not item.source.strip() or not item.target.strip():
            yield item.line, "empty source or target"
            continue
        yield (
            item.line,
            RawPair(
                item.source,
                item.target,
                source_lang=item.source_lang,
                target_lang=item.target_lang,
                document=item.document,
                context_before=item.context_before or "",
                context_after=item.context_after or "",
                origin=item.origin or "import",
                created_at=item.created_at,
            ),
        )


def pair_unit(pair: StoredPair) -> CsvUnit:
    return CsvUnit(
        source=pair.source,
        target=pair.target,
        source_lang=pair.source_lang,
        target_lang=pair.target_lang,
        document=pair.document,
        context_before=pair.context_before or None,
        context_after=pair.context_after or None,
        origin=pair.origin,
        created_at=pair.created_at,
    )


def write_pairs(pairs: Iterable[StoredPair], fileobj: BinaryIO, bom: bool = False) -> None:
    text = io.TextIOWrapper(fileobj, encoding="utf-8", newline="", write_through=True)
    write_csv((pair_unit(p) for p in pairs), text, bom=bom)
    text.flush()
    text.detach()


FORMAT = MemoryFormat(
    name="csv",
    title="CSV",
    extensions=("csv",),
    media_type="text/csv",
    read=read_pairs,
    write=write_pairs,
    sniff=not_markup,
)
