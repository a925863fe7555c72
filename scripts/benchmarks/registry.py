"""Every workload, in the order a full run measures them."""

from __future__ import annotations

from scripts.benchmarks.workloads import (
    Workload,
    align,
    assist,
    glossary_match,
    http_load,
    normalize,
    quality,
    tm_lookup,
    tmserver,
    tmx_exchange,
    workspace,
)

WORKLOADS: tuple[Workload, ...] = (
    tm_lookup.WORKLOAD,
    glossary_match.WORKLOAD,
    normalize.WORKLOAD,
    assist.WORKLOAD,
    workspace.WORKLOAD,
    tmserver.WORKLOAD,
    http_load.WORKLOAD,
    tmx_exchange.IMPORT,
    tmx_exchange.EXPORT,
    quality.WORKLOAD,
    align.WORKLOAD,
)
BY_NAME = {workload.name: workload for workload in WORKLOADS}
