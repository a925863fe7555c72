"""Build and match speed stay in the documented range (CPU time, generous bounds)."""

import random
import time

import pytest

from glossary.matcher import TermMatcher
from glossary.model import Term
from glossary.places import load_places
from glossary.starter import load_starter
from glossary.variants import normalize_form

pytestmark = pytest.mark.slow

SENTENCE = normalize_form(
    "全省退役軍人事務局長會議在廣州召開。會議以習近平新時代中國特色社會主義思想為指導,"
    "深入貫徹中央經濟工作會議精神,推進廣東退役軍人工作高質量發展,努力在推進中國式現代化廣東實踐中展現更大作為。"
    "省退役軍人事務廳黨組書記、廳長出席會議並講話,副廳長主持會議。2023年是全面貫徹黨的二十大精神的開局之年。"
)


def cpu_seconds(action):
    start = time.process_time()
    action()
    return time.process_time() - start


def test_building_100k_terms_takes_under_two_seconds():
    rng = random.Random(5)
    alphabet = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]
    sources = {"".join(rng.choice(alphabet) for _ in range(rng.randint(3, 10))) for _ in range(100_000)}
    terms = [Term(source=source, target="t") for source in sources]
    assert min(cpu_seconds(lambda: TermMatcher(terms)) for _ in range(2)) < 2.0


def test_matching_with_the_starter_glossary_is_fast():
    matcher = TermMatcher(load_starter(), load_places())
    text = SENTENCE * 10_000
    megabytes = len(text.encode("utf-8")) / 1e6
    assert len(matcher.match(text)) > 10_000 * 10
    assert megabytes / min(cpu_seconds(lambda: matcher.match(text)) for _ in range(3)) > 10
