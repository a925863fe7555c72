"""Glossary CSV: header aliases, per-line errors, formula neutralization, byte-exact round trips."""

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.model import Category, Status, Term
from service.formats.glossary_csv import COLUMNS, neutralize_formula, read_csv, restore_formula, write_csv
from service.formats.results import LineError

HEADER = ",".join(COLUMNS[:-1]) + "\n"  # as files were written before the admitted column
DVA = Term(
    source="退役军人事务厅",
    target="Department of Veterans Affairs",
    category=Category.ORGANIZATION,
    status=Status.APPROVED,
    variants=("退役軍人事務廳",),
    forbidden=("Veterans Affairs Office", "Veterans Bureau"),
    note="provincial organ",
    domain="veterans",
    pattern="{place_adj} Department of Veterans Affairs",
)


def test_reads_a_full_row():
    data = HEADER + (
        "退役军人事务厅,Department of Veterans Affairs,organization,approved,"
        "退役軍人事務廳,Veterans Affairs Office | Veterans Bureau,provincial organ,veterans,"
        "{place_adj} Department of Veterans Affairs\n"
    )
    result = read_csv(data)
    assert result.errors == [] and result.ok
    assert result.terms == [DVA]


def test_admitted_column_is_read_as_a_list():
    data = (
        ",".join(COLUMNS)
        + "\n"
        + (
            "国家监察委员会,National Supervisory Commission,organization,approved,,,,,,"
            "National Commission of Supervision | State Supervisory Commission\n"
        )
    )
    result = read_csv(data)
    assert result.errors == []
    assert result.terms[0].admitted == ("National Commission of Supervision", "State Supervisory Commission")


def test_files_without_the_admitted_column_still_read():
    assert COLUMNS[-1] == "admitted"  # appended: older files keep every other column where it was
    result = read_csv(HEADER + "发展,development,other,approved,,,,,\n")
    assert result.errors == [] and result.terms[0].admitted == ()


def test_admitted_column_aliases_and_validation():
    result = read_csv("source,target,admitted renderings\n安置,resettlement,resettlement | placement\n")
    assert result.terms == [] and "admitted: 'resettlement' repeats the target" in result.errors[0].message
    result = read_csv("source,target,also accepted,forbidden\n安置,resettlement,placement,placement\n")
    assert result.terms == [] and "both admitted and forbidden" in result.errors[0].message


def test_bom_and_bytes_accepted():
    data = ("\ufeff" + HEADER + "副局长,Deputy Director-General,title,approved,,,,,\n").encode("utf-8")
    assert [term.source for term in read_csv(data).terms] == ["副局长"]


def test_missing_optional_columns_take_defaults():
    result = read_csv("source,target\n高质量发展,high-quality development\n")
    [term] = result.terms
    assert (term.category, term.status, term.variants) == (Category.OTHER, Status.PROPOSED, ())


def test_header_aliases_from_other_tools():
    result = read_csv("Term,Translation,Description\n共同富裕,common prosperity,policy goal\n")
    assert result.errors == []
    assert (result.terms[0].source, result.terms[0].target, result.terms[0].note) == (
        "共同富裕",
        "common prosperity",
        "policy goal",
    )
    assert read_csv("zh_CN,en,comment\n共同富裕,common prosperity,x\n").terms[0].target == "common prosperity"


def test_columns_of_other_tools_without_meaning_are_ignored_silently():
    result = read_csv("location,source,target,context,developer_comments\nx,共同富裕,common prosperity,c,note\n")
    assert result.errors == [] and result.terms[0].note == "note"


def test_wrong_header_gives_one_error_naming_the_columns():
    result = read_csv("chinese_text,english_text\n共同富裕,common prosperity\n")
    assert result.terms == []
    [error] = result.errors
    assert error.line == 1
    assert "missing column(s): source, target" in error.message and "chinese_text" in error.message


def test_unknown_extra_column_is_reported_but_rows_still_read():
    result = read_csv("source,target,colour\n共同富裕,common prosperity,red\n")
    assert len(result.terms) == 1
    assert result.errors == [LineError(1, "unknown column(s) ignored: colour")]


def test_ragged_rows_reported_with_their_line():
    result = read_csv(HEADER + "共同富裕,common prosperity\n副局长,Deputy Director-General,title,approved,,,,,\n")
    assert [term.source for term in result.terms] == ["副局长"]
    assert result.errors == [LineError(2, "expected 9 fields, got 2")]


def test_line_numbers_count_quoted_line_breaks():
    data = HEADER + '共同富裕,common prosperity,other,approved,,,"line one\nline two",,\n副局长,,title,approved,,,,,\n'
    result = read_csv(data)
    assert [error.line for error in result.errors] == [4]
    assert result.terms[0].note == "line one\nline two"


def test_invalid_utf8_names_the_byte_offset():
    data = (HEADER + "共同富裕,common prosperity,,,,,,,\n").encode("utf-8") + b"\xff\xfe,bad,,,,,,,\n"
    result = read_csv(data)
    assert result.terms == []
    [error] = result.errors
    offset = len((HEADER + "共同富裕,common prosperity,,,,,,,\n").encode("utf-8"))
    assert error.line == 3 and f"byte offset {offset}" in error.message


def test_nul_bytes_reported():
    result = read_csv(HEADER + "共同\x00富裕,common prosperity,,,,,,,\n")
    assert result.terms == [] and result.errors == [LineError(2, "NUL byte in row")]


def test_unknown_category_and_status_reported():
    result = read_csv(HEADER + "共同富裕,common prosperity,slogan,final,,,,,\n")
    assert result.terms == []
    assert [error.line for error in result.errors] == [2, 2]
    assert "unknown category 'slogan'" in result.errors[0].message
    assert "unknown status 'final'" in result.errors[1].message


def test_validation_errors_carry_line_numbers():
    result = read_csv(HEADER + "，。,punctuation,,,,,,,\n共同富裕,Common Prosperity,,,,common prosperity,,,\n")
    assert result.terms == []
    assert [(error.line, error.message.split(":")[0]) for error in result.errors] == [(2, "source"), (3, "forbidden")]


def test_duplicate_sources_after_normalization_reported():
    result = read_csv(HEADER + "退役军人事务厅,A,,,,,,,\n退役軍人事務廳,B,,,,,,,\n")
    assert [term.target for term in result.terms] == ["A"]
    assert result.errors == [LineError(3, "duplicate source '退役軍人事務廳' (first on line 2)")]


def test_empty_input():
    assert read_csv("").errors == [LineError(1, "the file is empty")]


def test_formula_cells_neutralized_on_export_and_restored_on_import():
    risky = Term(source="=cmd|'/c calc'!A1 国务院", target="+SUM(A1)", note="@note", domain="-x")  # a Chinese term
    text = write_csv([risky])
    assert "'=cmd" in text and "'+SUM(A1)" in text and "'@note" in text and "'-x" in text
    [back] = read_csv(text).terms
    assert (back.source, back.target, back.note, back.domain) == (risky.source, risky.target, "@note", "-x")


def test_formula_escaping_is_reversible_for_leading_apostrophes():
    for cell in ["'=x", "''+y", "'plain", "=z", "text"]:
        assert restore_formula(neutralize_formula(cell)) == cell


def test_write_is_sorted_and_deterministic():
    terms = [
        Term(source="副局长", target="Deputy Director-General"),
        DVA,
        Term(source="共同富裕", target="common prosperity"),
    ]
    text = write_csv(terms)
    assert text == write_csv(list(reversed(terms)))
    assert [line.split(",")[0] for line in text.splitlines()[1:]] == sorted(t.source for t in terms)
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    assert "Veterans Affairs Office | Veterans Bureau" in text


def test_admitted_renderings_are_written_last_and_read_back():
    term = Term(
        source="全国人民代表大会常务委员会",
        target="Standing Committee of the National People's Congress",
        admitted=("NPC Standing Committee", "National People's Congress Standing Committee"),
    )
    text = write_csv([term])
    assert text.splitlines()[1].endswith(",NPC Standing Committee | National People's Congress Standing Committee")
    assert read_csv(text).terms == [term]


def test_bom_output_is_bytes_and_reads_back():
    data = write_csv([DVA], bom=True)
    assert isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf")
    assert read_csv(data).terms == [DVA]


def test_round_trip_is_byte_identical():
    first = write_csv(
        [DVA, Term(source="发展", target="development", note='say "hi",\nbye', admitted=("growth", "=advance"))]
    )
    assert write_csv(read_csv(first).terms) == first


cell_text = st.text(alphabet=st.sampled_from(list("退役軍人事务厅ab =+-@'\"\t,|\n ")), max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(cell_text, cell_text, cell_text), max_size=5))
def test_round_trip_property(rows):
    terms = [Term(source=f"术语{i}{s}", target=f"t{i}{t}", note=n) for i, (s, t, n) in enumerate(rows)]
    first = write_csv(terms)
    result = read_csv(first)
    assert result.errors == [] and len(result.terms) == len(terms)
    assert write_csv(result.terms) == first


def test_a_row_says_which_cells_it_gave_and_the_marker_clears():
    """A blank cell is not given (an import keeps the stored value); "-" is given and empty (it clears);
    "'-" is a literal "-" as the exporter writes it."""
    from service.formats.glossary_csv import read_csv

    text = "source,target,category,note,domain\n退役军人,veterans,,-,'-\n"
    [term] = read_csv(text).terms
    assert term.given == frozenset({"source", "target", "note", "domain"})
    assert (term.note, term.domain) == ("", "-")
