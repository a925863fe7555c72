"""The pure helpers behind the pages: diffs, the conflict comparison, highlighting, charts, import plans."""

from __future__ import annotations

from glossary.model import Category, Status, Term
from service.http.web.accounts import attempt_key
from service.http.web.assist_view import segment_views, term_tooltip
from service.http.web.auth import safe_next
from service.http.web.charts import issue_bars, score_histogram
from service.http.web.highlight import Run, mark_runs
from service.http.web.import_plan import CREATE, UNCHANGED, UPDATE, detect_format, plan_import
from service.http.web.term_compare import compare_terms
from service.http.web.text_diff import DiffRun, char_diff


def test_char_diff_rebuilds_both_strings():
    old, new = "退役军人事务厅", "退役军人事务局长"
    runs = char_diff(old, new)
    assert "".join(r.text for r in runs if r.op != "insert") == old
    assert "".join(r.text for r in runs if r.op != "delete") == new
    assert DiffRun("delete", "厅") in runs and DiffRun("insert", "局长") in runs


def test_char_diff_of_equal_strings_is_one_equal_run():
    assert char_diff("广东", "广东") == [DiffRun("equal", "广东")]


def test_compare_terms_flags_only_changed_fields_and_ignores_blank_list_lines():
    mine = {
        "source": "退役军人事务厅",
        "target": "Department of Veterans Affairs",
        "variants": ["退役軍人事務廳", ""],
        "forbidden": [],
        "category": "organization",
        "status": "approved",
        "note": "mine",
        "domain": "",
        "pattern": "",
    }
    current = dict(mine, variants=["退役軍人事務廳"], note="theirs", version=3)
    rows = {r.name: r for r in compare_terms(mine, current)}
    assert [name for name, r in rows.items() if r.differs] == ["note"]
    assert rows["note"].runs and rows["source"].runs == []
    assert rows["variants"].mine == "退役軍人事務廳\n"


def test_mark_runs_keeps_leftmost_longest_and_covers_text_once():
    text = "全省退役军人事务局长会议"
    hits = [
        {"start": 12, "end": 18, "id": "a"},
        {"start": 12, "end": 20, "id": "long"},
        {"start": 14, "end": 16, "id": "inside"},
        {"start": 30, "end": 40, "id": "outside"},
    ]
    runs = mark_runs(text, hits, base=10)
    assert "".join(r.text for r in runs) == text
    marked = [(r.text, r.hit["id"]) for r in runs if r.hit]
    assert marked == [("退役军人事务局长", "long")]
    assert runs[0] == Run("全省")


def test_issue_bars_are_proportional_and_sorted():
    chart = issue_bars({"term-missing": 4, "number-mismatch": 8, "untranslated": 2})
    assert [b.label for b in chart.bars] == ["number-mismatch", "term-missing", "untranslated"]
    widths = [b.width for b in chart.bars]
    assert widths[0] == 2 * widths[1] == 4 * widths[2]
    assert chart.maximum == 8


def test_score_histogram_scales_bars_to_the_fullest_band():
    chart = score_histogram([3, 1, 0, 0, 0, 1, 0, 0, 0, 6])
    assert [b.value for b in chart.bars] == [3, 1, 0, 0, 0, 1, 0, 0, 0, 6]
    assert [b.label for b in chart.bars][:2] == ["0–10", "10–20"]
    tallest = chart.bars[-1]
    assert tallest.y == 18 and tallest.y + tallest.height == chart.height - 24
    assert chart.bars[0].height == tallest.height / 2


def test_score_histogram_of_nothing_is_flat():
    chart = score_histogram([0] * 10)
    assert chart.maximum == 0 and all(b.height == 0 for b in chart.bars)


def test_plan_import_classifies_against_normalized_sources():
    stored = {
        "退役军人事务厅": {
            "id": 7,
            "source": "退役军人事务厅",
            "target": "Department of Veterans Affairs",
            "category": "organization",
            "status": "approved",
            "variants": [],
            "forbidden": [],
            "note": "",
            "domain": "",
            "pattern": "",
        },
        "广东省": {
            "id": 8,
            "source": "广东省",
            "target": "Guangdong Province",
            "category": "place",
            "status": "approved",
            "variants": [],
            "forbidden": [],
            "note": "",
            "domain": "",
            "pattern": "",
        },
    }
    incoming = [
        Term(
            source="退役軍人事務廳",
            target="Department of Veterans Affairs",
            category=Category.ORGANIZATION,
            status=Status.APPROVED,
        ),
        Term(source="广东省", target="Guangdong Province", category=Category.PLACE, status=Status.APPROVED),
        Term(source="高质量发展", target="high-quality development", category=Category.POLITICAL_PHRASE),
    ]
    plan = plan_import(incoming, stored)
    assert [(p.action, p.term_id) for p in plan] == [(UPDATE, 7), (UNCHANGED, 8), (CREATE, None)]
    assert [c.name for c in plan[0].changes] == ["source"]


def test_detect_format_prefers_the_choice_then_the_extension():
    assert detect_format("terms.CSV", "auto") == "csv"
    assert detect_format("terms.tbx", "auto") == "tbx"
    assert detect_format("terms.txt", "csv") == "csv"
    assert detect_format("glossary.txt", "auto") == "tsv"  # OmegaT's glossary file
    assert detect_format("terms.dat", "auto") is None


def test_segment_views_map_document_offsets_and_context():
    result = {
        "segments": [
            {"index": 0, "start": 0, "end": 5, "text": "作者:本网", "noise": "metadata", "terms": [], "matches": []},
            {
                "index": 1,
                "start": 5,
                "end": 13,
                "text": "省退役军人事务厅",
                "normalized": "省退役军人事务厅",
                "noise": None,
                "terms": [
                    {
                        "start": 6,
                        "end": 13,
                        "source": "退役军人事务厅",
                        "target": "DVA",
                        "status": "approved",
                        "forbidden": ["Veterans Bureau"],
                    }
                ],
                "matches": [
                    {"score": 88, "kind": "fuzzy", "source": "市退役军人事务局", "target": "Bureau", "segment_id": 4}
                ],
                "draft": "Provincial DVA",
            },
            {"index": 2, "start": 13, "end": 17, "text": "会议召开", "noise": None, "terms": [], "matches": []},
        ]
    }
    views = segment_views(result)
    assert views[0].noise == "metadata"
    middle = views[1]
    assert [(r.text, bool(r.hit)) for r in middle.runs] == [("省", False), ("退役军人事务厅", True)]
    assert middle.context_before == "" and middle.context_after == "会议召开"
    assert views[2].context_before == "省退役军人事务厅"
    diff = middle.matches[0].diff
    assert "".join(r.text for r in diff if r.op != "insert") == "市退役军人事务局"
    assert "".join(r.text for r in diff if r.op != "delete") == "省退役军人事务厅"
    assert term_tooltip(middle.runs[1].hit) == "退役军人事务厅 → DVA; do not use: Veterans Bureau"


def test_safe_next_only_allows_local_paths():
    assert safe_next("/glossary?q=x") == "/glossary?q=x"
    assert safe_next("/glossary/new?") == "/glossary/new"
    for bad in ("https://evil.example/", "//evil.example/x", "glossary", "/\\evil.example", "", None):
        assert safe_next(bad) == ""


def test_attempt_key_folds_case_and_includes_the_address():
    assert attempt_key(" Editor ", "10.0.0.1") == attempt_key("editor", "10.0.0.1")
    assert attempt_key("editor", "10.0.0.1") != attempt_key("editor", "10.0.0.2")


def test_readable_diff_replaces_unrelated_words_whole():
    from service.http.web.text_diff import readable_diff

    assert readable_diff("theirs", "mine") == [DiffRun("delete", "theirs"), DiffRun("insert", "mine")]
    assert readable_diff("", "new") == [DiffRun("insert", "new")]
    assert readable_diff("saved first", "saved second") == [
        DiffRun("equal", "saved "),
        DiffRun("delete", "first"),
        DiffRun("insert", "second"),
    ]
    assert readable_diff("退役军人事务厅", "退役军人事务局") == char_diff("退役军人事务厅", "退役军人事务局")


def test_char_diff_shows_the_api_diff_of_a_match():
    from service.memory.match import char_diff as api_diff

    old, new = "我的家乡", "他的故乡"
    assert char_diff(old, new) == [DiffRun("delete", "我的家"), DiffRun("insert", "他的故"), DiffRun("equal", "乡")]
    assert api_diff(old, new)[0]["op"] == "replace" and api_diff(old, new)[0]["text_a"] == "我的家"
