"""What reading a glossary file produces: the terms that were good, and a report line per problem."""

from __future__ import annotations

from dataclasses import dataclass, field

from glossary.model import Term


@dataclass(frozen=True)
class LineError:
    """A problem at a line of the input file (1-based; 1 is the header or the XML declaration)."""

    line: int
    message: str


@dataclass
class ReadResult:
    """Terms read successfully, and errors for what was skipped or looked wrong."""

    terms: list[Term] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors
