"""./scripts/bench [NAME ...] [--quick] [--size k=v ...] [--seed N] [--out DIR]

Exit status: 1 when a workload crashed; in a full run 2 when a target was missed; otherwise 0
(a quick run reports target misses in the table only: its sizes are too small to judge them).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.benchmarks.registry import BY_NAME, WORKLOADS
from scripts.benchmarks.report import ERROR, format_table
from scripts.benchmarks.runner import ROOT, run_all


def parse_size(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name or not value:
        raise argparse.ArgumentTypeError(f"expected k=v (e.g. segments=100000), got {text!r}")
    return name, value.replace("_", "")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scripts/bench", description="Yiku benchmarks against their baselines.")
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"workloads to run (default all): {', '.join(BY_NAME)}"
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument(
        "--size",
        action="append",
        type=parse_size,
        default=[],
        metavar="K=V",
        help="override a size, e.g. segments=100000 or tm-lookup.queries=500",
    )
    parser.add_argument("--seed", type=int, default=20240125, help="data generator seed")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results", help="where the JSON files go")
    parser.add_argument("--list", action="store_true", help="list the workloads and their sizes")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.list:
        for workload in WORKLOADS:
            print(
                f"{workload.name:16} {workload.summary}\n{'':16} full {workload.sizes}\n{'':16} quick {workload.quick_sizes}"
            )
        return 0
    unknown = [name for name in args.names if name not in BY_NAME]
    if unknown:
        print(f"unknown workload(s): {', '.join(unknown)}; known: {', '.join(BY_NAME)}", file=sys.stderr)
        return 1
    chosen = [BY_NAME[name] for name in args.names] if args.names else list(WORKLOADS)
    results = run_all(chosen, seed=args.seed, quick=args.quick, overrides=dict(args.size), out_dir=args.out)
    print()
    print(format_table(results), end="")
    if any(result.status == ERROR for result in results):
        return 1
    if not args.quick and any(result.failed_targets for result in results):
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
