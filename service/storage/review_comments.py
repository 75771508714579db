"""The reviewer's overall comment on a submission. It has no column of its own: each save is an
audit event (who, when, text) and the latest one is the comment, so its history is kept."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.storage import audit
from service.storage.tables import AuditEvent, User

ACTION = "review_comment"


def latest(session: Session, submission_id: str) -> AuditEvent | None:
    found = None
    for event in audit.events(session, submission_id):
        if event.action == ACTION:
            found = event
    return found


def text(session: Session, submission_id: str) -> str:
    event = latest(session, submission_id)
    return str(event.detail.get("comment") or "") if event is not None else ""


def save(session: Session, submission_id: str, comment: str, user: User) -> bool:
    """Record `comment` if it differs from the current one; True when something was written."""
    if comment == text(session, submission_id):
        return False
    audit.record(session, submission_id, ACTION, user.id, comment=comment)
    session.flush()
    return True
