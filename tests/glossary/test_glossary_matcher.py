"""TermMatcher: leftmost-longest hits, composite titles, variants, offsets, rebuilds."""

import contextlib
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.matcher import GlossaryIndex, Hit, TermMatcher
from glossary.model import Category, Status, Term
from glossary.places import Country, Place, load_countries, load_places
from service.text.normalize import normalize, normalize_form
from service.text.offsets import OffsetMap

GUANGDONG = Place("广东省", "广东", "Guangdong", "province", "Guangdong Provincial", "")
ZHUHAI = Place("珠海市", "珠海", "Zhuhai", "city", "Zhuhai Municipal", "广东省")
HEPING = Place("和平县", "和平", "Heping", "county", "Heping County", "河源市")
PLACES = [GUANGDONG, ZHUHAI, HEPING]

DVA = Term(
    id=1,
    source="退役军人事务厅",
    target="Department of Veterans Affairs",
    category=Category.ORGANIZATION,
    status=Status.APPROVED,
    pattern="{place_adj} Department of Veterans Affairs",
)
BVA = Term(
    id=2,
    source="退役军人事务局",
    target="Bureau of Veterans Affairs",
    category=Category.ORGANIZATION,
    status=Status.APPROVED,
    pattern="{place_adj} Bureau of Veterans Affairs",
)
MAYOR = Term(
    id=3, source="市长", target="Mayor", category=Category.TITLE, status=Status.APPROVED, pattern="Mayor of {place}"
)
DIRECTOR = Term(id=4, source="局长", target="Director-General", category=Category.TITLE, status=Status.APPROVED)
DEPUTY = Term(id=5, source="副局长", target="Deputy Director-General", category=Category.TITLE, status=Status.APPROVED)


def found(matcher, text):
    """(matched text, target) pairs for raw input run through normalize_form first."""
    normalized = normalize_form(text)
    return [(normalized[hit.start : hit.end], hit.target) for hit in matcher.match(normalized)]


def test_longest_wins_at_the_same_start():
    matcher = TermMatcher([DIRECTOR, DEPUTY])
    assert found(matcher, "副局长主持会议") == [("副局长", "Deputy Director-General")]


def test_full_organ_name_beats_its_tail():
    full = Term(
        id=9,
        source="广东省退役军人事务厅",
        target="Department of Veterans Affairs of Guangdong Province",
        category=Category.ORGANIZATION,
    )
    matcher = TermMatcher([DVA, full], PLACES)
    assert found(matcher, "广东省退役军人事务厅召开") == [("广东省退役军人事务厅", full.target)]


def test_leftmost_wins_over_a_longer_later_candidate():
    matcher = TermMatcher(
        [
            Term(source="党中央", target="Party Central Committee"),
            Term(source="中央委员会", target="Central Committee"),
            Term(source="委员会", target="committee"),
        ]
    )
    assert found(matcher, "党中央委员会") == [("党中央", "Party Central Committee"), ("委员会", "committee")]


def reference_leftmost_longest(keys, text):
    """Brute force: at each position take the longest key starting there, else move on."""
    hits, position = [], 0
    while position < len(text):
        lengths = [len(key) for key in keys if text.startswith(key, position)]
        if lengths:
            hits.append((position, position + max(lengths)))
            position += max(lengths)
        else:
            position += 1
    return hits


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="甲乙丙丁", min_size=1, max_size=4), min_size=1, max_size=8, unique=True),
    st.text(alphabet="甲乙丙丁", max_size=40),
)
def test_hits_equal_brute_force_leftmost_longest(keys, text):
    matcher = TermMatcher([Term(source=key, target=f"t{i}") for i, key in enumerate(keys)])
    assert [(hit.start, hit.end) for hit in matcher.match(text)] == reference_leftmost_longest(keys, text)


def test_traditional_input_matches_simplified_term():
    matcher = TermMatcher([DVA, DEPUTY])
    assert found(matcher, "省退役軍人事務廳黨組書記、廳長王創。副局長") == [
        ("退役军人事务厅", "Department of Veterans Affairs"),
        ("副局长", "Deputy Director-General"),
    ]


def test_variant_forms_match_the_term():
    term = Term(
        id=7, source="中国共产党", target="Communist Party of China", category=Category.ORGANIZATION, variants=("中共",)
    )
    hits = TermMatcher([term]).match("中共中央")
    assert [(hit.start, hit.end, hit.term.id) for hit in hits] == [(0, 2, 7)]


def test_composite_with_place_adjective():
    hits = TermMatcher([DVA], PLACES).match(normalize_form("廣東省退役軍人事務廳"))
    assert len(hits) == 1
    hit = hits[0]
    assert (hit.start, hit.end, hit.target) == (0, 10, "Guangdong Provincial Department of Veterans Affairs")
    assert hit.term is DVA and hit.is_composite
    assert [(part.start, part.end, part.target) for part in hit.parts] == [
        (0, 3, "Guangdong"),
        (3, 10, "Department of Veterans Affairs"),
    ]
    assert hit.parts[0].term.category is Category.PLACE


def test_composite_title_with_place_name():
    assert found(TermMatcher([MAYOR], PLACES), "珠海市市长") == [("珠海市市长", "Mayor of Zhuhai")]


def test_short_provincial_name_composes_and_stands_alone():
    matcher = TermMatcher([DVA], PLACES)
    assert found(matcher, "广东退役军人事务厅") == [
        ("广东退役军人事务厅", "Guangdong Provincial Department of Veterans Affairs")
    ]
    assert found(matcher, "推进广东退役军人工作") == [("广东", "Guangdong")]


def test_bare_province_prefix_gives_the_organ_alone():
    assert found(TermMatcher([DVA], PLACES), "省退役军人事务厅") == [
        ("退役军人事务厅", "Department of Veterans Affairs")
    ]


def test_place_not_adjacent_to_organ_stays_separate():
    assert found(TermMatcher([DVA], PLACES), "广东省的退役军人事务厅") == [
        ("广东省", "Guangdong"),
        ("退役军人事务厅", "Department of Veterans Affairs"),
    ]


def test_organ_without_pattern_does_not_compose():
    assert found(TermMatcher([DIRECTOR], PLACES), "珠海市局长") == [("珠海市", "Zhuhai"), ("局长", "Director-General")]


def test_county_short_name_only_counts_before_a_composable_term():
    matcher = TermMatcher([BVA], PLACES)
    assert found(matcher, "和平退役军人事务局") == [("和平退役军人事务局", "Heping County Bureau of Veterans Affairs")]
    assert found(matcher, "世界和平") == []
    assert found(matcher, "和平县") == [("和平县", "Heping")]


def test_nested_places_compose_with_the_nearest():
    assert found(TermMatcher([BVA], PLACES), "广东省珠海市退役军人事务局") == [
        ("广东省", "Guangdong"),
        ("珠海市退役军人事务局", "Zhuhai Municipal Bureau of Veterans Affairs"),
    ]


def test_glossary_term_for_a_place_wins_and_still_composes():
    own = Term(id=11, source="广东省", target="Guangdong Province", category=Category.PLACE, status=Status.APPROVED)
    matcher = TermMatcher([own, DVA], PLACES)
    assert found(matcher, "广东省") == [("广东省", "Guangdong Province")]
    assert found(matcher, "广东省退役军人事务厅") == [
        ("广东省退役军人事务厅", "Guangdong Provincial Department of Veterans Affairs")
    ]


def test_deprecated_terms_match_and_carry_status():
    old = Term(id=12, source="民政局", target="Civil Affairs Bureau", status=Status.DEPRECATED)
    [hit] = TermMatcher([old]).match("民政局")
    assert hit.status is Status.DEPRECATED


def test_key_collisions_prefer_source_then_approved_status():
    proposed = Term(id=1, source="国务院", target="State Council (proposed)", status=Status.PROPOSED)
    approved = Term(id=2, source="國務院", target="State Council", status=Status.APPROVED)
    assert [hit.term.id for hit in TermMatcher([proposed, approved]).match("国务院")] == [2]
    by_variant = Term(
        id=3, source="中央政府", target="Central People's Government", variants=("国务院",), status=Status.APPROVED
    )
    assert [hit.term.id for hit in TermMatcher([by_variant, proposed]).match("国务院")] == [1]


def test_empty_matcher_and_empty_text():
    assert TermMatcher([]).match("国务院") == []
    assert TermMatcher([DVA]).match("") == []


def test_hit_to_original_uses_last_character_plus_one():
    offsets = OffsetMap([0, 2, 3, 7, 8])
    hit = Hit(1, 3, DVA, DVA.target, (Hit(1, 2, DVA, DVA.target), Hit(2, 3, DVA, DVA.target)))
    mapped = hit.to_original(offsets)
    assert (mapped.start, mapped.end) == (2, 4)
    assert [(part.start, part.end) for part in mapped.parts] == [(2, 3), (3, 4)]
    assert (mapped.term, mapped.target) == (hit.term, hit.target)
    assert Hit(2, 4, DVA, DVA.target).to_original(offsets)[:2] == (3, 8)


def test_match_with_offsets_points_into_the_original_text():
    original = "省 退役軍人\u200b事務廳黨組"
    normalized = "省退役军人事务厅党组"
    offsets = OffsetMap([0, 2, 3, 4, 5, 7, 8, 9, 10, 11, len(original)])
    hits = TermMatcher([DVA], PLACES).match_with_offsets(normalized, offsets)
    assert [(original[hit.start : hit.end], hit.target) for hit in hits] == [
        ("退役軍人\u200b事務廳", "Department of Veterans Affairs")
    ]


def test_match_with_offsets_maps_composite_parts_through_the_pipeline_map():
    original = "廣東省 退役軍人事務廳"
    normalized = normalize(original)
    assert normalized.text == "广东省退役军人事务厅"
    [hit] = TermMatcher([DVA], PLACES).match_with_offsets(normalized.text, normalized.offsets)
    assert original[hit.start : hit.end] == original
    assert [original[part.start : part.end] for part in hit.parts] == ["廣東省", "退役軍人事務廳"]


def test_match_with_offsets_rejects_wrong_length():
    with pytest.raises(ValueError, match="characters of normalized_text"):
        TermMatcher([DVA]).match_with_offsets("退役军人事务厅", OffsetMap([0, 1]))


def test_rebuild_keeps_places_and_leaves_old_matcher_intact():
    first = TermMatcher([DIRECTOR], PLACES)
    second = first.rebuild([DVA])
    assert found(second, "广东省退役军人事务厅")[0][1] == "Guangdong Provincial Department of Veterans Affairs"
    assert found(first, "局长") == [("局长", "Director-General")]
    assert found(second, "局长") == []
    assert second.places == first.places


def test_index_rebuilds_only_when_version_moves():
    index = GlossaryIndex(PLACES)
    calls = []

    def loader():
        calls.append(1)
        return [DVA]

    first = index.ensure(1, loader)
    assert index.ensure(1, loader) is first and len(calls) == 1
    second = index.ensure(2, lambda: [DIRECTOR])
    assert second is not first and index.version == 2 and index.matcher is second
    assert [hit.target for hit in second.match("局长")] == ["Director-General"]


def test_index_builds_once_under_concurrent_callers():
    index = GlossaryIndex()
    calls = []
    start = threading.Barrier(8)

    def loader():
        calls.append(1)
        time.sleep(0.05)
        return [DIRECTOR]

    results = []

    def worker():
        start.wait()
        results.append(index.ensure("v1", loader))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert all(result is results[0] for result in results)


def test_failed_load_keeps_the_previous_matcher():
    index = GlossaryIndex()
    first = index.ensure(1, lambda: [DIRECTOR])

    def broken():
        raise RuntimeError("database down")

    with contextlib.suppress(RuntimeError):
        index.ensure(2, broken)
    assert index.version == 1 and index.matcher is first


def test_hit_is_a_plain_value():
    hit = Hit(0, 2, DIRECTOR, "Director-General")
    assert hit.parts == () and not hit.is_composite and hit.status is Status.APPROVED


# Context rules: composite titles of a body, and a foreign country before a domestic organization.

NDRC = Term(
    id=10,
    source="国家发展和改革委员会",
    target="National Development and Reform Commission",
    category=Category.ORGANIZATION,
    status=Status.APPROVED,
)
HEAD = Term(id=11, source="主任", target="Director", category=Category.TITLE, status=Status.APPROVED)
COMMISSION_HEAD = Term(
    id=12,
    source="委员会主任",
    target="Chairperson",
    category=Category.TITLE,
    status=Status.APPROVED,
    admitted=("Chairman", "Chair"),
)
DRC = Term(
    id=13,
    source="发展和改革委员会",
    target="Development and Reform Commission",
    category=Category.ORGANIZATION,
    status=Status.APPROVED,
    pattern="{place_adj} Development and Reform Commission",
)
FINANCE = Term(id=14, source="财政部", target="Ministry of Finance", category=Category.ORGANIZATION)
PREMIER = Term(id=15, source="总理", target="Premier", category=Category.TITLE, forbidden=("Prime Minister",))
COUNTRIES = [Country("美国", "United States"), Country("韩国", "Republic of Korea"), Country("蒙古国", "Mongolia")]
INNER_MONGOLIA = Place(
    "内蒙古自治区", "内蒙古", "Inner Mongolia", "autonomous-region", "Inner Mongolia Autonomous Region"
)


def test_a_composite_title_takes_precedence_over_the_generic_title():
    matcher = TermMatcher([NDRC, HEAD, COMMISSION_HEAD])
    [hit] = matcher.match("国家发展和改革委员会主任")
    assert (hit.start, hit.end, hit.term.id) == (0, 12, 12)
    assert hit.target == "Chairperson of the National Development and Reform Commission"
    organ, title = hit.parts
    assert (organ.term.id, organ.target) == (10, "National Development and Reform Commission")
    assert (title.start, title.end, title.term.id, title.target) == (10, 12, 12, "Chairperson")
    # without a composite title term, or in another kind of body, the generic title stays
    assert [h.term.id for h in TermMatcher([NDRC, HEAD]).match("国家发展和改革委员会主任")] == [10, 11]
    office = Term(
        id=16, source="国务院办公厅", target="General Office of the State Council", category=Category.ORGANIZATION
    )
    assert [h.target for h in TermMatcher([office, HEAD, COMMISSION_HEAD]).match("国务院办公厅主任")] == [
        "General Office of the State Council",
        "Director",
    ]
    # the composite title alone in the text is an ordinary hit
    assert [h.target for h in matcher.match("该委员会主任")] == ["Chairperson"]


def test_a_composite_title_composes_with_a_place_composite():
    [hit] = TermMatcher([DRC, HEAD, COMMISSION_HEAD], PLACES).match("广东省发展和改革委员会主任")
    assert hit.target == "Chairperson of the Guangdong Provincial Development and Reform Commission"
    organ, title = hit.parts
    assert organ.is_composite and [p.target for p in organ.parts] == ["Guangdong", "Development and Reform Commission"]
    assert title.target == "Chairperson"
    normalized = normalize("廣東省發展和改革委員會主任")
    [mapped] = TermMatcher([DRC, HEAD, COMMISSION_HEAD], PLACES).match_with_offsets(normalized.text, normalized.offsets)
    assert (mapped.start, mapped.end) == (0, 13) and mapped.parts[0].parts[1].start == 3


def test_a_foreign_country_before_an_organization_or_title_marks_the_hit():
    matcher = TermMatcher([FINANCE, PREMIER], countries=COUNTRIES)
    hits = matcher.match("美国财政部和财政部")
    assert [(h.start, h.foreign) for h in hits] == [(2, "United States"), (6, "")]
    assert [h.foreign for h in matcher.match("韩国总理")] == ["Republic of Korea"]
    assert [h.foreign for h in matcher.match("国务院总理")] == [""]
    assert [h.foreign for h in TermMatcher([FINANCE]).match("美国财政部")] == [""]  # no countries given
    # a rebuild keeps the countries; the mark survives mapping back to the original text
    rebuilt = matcher.rebuild([FINANCE])
    normalized = normalize("美國財政部")
    assert [h.foreign for h in rebuilt.match_with_offsets(normalized.text, normalized.offsets)] == ["United States"]


def test_a_country_name_inside_another_hit_is_no_prefix():
    bureau = Term(id=17, source="公安厅", target="Department of Public Security", category=Category.ORGANIZATION)
    mongolia = [Country("蒙古", "Mongolia")]
    hits = TermMatcher([bureau], [INNER_MONGOLIA], mongolia).match("内蒙古公安厅")
    assert [(h.target, h.foreign) for h in hits] == [("Inner Mongolia", ""), ("Department of Public Security", "")]
    assert [h.foreign for h in TermMatcher([bureau], [], mongolia).match("蒙古公安厅")] == ["Mongolia"]


def test_a_foreign_composite_title_is_marked_as_a_whole():
    matcher = TermMatcher([NDRC, HEAD, COMMISSION_HEAD], countries=COUNTRIES)
    [hit] = matcher.match("美国国家发展和改革委员会主任")
    assert hit.is_composite and hit.foreign == "United States"


def test_the_packaged_countries_load():
    countries = load_countries()
    english = {c.name: c.english for c in countries}
    assert english["美国"] == "United States" and english["欧盟"] == "European Union"
    assert len(english) == len(countries) >= 40
    assert "蒙古" not in english  # 内蒙古 would read as Mongolia
    places = {p.short for p in load_places()} | {p.name for p in load_places()}
    assert not places & set(english)
