from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.text.offsets import OffsetMap

identity = OffsetMap.identity


def delete_ranges(text, deleted):
    """`text` without the sorted, disjoint `[start, end)` ranges, and the map of that deletion."""
    kept = "".join(char for index, char in enumerate(text) if not any(a <= index < b for a, b in deleted))
    return kept, OffsetMap.keeping(len(text), deleted)


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
    combined = first.compose(second)
    assert list(combined.entries) == [0, 3, 6, 7]


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


# Small maps are built from array slices and large ones with numpy; both must give the same map.
def kept_indices(length, deleted):
    dropped = {index for start, end in deleted for index in range(start, end)}
    return [index for index in range(length + 1) if index not in dropped]


@st.composite
def deletions(draw, max_length, length=None):
    length = draw(st.integers(0, max_length)) if length is None else length
    cuts = sorted(draw(st.lists(st.integers(0, length), max_size=40, unique=True)))
    ranges = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2) if cuts[i] < cuts[i + 1]]
    return length, ranges


@settings(max_examples=200, deadline=None)
@given(st.one_of(deletions(60), deletions(6000)))
def test_keeping_lists_the_kept_indices_at_any_size(case):
    length, deleted = case
    assert list(OffsetMap.keeping(length, deleted).entries) == kept_indices(length, deleted)


def test_keeping_many_ranges_in_a_short_text():
    deleted = [(index, index + 1) for index in range(0, 1200, 2)]
    assert list(OffsetMap.keeping(1200, deleted).entries) == kept_indices(1200, deleted)


@pytest.mark.parametrize("length", [0, 1, 30, 4096, 4097, 100_000])
def test_identity_at_any_size(length):
    offsets = identity(length)
    assert offsets.entries.typecode == "I"
    assert len(offsets) == length and offsets.entries[-1] == length
    assert list(offsets.entries[:3]) == list(range(min(length + 1, 3)))
    assert offsets.entries == array("I", range(length + 1))


def test_identity_maps_are_independent():
    first, second = identity(5), identity(5)
    first.entries[0] = 9
    assert second.entries[0] == 0 and identity(5).entries[0] == 0


@settings(max_examples=100, deadline=None)
@given(st.one_of(deletions(80), deletions(3000)), st.data())
def test_compose_gathers_at_any_size(case, data):
    length, deleted = case
    outer = OffsetMap.keeping(length, deleted)
    inner_length, inner_deleted = data.draw(deletions(len(outer), length=len(outer)))
    inner = OffsetMap.keeping(inner_length, inner_deleted)
    combined = outer.compose(inner)
    assert list(combined.entries) == [outer.entries[index] for index in inner.entries]
