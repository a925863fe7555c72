import io
from datetime import UTC, datetime

import pytest

from service.formats.tm_csv import COLUMNS, CsvError, CsvUnit, iter_csv, neutralize, restore, write_csv

HEADER = ",".join(COLUMNS) + "\r\n"


def read(data: bytes):
    return list(iter_csv(io.BytesIO(data)))


def export(units, bom=False) -> bytes:
    text = io.StringIO(newline="")
    write_csv(units, text, bom=bom)
    return text.getvalue().encode("utf-8")


UNITS = [
    CsvUnit(
        "高质量发展",
        "high-quality development",
        document="doc",
        origin="human",
        created_at=datetime(2024, 1, 25, 8, 0, tzinfo=UTC),
    ),
    CsvUnit(
        '会议认为，"学思想"',
        'The meeting held that "learning"\nmatters, too',
        context_before="前一句",
        context_after="后一句",
        origin="mt",
    ),
    CsvUnit("=SUM(A1)", "+1 @home -x", target_lang="en"),
]


def test_round_trip_with_quoting_newlines_and_formula_cells():
    data = export(UNITS)
    assert b"'=SUM(A1)" in data and b"'+1 @home -x" in data
    back = read(data)
    assert all(isinstance(u, CsvUnit) for u in back)
    assert [
        (u.source, u.target, u.document, u.context_before, u.context_after, u.origin, u.created_at) for u in back
    ] == [(u.source, u.target, u.document, u.context_before, u.context_after, u.origin, u.created_at) for u in UNITS]
    assert [u.line for u in back] == [2, 3, 5]  # the second record spans two lines


def test_bom_is_accepted_and_languages_canonicalized():
    data = "\ufeffsource,target,source_lang,target_lang\r\n中国式现代化,Chinese modernization,zh-CN,en-US\r\n".encode()
    (unit,) = read(data)
    assert (unit.source_lang, unit.target_lang) == ("zh-Hans", "en")
    assert read(export(UNITS[:1], bom=True))[0].source == "高质量发展"


@pytest.mark.parametrize("cell", ["=1+1", "+x", "-5", "@a", "\tx", "\rx", "'=already", "''+two", "plain", "'plain", ""])
def test_neutralize_round_trips(cell):
    assert restore(neutralize(cell)) == cell
    assert neutralize(cell)[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_wrong_header_is_fatal():
    (error,) = read(b"source,translation\r\na,b\r\n")
    assert isinstance(error, CsvError) and error.fatal and error.line == 1 and "translation" in error.message
    (error,) = read(b"target,document\r\nb,d\r\n")
    assert "missing columns source" in error.message
    (error,) = read(b"")
    assert error.fatal


def test_ragged_rows_nul_bytes_and_invalid_utf8_are_per_line_errors():
    data = (
        HEADER.encode()
        + ("一,one,zh,en,,,,,\r\n二,two\r\n三,th\x00ree,zh,en,,,,,\r\n").encode()
        + b"\xe5\x9b\x9b\xff,four,zh,en,,,,,\r\n"
        + "五,five,zh,en,,,,,\r\n".encode()
    )
    items = read(data)
    assert [type(i).__name__ for i in items] == ["CsvUnit", "CsvError", "CsvError", "CsvError", "CsvUnit"]
    assert [(i.line, i.message.split(" ")[0]) for i in items if isinstance(i, CsvError)] == [
        (3, "expected"),
        (4, "NUL"),
        (5, "invalid"),
    ]
    assert items[-1].source == "五" and items[-1].line == 6


def test_invalid_values_are_reported():
    data = HEADER.encode() + "一,,zh,en,,,,,\r\n二,two,zh,en,,,,robot,\r\n三,three,zh,en,,,,,yesterday\r\n".encode()
    messages = [i.message for i in read(data)]
    assert "empty" in messages[0] and "origin" in messages[1] and "created_at" in messages[2]


def test_blank_lines_are_skipped_and_streaming_reads_lazily():
    data = HEADER.encode() + "一,one,zh,en,,,,,\r\n\r\n二,two,zh,en,,,,,\r\n".encode()
    iterator = iter_csv(io.BytesIO(data))
    assert next(iterator).source == "一"
    assert [u.source for u in iterator] == ["二"]
