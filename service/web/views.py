"""View schemas: what templates receive. Presenters build these from rows and results, so a
template never touches an ORM row or a raw result dict."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

ValueKind = Literal["text", "long", "date", "bool", "list", "int", "check", "evkind"]
ReviewState = Literal["machine", "confirmed", "corrected"]


class EvidenceView(BaseModel):
    page: int
    bbox: tuple[float, float, float, float] | None
    text: str


class FieldView(BaseModel):
    """One reviewable value: a field, a count, a direction's tick."""

    path: str
    label: str
    kind: ValueKind
    display: str  # the value as people read it ("—" when absent)
    edit_value: str  # the value as the edit box starts
    confidence: float | None
    band: str
    evidence: list[EvidenceView]
    state: ReviewState = "machine"
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    machine_display: str | None = None  # shown when a reviewer changed the value
    note: str | None = None


class EvidenceItemView(BaseModel):
    """One piece of evidence material: its reviewable facts and its marks."""

    key: str  # p5, p5b: how correction paths name it (service.correction_paths.evidence_key)
    path: str  # evidence[p5]
    pages: list[int]
    kind_label: str
    label: str  # the number, else the title, else the kind: what the item is called
    counts_toward: str | None
    counts_label: str | None
    duplicate_of_page: int | None  # the first page of the item this one repeats
    unrelated: bool
    not_evidence: bool
    counted: bool  # backs its count (not a duplicate, not unrelated, not "not evidence")
    confidence: float | None
    band: str
    evidence: list[EvidenceView]  # its page and the box of its number (else title)
    fields: list[FieldView]  # kind, number, title, holders, date, related, not evidence


class CountLinkView(BaseModel):
    """A claimed count beside the evidence that backs it, a click from each certificate."""

    key: str
    label: str
    claimed: int | None
    evidenced: int | None
    items: list[EvidenceItemView]


class SectionView(BaseModel):
    """One outline section: found and on which page, reviewable as one row."""

    id: str
    path: str  # report.sections[ID]; its facts are PATH.found and PATH.page
    title: str
    found: bool
    page: int | None
    display: str  # "第 5 页", "缺失"
    evidence: list[EvidenceView]
    confidence: float | None
    band: str
    level: int  # 1 for "3", 2 for "3.1"
    text_chars: int | None
    state: ReviewState = "machine"
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    machine_display: str | None = None  # shown when a reviewer changed found or page


class SealView(BaseModel):
    page: int
    bbox: tuple[float, float, float, float]
    text: str | None
    confidence: float
    band: str


class PageView(BaseModel):
    number: int
    kind: str
    kind_label: str
    source: str
    width: float  # PDF points of the displayed page: bbox -> image pixels is bbox / width
    height: float
    image_url: str
    seals: list[SealView]


class WarningView(BaseModel):
    code: str
    label: str
    message: str
    page: int | None


class FlagView(BaseModel):
    """What a reviewer must see first (service.web.flags)."""

    code: str
    label: str
    detail: str
    path: str | None = None  # the reviewable value it is about (the page links to it)


class RubricRowView(BaseModel):
    id: str
    name: str
    max: float
    suggested: float | None  # from the corrected result
    rationale: str
    evidence: list[EvidenceView]
    final: float | None
    comment: str | None
    # The machine's own suggestion, shown beside when corrections changed it
    machine_suggested: float | None = None
    machine_rationale: str | None = None
    changed: bool = False
    claims: list[CountLinkView] = []  # the counts it rests on, claimed beside evidenced


class ScoringView(BaseModel):
    rows: list[RubricRowView]
    suggested_total: float
    final_total: float | None  # None until every indicator has a final score
    scored: int
    comment: str
    reviewed_at: datetime | None
    reviewer: str | None


class SubmissionSummary(BaseModel):
    id: str
    title: str
    filename: str | None
    unit: str | None
    lead_unit: str | None
    status: str
    status_label: str
    reason: str | None
    reason_text: str | None = None  # why it failed, in Chinese
    stage: str | None = None  # while processing: what it is doing, in Chinese
    pages_done: int | None = None
    pages_total: int | None = None
    report_kind: str
    has_report: bool
    has_application: bool
    page_count: int
    pipeline_version: str | None
    created_at: datetime
    reviewed_at: datetime | None


class SubmissionView(BaseModel):
    summary: SubmissionSummary
    has_result: bool = True
    pages: list[PageView]
    report_fields: list[FieldView]
    application_fields: list[FieldView]
    directions: list[FieldView]
    sections: list[SectionView]
    missing_sections: int
    counts: list[FieldView]
    signatures: list[FieldView]
    seals: list[SealView]
    warnings: list[WarningView]
    flags: list[FlagView] = []
    evidence_items: list[EvidenceItemView] = []
    count_links: dict[str, CountLinkView] = {}
    stale_corrections: list[str]
    low_confidence: int


class QueueRow(BaseModel):
    id: str
    project: str
    filename: str | None
    lead_unit: str
    kind: str
    status: str
    status_label: str
    needs_review: bool
    reviewed: bool
    reason: str | None
    created_at: datetime
    low_confidence: int
    warnings: int
    total: float | None
    progress: str | None
    flags: list[FlagView] = []
    draft_scored: int = 0  # indicators scored in a draft not yet submitted


class CohortRow(BaseModel):
    rank: int
    id: str
    project: str
    lead_unit: str
    total: float
    within_cap: bool


class UserRow(BaseModel):
    id: int
    username: str
    role: str  # its Chinese name
    unit: str | None
    disabled: bool
    created_at: datetime


class BatchRow(BaseModel):
    id: int
    status: str
    pipeline_version: str
    created_at: datetime
    finished_at: datetime | None
    counts: dict[str, int]  # pending, queued, done, failed
    total: int
    percent: int  # done or failed, of all items
