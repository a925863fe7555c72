"""Memory suggestions the way tmserver and amaGama serve them, for Weblate's "tmserver" machinery service and
other clients of that API.

A client names its languages as Weblate writes them (`zh_hans`, `zh_hant`, `zh_cn`, `zh_tw`, `zh`, `en`, `en_us`:
lower case, `_` between the parts; `-` is taken too). Yiku's memory is Chinese to English: any other pair has no
suggestion, which is an answer, not an error (Weblate checks a new service by asking en→de for "test").

A suggestion's target is repaired as an assist draft is (numbers, dates, ranges, ordinals and glossary terms of
the query carried into the stored translation) and its source is then the query itself. A match with nothing to
repair, or whose draft is withheld (the stored translation holds a number or date the query does not have, and
the repair cannot place it), is given as it is stored: its own source beside its own target, so the client shows
what was matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from glossary.matcher import TermMatcher
from service.application.memory import MemoryState, draft_for, lookup
from service.text.pipeline import process_one

SOURCE_LANGUAGES = ("zh", "zh_hans", "zh_hant", "zh_cn", "zh_tw", "zh_hk", "zh_mo", "zh_sg")
TARGET_LANGUAGES = ("en", "en_us", "en_gb")
MAX_TEXT = 2000  # characters of a query looked up (Weblate sends at most 500)


def language_code(code: str) -> str:
    """A client's language code as the lists above write it: zh-Hans, zh_Hans and ZH-hans are zh_hans."""
    return code.strip().replace("-", "_").lower()


def supported(source: str, target: str) -> bool:
    source, target = language_code(source), language_code(target)
    return (source == "zh" or source.startswith("zh_")) and (target == "en" or target.startswith("en_"))


@dataclass(frozen=True)
class Suggestion:
    source: str
    target: str
    quality: float  # 0-100: a context match (101) is given as 100
    context: str  # the document the pair belongs to, if any
    repaired: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "quality": self.quality,
            "rank": self.quality,
            "context": self.context,
        }


def suggestions(
    session: Session,
    matcher: TermMatcher,
    memory: MemoryState,
    source_lang: str,
    target_lang: str,
    text: str,
    *,
    min_similarity: float = 70,
    max_candidates: int = 5,
) -> list[Suggestion]:
    """The memory's matches for `text`, best first, each with its target repaired for the query."""
    if not supported(source_lang, target_lang) or not text.strip():
        return []
    seg = process_one(text[:MAX_TEXT].strip())
    _key, found = lookup(
        session, memory, seg.normalized, seg.placeables, min_score=min_similarity, limit=max_candidates
    )
    hits = matcher.match(seg.normalized)
    out = []
    for match in found[:max_candidates]:
        draft = draft_for(match, seg.normalized, seg.placeables, matcher, hits)
        row = match.row
        context = row.document.name if row.document else ""
        quality = float(min(match.score, 100))
        if draft.withheld or not draft.repairs:  # as stored: its own source beside its own target
            out.append(Suggestion(row.source, row.target, quality, context, False))
        else:  # repaired for the query: the query is its source now
            out.append(Suggestion(seg.text, draft.text, quality, context, True))
    return out
