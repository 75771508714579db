"""The result contract (`shared/contract/result.schema.json`, schema_version 2) as pydantic
models. The CLI, the API, stored results and sample truth all go through these."""

from __future__ import annotations

from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic import Field as PField

from models.template import COUNT_KEYS, DIRECTIONS, RUBRIC, SECTIONS

SCHEMA_VERSION: Final = "2"

BBox = tuple[float, float, float, float]
PageSource = Literal["text", "ocr"]
PageKind = Literal[
    "report_cover", "report_body", "application_form", "attachment", "blank", "other"
]
ReportKind = Literal["annual", "acceptance"]
EvidenceKind = Literal[
    "patent_certificate",
    "patent_application",
    "software_copyright_certificate",
    "award_certificate",
    "paper",
    "standard",
    "other",
]
AwardLevel = Literal["national", "provincial", "other"]


class _Model(BaseModel):
    # Producers may add keys (the contract allows it); keep what we read.
    model_config = ConfigDict(extra="allow")


class Evidence(_Model):
    page: int = PField(ge=1)
    bbox: BBox | None = None
    text: str


class Field(_Model):
    value: Any = None
    confidence: float | None = PField(default=None, ge=0, le=1)
    evidence: list[Evidence] = PField(default_factory=list)


class Count(_Model):
    value: int | None = PField(default=None, ge=0)
    confidence: float | None = PField(default=None, ge=0, le=1)
    evidence: list[Evidence] = PField(default_factory=list)
    note: str | None = None  # which statement was taken and why, when there were several
    # v2: distinct, related evidence items behind this count; None where no kind counts toward it
    evidenced: int | None = PField(default=None, ge=0)


class Seal(_Model):
    bbox: BBox
    text: str | None = None
    confidence: float


class Page(_Model):
    number: int = PField(ge=1)
    source: PageSource
    kind: PageKind = "other"
    rotation: Literal[0, 90, 180, 270] = 0
    ocr_confidence: float | None = None
    seals: list[Seal] = PField(default_factory=list)
    width: float | None = None
    height: float | None = None
    text: str | None = None  # the page's text in reading order (lets OCR be checked and searched)


class Document(_Model):
    sha256: str = PField(pattern=r"^[0-9a-f]{64}$")
    page_count: int = PField(ge=0)
    filename: str | None = None


class ReportFields(_Model):
    project_name: Field = PField(default_factory=Field)
    leader: Field = PField(default_factory=Field)
    lead_unit: Field = PField(default_factory=Field)
    date: Field = PField(default_factory=Field)
    leader_signed: Field = PField(default_factory=Field)
    unit_sealed: Field = PField(default_factory=Field)


class Section(_Model):
    id: str
    title: str
    found: bool = False
    page: int | None = None
    bbox: BBox | None = None
    confidence: float | None = None
    text_chars: int | None = None


def empty_sections() -> list[Section]:
    return [Section(id=sid, title=title) for sid, title in SECTIONS]


class Report(_Model):
    present: bool = False
    kind: ReportKind | None = None
    fields: ReportFields = PField(default_factory=ReportFields)
    sections: list[Section] = PField(default_factory=empty_sections)


class ApplicationFields(_Model):
    project_name: Field = PField(default_factory=Field)
    lead_unit: Field = PField(default_factory=Field)
    leader: Field = PField(default_factory=Field)
    leader_title: Field = PField(default_factory=Field)
    contact_name: Field = PField(default_factory=Field)
    contact_phone: Field = PField(default_factory=Field)
    contact_email: Field = PField(default_factory=Field)
    partner_units: Field = PField(default_factory=Field)
    summary: Field = PField(default_factory=Field)
    filled_date: Field = PField(default_factory=Field)
    leader_signed: Field = PField(default_factory=Field)
    unit_sealed: Field = PField(default_factory=Field)


class Direction(_Model):
    id: str
    label: str
    checked: bool | None = None
    confidence: float | None = None
    page: int | None = None
    bbox: BBox | None = None
    text: str | None = None


def empty_directions() -> list[Direction]:
    return [Direction(id=did, label=label) for did, label in DIRECTIONS]


class Application(_Model):
    present: bool = False
    fields: ApplicationFields = PField(default_factory=ApplicationFields)
    directions: list[Direction] = PField(default_factory=empty_directions)


class Counts(_Model):
    patents_filed: Count = PField(default_factory=Count)
    patents_granted: Count = PField(default_factory=Count)
    software_copyrights: Count = PField(default_factory=Count)
    papers: Count = PField(default_factory=Count)
    monographs: Count = PField(default_factory=Count)
    standards: Count = PField(default_factory=Count)
    phd_trainees: Count = PField(default_factory=Count)
    master_trainees: Count = PField(default_factory=Count)
    awards_national: Count = PField(default_factory=Count)
    awards_provincial: Count = PField(default_factory=Count)
    media_reports: Count = PField(default_factory=Count)
    trainings: Count = PField(default_factory=Count)
    institutions: Count = PField(default_factory=Count)
    beneficiaries: Count = PField(default_factory=Count)

    def get(self, key: str) -> Count:
        if key not in COUNT_KEYS:
            raise KeyError(key)
        value: Count = getattr(self, key)
        return value


class RubricItem(_Model):
    id: str
    name: str
    max: float
    suggested: float | None = PField(default=None, ge=0)
    rationale: str = ""
    evidence: list[Evidence] = PField(default_factory=list)


def empty_rubric() -> list[RubricItem]:
    return [RubricItem(id=rid, name=name, max=mx, rationale="未评估") for rid, name, mx in RUBRIC]


class EvidenceItem(_Model):
    """One piece of evidence material (a certificate, a paper's first page, a standard's cover)."""

    kind: EvidenceKind = "other"
    pages: list[int] = PField(min_length=1)
    title: Field = PField(default_factory=Field)
    number: Field = PField(default_factory=Field)
    holders: Field = PField(default_factory=lambda: Field(value=[]))
    date: Field = PField(default_factory=Field)
    level: AwardLevel | None = None
    counts_toward: str | None = None
    duplicate_of: int | None = PField(default=None, ge=0)
    related: bool | None = None
    confidence: float | None = PField(default=None, ge=0, le=1)


class Warning(_Model):
    code: str
    message: str
    page: int | None = None


class Result(_Model):
    schema_version: Literal["2"] = SCHEMA_VERSION
    pipeline_version: str | None = None
    document: Document
    pages: list[Page] = PField(default_factory=list)
    report: Report = PField(default_factory=Report)
    application: Application = PField(default_factory=Application)
    counts: Counts = PField(default_factory=Counts)
    rubric: list[RubricItem] = PField(default_factory=empty_rubric)
    warnings: list[Warning] = PField(default_factory=list)
    evidence: list[EvidenceItem] = PField(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _upgrade_v1(cls, data: Any) -> Any:
        """Stored version-1 results read as version 2: v2 only adds keys, so nothing changes
        but the version (v1 held no evidence; `evidenced` stays unknown)."""
        if isinstance(data, dict) and data.get("schema_version") == "1":
            data = {**data, "schema_version": SCHEMA_VERSION}
            data.setdefault("evidence", [])
        return data

    def to_json_dict(self) -> dict[str, Any]:
        """The contract's JSON form (tuples as lists, every required key present)."""
        data = self.model_dump(mode="json")
        # Optional in the schema but strings when present: leave them out rather than null.
        if data.get("pipeline_version") is None:
            data.pop("pipeline_version", None)
        if data["document"].get("filename") is None:
            data["document"].pop("filename", None)
        return data
