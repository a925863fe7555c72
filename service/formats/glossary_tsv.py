"""Tab-separated glossaries, as OmegaT keeps them (`glossary.txt`, `.utf8`, `.tab`) and spreadsheets save them:
one term a line, `source<TAB>target<TAB>comment`, lines starting with `#` are comments.

Read through the same table reader as CSV (service.formats.glossary_csv.read_rows): no header is expected (a
first line whose cells name columns, such as `source<TAB>target`, is taken as one), a glossary kept English
first is read the right way round, and a file with no Chinese term says so. Written as OmegaT writes it: a
comment line, then term, translation and comment (the term's note) per line; tabs and line breaks inside a
value become spaces.
"""

from __future__ import annotations

from collections.abc import Iterable

from glossary.model import Term
from service.formats.base import GlossaryFormat, head_text, not_markup
from service.formats.glossary_csv import decode, read_rows
from service.formats.results import LineError, ReadResult

HEADER = "# Glossary in tab-separated format -*- coding: utf-8 -*-"


def read_tsv(data: bytes | str) -> ReadResult:
    text = decode(data)
    if isinstance(text, LineError):
        return ReadResult([], [text])
    rows = [
        (number, line.rstrip("\r").split("\t"))
        for number, line in enumerate(text.split("\n"), 1)
        if not line.lstrip().startswith("#")
    ]
    return read_rows(rows, usually_headerless=True)


def _cell(value: str) -> str:
    return " ".join(value.replace("\t", " ").split())


def write_tsv(terms: Iterable[Term], bom: bool = False) -> bytes:
    lines = [HEADER]
    for term in sorted(terms, key=lambda t: (t.source.strip(), t.target.strip())):
        lines.append("\t".join((_cell(term.source), _cell(term.target), _cell(term.note))).rstrip("\t"))
    text = "\n".join(lines) + "\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def looks_tab_separated(head: bytes) -> bool:
    """Text (not markup) whose first line that is not a comment holds a tab."""
    if not not_markup(head):
        return False
    for line in head_text(head).splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return "\t" in line
    return False


FORMAT = GlossaryFormat(
    name="tsv",
    title="tab-separated (OmegaT glossary)",
    extensions=("tsv", "tab", "utf8", "txt"),
    media_type="text/tab-separated-values",
    read=read_tsv,
    write=write_tsv,
    sniff=looks_tab_separated,
    carries=frozenset({"source", "target", "note"}),
)
