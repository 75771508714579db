"""Submissions and their versioned machine results: create, find, list what a user may see,
move through the states queued -> processing -> done | failed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, false, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.storage.tables import ResultRecord, Role, Status, Submission, User, utcnow


@dataclass(frozen=True)
class SubmissionFilter:
    status: str | None = None
    unit: str | None = None
    project: str | None = None  # substring of the project name
    needs_review: bool | None = None
    since: datetime | None = None
    below_version: str | None = None


def can_see(user: User, submission: Submission) -> bool:
    """Reviewers and admins see everything; a submitter only their own unit's submissions."""
    if user.role in (Role.reviewer, Role.admin):
        return True
    return user.unit is not None and submission.unit == user.unit


def get(session: Session, submission_id: str) -> Submission | None:
    return session.get(Submission, submission_id)


def get_visible(session: Session, submission_id: str, user: User) -> Submission | None:
    """The submission if `user` may see it; otherwise None (callers answer 404 either way)."""
    sub = session.get(Submission, submission_id)
    return sub if sub is not None and can_see(user, sub) else None


def find_by_sha(session: Session, sha256: str) -> Submission | None:
    return session.scalar(select(Submission).where(Submission.sha256 == sha256))


def create(session: Session, **values: Any) -> tuple[Submission, bool]:
    """Insert a submission; on a concurrent insert of the same bytes return the winner."""
    sub = Submission(**values)
    try:
        with session.begin_nested():
            session.add(sub)
            session.flush()
    except IntegrityError:
        existing = find_by_sha(session, values["sha256"])
        if existing is None:
            raise
        return existing, False
    return sub, True


def _apply_filter(query: Select[Any], flt: SubmissionFilter) -> Select[Any]:
    if flt.status:
        query = query.where(Submission.status == flt.status)
    if flt.unit:
        query = query.where(Submission.unit == flt.unit)
    if flt.project:
        query = query.where(Submission.project.contains(flt.project, autoescape=True))
    if flt.needs_review is True:
        query = query.where(Submission.status == Status.done, Submission.reviewed_at.is_(None))
    elif flt.needs_review is False:
        query = query.where(Submission.reviewed_at.is_not(None))
    if flt.since:
        query = query.where(Submission.created_at >= flt.since)
    return query


def _visible(query: Select[Any], user: User | None) -> Select[Any]:
    if user is None or user.role in (Role.reviewer, Role.admin):
        return query
    if user.unit is None:
        return query.where(false())
    return query.where(Submission.unit == user.unit)


def list_page(
    session: Session,
    user: User | None,
    flt: SubmissionFilter,
    *,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[Submission], int]:
    """One page of the submissions `user` may see (None = all), newest first, and the total."""
    query = _apply_filter(_visible(select(Submission), user), flt)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Submission.created_at.desc(), Submission.id).limit(limit).offset(offset)
    ).all()
    return rows, total


def select_ids(session: Session, flt: SubmissionFilter) -> list[str]:
    """Ids matching `flt`, oldest first (what a reprocessing batch takes)."""
    query = _apply_filter(select(Submission.id, Submission.pipeline_version), flt)  # type: ignore[arg-type]
    rows = session.execute(query.order_by(Submission.created_at, Submission.id)).all()
    if flt.below_version:
        limit = version_key(flt.below_version)
        rows = [r for r in rows if r[1] is None or version_key(r[1]) < limit]
    return [r[0] for r in rows]


def version_key(version: str) -> tuple[int | str, ...]:
    """Order "0.9.0" before "0.10.0" (string order would not)."""
    return tuple(int(p) if p.isdigit() else p for p in version.replace("-", ".").split("."))


def mark_queued(sub: Submission, *, job_id: str | None, queue: str | None) -> None:
    sub.status = Status.queued
    sub.reason = None
    sub.job_id = job_id
    sub.queue = queue
    sub.queued_at = utcnow()
    sub.started_at = None
    sub.finished_at = None
    sub.heartbeat_at = None


def mark_processing(sub: Submission) -> None:
    now = utcnow()
    sub.status = Status.processing
    sub.reason = None
    sub.started_at = now
    sub.heartbeat_at = now
    sub.finished_at = None
    sub.attempts += 1


def mark_done(sub: Submission, *, pipeline_version: str, project: str | None) -> None:
    sub.status = Status.done
    sub.reason = None
    sub.finished_at = utcnow()
    sub.pipeline_version = pipeline_version
    if project:
        sub.project = project[:500]


def mark_failed(sub: Submission, reason: str) -> None:
    sub.status = Status.failed
    sub.reason = reason[:4000]
    sub.finished_at = utcnow()


def store_result(
    session: Session,
    submission_id: str,
    pipeline_version: str,
    data: dict[str, Any],
    processing_s: float | None,
) -> dict[str, Any] | None:
    """Save the result for (submission, version): one row per pair, replaced when the same
    version runs again. Returns the data it replaced, if any."""
    for _ in range(2):
        row = session.scalar(
            select(ResultRecord).where(
                ResultRecord.submission_id == submission_id,
                ResultRecord.pipeline_version == pipeline_version,
            )
        )
        if row is not None:
            previous = row.data
            row.data = data
            row.processing_s = processing_s
            row.updated_at = utcnow()
            session.flush()
            return previous
        try:
            with session.begin_nested():
                session.add(
                    ResultRecord(
                        submission_id=submission_id,
                        pipeline_version=pipeline_version,
                        data=data,
                        processing_s=processing_s,
                    )
                )
                session.flush()
            return None
        except IntegrityError:
            continue  # another worker stored the same pair a moment ago: update that one
    raise RuntimeError("could not store result")


def result_versions(session: Session, submission_id: str) -> Sequence[ResultRecord]:
    query = (
        select(ResultRecord)
        .where(ResultRecord.submission_id == submission_id)
        .order_by(ResultRecord.created_at.desc(), ResultRecord.id.desc())
    )
    return session.scalars(query).all()


def result(
    session: Session, submission_id: str, pipeline_version: str | None = None
) -> ResultRecord | None:
    """The result of `pipeline_version`, or the newest one."""
    query = select(ResultRecord).where(ResultRecord.submission_id == submission_id)
    if pipeline_version:
        query = query.where(ResultRecord.pipeline_version == pipeline_version)
    query = query.order_by(ResultRecord.updated_at.desc(), ResultRecord.id.desc()).limit(1)
    return session.scalar(query)
