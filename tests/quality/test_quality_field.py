"""The field measurement of the checks (service.quality.field): flags, labels, precision, injected faults."""

from __future__ import annotations

import pytest

from glossary.matcher import TermMatcher
from glossary.model import Category, Status, Term
from service.quality import field

MATCHER = TermMatcher(
    [
        Term(
            source="国务院",
            target="State Council",
            category=Category.ORGANIZATION,
            status=Status.APPROVED,
            forbidden=("State Department",),
        ),
        Term(
            source="全国人民代表大会",
            target="National People's Congress",
            category=Category.ORGANIZATION,
            status=Status.APPROVED,
        ),
    ]
)
PAIRS = [
    field.RealPair("a.tsv", 1, "国务院即中央人民政府。", "The State Council is the Central People's Government."),
    field.RealPair(
        "a.tsv",
        2,
        "第六十二条　全国人民代表大会行使下列职权：",
        "Article 62 The National People's Congress exercises the following functions:",
    ),
    field.RealPair("a.tsv", 3, "全国人民代表大会每届任期五年。", "The term of office of the NPC is five years."),
    field.RealPair("b.tsv", 1, "本法自2024年1月1日起施行。", "This Law shall go into effect on January 1, 2025."),
]


def test_pairs_are_read_from_tab_separated_files_with_their_line(tmp_path):
    (tmp_path / "x.tsv").write_text("中文\tEnglish\n\n只有中文\n中\tE\n", encoding="utf-8")
    assert field.read_pairs([tmp_path / "x.tsv"]) == [
        field.RealPair("x.tsv", 1, "中文", "English"),
        field.RealPair("x.tsv", 4, "中", "E"),
    ]


def test_flags_are_one_per_check_and_pair_with_rates_per_hundred_pairs():
    flags = field.flags_of(PAIRS, field.check_all(PAIRS, MATCHER))
    keys = {f.key for f in flags}
    assert ("a.tsv", 3, "term-missing") in keys  # "NPC" is not the approved rendering
    assert ("b.tsv", 1, "number-missing") in keys or ("b.tsv", 1, "number-extra") in keys  # 2024 → 2025
    assert ("a.tsv", 1, "term-missing") not in keys and ("a.tsv", 2, "number-extra") not in keys
    assert len(keys) == len(flags)
    rates = field.flag_rates(flags, len(PAIRS))
    assert rates["term-missing"] == pytest.approx(100 * sum(f.code == "term-missing" for f in flags) / 4)


def test_precision_counts_only_labelled_error_or_warning_flags(tmp_path):
    labels_file = tmp_path / "labels.tsv"
    labels_file.write_text(
        "file\tline\tcode\tmessage\tverdict\treason\n"
        "a.tsv\t3\tterm-missing\tnpc\tfalse\tNPC is the official short form\n"
        "b.tsv\t1\tnumber-missing\tyear\ttrue\tthe year was changed\n"
        "b.tsv\t1\tnumber-extra\tyear\ttrue\tthe year was changed\n",
        encoding="utf-8",
    )
    labels = field.read_labels(labels_file)
    flags = [
        field.Flag("a.tsv", 3, "term-missing", "error", "npc"),
        field.Flag("b.tsv", 1, "number-missing", "error", "year"),
        field.Flag("a.tsv", 9, "term-missing", "error", "npc"),
        field.Flag("a.tsv", 1, "length-ratio", "info", ""),
    ]
    result = field.precision(flags, labels)
    assert (result["term-missing"].labelled, result["term-missing"].true) == (1, 0)
    assert result["number-missing"].value == 1.0 and result["length-ratio"].value is None
    assert field.unlabelled(flags, labels) == [flags[2]]


def test_a_label_counts_only_for_the_flag_it_was_given_to(tmp_path):
    """A check that now flags something else on a labelled pair is not credited with the old verdict; a pair and
    check may carry one label per message, and a length-ratio label survives a change of its z statistic."""
    labels_file = tmp_path / "labels.tsv"
    labels_file.write_text(
        "file\tline\tcode\tmessage\tverdict\treason\n"
        "a.tsv\t1\tterm-missing\t“民生” should be rendered “people's wellbeing”\tfalse\tlivelihood is accepted\n"
        "a.tsv\t1\tterm-missing\t“伟大复兴” should be rendered “great rejuvenation”\ttrue\tgreat is dropped\n"
        "a.tsv\t2\tlength-ratio\tthe translation is unusually short for its source\ttrue\thalf is missing\n",
        encoding="utf-8",
    )
    labels = field.read_labels(labels_file)
    other = field.Flag("a.tsv", 1, "term-missing", "error", "“主任” should be rendered “Director”")
    rejuvenation = field.Flag("a.tsv", 1, "term-missing", "error", "“伟大复兴” should be rendered “great rejuvenation”")
    short = field.Flag(
        "a.tsv", 2, "length-ratio", "warning", "the translation is unusually short for its source (z = -4.2)"
    )
    assert field.label_for(labels, other) is None
    assert field.label_for(labels, rejuvenation).verdict is True
    assert field.label_for(labels, short).reason == "half is missing"
    assert field.precision([other, rejuvenation], labels)["term-missing"].labelled == 1


def test_a_flag_carries_the_message_of_its_most_severe_issue():
    from service.quality.checks import Issue

    pair = field.RealPair("a.tsv", 1, "连任一届，人口在二百五十万以上", "re-elected to a second term")
    issues = [
        Issue("number-missing", "info", "ordinal “一届” is not carried over to the translation"),
        Issue("number-missing", "error", "number “二百五十万” is not carried over to the translation"),
    ]
    [flag] = field.flags_of([pair], [issues])
    assert flag.severity == "error" and "二百五十万" in flag.message


def test_a_label_must_say_true_or_false(tmp_path):
    bad = tmp_path / "labels.tsv"
    bad.write_text("file\tline\tcode\tverdict\treason\na.tsv\t1\tterm-missing\tmaybe\t?\n", encoding="utf-8")
    with pytest.raises(ValueError, match="verdict must be true or false"):
        field.read_labels(bad)


def test_each_injected_fault_is_in_a_real_pair_and_caught_by_its_check():
    faults = field.inject(PAIRS, MATCHER, per_kind=10, seed=1)
    kinds = {f.kind for f in faults}
    assert kinds == {"number", "term-removed", "term-forbidden", "untranslated"}  # too short to truncate
    forbidden = next(f for f in faults if f.kind == "term-forbidden")
    assert "State Department" in forbidden.pair.target and forbidden.pair.source == PAIRS[0].source
    number = next(f for f in faults if f.kind == "number")
    assert number.pair.target != next(
        p.target for p in PAIRS if p.line == number.pair.line and p.file == number.pair.file
    )
    result = field.recall(faults, MATCHER, None)
    assert result["truncated"].injected == 0
    assert all(r.value == 1.0 for kind, r in result.items() if kind != "truncated"), result


def test_injection_is_repeatable_with_its_seed():
    assert field.inject(PAIRS, MATCHER, seed=3) == field.inject(PAIRS, MATCHER, seed=3)


def test_a_removed_rendering_is_removed_wherever_the_english_writes_it():
    twice = field.RealPair(
        "c.tsv",
        1,
        "国务院领导各部委，国务院对全国人民代表大会负责。",
        "The State Council directs the ministries; the State Council is responsible to the NPC.",
    )
    faults = [f for f in field.inject([twice], MATCHER, seed=2) if f.kind == "term-removed"]
    assert faults and all("State Council" not in f.pair.target for f in faults)


def test_a_truncated_english_keeps_its_first_half_and_is_caught_on_the_real_pairs():
    from pathlib import Path

    from service.quality.checks import LengthStats

    real = field.read_pairs(sorted(Path("tests/data/real").glob("official-constitution.tsv")))
    stats = LengthStats.from_pairs((p.source, p.target) for p in real)
    faults = [f for f in field.inject(real, MATCHER, per_kind=50, seed=3) if f.kind == "truncated"]
    assert len(faults) == 50
    for fault in faults:
        original = next(p for p in real if p.line == fault.pair.line)
        words = original.target.split()
        assert len(words) >= 16 and fault.pair.target == " ".join(words[: len(words) // 2])
    caught = field.recall(faults, MATCHER, stats)["truncated"]
    assert caught.injected == 50 and 0 < caught.caught < 50  # length alone catches some halvings, not all


@pytest.mark.parametrize("folder", ["tests/data/real", "tests/data/real/heldout"])
def test_every_flag_on_the_real_pairs_is_labelled(folder):
    """The precision figures stand on labels: a rule change that raises a new flag (or changes its message) on
    the real pairs needs that flag looked at and labelled, or the figures would quietly count fewer flags."""
    from pathlib import Path

    from glossary.starter import load_starter
    from service.application.glossary import GlossaryState

    root = Path(folder)
    labels = field.read_labels(root / "labels.tsv")
    pairs = field.read_pairs(sorted(f for f in root.glob("*.tsv") if f.name != "labels.tsv"))
    matcher = GlossaryState().index.ensure("starter", load_starter)
    flags = field.flags_of(pairs, field.check_all(pairs, matcher))
    assert len(pairs) > 700
    assert field.unlabelled(flags, labels) == []
    assert sum(len(given) for given in labels.values()) >= (300 if folder == "tests/data/real" else 20)
