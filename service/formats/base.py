"""The one protocol every interchange format follows, and the registry the API, CLI and web pages read.

A format is a module with a reader and a writer and one `FORMAT` description; `service/formats/__init__.py`
registers each module once. Everything that lists accepted formats, file extensions or media types (the API
schemas, the CLI's choices, the web import form, export downloads) derives them from the registry, so adding
a format is one module and one line.

Two kinds of format, each with its own reader/writer signature:
- glossary formats read a whole file (`bytes`) into a `ReadResult` (terms and per-line errors) and write
  terms to `bytes`;
- memory formats stream: `read(fileobj, source_lang=...)` yields `(line, RawPair)` or `(line, message)` for a
  unit that cannot be used, and raises `FormatRejected` when the file as a whole cannot be read;
  `write(pairs, fileobj, bom=...)` writes `StoredPair`s to a binary file object incrementally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import BinaryIO, Literal

from glossary.model import Term
from service.formats.results import ReadResult
from service.memory.pairs import RawPair, StoredPair

Kind = Literal["glossary", "memory"]
SNIFF_BYTES = 4096  # how much of a file's start content detection looks at


class FormatRejected(ValueError):
    """The file cannot be read as this format at all; nothing of it may be stored."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


MemoryItems = Iterator[tuple[int | None, RawPair | str]]


@dataclass(frozen=True)
class _Described:
    name: str  # what the API, the CLI and the forms call it (unique within its kind)
    title: str  # what a person reads
    extensions: tuple[str, ...]  # file name endings it claims, lower case, without the dot
    media_type: str  # of a download
    sniff: Callable[[bytes], bool]  # whether the first bytes of a file look like this format


TERM_FIELDS = frozenset(
    {"source", "target", "category", "status", "variants", "admitted", "forbidden", "note", "domain", "pattern"}
)


@dataclass(frozen=True)
class GlossaryFormat(_Described):
    read: Callable[[bytes], ReadResult] = field(kw_only=True)
    write: Callable[[Iterable[Term], bool], bytes] = field(kw_only=True)  # (terms, bom) -> file content
    carries: frozenset[str] = field(default=TERM_FIELDS, kw_only=True)  # the term fields a file keeps
    kind: Kind = "glossary"


@dataclass(frozen=True)
class MemoryFormat(_Described):
    read: Callable[[BinaryIO, str | None], MemoryItems] = field(kw_only=True)  # (file, source_lang) -> items
    write: Callable[[Iterable[StoredPair], BinaryIO, bool], None] = field(kw_only=True)  # (pairs, file, bom)
    kind: Kind = "memory"


def head_text(head: bytes) -> str:
    """The first bytes of a file as text, for content detection: UTF-16 when a byte-order mark (or the
    zero bytes of ASCII in UTF-16) says so, else UTF-8; undecodable bytes are dropped."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", errors="ignore")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", errors="ignore")
    return head.decode("utf-8", errors="ignore").removeprefix("\ufeff")


def not_markup(head: bytes) -> bool:
    """Text that does not open with markup: what CSV is when no XML format claims a file."""
    return not head_text(head).lstrip().startswith("<")


Format = GlossaryFormat | MemoryFormat
_REGISTRY: dict[tuple[str, str], Format] = {}


def register(fmt: Format) -> Format:
    key = (fmt.kind, fmt.name)
    if key in _REGISTRY:
        raise ValueError(f"{fmt.kind} format {fmt.name!r} is registered already")
    _REGISTRY[key] = fmt
    return fmt


def formats(kind: Kind) -> list[Format]:
    """The formats of a kind, in the order they were registered."""
    return [f for (k, _), f in _REGISTRY.items() if k == kind]


def names(kind: Kind) -> tuple[str, ...]:
    return tuple(f.name for f in formats(kind))


class UnknownFormat(ValueError):
    pass


def get(kind: Kind, name: str) -> Format:
    try:
        return _REGISTRY[(kind, name)]
    except KeyError:
        raise UnknownFormat(f"unknown {kind} format {name!r}; use {' or '.join(names(kind))}") from None


def glossary_format(name: str) -> GlossaryFormat:
    fmt = get("glossary", name)
    assert isinstance(fmt, GlossaryFormat)
    return fmt


def memory_format(name: str) -> MemoryFormat:
    fmt = get("memory", name)
    assert isinstance(fmt, MemoryFormat)
    return fmt


def by_extension(kind: Kind, filename: str | None) -> Format | None:
    """The format a file name's extension names (case-insensitive), if any."""
    suffix = PurePath(filename or "").suffix.lower().lstrip(".")
    if not suffix:
        return None
    return next((f for f in formats(kind) if suffix in f.extensions), None)


def detect(kind: Kind, filename: str | None, head: bytes = b"") -> Format | None:
    """The format of a file: from its name's extension, failing that from its first bytes."""
    found = by_extension(kind, filename)
    if found is not None:
        return found
    if head:
        return next((f for f in formats(kind) if f.sniff(head[:SNIFF_BYTES])), None)
    return None
