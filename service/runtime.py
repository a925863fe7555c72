"""The long-lived state of one worker: settings, database, and the in-memory indexes built from it."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from service.config import Settings
from service.glossary_state import GlossaryState, hit_to_dict
from service.storage.db import Database
from service.text.normalize import normalize


class Runtime:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = Database(settings.database_url)
        self.glossary = GlossaryState()

    def lookup_terms(self, session: Session, text: str) -> list[dict[str, Any]]:
        """Every glossary hit in a raw text, with offsets into the text exactly as given."""
        matcher = self.glossary.matcher(session)
        norm = normalize(text)
        return [hit_to_dict(h, text) for h in self.glossary.hits(matcher, norm.text, norm.offsets)]

    def close(self) -> None:
        self.db.dispose()
