"""The database as a whole: open it, migrate it to the newest schema, seed the starter glossary once,
report its schema revision, back it up and restore it."""

from __future__ import annotations

import logging
from pathlib import Path

from glossary.starter import load_starter
from service.application.glossary import apply_terms, count_terms
from service.storage import backup, migrate
from service.storage.backup import RestoreRefused
from service.storage.db import Database

log = logging.getLogger(__name__)

__all__ = [
    "Database",
    "RestoreRefused",
    "backup_to",
    "open_database",
    "prepare_database",
    "restore_from",
    "revisions",
    "seed_starter_glossary",
]


def open_database(url: str, *, migrated: bool = False) -> Database:
    """A handle on the database at url; `migrated` brings its schema to the newest first (no seeding)."""
    db = Database(url)
    if migrated:
        prepare_database(db, seed=False)
    return db


def seed_starter_glossary(db: Database) -> int:
    """Load glossary/data/starter.csv into an empty glossary; returns how many terms were created."""
    with db.session() as session:
        if count_terms(session) > 0:
            return 0
        outcome = apply_terms(session, ((None, t) for t in load_starter()), "starter-glossary")
        if outcome.errors:
            raise RuntimeError(f"starter glossary is invalid: {outcome.errors[:5]}")
        return outcome.created


def prepare_database(db: Database, *, seed: bool = True) -> dict[str, object]:
    migrate.upgrade(db.engine)
    created = seed_starter_glossary(db) if seed else 0
    if created:
        log.info("loaded %d starter glossary terms", created)
    return {"revision": migrate.current_revision(db.engine), "seeded": created}


def revisions(db: Database) -> tuple[str | None, str | None]:
    """(the database's schema revision, the newest this version of Yiku knows)."""
    return migrate.current_revision(db.engine), migrate.head_revision(db.engine)


def backup_to(db: Database, out: Path) -> None:
    """A consistent snapshot of the running database (SQLite backup API, or pg_dump)."""
    backup.backup_database(db, out)


def restore_from(db: Database, src: Path, *, force: bool = False) -> None:
    """Replace the database with a backup; RestoreRefused when it is not one or data would be lost."""
    backup.restore_database(db, src, force=force)
