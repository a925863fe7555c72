"""A migrated Yiku database with the starter glossary and a generated memory, loaded through the bulk path."""

from __future__ import annotations

import time
from pathlib import Path

from scripts.benchmarks.corpus import SentenceFactory

BATCH = 5000
DOCUMENTS = 50  # generated pairs are spread over this many document names


def sqlite_url(directory: Path, name: str = "yiku.db") -> str:
    return f"sqlite:///{(directory / name).resolve()}"


def build_memory_database(url: str, segments: int, seed: int) -> dict[str, float | int]:
    """Migrate, seed the starter glossary and bulk-insert `segments` generated pairs; returns counts and times."""
    from service.application.database import open_database, prepare_database
    from service.memory.pairs import RawPair, prepare_many
    from service.storage import segments as segment_store

    database = open_database(url)
    try:
        started = time.perf_counter()
        info = prepare_database(database)
        prepared_s = time.perf_counter() - started
        factory = SentenceFactory(seed)
        created = skipped = 0
        started = time.perf_counter()
        for first in range(0, segments, BATCH):
            pairs = [factory.pair() for _ in range(min(BATCH, segments - first))]
            prepared = prepare_many(
                [
                    RawPair(p.source, p.target, document=f"bench-{(first + i) % DOCUMENTS:02d}", origin="import")
                    for i, p in enumerate(pairs)
                ]
            )
            with database.session() as session:
                added, dropped = segment_store.bulk_insert(session, prepared, "benchmark", None, {})
            created, skipped = created + added, skipped + dropped
        return {
            "migrate_and_seed_s": prepared_s,
            "load_s": time.perf_counter() - started,
            "segments_created": created,
            "duplicates_skipped": skipped,
            "starter_terms": info["seeded"],
        }
    finally:
        database.dispose()
