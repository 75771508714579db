"""Rows to Public schemas (the only way data leaves the API)."""

from __future__ import annotations

from datetime import datetime

from service.api.schemas import StatusPublic, SubmissionPublic, Timings
from service.storage.tables import Submission


def _seconds(later: datetime | None, earlier: datetime | None) -> float | None:
    if later is None or earlier is None:
        return None
    return round((later - earlier).total_seconds(), 3)


def timings(sub: Submission) -> Timings:
    return Timings(
        created_at=sub.created_at,
        queued_at=sub.queued_at,
        started_at=sub.started_at,
        finished_at=sub.finished_at,
        heartbeat_at=sub.heartbeat_at,
        queue_wait_s=_seconds(sub.started_at, sub.queued_at),
        processing_s=_seconds(sub.finished_at, sub.started_at),
    )


def submission_public(sub: Submission) -> SubmissionPublic:
    return SubmissionPublic.model_validate(sub)


def status_public(sub: Submission) -> StatusPublic:
    return StatusPublic(
        id=sub.id,
        status=sub.status,
        reason=sub.reason,
        attempts=sub.attempts,
        progress=sub.progress,
        timings=timings(sub),
    )
