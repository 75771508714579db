"""The audit list of a submission: who did what, when. Written next to every change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.storage.tables import AuditEvent


def record(
    session: Session, submission_id: str, action: str, user_id: int | None = None, **detail: Any
) -> AuditEvent:
    event = AuditEvent(submission_id=submission_id, action=action, user_id=user_id, detail=detail)
    session.add(event)
    return event


def events(session: Session, submission_id: str) -> Sequence[AuditEvent]:
    query = (
        select(AuditEvent).where(AuditEvent.submission_id == submission_id).order_by(AuditEvent.id)
    )
    return session.scalars(query).all()
