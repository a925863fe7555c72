"""The starter glossary shipped with Yiku (glossary/data/starter.csv), read through the CSV codec."""

from __future__ import annotations

from pathlib import Path

from glossary.model import Term
from service.formats.glossary_csv import read_csv
from service.formats.results import ReadResult

STARTER_PATH = Path(__file__).parent / "data" / "starter.csv"


class StarterGlossaryError(ValueError):
    """The starter CSV has rows that do not read cleanly; shipping it half-loaded would hide that."""

    def __init__(self, path: Path, result: ReadResult):
        shown = "; ".join(f"line {error.line}: {error.message}" for error in result.errors[:5])
        more = f" (and {len(result.errors) - 5} more)" if len(result.errors) > 5 else ""
        super().__init__(f"{path}: {shown}{more}")
        self.errors = result.errors


def read_starter(path: str | Path | None = None) -> ReadResult:
    """The starter glossary as a ReadResult (terms and any line errors)."""
    return read_csv(Path(path or STARTER_PATH).read_bytes())


def load_starter(path: str | Path | None = None) -> list[Term]:
    """The starter glossary's terms; raises StarterGlossaryError if any row fails to read."""
    source = Path(path or STARTER_PATH)
    result = read_starter(source)
    if result.errors:
        raise StarterGlossaryError(source, result)
    return result.terms
