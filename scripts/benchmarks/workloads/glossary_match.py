"""glossary-match: TermMatcher (Aho-Corasick) over megabytes of text with a large glossary.

Yiku: `TermMatcher(starter + synthetic terms, places)` built once, then `match()` paragraph by
paragraph over the whole text (already in normalized form: generated simplified text with
full-width punctuation). Baselines, both on a sample of the text (their rates are per byte, so the
sample rate is the rate): a per-key `str.find` loop that only counts occurrences (less work than
leftmost-longest resolution), and one compiled `re` alternation of all keys, longest first.
"""

from __future__ import annotations

import random
import re
import time

from scripts.benchmarks.corpus import ACTIONS, OBJECTS, SentenceFactory
from scripts.benchmarks.report import Target, WorkloadResult
from scripts.benchmarks.synthetic_terms import synthetic_terms
from scripts.benchmarks.workloads import Context, Workload

MB = 1_000_000


def starter_terms() -> list:
    from glossary.starter import load_starter

    return load_starter()


def glossary_terms(count: int, seed: int) -> list:
    """The starter glossary plus `count` synthetic approved terms, as glossary Terms."""
    from glossary.model import Category, Status, Term

    synthetic = [
        Term(source=t.source, target=t.target, category=Category(t.category), status=Status.APPROVED)
        for t in synthetic_terms(count, seed)
    ]
    return starter_terms() + synthetic


def glossary_text(target_bytes: int, terms: list, seed: int) -> list[str]:
    """Paragraphs of generated official text (UTF-8 size >= target_bytes); every third sentence names a term."""
    rng = random.Random(seed)
    factory = SentenceFactory(seed)
    paragraphs, size = [], 0
    while size < target_bytes:
        sentences = []
        for i in range(6):
            if i % 3 == 2:
                term = rng.choice(terms)
                action, obj = rng.choice(ACTIONS), rng.choice(OBJECTS)
                sentences.append(f"{term.source}{action[0]}{obj[0]}。")
            else:
                sentences.append(factory.pair().source)
        paragraph = "".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8"))
    return paragraphs


def find_loop(keys: list[str], text: str) -> int:
    """Occurrences of every key by repeated str.find (overlaps included): the naive baseline."""
    found = 0
    for key in keys:
        start = text.find(key)
        while start >= 0:
            found += 1
            start = text.find(key, start + 1)
    return found


def alternation(keys: list[str]) -> re.Pattern:
    """One regex of all keys, longest first, so the leftmost match is also the longest."""
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


def _sample(paragraphs: list[str], max_bytes: int) -> str:
    chosen, size = [], 0
    for paragraph in paragraphs:
        if size >= max_bytes:
            break
        chosen.append(paragraph)
        size += len(paragraph.encode("utf-8"))
    return "\n".join(chosen)


def run(ctx: Context, result: WorkloadResult) -> None:
    from glossary.matcher import TermMatcher
    from glossary.places import load_places
    from service.text.normalize import normalize_forms

    terms = glossary_terms(ctx.size("terms"), ctx.seed)
    places = load_places()
    paragraphs = glossary_text(ctx.size("text_bytes"), terms, ctx.seed + 2)
    text_bytes = sum(len(p.encode("utf-8")) for p in paragraphs)

    started = time.perf_counter()
    matcher = TermMatcher(terms, places)
    build_s = time.perf_counter() - started
    matcher.match(paragraphs[0])
    started = time.perf_counter()
    hits = sum(len(matcher.match(paragraph)) for paragraph in paragraphs)
    match_s = time.perf_counter() - started
    yiku_rate = text_bytes / MB / match_s

    keys = [k for k in normalize_forms([t.source for t in terms]) if k]
    sample = _sample(paragraphs, ctx.size("baseline_sample_bytes"))
    sample_bytes = len(sample.encode("utf-8"))
    started = time.perf_counter()
    find_loop(keys, sample)
    find_s = time.perf_counter() - started
    started = time.perf_counter()
    pattern = alternation(keys)
    regex_build_s = time.perf_counter() - started
    started = time.perf_counter()
    regex_hits = sum(1 for _ in pattern.finditer(sample))
    regex_s = time.perf_counter() - started

    result.sizes.update(
        terms_total=len(terms),
        automaton_keys=len(matcher),
        text_bytes=text_bytes,
        text_chars=sum(map(len, paragraphs)),
        paragraphs=len(paragraphs),
        hits=hits,
        baseline_sample_bytes=sample_bytes,
        regex_hits_in_sample=regex_hits,
    )
    result.timings.update(
        build_s=build_s, match_s=match_s, find_loop_s=find_s, regex_build_s=regex_build_s, regex_match_s=regex_s
    )
    result.row(
        "throughput vs str.find loop",
        yiku_rate,
        "MB/s",
        baseline=sample_bytes / MB / find_s,
        higher_is_better=True,
        target=Target(">=", 20, "MB/s"),
    )
    result.row(
        "throughput vs regex alternation",
        yiku_rate,
        "MB/s",
        baseline=sample_bytes / MB / regex_s,
        higher_is_better=True,
        target=Target(">=", 20, "MB/s"),
    )
    result.row("build vs regex compile", build_s, "s", baseline=regex_build_s, target=Target("<=", 2, "s"))
    result.notes.append(
        f"{len(terms):,} terms ({ctx.size('terms'):,} synthetic + starter) and {len(places)} places; "
        f"{text_bytes / MB:.1f} MB matched paragraph by paragraph; baselines on the first "
        f"{sample_bytes / 1000:.0f} kB of the same text (rates per byte, so not scaled further); "
        "the str.find loop only counts occurrences"
    )


WORKLOAD = Workload(
    name="glossary-match",
    summary="TermMatcher over 10 MB with 100k terms vs str.find and a regex alternation",
    sizes={"terms": 100_000, "text_bytes": 10 * MB, "baseline_sample_bytes": 20_000},
    quick_sizes={"terms": 5_000, "text_bytes": 300_000, "baseline_sample_bytes": 5_000},
    run=run,
)
