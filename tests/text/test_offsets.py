from array import array

import pytest

from service.text.offsets import OffsetMap, compose, delete_ranges, identity


def test_identity_has_sentinel():
    offsets = identity(3)
    assert list(offsets.entries) == [0, 1, 2, 3]
    assert offsets.entries.typecode == "I"
    assert len(offsets) == 3 and offsets.original_length == 3


def test_to_original_maps_first_and_last_char():
    text, offsets = delete_ranges("ab(x)cd", [(2, 5)])
    assert text == "abcd"
    assert offsets.to_original(0, 4) == (0, 7)
    assert offsets.to_original(1, 3) == (1, 6)
    assert offsets.to_original(2, 2) == (5, 5)
    assert offsets.to_original(4, 4) == (7, 7)


def test_to_original_rejects_spans_outside():
    with pytest.raises(IndexError):
        identity(2).to_original(1, 3)


def test_compose_chains_two_deletions():
    first_text, first = delete_ranges("a--b--c", [(1, 3)])
    second_text, second = delete_ranges(first_text, [(2, 4)])
    assert second_text == "abc"
    combined = compose(first, second)
    assert list(combined.entries) == [0, 3, 6, 7]
    assert combined == first.compose(second)


def test_compose_rejects_mismatched_maps():
    with pytest.raises(ValueError):
        identity(3).compose(identity(5))


def test_slice_keeps_document_offsets():
    _, offsets = delete_ranges("ab  cd", [(2, 4)])
    part = offsets.slice(2, 4)
    assert list(part.entries) == [4, 5, 6]
    assert part.to_original(0, 2) == (4, 6)


def test_delete_nothing_is_identity():
    text, offsets = delete_ranges("abc", [])
    assert text == "abc" and offsets == identity(3)


def test_accepts_plain_sequences():
    assert OffsetMap([0, 2, 3]).entries == array("I", [0, 2, 3])
    with pytest.raises(ValueError):
        OffsetMap([])
