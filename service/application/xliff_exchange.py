"""XLIFF round trip with a CAT tool: a text goes out as XLIFF 1.2 with Yiku's drafts, matches and terms in it;
the translated file comes back and its translated units are stored as memory pairs, with their checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from sqlalchemy.orm import Session

from glossary.matcher import TermMatcher
from service.application import memory as memory_service
from service.application import quality as quality_service
from service.application.assist import AssistOptions, assist
from service.application.memory import MemoryState
from service.formats import xliff
from service.memory.pairs import RawPair
from service.text.script import han_script

QUALIFIERS = {"context": "exact-match", "exact": "exact-match"}


def export_text(
    session: Session,
    matcher: TermMatcher,
    memory: MemoryState,
    text: str,
    *,
    document: str,
    min_score: float = 70,
    max_matches: int = 3,
) -> bytes:
    """The non-noise segments of `text` as XLIFF 1.2 (service.formats.xliff.write_assisted). A draft repaired
    from a match whose only differences are numbers, dates or terms is `leveraged-tm`; an exact or in-context
    one `exact-match`; any other `fuzzy-match`. A withheld draft is no draft: the target is empty and `new`."""
    result = assist(session, matcher, memory, text, AssistOptions(min_score=min_score, max_matches=max_matches))
    units = []
    for seg in result["segments"]:
        if seg["noise"]:
            continue
        matches = seg["matches"]
        best = matches[0] if matches else None
        qualifier = None
        if seg["draft"] and best is not None:
            qualifier = QUALIFIERS.get(best["kind"]) or ("leveraged-tm" if seg["repairs"] else "fuzzy-match")
        units.append(
            xliff.AssistedUnit(
                id=str(seg["index"] + 1),
                start=seg["start"],
                end=seg["end"],
                source=seg["text"],
                draft=seg["draft"],
                qualifier=qualifier,
                alternatives=[
                    xliff.Alternative(int(min(m["score"], 100)), f"yiku:{m['segment_id']}", m["source"], m["target"])
                    for m in matches
                ],
                terms=list(dict.fromkeys((t["text"], t["target"]) for t in seg["terms"] if t.get("target"))),
            )
        )
    return xliff.write_assisted(units, original=document, source_lang=han_script(text) or "zh-Hans", target_lang="en")


@dataclass
class ImportOutcome:
    created: int = 0
    duplicates: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)  # units left out, with the reason
    items: list[dict[str, Any]] = field(default_factory=list)  # each stored pair with its checks

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "duplicates": self.duplicates, "skipped": self.skipped, "items": self.items}


def import_file(
    session: Session, matcher: TermMatcher, data: bytes, who: str, *, document: str | None = None
) -> ImportOutcome:
    """Store the translated units of an XLIFF file as pairs (under `document`, else the file's `original`);
    units whose state says they are not translated are left out and listed. FormatRejected for a file that
    cannot be read as XLIFF. The caller commits."""
    outcome = ImportOutcome()
    pairs: list[RawPair] = []
    for line, item in xliff.read_pairs(BytesIO(data)):
        if isinstance(item, str):
            outcome.skipped.append({"line": line, "message": item})
        else:
            pairs.append(item._replace(document=document) if document else item)
    if not pairs:
        return outcome
    stored = memory_service.store_pairs(session, pairs, who)
    outcome.created, outcome.duplicates = len(stored.created), len(stored.duplicates)
    issues = quality_service.stored_issues(session, matcher, list({row.id: row for row in stored.items}.values()))
    for row, status in zip(stored.items, stored.statuses):
        outcome.items.append(
            {
                "segment_id": row.id,
                "status": status,
                "source": row.source,
                "target": row.target,
                "issues": [i for i in issues.get(row.id, []) if i["severity"] != "info"],
            }
        )
    return outcome
