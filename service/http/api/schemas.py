"""Request and response models of the REST API; they validate requests and generate the OpenAPI document."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, model_validator

from glossary.model import Category as GlossaryCategory
from glossary.model import Status as GlossaryStatus
from service.application import workspace as workspace_service
from service.formats import base as formats
from service.memory.pairs import ORIGINS

# Control characters other than tab/newline/carriage return, and lone surrogates, are never valid text.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _clean_text(value: str) -> str:
    m = _BAD_CHARS.search(value)
    if m:
        raise ValueError(
            f"contains a control character or unpaired surrogate U+{ord(m.group()):04X} at position {m.start()}"
        )
    return value


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or whitespace only")
    return value


Text = Annotated[str, AfterValidator(_clean_text)]
NonBlank = Annotated[str, AfterValidator(_clean_text), AfterValidator(_non_blank)]
Lang = Annotated[str, Field(min_length=2, max_length=35, pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$")]
Limit = Annotated[int, Field(ge=1, le=500)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


def read_only(default: Any = None, *, recomputed: bool = False) -> Any:
    """A field of a resource's representation that a write may send back but not change (`readOnly` in the
    OpenAPI document): the route compares it with the stored value (service/http/api/representation.py).
    A `recomputed` one (`x-recomputed`) is the server's own figure, which may have moved since the client read
    it: whatever is sent is ignored."""
    extra: dict[str, Any] = {"readOnly": True}
    if recomputed:
        extra["x-recomputed"] = True
    return Field(default, json_schema_extra=extra)


class Query(BaseModel):
    """Query strings arrive as text, so numbers are parsed (not strict); unknown parameters are refused."""

    model_config = ConfigDict(extra="forbid")


class ErrorBody(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class Health(BaseModel):
    status: str
    database: str


# ---------------------------------------------------------------- glossary

# The allowed values come from where each rule is defined once: the glossary model and the format registry.
if TYPE_CHECKING:  # the type checker sees the plain types; pydantic the values allowed at run time
    Category: TypeAlias = str
    Status: TypeAlias = str
    GlossaryFormatName: TypeAlias = str
    MemoryFormatName: TypeAlias = str
else:
    Category = Literal[tuple(c.value for c in GlossaryCategory)]
    Status = Literal[tuple(s.value for s in GlossaryStatus)]
    GlossaryFormatName = Literal[formats.names("glossary")]
    MemoryFormatName = Literal[formats.names("memory")]


class TermIn(Strict):
    source: Annotated[NonBlank, Field(max_length=200)]
    target: Annotated[NonBlank, Field(max_length=500)]
    category: Category = "other"
    status: Status = "approved"
    variants: Annotated[list[Annotated[NonBlank, Field(max_length=200)]], Field(max_length=50)] = []
    admitted: Annotated[list[Annotated[NonBlank, Field(max_length=500)]], Field(max_length=50)] = []
    forbidden: Annotated[list[Annotated[NonBlank, Field(max_length=500)]], Field(max_length=50)] = []
    note: Annotated[Text, Field(max_length=4000)] = ""
    domain: Annotated[Text, Field(max_length=64)] = ""
    pattern: Annotated[Text, Field(max_length=500)] = ""


class TermReadOnly(Strict):
    """The read-only fields of TermOut, so that the representation a GET returns can be sent back as it is."""

    id: int | None = read_only()
    created_at: str | None = read_only()
    updated_at: str | None = read_only()
    created_by: str | None = read_only()
    updated_by: str | None = read_only()


class TermReplace(TermIn, TermReadOnly):
    version: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None


class TermPatch(TermReadOnly):
    source: Annotated[NonBlank, Field(max_length=200)] | None = None
    target: Annotated[NonBlank, Field(max_length=500)] | None = None
    category: Category | None = None
    status: Status | None = None
    variants: Annotated[list[Annotated[NonBlank, Field(max_length=200)]], Field(max_length=50)] | None = None
    admitted: Annotated[list[Annotated[NonBlank, Field(max_length=500)]], Field(max_length=50)] | None = None
    forbidden: Annotated[list[Annotated[NonBlank, Field(max_length=500)]], Field(max_length=50)] | None = None
    note: Annotated[Text, Field(max_length=4000)] | None = None
    domain: Annotated[Text, Field(max_length=64)] | None = None
    pattern: Annotated[Text, Field(max_length=500)] | None = None
    version: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None


class TermOut(BaseModel):
    id: int
    source: str
    target: str
    category: str
    status: str
    variants: list[str]
    admitted: list[str]
    forbidden: list[str]
    note: str
    domain: str
    pattern: str
    version: int
    created_at: str
    updated_at: str
    created_by: str
    updated_by: str


class TermList(BaseModel):
    items: list[TermOut]
    next_cursor: str | None


class TermListQuery(Query):
    q: Annotated[str, Field(max_length=200)] | None = None
    category: Category | None = None
    status: Status | None = None
    limit: Limit = 50
    cursor: Annotated[str, Field(max_length=200)] | None = None


class HistoryEntry(BaseModel):
    id: int
    term_id: int
    version: int
    action: str
    snapshot: dict[str, Any]
    changed_by: str
    changed_at: str


class HistoryList(BaseModel):
    items: list[HistoryEntry]


class DeleteQuery(Query):
    hard: Annotated[int, Field(ge=0, le=1)] = 0
    version: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None


class Deleted(BaseModel):
    id: int
    deleted: Literal["soft", "hard"]


class LineError(BaseModel):
    line: int | None
    message: str


class ImportReport(BaseModel):
    created: int
    updated: int
    skipped: int
    errors: list[LineError]
    dry_run: bool = False
    committed: bool = True
    job_id: int | None = None
    units_done: int | None = None


class TermImportQuery(Query):
    format: GlossaryFormatName | None = Field(
        default=None, description="left out: the file name's extension says, or else the content"
    )
    dry_run: Annotated[int, Field(ge=0, le=1)] = 0


class TermExportQuery(Query):
    format: GlossaryFormatName = "csv"
    bom: Annotated[int, Field(ge=0, le=1)] = 0
    status: Status | None = None
    category: Category | None = None


class LookupIn(Strict):
    text: Annotated[NonBlank, Field(max_length=1_000_000)]


class TermHit(BaseModel):
    start: int
    end: int
    text: str
    term_id: int | None
    source: str
    target: str
    category: str
    status: str
    admitted: list[str] = []
    forbidden: list[str] = []
    foreign: str = ""
    parts: list[dict[str, Any]] = []


class LookupOut(BaseModel):
    terms: list[TermHit]


# ---------------------------------------------------------------- memory

if TYPE_CHECKING:
    Origin: TypeAlias = str
else:
    Origin = Literal[ORIGINS]


class PairIn(Strict):
    source: Annotated[NonBlank, Field(max_length=20_000)]
    target: Annotated[NonBlank, Field(max_length=40_000)]
    source_lang: Lang = "zh-Hans"
    target_lang: Lang = "en"
    context_before: Annotated[Text, Field(max_length=20_000)] = ""
    context_after: Annotated[Text, Field(max_length=20_000)] = ""
    document: Annotated[Text, Field(max_length=300)] | None = None
    origin: Origin = "human"


class PairsIn(Strict):
    pairs: Annotated[list[PairIn], Field(min_length=1, max_length=5000)]


class StoreIn(RootModel[PairsIn | PairIn]):
    """One pair, or a batch {"pairs": [...]}."""


class SegmentOut(BaseModel):
    id: int
    source: str = Field(description="the source as sent, without zero-width characters and pinyin annotations")
    source_raw: str | None = Field(default=None, description="the source exactly as sent, when cleaning changed it")
    target: str
    source_lang: str
    target_lang: str
    normalized_source: str
    document: str | None
    context_before: str
    context_after: str
    origin: str
    created_by: str
    created_at: str
    updated_at: str
    quality_score: float | None = None


class StoredSegmentOut(SegmentOut):
    """A stored pair in the answer to a store: `created` for a new one, `duplicate` for one stored already
    (or sent earlier in the same batch)."""

    status: Literal["created", "duplicate"]
    issues: list[QualityIssue] = Field(default=[], description="the quality checks of the stored pair")


class StoreOut(BaseModel):
    created: int
    duplicates: int
    items: list[StoredSegmentOut]  # one per pair sent, in the order sent


class SegmentList(BaseModel):
    items: list[SegmentOut]
    next_cursor: str | None


class SegmentListQuery(Query):
    q: Annotated[str, Field(max_length=500)] | None = None
    document: Annotated[str, Field(max_length=300)] | None = None
    limit: Limit = 50
    cursor: Annotated[str, Field(max_length=300)] | None = None


class SegmentUpdate(Strict):
    source: Annotated[NonBlank, Field(max_length=20_000)] | None = None
    target: Annotated[NonBlank, Field(max_length=40_000)] | None = None
    source_lang: Lang | None = None
    target_lang: Lang | None = None
    context_before: Annotated[Text, Field(max_length=20_000)] | None = None
    context_after: Annotated[Text, Field(max_length=20_000)] | None = None
    document: Annotated[Text, Field(max_length=300)] | None = None
    origin: Origin | None = None
    # the read-only fields of SegmentOut, so that the representation a GET returns can be sent back as it is
    id: int | None = read_only()
    source_raw: str | None = read_only()
    normalized_source: str | None = read_only()
    created_by: str | None = read_only()
    created_at: str | None = read_only()
    updated_at: str | None = read_only()
    quality_score: float | None = read_only(recomputed=True)


class DiffOp(BaseModel):
    op: str
    a: list[int]
    b: list[int]
    text_a: str
    text_b: str


class MatchOut(BaseModel):
    segment_id: int
    score: float
    kind: Literal["exact", "context", "fuzzy"]
    source: str
    target: str
    document: str | None = None
    created_at: str | None = None
    diff: list[DiffOp]


class TmLookupIn(Strict):
    text: Annotated[NonBlank, Field(max_length=20_000)]
    min_score: Annotated[int, Field(ge=0, le=101)] = 70
    limit: Annotated[int, Field(ge=1, le=50)] = 5
    context_before: Annotated[Text, Field(max_length=20_000)] = ""
    context_after: Annotated[Text, Field(max_length=20_000)] = ""
    source_lang: Lang = "zh-Hans"
    target_lang: Lang = "en"


class TmLookupOut(BaseModel):
    matches: list[MatchOut]


class TmImportQuery(Query):
    format: MemoryFormatName | None = Field(
        default=None, description="left out: the file name's extension says, or else the content"
    )
    dry_run: Annotated[int, Field(ge=0, le=1)] = 0
    document: Annotated[str, Field(max_length=300)] | None = None
    source_lang: Lang | None = None


class TmExportQuery(Query):
    format: MemoryFormatName = "tmx"
    document: Annotated[str, Field(max_length=300)] | None = None
    q: Annotated[str, Field(max_length=500)] | None = None
    bom: Annotated[int, Field(ge=0, le=1)] = 0


# ---------------------------------------------------------------- assist


class AssistIn(Strict):
    text: Annotated[NonBlank, Field(max_length=1_000_000)]
    source_lang: Lang = "zh"
    target_lang: Lang = "en"
    min_score: Annotated[int, Field(ge=0, le=101)] = 70
    prefill_min_score: Annotated[int, Field(ge=0, le=101)] = 95
    max_matches: Annotated[int, Field(ge=0, le=20)] = 3
    max_segments: Annotated[int, Field(ge=1, le=20_000)] = 2000
    include_noise: bool = False
    store: bool = False
    targets: Annotated[list[Annotated[Text, Field(max_length=40_000)]], Field(max_length=20_000)] | None = None
    translation: Annotated[Text, Field(max_length=2_000_000)] | None = None
    document: Annotated[Text, Field(max_length=300)] | None = None


class Placeable(BaseModel):
    start: int
    end: int
    text: str
    kind: str


class Repair(BaseModel):
    kind: str
    from_: str = Field(alias="from")
    to: str

    model_config = ConfigDict(populate_by_name=True)


class AssistSegment(BaseModel):
    index: int
    start: int
    end: int
    text: str
    normalized: str
    noise: Literal["boilerplate", "spam", "caption", "metadata"] | None
    terms: list[TermHit]
    matches: list[MatchOut]
    placeables: list[Placeable]
    draft: str | None
    repairs: list[Repair] = []
    draft_withheld: list[str] = Field(
        default=[], description="why the best match's draft is not offered: numbers or dates of the old sentence"
    )
    prefill: bool = Field(
        default=False,
        description="whether the draft may fill the translation box (a 101/100 match or one at prefill_min_score)",
    )


class AssistStats(BaseModel):
    segments: int
    terms: int
    noise_segments: int
    elapsed_ms: float
    stored: int | None = None


class AssistOut(BaseModel):
    segments: list[AssistSegment]
    stats: AssistStats


# ---------------------------------------------------------------- quality


class ScoreIn(Strict):
    hypotheses: Annotated[list[Annotated[Text, Field(max_length=100_000)]], Field(min_length=1, max_length=100_000)]
    references: Annotated[
        list[Annotated[Text, Field(max_length=100_000)]]
        | list[Annotated[list[Annotated[Text, Field(max_length=100_000)]], Field(min_length=1)]],
        Field(min_length=1, max_length=100_000),
    ]
    target_lang: Lang = "en"


class ScoreOut(BaseModel):
    bleu: float
    chrf: float
    chrf_pp: float | None = None
    ter: float
    signatures: dict[str, str]


class QualityIssue(BaseModel):
    code: str
    severity: str
    message: str
    source_span: list[int] | None = None
    target_span: list[int] | None = None
    details: Any = None
    verdict: Literal["false-positive", "confirmed"] | None = Field(
        default=None, description="a reviewer's verdict on this flag, if one was given"
    )


class VerdictIn(Strict):
    code: Annotated[NonBlank, Field(max_length=40)]
    message: Annotated[NonBlank, Field(max_length=2000)]
    verdict: Literal["false-positive", "confirmed"]


class SegmentQuality(BaseModel):
    segment_id: int
    score: float
    issues: list[QualityIssue]
    metrics: dict[str, float] | None = None


class QualityReportQuery(Query):
    document: Annotated[str, Field(max_length=300)] | None = None
    worst: Annotated[int, Field(ge=1, le=500)] = 20


class QualityReport(BaseModel):
    document: str | None
    pairs: int
    mean_score: float | None
    by_code: dict[str, int]
    by_severity: dict[str, int]
    worst: list[dict[str, Any]]
    reviewed: dict[str, dict[str, Any]] = Field(
        default={}, description="per check: flags reviewers confirmed, marked false positives, and the precision"
    )


# ---------------------------------------------------------------- workspace

if TYPE_CHECKING:
    DocumentExportName: TypeAlias = str
    SegmentStatus: TypeAlias = str
else:
    DocumentExportName = Literal[workspace_service.export_formats()]
    SegmentStatus = Literal[workspace_service.STATUSES]


class DocumentIn(Strict):
    name: Annotated[NonBlank, Field(max_length=300)]
    text: Annotated[NonBlank, Field(max_length=2_000_000)] | None = Field(
        default=None, description="the Chinese text, segmented here"
    )
    xliff: Annotated[NonBlank, Field(max_length=20_000_000)] | None = Field(
        default=None, description="an XLIFF 1.x or 2.x file a CAT tool wrote, whose units become the segments"
    )

    @model_validator(mode="after")
    def _one_source(self) -> DocumentIn:
        if (self.text is None) == (self.xliff is None):
            raise ValueError("send the document as text or as xliff, one of the two")
        return self


class DocumentOut(BaseModel):
    id: int
    name: str
    segments: int
    counts: dict[str, int] = Field(description="segments per status: new, draft, confirmed")
    created_by: str
    created_at: str
    updated_at: str


class DocumentCreated(DocumentOut):
    noise_segments: int = Field(description="segments of the text left out as noise (captions, metadata, spam)")


class DocumentListQuery(Query):
    q: Annotated[str, Field(max_length=300)] | None = Field(default=None, description="part of the name")
    offset: Annotated[int, Field(ge=0, le=100_000)] = 0
    limit: Limit = 100


class DocumentList(BaseModel):
    items: list[DocumentOut]
    total: int


class WorkspaceSegmentOut(BaseModel):
    number: int = Field(description="1-based, in document order (noise segments left out)")
    source: str = Field(description="the segment without scraper noise (annotations, zero-width characters)")
    source_raw: str = Field(description="the segment exactly as sent")
    target: str
    status: SegmentStatus
    segment_id: int | None = Field(description="the memory pair its confirmation stored")
    context_before: str
    context_after: str
    updated_by: str
    updated_at: str
    assist: AssistSegment | None = Field(
        default=None, description="terms, memory matches and draft as they are now (with assist=1)"
    )


class DocumentPageQuery(Query):
    offset: Annotated[int, Field(ge=0, le=100_000)] = 0
    limit: Limit = 50
    status: SegmentStatus | None = None
    assist: Annotated[int, Field(ge=0, le=1)] = 0
    min_score: Annotated[int, Field(ge=0, le=101)] = 70
    prefill_min_score: Annotated[int, Field(ge=0, le=101)] = 95


class DocumentPage(BaseModel):
    document: DocumentOut
    items: list[WorkspaceSegmentOut]
    offset: int
    total: int = Field(description="segments of the document (of the status asked for)")


class SegmentWrite(Strict):
    target: Annotated[Text, Field(max_length=40_000)]
    status: Literal["draft", "confirmed"] = "draft"
    force: bool = Field(
        default=False, description="confirm although the checks found a forbidden rendering or a missing number"
    )


class SegmentWritten(BaseModel):
    segment: WorkspaceSegmentOut
    document: DocumentOut
    stored: bool = Field(description="confirming added the pair to the memory (or corrected its own pair)")
    issues: list[QualityIssue] = Field(description="the checks of the confirmed pair (info left out)")


class DocumentExportQuery(Query):
    format: DocumentExportName = "tmx"


class DocumentDeleted(BaseModel):
    id: int
    segments: int


# ---------------------------------------------------------------- XLIFF round trip


class XliffExportIn(Strict):
    text: Annotated[NonBlank, Field(max_length=1_000_000)]
    document: Annotated[NonBlank, Field(max_length=300)] = "document"
    min_score: Annotated[int, Field(ge=0, le=101)] = 70
    max_matches: Annotated[int, Field(ge=0, le=20)] = 3


class XliffImportQuery(Query):
    document: Annotated[str, Field(max_length=300)] | None = Field(
        default=None, description="the document the pairs belong to; left out: the file's original"
    )


class XliffStoredItem(BaseModel):
    segment_id: int
    status: Literal["created", "duplicate"]
    source: str
    target: str
    issues: list[QualityIssue]


class XliffSkipped(BaseModel):
    line: int | None
    message: str


class XliffImportOut(BaseModel):
    created: int
    duplicates: int
    skipped: list[XliffSkipped] = Field(description="units left out: not translated, or a unit of codes only")
    items: list[XliffStoredItem]


# ---------------------------------------------------------------- alignment


class AlignIn(Strict):
    source: Annotated[NonBlank, Field(max_length=1_000_000)] | None = Field(default=None, description="the Chinese")
    target: Annotated[NonBlank, Field(max_length=2_000_000)] | None = Field(default=None, description="the English")
    text: Annotated[NonBlank, Field(max_length=3_000_000)] | None = Field(
        default=None, description="one text whose Chinese and English lines or paragraphs alternate"
    )
    store: bool = False
    document: Annotated[NonBlank, Field(max_length=300)] | None = None
    min_confidence: Annotated[float, Field(ge=0, le=1)] = 0.8

    @model_validator(mode="after")
    def _one_input(self) -> AlignIn:
        if self.text is not None and (self.source is not None or self.target is not None):
            raise ValueError("send source and target, or text, not both")
        if self.text is None and (self.source is None or self.target is None):
            raise ValueError("send source and target (the Chinese and its English), or one bilingual text")
        if self.store and not self.document:
            raise ValueError("store=true needs the document the pairs belong to")
        return self


class AlignedBead(BaseModel):
    type: str = Field(description="Chinese segments-English segments: 1-1, 1-2, 2-1, 1-0, 0-1, 2-2, 1-3, 3-1")
    source_start: int | None
    source_end: int | None
    target_start: int | None
    target_end: int | None
    source: str
    target: str
    confidence: float
    noise: str | None = Field(description="the noise label of a segment aligned to nothing for being noise")
    source_spans: list[tuple[int, int]] = Field(
        description="each Chinese segment of the bead as [start, end], code points like source_start"
    )
    target_spans: list[tuple[int, int]] = Field(description="each English segment of the bead as [start, end]")


class AlignStored(BaseModel):
    stored: int
    duplicates: int
    review: list[int] = Field(description="indices of the beads left for review (below min_confidence)")


class AlignOut(BaseModel):
    beads: list[AlignedBead]
    stats: dict[str, Any]
    stored: AlignStored | None = None
