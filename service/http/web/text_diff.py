"""Character-level differences between two strings, as runs a template can mark up with <ins>/<del>."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from service.memory import match

EQUAL, INSERT, DELETE = "equal", "insert", "delete"


@dataclass(frozen=True)
class DiffRun:
    """A stretch of text that is shared (equal), only in the new string (insert) or only in the old (delete)."""

    op: str
    text: str


def char_diff(old: str, new: str) -> list[DiffRun]:
    """Runs that turn `old` into `new`: the character diff the API gives memory matches
    (`service.memory.match.char_diff`), a replacement shown as a deletion followed by an insertion."""
    return diff_runs(match.char_diff(old, new))


def diff_runs(changes) -> list[DiffRun]:
    """Runs of a `service.memory.match.char_diff` result (a match's `diff` in the assist and lookup answers)."""
    runs: list[DiffRun] = []
    for change in changes:
        if change["op"] == EQUAL:
            runs.append(DiffRun(EQUAL, change["text_a"]))
            continue
        if change["text_a"]:
            runs.append(DiffRun(DELETE, change["text_a"]))
        if change["text_b"]:
            runs.append(DiffRun(INSERT, change["text_b"]))
    return runs


_TOKEN = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+|\s+|.", re.S)


def readable_diff(old: str, new: str, min_similarity: float = 0.5) -> list[DiffRun]:
    """A diff for people: Latin words change as a whole, Chinese character by character, and two mostly
    different strings show as one replacement (scattered matches between unrelated words are noise)."""
    if old == new:
        return [DiffRun(EQUAL, old)] if old else []
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    if matcher.ratio() < min_similarity:
        return [run for run in (DiffRun(DELETE, old), DiffRun(INSERT, new)) if run.text]
    runs: list[DiffRun] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(DiffRun(EQUAL, "".join(old_tokens[i1:i2])))
            continue
        if i2 > i1:
            runs.append(DiffRun(DELETE, "".join(old_tokens[i1:i2])))
        if j2 > j1:
            runs.append(DiffRun(INSERT, "".join(new_tokens[j1:j2])))
    return runs
