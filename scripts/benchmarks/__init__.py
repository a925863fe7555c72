"""Yiku benchmark suite: run with ./scripts/bench (see docs/performance.md)."""
