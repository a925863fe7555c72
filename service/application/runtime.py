"""The long-lived state of one worker: settings, database, and the in-memory indexes built from it."""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy.orm import Session

from service.application import alignment, quality, tmserver, workspace, xliff_exchange
from service.application import assist as assist_service
from service.application.glossary import GlossaryState
from service.application.memory import MemoryState, lookup_text
from service.application.memory_exchange import catch_up_concordance
from service.config import Settings
from service.storage.db import Database
from service.storage.dialect import concordance_catches_up

logger = logging.getLogger(__name__)


class Runtime:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = Database(settings.database_url)
        self.glossary = GlossaryState()
        self.memory = MemoryState()
        self._indexer_lock = threading.Lock()
        self._indexer: threading.Thread | None = None
        self._indexer_again = False

    def warm_up(self) -> None:
        """Build the matcher and the memory index now (before gunicorn forks, so workers share them), and
        finish any concordance indexing a bulk import left behind."""
        with self.db.session() as session:
            self.glossary.matcher(session, force=True)
            self.memory.build(session)
        catch_up_concordance(self.db)

    def index_in_background(self) -> None:
        """Concordance indexing after an import through the API, off the request's path, where the database
        needs it (service.storage.dialect). One indexing thread at a time; it picks up whatever later imports
        add before it stops."""
        if not concordance_catches_up(self.db.dialect):
            return
        with self._indexer_lock:
            if self._indexer is not None:
                self._indexer_again = True
                return

            def run() -> None:
                while True:
                    try:
                        catch_up_concordance(self.db)
                    except Exception:  # the next import or the next start catches up; never leave a stale flag
                        logger.exception("background concordance indexing stopped")
                    with self._indexer_lock:
                        if not self._indexer_again:
                            self._indexer = None
                            return
                        self._indexer_again = False

            self._indexer = threading.Thread(target=run, name="yiku-concordance", daemon=True)
            self._indexer.start()

    def lookup_terms(self, session: Session, text: str) -> list[dict[str, Any]]:
        """Every glossary hit in a raw text, with offsets into the text exactly as given."""
        return self.glossary.lookup(session, text)

    def tm_lookup(
        self,
        session: Session,
        text: str,
        *,
        min_score: float = 70,
        limit: int = 5,
        context_before: str = "",
        context_after: str = "",
    ) -> list[dict[str, Any]]:
        return lookup_text(
            session,
            self.memory,
            text,
            min_score=min_score,
            limit=limit,
            context_before=context_before,
            context_after=context_after,
        )

    def assist(
        self,
        session: Session,
        text: str,
        *,
        min_score: float = 70,
        max_matches: int = 3,
        max_segments: int = 2000,
        include_noise: bool = False,
        prefill_min_score: float = assist_service.PREFILL_MIN_SCORE,
    ) -> dict[str, Any]:
        options = assist_service.AssistOptions(
            min_score=min_score,
            max_matches=max_matches,
            max_segments=max_segments,
            include_noise=include_noise,
            prefill_min_score=prefill_min_score,
        )
        return assist_service.assist(session, self.glossary.matcher(session), self.memory, text, options)

    def store_aligned(
        self,
        session: Session,
        text: str,
        who: str,
        *,
        targets: list[str] | None,
        translation: str | None,
        document: str | None,
        max_segments: int = 2000,
    ) -> int:
        """Store the non-noise segments of text with their aligned targets; returns how many were new."""
        return assist_service.store_aligned(
            session, text, who, targets=targets, translation=translation, document=document, max_segments=max_segments
        )

    def stored_issues(self, session: Session, rows: list[Any]) -> dict[int, list[dict[str, Any]]]:
        return quality.stored_issues(session, self.glossary.matcher(session), rows)

    def draft_issues(self, session: Session, source: str, target: str) -> list[Any]:
        return quality.draft_issues(session, self.glossary.matcher(session), source, target)

    def mark_flag(
        self, session: Session, segment_id: int, code: str, message: str, verdict: str, who: str
    ) -> dict[str, Any]:
        return quality.mark_flag(session, self.glossary.matcher(session), segment_id, code, message, verdict, who)

    def segment_quality(self, session: Session, segment_id: int) -> dict[str, Any]:
        return quality.segment_quality(session, self.glossary.matcher(session), segment_id)

    def quality_report(self, session: Session, *, document: str | None = None, worst: int = 20) -> dict[str, Any]:
        return quality.report(session, self.glossary.matcher(session), document=document, worst=worst)

    def tmserver_suggestions(self, session: Session, source: str, target: str, text: str, **kwargs: Any) -> list[Any]:
        """Memory suggestions in the tmserver/amaGama shape (see tmserver.suggestions)."""
        return tmserver.suggestions(
            session, self.glossary.matcher(session), self.memory, source, target, text, **kwargs
        )

    def xliff_export(self, session: Session, text: str, **kwargs: Any) -> bytes:
        """A text as XLIFF 1.2 with drafts, matches and terms (see xliff_exchange.export_text)."""
        return xliff_exchange.export_text(session, self.glossary.matcher(session), self.memory, text, **kwargs)

    def xliff_import(self, session: Session, data: bytes, who: str, *, document: str | None = None) -> Any:
        return xliff_exchange.import_file(session, self.glossary.matcher(session), data, who, document=document)

    def align(self, session: Session, progress: alignment.Progress | None = None, **texts: str | None) -> Any:
        """The beads of a document pair or of one bilingual text (see alignment.align_texts)."""
        return alignment.align_texts(self.glossary.matcher(session), progress=progress, **texts)

    def workspace_page(self, session: Session, doc_id: int, **kwargs: Any) -> list[dict[str, Any]]:
        """A page of a workspace document's segments with the help for each (see workspace.page)."""
        return workspace.page(session, self.glossary.matcher(session), self.memory, doc_id, **kwargs)

    def workspace_confirm(
        self, session: Session, doc_id: int, position: int, target: str, who: str, *, force: bool = False
    ) -> workspace.Confirmed:
        return workspace.confirm(session, self.glossary.matcher(session), doc_id, position, target, who, force=force)

    def wait_for_background(self, timeout: float = 60) -> None:
        """Block until background indexing has stopped (or timeout seconds have passed)."""
        with self._indexer_lock:
            indexer = self._indexer
        if indexer is not None:
            indexer.join(timeout=timeout)

    def close(self) -> None:
        """Let background indexing finish, then close every pooled connection."""
        self.wait_for_background()
        self.db.dispose()
