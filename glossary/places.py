"""Administrative divisions with their standard English names, used for place hits and composite titles; and
foreign countries, whose name before an organization makes it another country's body (美国财政部)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PLACES_PATH = Path(__file__).parent / "data" / "places.csv"
PLACE_COLUMNS = ("name", "short", "english", "level", "adjective", "parent")
PLACE_OPTIONAL_COLUMNS = ("admitted",)  # other English names accepted as well, joined with " | "
COUNTRIES_PATH = Path(__file__).parent / "data" / "countries.csv"
COUNTRY_COLUMNS = ("name", "english")

PROVINCIAL_LEVELS = frozenset({"province", "municipality", "autonomous-region", "sar"})
CITY_LEVELS = frozenset({"city", "prefecture"})
LOCAL_LEVELS = frozenset({"county", "district"})
PLACE_LEVELS = PROVINCIAL_LEVELS | CITY_LEVELS | LOCAL_LEVELS


@dataclass(frozen=True)
class Place:
    """One division: 广东省 / 广东 / Guangdong / province / Guangdong Provincial / (no parent)."""

    name: str
    short: str
    english: str
    level: str
    adjective: str = ""
    parent: str = ""
    admitted: tuple[str, ...] = ()  # other English names in official use (西藏 → Tibet beside Xizang)

    @property
    def is_provincial(self) -> bool:
        return self.level in PROVINCIAL_LEVELS

    @property
    def english_adjective(self) -> str:
        """What fills `{place_adj}`: the adjective form, or the plain English name when none is given."""
        return self.adjective or self.english


class PlacesFileError(ValueError):
    """places.csv is malformed; the message names the line."""


def _rows(text: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: stripped cell}) for each non-blank row of a CSV text whose header holds the
    required columns (and may hold the optional ones); PlacesFileError names a bad line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [column for column in required if column not in header]
    if missing:
        raise PlacesFileError(f"line 1: missing columns {', '.join(missing)}")
    unknown = [column for column in header if column not in required and column not in optional]
    if unknown:
        raise PlacesFileError(f"line 1: unknown columns {', '.join(unknown)}")
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise PlacesFileError(f"line {reader.line_num}: expected {len(header)} fields, got {len(row)}")
        yield reader.line_num, {column: cell.strip() for column, cell in zip(header, row)}


def parse_places(text: str) -> list[Place]:
    """Places from CSV text with the `name,short,english,level,adjective,parent` header (and optionally
    `admitted`: other English names, joined with " | ")."""
    places: list[Place] = []
    seen: set[str] = set()
    for line, values in _rows(text, PLACE_COLUMNS, PLACE_OPTIONAL_COLUMNS):
        admitted = tuple(name.strip() for name in values.get("admitted", "").split("|") if name.strip())
        place = Place(**{column: values[column] for column in PLACE_COLUMNS}, admitted=admitted)
        if not place.name or not place.english:
            raise PlacesFileError(f"line {line}: name and english are required")
        if place.level not in PLACE_LEVELS:
            raise PlacesFileError(f"line {line}: unknown level {place.level!r}")
        if place.name in seen:
            raise PlacesFileError(f"line {line}: duplicate place {place.name!r}")
        seen.add(place.name)
        places.append(place)
    return places


def load_places(path: str | Path | None = None) -> list[Place]:
    """Places from `path`, by default the packaged glossary/data/places.csv."""
    return parse_places(Path(path or PLACES_PATH).read_text(encoding="utf-8"))


def provincial_divisions(places: list[Place]) -> list[Place]:
    """The provincial-level divisions (provinces, municipalities, autonomous regions, SARs)."""
    return [place for place in places if place.is_provincial]


@dataclass(frozen=True)
class Country:
    """A foreign country (or union of countries) as Chinese text names it: 美国 / United States."""

    name: str
    english: str


def parse_countries(text: str) -> list[Country]:
    """Countries from CSV text with the `name,english` header; PlacesFileError names a bad line."""
    countries: list[Country] = []
    seen: set[str] = set()
    for line, values in _rows(text, COUNTRY_COLUMNS):
        country = Country(values["name"], values["english"])
        if not country.name or not country.english:
            raise PlacesFileError(f"line {line}: expected a name and an English name")
        if country.name in seen:
            raise PlacesFileError(f"line {line}: duplicate country {country.name!r}")
        seen.add(country.name)
        countries.append(country)
    return countries


def load_countries(path: str | Path | None = None) -> list[Country]:
    """Countries from `path`, by default the packaged glossary/data/countries.csv (a short curated list)."""
    return parse_countries(Path(path or COUNTRIES_PATH).read_text(encoding="utf-8"))
