"""Report totals over checked pairs."""

from service.quality.checks import ERROR, WARNING, Issue, PairScore
from service.quality.report import PairSummary, summarize


def scored(score, *codes_and_severities):
    return PairScore([Issue(code, severity, code) for code, severity in codes_and_severities], score)


def test_totals_mean_and_worst_first():
    report = summarize(
        [
            (1, scored(100.0)),
            (2, scored(70.0, ("number-missing", ERROR))),
            (3, scored(60.0, ("number-missing", ERROR), ("number-extra", WARNING))),
            (4, scored(90.0, ("length-ratio", WARNING))),
        ]
    )
    assert (report.pairs, report.pairs_with_issues) == (4, 3)
    assert report.by_code == {"length-ratio": 1, "number-extra": 1, "number-missing": 2}
    assert report.by_severity == {"error": 2, "warning": 2}
    assert report.mean_score == 80.0
    assert report.worst == [
        PairSummary(3, 60.0, ("number-extra", "number-missing")),
        PairSummary(2, 70.0, ("number-missing",)),
        PairSummary(4, 90.0, ("length-ratio",)),
    ]


def test_ties_put_more_issues_first_and_the_limit_applies():
    report = summarize(
        [
            ("a", scored(70.0, ("inconsistent", WARNING))),
            ("b", scored(70.0, ("inconsistent", WARNING), ("length-ratio", WARNING))),
        ],
        worst_limit=1,
    )
    assert [summary.key for summary in report.worst] == ["b"]


def test_an_empty_report_has_no_mean():
    report = summarize([])
    assert (report.pairs, report.mean_score, report.worst, report.by_code) == (0, None, [], {})
