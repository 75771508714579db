"""Request and response bodies. Create/Update/Public are separate models and routes return
only Public ones, never ORM rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

StatusName = Literal["queued", "processing", "done", "failed"]
RoleName = Literal["submitter", "reviewer", "admin"]


class _Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


def _reject_nul(value: Any) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("文本中不能含有空字符（NUL）")
    elif isinstance(value, dict):
        for key, item in value.items():
            _reject_nul(key)
            _reject_nul(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _reject_nul(item)


class _Request(BaseModel):
    """Request bodies: no NUL anywhere (PostgreSQL text and JSONB cannot hold it)."""

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        _reject_nul(data)
        return data


class ErrorBody(BaseModel):
    code: str
    message: str
    existing_id: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


# --- accounts -------------------------------------------------------------------------------


class LoginRequest(_Request):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1024)


class UserPublic(_Public):
    id: int
    username: str
    role: RoleName
    unit: str | None
    disabled: bool
    created_at: datetime


class SessionPublic(BaseModel):
    user: UserPublic
    csrf_token: str | None = None  # present for cookie sessions


class UserCreate(_Request):
    username: str = Field(min_length=1, max_length=80, pattern=r"^[\w.@-]+$")
    password: str = Field(min_length=8, max_length=1024)
    role: RoleName = "submitter"
    unit: str | None = Field(default=None, max_length=200)


class UserUpdate(_Request):
    role: RoleName | None = None
    unit: str | None = Field(default=None, max_length=200)
    disabled: bool | None = None
    password: str | None = Field(default=None, min_length=8, max_length=1024)


class TokenCreate(_Request):
    name: str = Field(min_length=1, max_length=80)


class TokenPublic(_Public):
    id: int
    user_id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


class TokenIssued(BaseModel):
    id: int
    name: str
    token: str = Field(description="shown once; send as `Authorization: Bearer <token>`")


# --- submissions ----------------------------------------------------------------------------


class Timings(BaseModel):
    created_at: datetime
    queued_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None
    queue_wait_s: float | None
    processing_s: float | None


class SubmissionPublic(_Public):
    id: str
    sha256: str
    filename: str | None
    size_bytes: int
    page_count: int
    unit: str | None
    project: str | None
    source: str
    status: StatusName
    reason: str | None
    attempts: int
    pipeline_version: str | None
    created_at: datetime
    reviewed_at: datetime | None


class UploadAccepted(BaseModel):
    id: str
    message: str | None = Field(default=None, description="e.g. queued until the queue is back")
    status: StatusName
    duplicate: bool = Field(description="true: these bytes were submitted before; same id")
    links: dict[str, str]


class SubmissionPage(BaseModel):
    items: list[SubmissionPublic]
    total: int
    limit: int
    offset: int


class StatusPublic(BaseModel):
    id: str
    status: StatusName
    reason: str | None
    attempts: int
    progress: dict[str, Any] | None
    timings: Timings


class ResultVersion(BaseModel):
    pipeline_version: str
    created_at: datetime
    updated_at: datetime
    processing_s: float | None


class SubmissionDetail(BaseModel):
    submission: SubmissionPublic
    timings: Timings
    progress: dict[str, Any] | None
    result: dict[str, Any] | None = Field(description="machine result with corrections overlaid")
    warnings: list[dict[str, Any]]
    versions: list[ResultVersion]
    scores: list[ScorePublic]


# --- review ---------------------------------------------------------------------------------


class CorrectionCreate(_Request):
    path: str = Field(min_length=1, max_length=200, examples=["application.fields.leader"])
    value: Any = Field(description="the new value (null clears it)")


class CorrectionPublic(_Public):
    id: int
    path: str
    old_value: Any
    new_value: Any
    user_id: int | None
    created_at: datetime


class ScoreItem(_Request):
    indicator: str = Field(min_length=1, max_length=80)
    score: float = Field(ge=0, allow_inf_nan=False)
    comment: str | None = Field(default=None, max_length=4000)


class ScoresUpdate(_Request):
    scores: list[ScoreItem] = Field(max_length=50)
    final: bool = Field(default=True, description="marks the submission reviewed")


class ScorePublic(_Public):
    indicator: str
    score: float
    comment: str | None
    user_id: int | None
    updated_at: datetime


class AuditPublic(_Public):
    id: int
    action: str
    user_id: int | None
    detail: dict[str, Any]
    created_at: datetime


# --- administration -------------------------------------------------------------------------


class ReprocessRequest(_Request):
    all: bool = False
    failed: bool = False
    since: date | None = None
    below_version: str | None = Field(default=None, max_length=40)
    unit: str | None = Field(default=None, max_length=200)
    ids: list[str] | None = Field(default=None, max_length=10000)


class BatchPublic(BaseModel):
    id: int
    status: str
    pipeline_version: str
    filters: dict[str, Any]
    created_at: datetime
    finished_at: datetime | None
    counts: dict[str, int]
    report: dict[str, Any] | None = None


class RecoveryPublic(BaseModel):
    requeued: list[str]
    failed: list[str]


SubmissionDetail.model_rebuild()
