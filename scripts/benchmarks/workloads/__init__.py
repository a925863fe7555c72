"""The benchmark workloads: each one measures a Yiku path and its baseline in the same run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.benchmarks.report import WorkloadResult


class Unavailable(Exception):
    """A piece the workload measures does not exist yet (reported as "not available", never faked)."""


@dataclass
class Context:
    """What a workload run gets: sizes (quick or full, with overrides), the seed and scratch directories.

    `work_dir` is the workload's own; `shared_dir` lives for the whole run, so one workload can reuse
    what another built (tmx-export exports the database tmx-import filled).
    """

    seed: int
    quick: bool
    sizes: dict[str, Any]
    work_dir: Path
    root: Path
    shared_dir: Path

    def size(self, name: str) -> Any:
        return self.sizes[name]


@dataclass(frozen=True)
class Workload:
    """A named benchmark with its full and quick sizes and the function that runs it."""

    name: str
    summary: str
    sizes: dict[str, Any]
    quick_sizes: dict[str, Any]
    run: Callable[[Context, WorkloadResult], None]

    def sizes_for(self, quick: bool, overrides: dict[str, Any]) -> dict[str, Any]:
        """Quick or full sizes with the overrides that name one of this workload's sizes applied."""
        chosen = dict(self.quick_sizes if quick else self.sizes)
        for key, value in overrides.items():
            scope, _, name = key.rpartition(".")
            if name in chosen and scope in ("", self.name):
                chosen[name] = type(chosen[name])(value) if chosen[name] is not None else value
        return chosen
