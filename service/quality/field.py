"""The pair checks measured in the field: on real published translations rather than on pairs written for them.

Three measurements, each over pairs read from `zh<TAB>en` files (tests/data/real):
- **flags**: every issue the checks raise on the pairs as published, as the service raises them (the source
  normalized, glossary hits mapped back to it, length statistics from the pairs themselves); per check the
  error-or-warning flags per 100 pairs.
- **precision**: the share of flags a reviewer labelled true, from a labels file (`file, line, code, message,
  verdict, reason`); a label counts only for the flag it was given to (same message), and a flag nobody
  labelled counts in neither direction: the benchmark reports how many are left unlabelled.
- **recall**: known faults injected into real pairs (a number changed, an approved rendering removed or replaced
  by a forbidden one, the sentence left untranslated, the English cut in half), and the share the matching check
  catches.
"""

from __future__ import annotations

import csv
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from glossary.matcher import Hit, TermMatcher
from service.quality import numbers
from service.quality.checks import CODES, ERROR, WARNING, Issue, LengthStats, check_pair, term_ref
from service.text.normalize import normalize

SEVERITY_RANK = {"info": 0, WARNING: 1, ERROR: 2}


@dataclass(frozen=True)
class RealPair:
    file: str  # the file's name, e.g. official-constitution.tsv
    line: int  # 1-based
    source: str
    target: str


@dataclass(frozen=True)
class Flag:
    """The issues of one check on one pair (one flag, however many issues of that code the pair has)."""

    file: str
    line: int
    code: str
    severity: str  # the most severe of them
    message: str  # the first most severe one's

    @property
    def key(self) -> tuple[str, int, str]:
        return self.file, self.line, self.code


def read_pairs(paths: Iterable[Path]) -> list[RealPair]:
    pairs = []
    for path in sorted(paths):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            source, sep, target = line.partition("\t")
            if sep and source.strip() and target.strip():
                pairs.append(RealPair(path.name, number, source, target))
    return pairs


def hits_in(matcher: TermMatcher, source: str) -> list[Hit]:
    """Glossary hits in a raw source, with offsets into it (as the service checks a stored pair)."""
    norm = normalize(source)
    return matcher.match_with_offsets(norm.text, norm.offsets)


def check_all(pairs: Sequence[RealPair], matcher: TermMatcher) -> list[list[Issue]]:
    stats = LengthStats.from_pairs((p.source, p.target) for p in pairs)
    return [check_pair(p.source, p.target, hits_in(matcher, p.source), length_stats=stats) for p in pairs]


def flags_of(pairs: Sequence[RealPair], issues: Sequence[list[Issue]]) -> list[Flag]:
    flags = []
    for pair, found in zip(pairs, issues):
        by_code: dict[str, list[Issue]] = {}
        for issue in found:
            by_code.setdefault(issue.code, []).append(issue)
        for code, same in by_code.items():
            worst = max(same, key=lambda i: SEVERITY_RANK.get(i.severity, 0))  # the first of the most severe
            flags.append(Flag(pair.file, pair.line, code, worst.severity, worst.message))
    return flags


def flag_rates(flags: Iterable[Flag], pairs: int) -> dict[str, float]:
    """Error-or-warning flags per 100 pairs, per check code."""
    counts = Counter(f.code for f in flags if f.severity in (ERROR, WARNING))
    return {code: 100 * counts[code] / pairs for code in CODES} if pairs else {}


@dataclass(frozen=True)
class Label:
    verdict: bool  # True: the flag points at a real problem of the published pair
    reason: str
    message: str = ""  # the message of the flag that was labelled

    def applies_to(self, flag: Flag) -> bool:
        """Whether the label was given to this flag: same pair and check, and the same message (the statistic of
        a length-ratio message aside), so that a check that now flags something else on that pair is not
        credited with the old verdict."""
        return bool(self.message) and _message_key(self.message) == _message_key(flag.message)


_STATISTIC = re.compile(r"\s*\(z = [^)]*\)")


def _message_key(message: str) -> str:
    return _STATISTIC.sub("", message)


Labels = dict[tuple[str, int, str], list[Label]]


def read_labels(path: Path) -> Labels:
    """Labels by (file, line, code) from a TSV with the columns file, line, code, message, verdict, reason; a pair
    and check may have several, one per message (the check flagged something else there before)."""
    labels: Labels = {}
    with path.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows, delimiter="\t"):
            if row["verdict"] not in ("true", "false"):
                raise ValueError(f"{path}: verdict must be true or false, not {row['verdict']!r}")
            key = (row["file"], int(row["line"]), row["code"])
            labels.setdefault(key, []).append(Label(row["verdict"] == "true", row["reason"], row.get("message") or ""))
    return labels


def label_for(labels: Labels, flag: Flag) -> Label | None:
    """The label given to this very flag, if any."""
    return next((label for label in labels.get(flag.key, ()) if label.applies_to(flag)), None)


def unlabelled(flags: Iterable[Flag], labels: Labels) -> list[Flag]:
    """The error-or-warning flags no label applies to: what a reviewer still has to look at."""
    return [flag for flag in flags if flag.severity in (ERROR, WARNING) and label_for(labels, flag) is None]


@dataclass(frozen=True)
class Precision:
    labelled: int
    true: int

    @property
    def value(self) -> float | None:
        return self.true / self.labelled if self.labelled else None


def precision(flags: Iterable[Flag], labels: Labels) -> dict[str, Precision]:
    """Per check code, over the error-or-warning flags that carry a label."""
    labelled: Counter[str] = Counter()
    true: Counter[str] = Counter()
    for flag in flags:
        label = label_for(labels, flag)
        if label is None or flag.severity not in (ERROR, WARNING):
            continue
        labelled[flag.code] += 1
        true[flag.code] += label.verdict
    return {code: Precision(labelled[code], true[code]) for code in CODES}


# ------------------------------------------------------------------ injected faults


@dataclass(frozen=True)
class Fault:
    kind: str
    pair: RealPair  # the pair with the fault in it
    expected: frozenset[str]  # the check codes that catch it


Injector = Callable[[RealPair, TermMatcher, random.Random], Fault | None]
_DIGITS = re.compile(r"\d+")


def _changed_number(pair: RealPair, _matcher: TermMatcher, rng: random.Random) -> Fault | None:
    """A number of the source that the English writes in digits, changed in the English."""
    facts = [f for f in numbers.extract_zh(pair.source) if f.kind != "date"]
    written = [m for m in _DIGITS.finditer(pair.target) if any(_same_number(m.group(), f) for f in facts)]
    if not written:
        return None
    m = rng.choice(written)
    changed = str(int(m.group()) + rng.choice((1, 2, 3, 7)))
    target = pair.target[: m.start()] + changed + pair.target[m.end() :]
    return Fault(
        "number", RealPair(pair.file, pair.line, pair.source, target), frozenset({"number-missing", "number-extra"})
    )


def _same_number(digits: str, fact: numbers.NumFact) -> bool:
    try:
        return int(digits) == fact.value
    except (TypeError, ValueError):
        return False


def _rendering_found(pair: RealPair, matcher: TermMatcher) -> list[tuple[Hit, re.Match[str]]]:
    found = []
    for hit in hits_in(matcher, pair.source):
        if hit.parts:
            continue
        m = re.search(re.escape(hit.target), pair.target, re.IGNORECASE)
        if m is not None:
            found.append((hit, m))
    return found


def _removed_rendering(pair: RealPair, matcher: TermMatcher, rng: random.Random) -> Fault | None:
    """An approved rendering the English uses, replaced wherever it stands by a word that renders nothing (a
    rendering the English still writes elsewhere was not removed)."""
    found = [(h, m) for h, m in _rendering_found(pair, matcher) if str(h.term.status) == "approved"]
    if not found:
        return None
    hit, _m = rng.choice(found)
    target = re.sub(re.escape(hit.target), "the body", pair.target, flags=re.IGNORECASE)
    return Fault("term-removed", RealPair(pair.file, pair.line, pair.source, target), frozenset({"term-missing"}))


def _forbidden_rendering(pair: RealPair, matcher: TermMatcher, rng: random.Random) -> Fault | None:
    """An approved rendering the English uses, replaced by one of the term's forbidden renderings."""
    found = [(h, m) for h, m in _rendering_found(pair, matcher) if term_ref(h).forbidden]
    if not found:
        return None
    hit, m = rng.choice(found)
    forbidden = rng.choice(term_ref(hit).forbidden)
    target = pair.target[: m.start()] + forbidden + pair.target[m.end() :]
    return Fault("term-forbidden", RealPair(pair.file, pair.line, pair.source, target), frozenset({"term-forbidden"}))


def _untranslated(pair: RealPair, _matcher: TermMatcher, _rng: random.Random) -> Fault | None:
    """The English replaced by the Chinese sentence itself, as when a segment is left untranslated."""
    return Fault(
        "untranslated",
        RealPair(pair.file, pair.line, pair.source, pair.source),
        frozenset({"target-same-as-source", "untranslated"}),
    )


def _truncated(pair: RealPair, _matcher: TermMatcher, _rng: random.Random) -> Fault | None:
    """The English cut after its first half of words, as when a segment is stored half translated (only for
    English of at least 16 words, where half is a real loss)."""
    words = pair.target.split()
    if len(words) < 16:
        return None
    target = " ".join(words[: len(words) // 2])
    return Fault("truncated", RealPair(pair.file, pair.line, pair.source, target), frozenset({"length-ratio"}))


INJECTORS: dict[str, Injector] = {
    "number": _changed_number,
    "term-removed": _removed_rendering,
    "term-forbidden": _forbidden_rendering,
    "untranslated": _untranslated,
    "truncated": _truncated,
}


def inject(pairs: Sequence[RealPair], matcher: TermMatcher, *, per_kind: int = 200, seed: int = 7) -> list[Fault]:
    """Up to `per_kind` faults of each kind, each in another real pair, chosen with a fixed seed."""
    rng = random.Random(seed)
    faults = []
    for injector in INJECTORS.values():
        order = list(pairs)
        rng.shuffle(order)
        made = 0
        for pair in order:
            if made >= per_kind:
                break
            fault = injector(pair, matcher, rng)
            if fault is not None:
                faults.append(fault)
                made += 1
    return faults


@dataclass(frozen=True)
class Recall:
    injected: int
    caught: int

    @property
    def value(self) -> float | None:
        return self.caught / self.injected if self.injected else None


def recall(faults: Sequence[Fault], matcher: TermMatcher, stats: LengthStats | None) -> dict[str, Recall]:
    """Per fault kind: how many injected faults the checks caught with one of the expected codes."""
    injected: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    for fault in faults:
        p = fault.pair
        codes = {
            i.code
            for i in check_pair(p.source, p.target, hits_in(matcher, p.source), length_stats=stats)
            if i.severity in (ERROR, WARNING)
        }
        injected[fault.kind] += 1
        caught[fault.kind] += bool(codes & fault.expected)
    return {kind: Recall(injected[kind], caught[kind]) for kind in INJECTORS}
