"""Bring a database to a usable state: migrate to the newest schema, seed the starter glossary once."""
from __future__ import annotations

import logging

from service.storage import migrate, terms as term_store
from service.storage.db import Database

log = logging.getLogger(__name__)


def seed_starter_glossary(db: Database) -> int:
    """Load glossary/data/starter.csv into an empty glossary; returns how many terms were created."""
    from glossary.starter import load_starter

    with db.session() as session:
        if term_store.count(session) > 0:
            return 0
        outcome = term_store.import_terms(session, ((None, t) for t in load_starter()), "starter-glossary")
        if outcome.errors:
            raise RuntimeError(f"starter glossary is invalid: {outcome.errors[:5]}")
        return outcome.created


def prepare_database(db: Database, *, seed: bool = True) -> dict[str, object]:
    migrate.upgrade(db.engine)
    created = seed_starter_glossary(db) if seed else 0
    if created:
        log.info("loaded %d starter glossary terms", created)
    return {"revision": migrate.current_revision(db.engine), "seeded": created}
