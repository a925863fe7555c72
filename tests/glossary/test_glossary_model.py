"""Term validation: one rule per test, each failing without the rule."""

import dataclasses

import pytest

from glossary.model import Category, FieldError, Status, Term, validate_term, validate_terms


def term(**changes) -> Term:
    base = Term(
        source="退役军人事务厅",
        target="Department of Veterans Affairs",
        category=Category.ORGANIZATION,
        status=Status.APPROVED,
        variants=("退役軍人事務廳",),
        forbidden=("Veterans Affairs Office",),
        pattern="{place_adj} Department of Veterans Affairs",
    )
    return dataclasses.replace(base, **changes)


def fields(errors):
    return [error.field for error in errors]


def test_valid_term_has_no_errors():
    assert validate_term(term()) == []


def test_defaults_make_a_minimal_term_valid():
    minimal = Term(source="高质量发展", target="high-quality development")
    assert minimal.category is Category.OTHER and minimal.status is Status.PROPOSED
    assert minimal.id is None and minimal.version == 1
    assert validate_term(minimal) == []


def test_enums_use_the_wire_values():
    assert [c.value for c in Category] == [
        "organization",
        "title",
        "political-phrase",
        "place",
        "law-document",
        "event",
        "other",
    ]
    assert [s.value for s in Status] == ["proposed", "approved", "deprecated"]


@pytest.mark.parametrize("source", ["", "   ", "\u3000"])
def test_empty_source_rejected(source):
    assert fields(validate_term(term(source=source))) == ["source"]


@pytest.mark.parametrize("target", ["", " \t "])
def test_empty_target_rejected(target):
    assert fields(validate_term(term(target=target, forbidden=()))) == ["target"]


@pytest.mark.parametrize("source", ["，。", "——", "※★", "()"])
def test_punctuation_only_source_rejected(source):
    errors = validate_term(term(source=source, variants=()))
    assert fields(errors) == ["source"]
    assert "punctuation" in errors[0].message


def test_target_equal_to_forbidden_rendering_rejected_case_and_space_insensitively():
    errors = validate_term(term(forbidden=("department  of veterans\taffairs",)))
    assert errors == [FieldError("forbidden", "the target is listed among its own forbidden renderings")]


def test_variant_equal_to_source_rejected():
    assert fields(validate_term(term(variants=("退役军人事务厅",)))) == ["variants"]


def test_traditional_variant_normalizing_to_source_is_fine():
    assert validate_term(term(variants=("退役軍人事務廳",))) == []


def test_variant_with_list_separator_rejected():
    assert fields(validate_term(term(variants=("a|b",)))) == ["variants"]


def test_unknown_category_and_status_rejected():
    errors = validate_term(term(category="ministry", status="final"))
    assert "category" in fields(errors) and "status" in fields(errors)


def test_plain_string_values_of_known_enums_accepted():
    assert validate_term(term(category="organization", status="approved")) == []


def test_unknown_pattern_placeholder_rejected():
    errors = validate_term(term(pattern="{city} Department of Veterans Affairs"))
    assert fields(errors) == ["pattern"]
    assert "{city}" in errors[0].message


def test_malformed_pattern_rejected():
    assert fields(validate_term(term(pattern="{place Department"))) == ["pattern"]


def test_pattern_without_placeholder_rejected():
    assert fields(validate_term(term(pattern="Department of Veterans Affairs"))) == ["pattern"]


def test_pattern_only_on_organizations_and_titles():
    assert validate_term(term(category=Category.TITLE, pattern="Mayor of {place}")) == []
    assert fields(validate_term(term(category=Category.EVENT))) == ["pattern"]


def test_overlong_source_and_target_rejected():
    assert fields(validate_term(term(source="国" * 201, variants=()))) == ["source"]
    assert validate_term(term(source="国" * 200, variants=())) == []
    assert fields(validate_term(term(target="a" * 501))) == ["target"]
    assert validate_term(term(target="a" * 500)) == []


def test_batch_flags_duplicate_sources_after_normalization():
    batch = [term(), term(source="退役軍人事務廳", variants=()), term(source="副局长", pattern="", variants=())]
    problems = validate_terms(batch)
    assert [(index, error.field) for index, error in problems] == [(1, "source")]
    assert "entry 0" in problems[0][1].message


def test_batch_reports_per_term_errors_with_their_index():
    problems = validate_terms([term(), term(source="副局长", target="", forbidden=(), variants=(), pattern="")])
    assert [(index, error.field) for index, error in problems] == [(1, "target")]


def test_admitted_renderings_are_valid_beside_the_target():
    assert validate_term(term(admitted=("Veterans Affairs Department", "Department for Veterans"))) == []


@pytest.mark.parametrize(
    ("admitted", "message"),
    [
        (("department of veterans  affairs",), "repeats the target"),
        (("Veterans Department", "veterans department"), "is listed twice"),
        (("Veterans Affairs Office",), "both admitted and forbidden"),
        (("",), "may not contain empty entries"),
        (("a | b",), "the list separator"),
    ],
)
def test_admitted_rules(admitted, message):
    errors = validate_term(term(admitted=admitted))
    assert fields(errors) == ["admitted"] and message in errors[0].message


def test_admitted_must_be_a_tuple_of_strings():
    assert fields(validate_term(term(admitted=["x"]))) == ["admitted"]
