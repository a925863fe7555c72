"""Find glossary terms in normalized Chinese text: Aho-Corasick, leftmost-longest, composite titles.

Matching rules (see docs/glossary.md):

- Keys are `normalize_form` of every term source and variant, and of every place's full name
  and short name; the text given to `match` must already be normalized by the text pipeline.
- Hits never overlap. Among all candidate hits the leftmost wins, and among those starting at
  the same position the longest wins (副局长 beats 局长; 广东省退役军人事务厅 beats 退役军人事务厅).
- When two entries share one key: a term source beats a term variant beats a place; among terms
  approved beats proposed beats deprecated, then the earlier term wins.
- A place hit immediately followed by an organization/title hit whose term has a `pattern` is
  joined into one composite hit whose target is the pattern filled with the place.
- Provincial-level and city short names (广东, 广州) match on their own; county and district short
  names are too ambiguous in running text and only count right before a pattern-bearing term.
- A bare 省/市 prefix (省退役军人事务厅) names no place: the hit is the organ alone.
- An organization hit immediately followed by a title hit is joined into one composite hit when a title term
  names that title in that kind of body: its key is the end of the organization's text plus the title
  (国家发展和改革委员会 + 主任 with the term 委员会主任 → Chairperson). The composite title takes precedence
  over the generic title's own rendering (主任 → Director); its target is "<title> of the <organization>".
- A foreign country's name right before an organization or title hit (美国财政部, 韩国总理) makes it another
  country's body or office: the hit carries the country's English name in `foreign`, and its rendering does
  not apply.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import ahocorasick

from glossary.boundaries import MIN_WORD_FREQ, ends_inside_word, starts_inside_word, word_freq, word_heads
from glossary.model import COMPOSABLE_CATEGORIES, Category, Status, Term
from glossary.places import CITY_LEVELS, PROVINCIAL_LEVELS, Country, Place
from service.text.normalize import normalize_forms
from service.text.offsets import OffsetMap

# Key priorities when entries collide; lower wins.
SOURCE_KEY, VARIANT_KEY, PLACE_NAME_KEY, PLACE_SHORT_KEY = range(4)
STATUS_RANK = {Status.APPROVED: 0, Status.PROPOSED: 1, Status.DEPRECATED: 2}
MIN_STANDALONE_SHORT_NAME = 2


class Hit(NamedTuple):
    """A term found at [start, end) of the text given; composite hits list their two components in parts.

    `foreign` is the English name of the foreign country written right before an organization or title
    (美国财政部 → "United States"): the hit names that country's body, not the one the glossary renders.
    A named tuple rather than a dataclass: matching creates one per hit and tuples are cheap.
    """

    start: int
    end: int
    term: Term
    target: str
    parts: tuple[Hit, ...] = ()
    foreign: str = ""

    @property
    def status(self) -> Status:
        return self.term.status

    @property
    def is_composite(self) -> bool:
        return bool(self.parts)

    def to_original(self, offsets: OffsetMap) -> Hit:
        """The same hit with start/end (and those of its parts) mapped through `offsets`, the map from
        the normalized text it was found in back to the original."""
        start, end = offsets.to_original(self.start, self.end)
        parts = tuple(part.to_original(offsets) for part in self.parts)
        return Hit(start, end, self.term, self.target, parts, self.foreign)


class _Entry(NamedTuple):
    """What one automaton key resolves to."""

    term: Term
    composable: bool = False  # organization/title term with a usable pattern
    prefix_only: bool = False  # local short place name: valid only before a composable hit
    place: Place | None = None  # the place this key names, for filling patterns
    body_title: bool = False  # a title that ends a longer title term (主任 of 委员会主任): may compose with a body
    body: bool = False  # an organization or title, with countries to look for before it


@dataclass
class _PlaceKeys:
    """Automaton keys prepared once for a set of places, reused by every rebuild."""

    places: tuple[Place, ...] = ()
    # key -> (priority, rank, entry)
    entries: dict[str, tuple[int, tuple, _Entry]] = field(default_factory=dict)


def place_term(place: Place) -> Term:
    """A place as a glossary term of category place (target = standard English name)."""
    variants = (place.short,) if place.short and place.short != place.name else ()
    return Term(
        source=place.name,
        target=place.english,
        category=Category.PLACE,
        status=Status.APPROVED,
        variants=variants,
        admitted=place.admitted,
    )


def _level_rank(place: Place) -> int:
    if place.level in PROVINCIAL_LEVELS:
        return 0
    if place.level in CITY_LEVELS:
        return 1
    return 2


def _prepare_places(places: Iterable[Place]) -> _PlaceKeys:
    places = tuple(places)
    names = normalize_forms([place.name for place in places])
    shorts = normalize_forms([place.short for place in places])
    prepared = _PlaceKeys(places=places)
    for order, (place, name_key, short_key) in enumerate(zip(places, names, shorts)):
        term = place_term(place)
        rank = (_level_rank(place), order)
        candidates = [(name_key, PLACE_NAME_KEY, _Entry(term, place=place))]
        if short_key and short_key != name_key:
            standalone = _level_rank(place) < 2 and len(short_key) >= MIN_STANDALONE_SHORT_NAME
            candidates.append((short_key, PLACE_SHORT_KEY, _Entry(term, prefix_only=not standalone, place=place)))
        for key, priority, entry in candidates:
            current = prepared.entries.get(key)
            if key and (current is None or (priority, rank) < current[:2]):
                prepared.entries[key] = (priority, rank, entry)
    return prepared


@dataclass(frozen=True)
class _CountryKeys:
    """Normalized country names → English name, the name lengths to try (longest first) and the names' last
    characters (one set lookup rules out most hits)."""

    names: dict[str, str] = field(default_factory=dict)
    lengths: tuple[int, ...] = ()
    last_chars: frozenset[str] = frozenset()


def _prepare_countries(countries: Iterable[Country]) -> _CountryKeys:
    countries = tuple(countries)
    names = {
        key: country.english for key, country in zip(normalize_forms([c.name for c in countries]), countries) if key
    }
    return _CountryKeys(
        names, tuple(sorted({len(key) for key in names}, reverse=True)), frozenset(key[-1] for key in names)
    )


_BODY_CATEGORIES = frozenset({Category.ORGANIZATION, Category.TITLE})


def _composable(term: Term) -> bool:
    return bool(term.pattern) and term.category in COMPOSABLE_CATEGORIES


def fill_pattern(pattern: str, place: Place) -> str | None:
    """The pattern with {place}/{place_adj} filled, or None when the pattern is unusable."""
    try:
        return pattern.format_map({"place": place.english, "place_adj": place.english_adjective})
    except (KeyError, ValueError, IndexError):
        return None


def composite_title_target(title: str, organization: str) -> str:
    """The rendering of a title in a body: "Chairperson" and "National Development and Reform Commission" give
    "Chairperson of the National Development and Reform Commission"."""
    organization = organization.strip()
    if organization[:4].casefold() == "the ":
        organization = organization[4:]
    return f"{title.strip()} of the {organization}"


_new_tuple = tuple.__new__  # builds a Hit without the Python-level NamedTuple constructor


def _bytewise(text: str) -> str:
    """Text written as its UTF-32 bytes, one Latin-1 character per byte.

    pyahocorasick looks a node's children up one by one, so a glossary of 100,000 Chinese terms
    (thousands of distinct first characters) makes every step slow. Byte by byte, no node has more than
    256 children (in practice a handful), and the conversion runs in C. Every character is four bytes, so
    a hit at byte offset b is a hit at character b // 4; hits not starting on a multiple of four straddle
    two characters and are dropped.
    """
    return text.encode("utf-32-be").decode("latin-1")


class TermMatcher:
    """All terms (and places) of one glossary version in one Aho-Corasick automaton."""

    def __init__(self, terms: Iterable[Term], places: Iterable[Place] = (), countries: Iterable[Country] = ()):
        self._countries = _prepare_countries(countries)
        self._build(tuple(terms), _prepare_places(places))

    def rebuild(self, terms: Iterable[Term]) -> TermMatcher:
        """A new matcher for new terms, reusing this one's prepared places and countries (this one stays usable)."""
        matcher = TermMatcher.__new__(TermMatcher)
        matcher._countries = self._countries
        matcher._build(tuple(terms), self._places)
        return matcher

    @property
    def terms(self) -> tuple[Term, ...]:
        return self._terms

    @property
    def places(self) -> tuple[Place, ...]:
        return self._places.places

    def __len__(self) -> int:
        """Number of distinct keys (terms, variants, place names) the matcher knows."""
        return len(self._entries)

    def _build(self, terms: tuple[Term, ...], places: _PlaceKeys) -> None:
        self._word_freq = word_freq()
        self._terms = terms
        self._places = places
        resolved: dict[str, tuple[int, tuple, _Entry]] = dict(places.entries)
        term_entries = [_Entry(term, _composable(term)) for term in terms]
        forms: list[str] = []
        owners: list[tuple[int, int]] = []  # (priority, term index) per form
        for index, term in enumerate(terms):
            forms.append(term.source)
            owners.append((SOURCE_KEY, index))
            for variant in term.variants:
                forms.append(variant)
                owners.append((VARIANT_KEY, index))
        for key, (priority, index) in zip(normalize_forms(forms), owners):
            if not key:
                continue
            current = resolved.get(key)
            rank = (STATUS_RANK.get(terms[index].status, len(STATUS_RANK)), index)
            if current is None or (priority, rank) < current[:2]:
                resolved[key] = (priority, rank, term_entries[index])

        entries: dict[str, _Entry] = {}
        for key, entry in ((k, v[2]) for k, v in resolved.items()):
            place_entry = places.entries.get(key)
            if entry.term.category == Category.PLACE and place_entry is not None and entry.place is None:
                entry = entry._replace(place=place_entry[2].place)  # a glossary place term still composes
            entries[key] = entry
        self._mark_body_entries(entries)
        # Every key gets an index; the automaton reports (last byte, index), so a candidate carries its
        # entry without slicing the text. Local short place names stay out of the automaton (see
        # _add_prefix_candidates).
        keys = list(entries)
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS, ahocorasick.KEY_STRING)
        for index, key in enumerate(keys):
            if not entries[key].prefix_only:
                automaton.add_word(_bytewise(key), index)
        if len(automaton):
            automaton.make_automaton()
        self._automaton = automaton
        self._entries = entries
        self._key_entries = [entries[key] for key in keys]
        self._key_lengths = [len(key) for key in keys]
        # The heads of the frequent words each key is the tail of (中山: 孙): only those keys' hits are suspect
        # of starting inside a word.
        heads = word_heads()
        self._key_heads = [heads.get(key) for key in keys]
        self._composable_keys = frozenset(key for key, entry in entries.items() if entry.composable)
        prefix_keys = {key: index for index, key in enumerate(keys) if entries[key].prefix_only}
        self._prefix_keys = prefix_keys if self._composable_keys else {}
        self._prefix_lengths = sorted({len(key) for key in self._prefix_keys}, reverse=True)

    def _mark_body_entries(self, entries: dict[str, _Entry]) -> None:
        """Flag the entries the context rules look at, so that matching tests one attribute per hit."""
        titles = {
            key
            for key, entry in entries.items()
            if entry.term.category == Category.TITLE and entry.place is None and not entry.prefix_only
        }
        tails = {key[cut:] for key in titles for cut in range(1, len(key)) if key[cut:] in titles}
        countries = bool(self._countries.names)
        for key, entry in entries.items():
            body = countries and entry.place is None and entry.term.category in _BODY_CATEGORIES
            if body or key in tails:
                entries[key] = entry._replace(body_title=key in tails, body=body)

    def _candidates(self, text: str) -> dict[int, int]:
        """Longest candidate per start position: start -> key index.

        The automaton reports hits in increasing order of their last character, so for one
        start a later report is always a longer key: keeping the last one keeps the longest.
        A hit must start on a character boundary (four bytes a character, see _bytewise).
        """
        key_lengths = self._key_lengths
        best = {
            first >> 2: index
            for last, index in self._automaton.iter(_bytewise(text))
            if not (first := last + 1 - (key_lengths[index] << 2)) & 3
        }
        if self._prefix_keys:
            self._add_prefix_candidates(text, best)
        return best

    def _add_prefix_candidates(self, text: str, best: dict[int, int]) -> None:
        """Local short place names count only right before a composable (pattern-bearing) hit."""
        key_entries = self._key_entries
        organ_starts = [start for start, index in best.items() if key_entries[index].composable]
        for organ_start in organ_starts:
            for length in self._prefix_lengths:
                start = organ_start - length
                if start < 0:
                    continue
                index = self._prefix_keys.get(text[start:organ_start])
                if index is not None and (start not in best or start + self._key_lengths[best[start]] < organ_start):
                    best[start] = index

    def _choose_end(self, text: str, start: int, end: int) -> int | None:
        """`end`, or the longest shorter key at `start`, whose end is not inside a word (glossary.boundaries).

        The first test is one dictionary lookup; segmentation runs only for the rare suspect hit.
        """
        if self._word_freq.get(text[end - 1 : end + 1], 0) < MIN_WORD_FREQ:
            return end
        return self._end_outside_word(text, start, end)

    def _end_outside_word(self, text: str, start: int, end: int) -> int | None:
        """_choose_end for a hit whose last character and the next one form a frequent word."""
        if not ends_inside_word(text, start, end):
            return end
        entries = self._entries
        for shorter in range(end - 1, start, -1):
            entry = entries.get(text[start:shorter])
            if entry is not None and not entry.prefix_only and not ends_inside_word(text, start, shorter):
                return shorter
        return None

    def _recompose_place(self, text: str, start: int, end: int, candidates: dict[int, int]) -> int:
        """广东省委书记: the place 广东省 swallows the 省 of 省委书记; end the place at its short name instead
        when a pattern-bearing organ or title starts at its last character."""
        organ_start = end - 1
        organ_index = candidates.get(organ_start)
        if organ_index is None or organ_start + self._key_lengths[organ_index] <= end:
            return end
        short = text[start:organ_start]
        entry = self._entries.get(short)
        if entry is None or entry.place is None:
            return end
        organ_end = self._choose_end(text, organ_start, organ_start + self._key_lengths[organ_index])
        if organ_end is not None and organ_end > end and text[organ_start:organ_end] in self._composable_keys:
            return organ_start
        return end

    def match(self, text: str) -> list[Hit]:
        """Leftmost-longest, non-overlapping hits in already-normalized text, composites joined.

        Hits are chosen left to right; a place hit is kept aside until the next hit shows
        whether it starts a composite title. The common hit (no word-boundary doubt, no place)
        costs one dictionary probe and one tuple.
        """
        if not len(self._automaton) or not text:
            return []
        candidates = self._candidates(text)
        entries = self._entries
        key_entries = self._key_entries
        key_lengths = self._key_lengths
        key_heads = self._key_heads
        freq_get = self._word_freq.get
        composing = bool(self._composable_keys)
        last_chars = self._countries.last_chars
        hits: list[Hit] = []
        append = hits.append
        position = 0
        place_hit: tuple[int, int, _Entry] | None = None  # last hit, if it names a place
        for start, index in sorted(candidates.items()):
            if start < position:
                continue
            heads = key_heads[index]
            if (  # a hit right after the last one starts on a boundary; another may start inside a word
                heads is not None
                and start != position
                and (text[start - 1 : start] in heads or text[max(0, start - 2) : start] in heads)
                and starts_inside_word(text, start, start + key_lengths[index])
            ):
                continue
            end = start + key_lengths[index]
            entry = key_entries[index]
            if freq_get(text[end - 1 : end + 1], 0) >= MIN_WORD_FREQ:  # _choose_end's first test, inlined
                chosen = self._end_outside_word(text, start, end)
                if chosen is None:
                    continue
                if chosen != end:
                    end = chosen
                    entry = entries[text[start:end]]
            if entry.place is not None and composing:
                recomposed = self._recompose_place(text, start, end, candidates)
                if recomposed != end:
                    end = recomposed
                    entry = entries[text[start:end]]
            position = end
            if place_hit is not None:
                if place_hit[1] == start and entry.composable:
                    composite = self._composite(place_hit, start, position, entry)
                    if composite is not None:
                        place_start = place_hit[0]
                        if entry.body and place_start and text[place_start - 1] in last_chars:
                            composite = composite._replace(foreign=self._foreign_before(text, place_start, hits))
                        append(composite)
                        place_hit = None
                        continue
                if not place_hit[2].prefix_only:
                    term = place_hit[2].term
                    append(_new_tuple(Hit, (place_hit[0], place_hit[1], term, term.target, (), "")))
                place_hit = None
            if entry.place is not None:
                place_hit = (start, position, entry)
            else:
                if entry.body_title and hits and hits[-1][1] == start:
                    composite = self._composite_title(text, hits[-1], start, position)
                    if composite is not None:
                        hits[-1] = composite
                        continue
                term = entry.term
                foreign = ""
                if entry.body and start and text[start - 1] in last_chars:
                    foreign = self._foreign_before(text, start, hits)
                append(_new_tuple(Hit, (start, position, term, term.target, (), foreign)))
        if place_hit is not None and not place_hit[2].prefix_only:
            term = place_hit[2].term
            append(_new_tuple(Hit, (place_hit[0], place_hit[1], term, term.target, (), "")))
        return hits

    def _composite_title(self, text: str, organ: Hit, start: int, end: int) -> Hit | None:
        """An organization hit and the title hit [start, end) right after it as one composite title hit: the
        longest title term whose key is text[k:end] for k inside the organization, or None."""
        if organ.term.category != Category.ORGANIZATION:
            return None
        entries = self._entries
        for begin in range(organ.start + 1, organ.end):
            entry = entries.get(text[begin:end])
            if entry is None or entry.prefix_only or entry.place is not None or entry.term.category != Category.TITLE:
                continue
            term = entry.term
            title = Hit(start, end, term, term.target)
            return Hit(
                organ.start, end, term, composite_title_target(term.target, organ.target), (organ, title), organ.foreign
            )
        return None

    def _foreign_before(self, text: str, start: int, hits: list[Hit]) -> str:
        """The English name of the country written right before `start`, or "": the name must stand on its own,
        not end a word the previous hit took (内蒙古 holds no 蒙古)."""
        names = self._countries.names
        previous = hits[-1] if hits else None
        for length in self._countries.lengths:
            begin = start - length
            english = names.get(text[begin:start]) if begin >= 0 else None
            if english is not None and not (previous is not None and previous[0] < begin < previous[1]):
                return english
        return ""

    @staticmethod
    def _composite(place_hit: tuple[int, int, _Entry], start: int, end: int, organ: _Entry) -> Hit | None:
        """One hit for a place followed by a pattern-bearing organ or title, or None if the pattern fails."""
        place_start, place_end, place_entry = place_hit
        place = place_entry.place
        if place is None:
            return None  # not a place entry: nothing to fill the pattern with
        target = fill_pattern(organ.term.pattern, place)
        if target is None:
            return None
        parts = (
            Hit(place_start, place_end, place_entry.term, place_entry.term.target),
            Hit(start, end, organ.term, organ.term.target),
        )
        return Hit(place_start, end, organ.term, target, parts)

    def match_with_offsets(self, normalized_text: str, offsets: OffsetMap) -> list[Hit]:
        """Hits in `normalized_text` mapped back to the original text through `offsets`, the map the
        text pipeline gave with it (`Normalized.offsets`, `ProcessedSegment.offsets`)."""
        if len(offsets) != len(normalized_text):
            raise ValueError("offsets must map exactly the characters of normalized_text")
        return [hit.to_original(offsets) for hit in self.match(normalized_text)]


class GlossaryIndex:
    """The current matcher for a changing glossary: rebuilt only when the glossary version moves.

    Readers take the matcher without locking (one reference read); a rebuild happens under a
    lock and swaps the (version, matcher) pair in one assignment, so a reader sees either the
    old or the new matcher, never a half-built one.
    """

    def __init__(self, places: Iterable[Place] = (), countries: Iterable[Country] = ()):
        self._lock = threading.Lock()
        self._state: tuple[object, TermMatcher] = (None, TermMatcher((), places, countries))

    @property
    def version(self) -> object:
        return self._state[0]

    @property
    def matcher(self) -> TermMatcher:
        return self._state[1]

    def ensure(self, version: object, loader: Callable[[], Iterable[Term]]) -> TermMatcher:
        """The matcher for `version`, calling `loader()` for the terms only if the version changed."""
        current_version, matcher = self._state
        if current_version == version and current_version is not None:
            return matcher
        with self._lock:
            current_version, matcher = self._state
            if current_version == version and current_version is not None:
                return matcher
            rebuilt = matcher.rebuild(loader())
            self._state = (version, rebuilt)
            return rebuilt
