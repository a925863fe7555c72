"""Quality scoring: corpus metrics, numeric facts, per-pair checks and reports.

Pure logic over plain strings and dataclasses; storage and HTTP call into it.
"""
