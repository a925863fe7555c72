"""Yiku application: text pipeline, memory, quality, storage and the Flask service."""
