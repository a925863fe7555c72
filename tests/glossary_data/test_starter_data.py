"""Checks on the curated data files: the starter glossary and the place names it composes with.

The files are read with the csv module alone, so a broken file is caught here even when the
loaders in `glossary` are lenient about it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import opencc
import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "glossary" / "data"
STARTER_PATH = DATA_DIR / "starter.csv"
PLACES_PATH = DATA_DIR / "places.csv"

STARTER_HEADER = [
    "source",
    "target",
    "category",
    "status",
    "variants",
    "forbidden",
    "note",
    "domain",
    "pattern",
    "admitted",
]
PLACES_HEADER = ["name", "short", "english", "level", "adjective", "parent", "admitted"]
REQUIRED_STARTER_FIELDS = ("source", "target", "category", "status", "note")
CATEGORIES = {"organization", "title", "political-phrase", "place", "law-document", "event", "other"}
STATUSES = {"approved", "proposed", "deprecated"}
COMPOSABLE_CATEGORIES = {"organization", "title"}
PATTERN_PLACEHOLDERS = {"place", "place_adj"}
LIST_SEPARATOR = " | "
MIN_STARTER_ENTRIES = 300
PROVINCIAL_LEVELS = {"province", "autonomous-region", "municipality", "sar"}
# Municipalities and SARs are cities themselves; provinces and autonomous regions have a capital.
LEVELS_WITH_CAPITAL = {"province", "autonomous-region"}

# The 34 provincial-level divisions and, for provinces and autonomous regions, their capitals.
PROVINCIAL_DIVISIONS = {
    "河北省": "石家庄市",
    "山西省": "太原市",
    "辽宁省": "沈阳市",
    "吉林省": "长春市",
    "黑龙江省": "哈尔滨市",
    "江苏省": "南京市",
    "浙江省": "杭州市",
    "安徽省": "合肥市",
    "福建省": "福州市",
    "江西省": "南昌市",
    "山东省": "济南市",
    "河南省": "郑州市",
    "湖北省": "武汉市",
    "湖南省": "长沙市",
    "广东省": "广州市",
    "海南省": "海口市",
    "四川省": "成都市",
    "贵州省": "贵阳市",
    "云南省": "昆明市",
    "陕西省": "西安市",
    "甘肃省": "兰州市",
    "青海省": "西宁市",
    "台湾省": "台北市",
    "内蒙古自治区": "呼和浩特市",
    "广西壮族自治区": "南宁市",
    "西藏自治区": "拉萨市",
    "宁夏回族自治区": "银川市",
    "新疆维吾尔自治区": "乌鲁木齐市",
    "北京市": None,
    "天津市": None,
    "上海市": None,
    "重庆市": None,
    "香港特别行政区": None,
    "澳门特别行政区": None,
}
GUANGDONG_PREFECTURE_CITIES = [
    "广州",
    "深圳",
    "珠海",
    "汕头",
    "佛山",
    "韶关",
    "河源",
    "梅州",
    "惠州",
    "汕尾",
    "东莞",
    "中山",
    "江门",
    "阳江",
    "湛江",
    "茂名",
    "肇庆",
    "清远",
    "潮州",
    "揭阳",
    "云浮",
]
LEVEL_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")

_t2s = opencc.OpenCC("t2s")
_TRADITIONAL = [opencc.OpenCC(config) for config in ("s2t", "s2hk", "s2tw")]
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a data file, decoded strictly as UTF-8."""
    text = path.read_bytes().decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    rows = [dict(zip(header, row, strict=True)) for row in reader]
    return header, rows


def is_traditional_form(variant: str, source: str) -> bool:
    """Folds back to the source, or is a regional standard form OpenCC writes for it (衞 in Hong Kong)."""
    return variant != source and (
        _t2s.convert(variant) == source or any(c.convert(source) == variant for c in _TRADITIONAL)
    )


def split_list(cell: str) -> list[str]:
    return cell.split(LIST_SEPARATOR) if cell else []


def is_well_formed_list(cell: str) -> bool:
    """Items joined by ' | ': none empty, none padded, no stray pipe, no repeats."""
    items = split_list(cell)
    return all(item and item == item.strip() and "|" not in item for item in items) and len(items) == len(set(items))


def pattern_is_valid(pattern: str) -> bool:
    """Only {place}/{place_adj}, at least one of them, and no brace outside a placeholder."""
    names = _PLACEHOLDER.findall(pattern)
    leftover = _PLACEHOLDER.sub("", pattern)
    return bool(names) and set(names) <= PATTERN_PLACEHOLDERS and "{" not in leftover and "}" not in leftover


@pytest.fixture(scope="module")
def starter() -> tuple[list[str], list[dict[str, str]]]:
    return read_csv(STARTER_PATH)


@pytest.fixture(scope="module")
def starter_rows(starter) -> list[dict[str, str]]:
    return starter[1]


@pytest.fixture(scope="module")
def places() -> tuple[list[str], list[dict[str, str]]]:
    return read_csv(PLACES_PATH)


@pytest.fixture(scope="module")
def places_by_name(places) -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in places[1]}


# ---- helpers ------------------------------------------------------------------------------


def test_list_cells_are_checked_for_empty_padded_and_repeated_items():
    assert is_well_formed_list("")
    assert is_well_formed_list("退役軍人事務廳 | 退役軍人事務廳（香港）")
    assert not is_well_formed_list("a |  b")
    assert not is_well_formed_list("a | ")
    assert not is_well_formed_list("a|b")
    assert not is_well_formed_list("a | a")


def test_traditional_forms_fold_back_or_are_regional_standard_forms():
    assert is_traditional_form("退役軍人事務廳", "退役军人事务厅")
    assert is_traditional_form("國家衞生健康委員會", "国家卫生健康委员会")
    assert not is_traditional_form("退役军人事务厅", "退役军人事务厅")
    assert not is_traditional_form("退役軍人事務局", "退役军人事务厅")


def test_patterns_are_checked_for_unknown_or_missing_placeholders():
    assert pattern_is_valid("{place_adj} Department of Veterans Affairs")
    assert pattern_is_valid("Governor of {place}")
    assert not pattern_is_valid("Governor")
    assert not pattern_is_valid("{province} Department")
    assert not pattern_is_valid("{place} Department}")
    assert not pattern_is_valid("{place:>10} Department")


# ---- starter.csv --------------------------------------------------------------------------


def test_starter_is_utf8_without_bom():
    raw = STARTER_PATH.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")


def test_starter_header_is_exact(starter):
    assert starter[0] == STARTER_HEADER


def test_starter_has_enough_entries(starter_rows):
    assert len(starter_rows) >= MIN_STARTER_ENTRIES


def test_starter_required_fields_are_filled_and_trimmed(starter_rows):
    for row in starter_rows:
        for field in (*REQUIRED_STARTER_FIELDS, "domain"):
            assert row[field].strip(), (row["source"], field)
            assert row[field] == row[field].strip(), (row["source"], field)


def test_starter_sources_are_unique_even_after_traditional_folding(starter_rows):
    sources = [_t2s.convert(row["source"]) for row in starter_rows]
    duplicates = sorted({source for source in sources if sources.count(source) > 1})
    assert duplicates == []


def test_starter_sources_are_simplified_chinese(starter_rows):
    for row in starter_rows:
        assert _t2s.convert(row["source"]) == row["source"], row["source"]
        assert re.search(r"[\u4e00-\u9fff]", row["source"]), row["source"]


def test_starter_targets_are_english(starter_rows):
    for row in starter_rows:
        assert not re.search(r"[\u3000-\u9fff\uff00-\uffef]", row["target"]), row["source"]


def test_starter_categories_and_statuses_are_allowed(starter_rows):
    for row in starter_rows:
        assert row["category"] in CATEGORIES, row["source"]
        assert row["status"] in STATUSES, row["source"]


def test_starter_covers_every_category_but_place_names(starter_rows):
    used = {row["category"] for row in starter_rows}
    assert CATEGORIES - used <= {"place"}


def test_starter_proposed_entries_say_why(starter_rows):
    for row in starter_rows:
        if row["status"] == "proposed":
            assert row["note"].lower().startswith("proposed"), row["source"]


def test_starter_variant_and_forbidden_lists_are_well_formed(starter_rows):
    for row in starter_rows:
        assert is_well_formed_list(row["variants"]), row["source"]
        assert is_well_formed_list(row["forbidden"]), row["source"]


def test_starter_variants_are_traditional_forms_of_the_source(starter_rows):
    for row in starter_rows:
        for variant in split_list(row["variants"]):
            assert is_traditional_form(variant, row["source"]), (row["source"], variant)


def test_starter_forbidden_never_contains_the_target(starter_rows):
    for row in starter_rows:
        forbidden = {item.casefold() for item in split_list(row["forbidden"])}
        assert row["target"].casefold() not in forbidden, row["source"]
        assert not re.search(r"[\u4e00-\u9fff]", row["forbidden"]), row["source"]


def test_starter_forbidden_is_never_another_entrys_target(starter_rows):
    """A rendering cannot be wrong for one term and required for another: checks would contradict."""
    targets = {row["target"].casefold() for row in starter_rows}
    for row in starter_rows:
        clashes = [item for item in split_list(row["forbidden"]) if item.casefold() in targets]
        assert clashes == [], row["source"]


def test_starter_patterns_use_only_place_placeholders(starter_rows):
    for row in starter_rows:
        if row["pattern"]:
            assert pattern_is_valid(row["pattern"]), (row["source"], row["pattern"])
            assert row["category"] in COMPOSABLE_CATEGORIES, row["source"]


def test_starter_patterns_compose_with_every_place(starter_rows, places):
    """Filling a pattern with any place gives plain text: no leftover braces, no doubled spaces."""
    patterns = [row["pattern"] for row in starter_rows if row["pattern"]]
    assert patterns
    for place in places[1]:
        for pattern in patterns:
            filled = pattern.format(place=place["english"], place_adj=place["adjective"])
            assert "{" not in filled and "  " not in filled and filled == filled.strip(), filled


def test_starter_covers_the_organs_of_the_seed_domain(starter_rows):
    by_source = {row["source"]: row for row in starter_rows}
    assert by_source["退役军人事务部"]["target"] == "Ministry of Veterans Affairs"
    assert "退役軍人事務廳" in split_list(by_source["退役军人事务厅"]["variants"])
    assert by_source["退役军人事务厅"]["pattern"] == "{place_adj} Department of Veterans Affairs"
    assert by_source["退役军人事务局"]["pattern"] == "{place_adj} Bureau of Veterans Affairs"
    assert by_source["省长"]["pattern"] == "Governor of {place}"
    assert by_source["市长"]["pattern"] == "Mayor of {place}"


# ---- places.csv ---------------------------------------------------------------------------


def test_places_is_utf8_without_bom():
    raw = PLACES_PATH.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")


def test_places_header_is_exact(places):
    assert places[0] == PLACES_HEADER


def test_places_rows_are_complete_and_unique(places):
    names = [row["name"] for row in places[1]]
    assert len(names) == len(set(names))
    for row in places[1]:
        for field in ("name", "short", "english", "level", "adjective"):
            assert row[field].strip() and row[field] == row[field].strip(), (row["name"], field)
        assert not re.search(r"[\u4e00-\u9fff]", row["english"] + row["adjective"]), row["name"]


def test_places_short_name_drops_the_level_suffix(places):
    for row in places[1]:
        suffix = row["name"][len(row["short"]) :]
        assert row["name"].startswith(row["short"]) and suffix in LEVEL_SUFFIXES, row["name"]


def test_places_hold_all_34_provincial_divisions(places):
    provincial = {row["name"]: row for row in places[1] if row["level"] in PROVINCIAL_LEVELS}
    assert set(provincial) == set(PROVINCIAL_DIVISIONS)
    levels = [row["level"] for row in provincial.values()]
    assert (levels.count("province"), levels.count("autonomous-region")) == (23, 5)
    assert (levels.count("municipality"), levels.count("sar")) == (4, 2)
    assert all(not row["parent"] for row in provincial.values())


def test_places_hold_every_capital_under_its_division(places_by_name):
    for division, capital in PROVINCIAL_DIVISIONS.items():
        if places_by_name[division]["level"] not in LEVELS_WITH_CAPITAL:
            assert capital is None
            continue
        assert places_by_name[capital]["level"] == "city", capital
        assert places_by_name[capital]["parent"] == division, capital


def test_places_hold_guangdong_prefecture_cities(places_by_name):
    for short in GUANGDONG_PREFECTURE_CITIES:
        city = places_by_name[short + "市"]
        assert (city["short"], city["level"], city["parent"]) == (short, "city", "广东省")


def test_places_parents_exist_and_are_provincial(places, places_by_name):
    for row in places[1]:
        if row["parent"]:
            assert places_by_name[row["parent"]]["level"] in PROVINCIAL_LEVELS, row["name"]


def test_places_adjectives_follow_the_level(places):
    endings = {
        "province": " Provincial",
        "autonomous-region": " Autonomous Regional",
        "municipality": " Municipal",
        "city": " Municipal",
        "sar": " Special Administrative Region",
    }
    for row in places[1]:
        assert row["adjective"].endswith(endings[row["level"]]), row["name"]
        assert row["adjective"].startswith(row["english"]), row["name"]


def test_the_official_alternative_forms_are_admitted_renderings(starter_rows):
    """The official English of the 2018 Constitution writes these forms beside the ones the organs' sites use."""
    admitted = {row["source"]: row["admitted"] for row in starter_rows}
    assert admitted["全国人民代表大会常务委员会"] == "National People's Congress Standing Committee"
    assert admitted["国家监察委员会"] == "National Commission of Supervision"
