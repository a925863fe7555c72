import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.text.placeables import find_placeables


def found(text):
    return [(p.text, p.kind) for p in find_placeables(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024年1月25日召开", [("2024年1月25日", "date")]),
        ("1月18日至19日，", [("1月18日", "date"), ("19日", "date")]),
        ("时间：2024-01-25 点击", [("2024-01-25", "date")]),
        ("发布于2024/1/5 10:30。", [("2024/1/5 10:30", "date")]),
        ("总结2023年工作", [("2023年", "date")]),
        ("2024年3月起", [("2024年3月", "date")]),
        ("二〇二四年一月", [("二〇二四年一月", "date")]),
    ],
)
def test_dates(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("增长5%", [("5%", "percent")]),
        ("增长5.2％，", [("5.2％", "percent")]),
        ("占百分之五", [("百分之五", "percent")]),
        ("提高3.5个百分点", [("3.5个百分点", "percent")]),
    ],
)
def test_percents(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.2万人", [("1.2万", "number")]),
        ("共75人参加", [("75", "number")]),
        ("1,000元", [("1,000", "number")]),
        ("12.5亿元", [("12.5亿", "number")]),
        ("落实“1+1+12”工作布局", [("1", "number"), ("1", "number"), ("12", "number")]),
        ("G20峰会", []),
    ],
)
def test_numbers(text, expected):
    assert found(text) == expected


def test_urls_emails_and_filenames():
    text = "详见 https://www.gov.cn/a/b.html。联系 office@mva.gov.cn 或 www.example.org，附件 _84A8693(1)(1).png"
    assert found(text) == [
        ("https://www.gov.cn/a/b.html", "url"),
        ("office@mva.gov.cn", "email"),
        ("www.example.org", "url"),
        ("_84A8693(1)(1).png", "filename"),
    ]


def test_file_names_of_documents():
    assert found("下载 report_2024.docx 与 Plan-v2.PDF") == [
        ("report_2024.docx", "filename"),
        ("Plan-v2.PDF", "filename"),
    ]


def test_offsets_point_into_text_and_are_sorted_without_overlap():
    text = "2024年1月25日，增长5.2%，投入12.5亿元，见 http://x.cn/1.pdf"
    spans = find_placeables(text)
    assert [text[p.start : p.end] for p in spans] == [p.text for p in spans]
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    assert [p.kind for p in spans] == ["date", "percent", "number", "url"]


def test_plain_text_has_no_placeables():
    assert find_placeables("全省退役军人事务局长会议召开") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("共١٢٣人", [("١٢٣", "number")]),  # any decimal digit counts, not only ASCII ones
        ("第３条", [("３", "number")]),
        ("二〇二四年一月", [("二〇二四年一月", "date")]),  # a date without a single digit
        ("占百分之五", [("百分之五", "percent")]),
        ("WWW.GOV.CN首页", [("WWW.GOV.CN", "url")]),
        ("见http://localhost:8080/a", [("http://localhost:8080/a", "url")]),  # a URL without a dot
        ("邮件a@b.cn", [("a@b.cn", "email")]),
        ("会议召开，部署工作任务", []),
    ],
)
def test_every_kind_is_found_whatever_characters_it_is_written_with(text, expected):
    assert found(text) == expected


# The rules as plainly written (one regex per kind, every kind tried on every text): the
# placeables found must be exactly theirs, whatever shortcuts find_placeables takes.
_CN_DIGIT = "〇零一二三四五六七八九"
_CN_NUMERAL = "〇零一二三四五六七八九十百千万亿两点"
_NOT_AFTER = r"(?<![A-Za-z0-9_.,])"
_NOT_BEFORE = r"(?![A-Za-z0-9_])"
_TIME = r"(?:\s?\d{1,2}:\d{2}(?::\d{2})?)?"
PLAIN_RULES = [
    ("url", re.compile(r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+", re.IGNORECASE)),
    (
        "email",
        re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"),
    ),
    (
        "filename",
        re.compile(
            r"(?<![A-Za-z0-9_\-.()~])[A-Za-z0-9_\-()~]+(?:\.[A-Za-z0-9_\-()~]+)*"
            r"\.(?:png|jpe?g|gif|webp|bmp|tiff?|svg|pdf|docx?|xlsx?|pptx?|wps|ofd|txt|zip|rar|7z)(?![A-Za-z0-9])",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            "|".join(
                [
                    _NOT_AFTER + r"\d{4}年\d{1,2}月\d{1,2}[日号]",
                    _NOT_AFTER + r"\d{4}年\d{1,2}月",
                    _NOT_AFTER + r"\d{1,2}月\d{1,2}[日号]",
                    _NOT_AFTER + r"\d{4}-\d{1,2}-\d{1,2}" + _TIME + _NOT_BEFORE,
                    _NOT_AFTER + r"\d{4}/\d{1,2}/\d{1,2}" + _TIME + _NOT_BEFORE,
                    _NOT_AFTER + r"\d{4}\.\d{1,2}\.\d{1,2}" + _NOT_BEFORE,
                    _NOT_AFTER + r"\d{4}年",
                    _NOT_AFTER + r"\d{1,2}月",
                    _NOT_AFTER + r"\d{1,2}[日号]",
                    rf"[{_CN_DIGIT}]{{4}}年(?:[{_CN_NUMERAL}]{{1,2}}月(?:[{_CN_NUMERAL}]{{1,3}}日)?)?",
                ]
            )
        ),
    ),
    (
        "percent",
        re.compile(
            _NOT_AFTER
            + r"[-+]?\d+(?:\.\d+)?\s?[%％]"
            + "|"
            + rf"百分之[{_CN_NUMERAL}]+"
            + "|"
            + _NOT_AFTER
            + r"\d+(?:\.\d+)?个百分点"
        ),
    ),
    ("number", re.compile(_NOT_AFTER + r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万亿|万|亿)?" + _NOT_BEFORE)),
]


def plainly_found(text):
    candidates = []
    for rank, (kind, pattern) in enumerate(PLAIN_RULES):
        for match in pattern.finditer(text):
            start, end = match.span()
            if kind == "url":
                end = start + len(match.group().rstrip(".,;:!?'"))
            if end > start:
                candidates.append((start, -(end - start), rank))
    found, covered_until = [], 0
    for start, negative_length, rank in sorted(candidates):
        if start >= covered_until:
            found.append((start, start - negative_length, PLAIN_RULES[rank][0]))
            covered_until = start - negative_length
    return found


PLACEABLE_PIECES = [
    "0",
    "1",
    "2",
    "12",
    "2024",
    "١",
    "３",
    ".",
    ",",
    ":",
    "/",
    "-",
    "+",
    "%",
    "％",
    " ",
    "年",
    "月",
    "日",
    "号",
    "百分之",
    "个百分点",
    "万",
    "亿",
    "〇",
    "二",
    "十",
    "点",
    "今年",
    "二〇二四",
    "a",
    "G",
    "x",
    "_",
    "@",
    "~",
    "(",
    ")",
    "www.",
    "WWW.",
    "http://",
    "ftp://",
    ".png",
    ".PDF",
    ".docx",
    ".7z",
    "b.cn",
    "10:30",
    "会议",
    "。",
    "!",
    "'",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PLACEABLE_PIECES), max_size=25).map("".join))
def test_placeables_are_those_of_the_plain_rules(text):
    assert [(p.start, p.end, p.kind) for p in find_placeables(text)] == plainly_found(text)
