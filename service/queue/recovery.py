"""Find work a dead worker left behind and put it right: a submission `processing` whose
heartbeat went silent is re-queued (or failed visibly after settings.max_attempts losses); a
`queued` one whose RQ job vanished (Redis flushed, enqueue lost, or popped by a dead worker's
connection) is enqueued again once it has waited settings.stale_after_s."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.queue import dispatch
from service.settings import Settings
from service.storage import audit, batches
from service.storage import submissions as subs
from service.storage.db import session_scope
from service.storage.tables import BatchItem, ItemState, Status, Submission, utcnow

log = logging.getLogger(__name__)


@dataclass
class RecoveryReport:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _open_batch_item(session: Session, submission_id: str) -> int | None:
    item = session.scalar(
        select(BatchItem.id)
        .where(BatchItem.submission_id == submission_id, BatchItem.state == ItemState.queued)
        .order_by(BatchItem.id.desc())
        .limit(1)
    )
    return int(item) if item is not None else None


def _job_alive(settings: Settings, job_id: str | None) -> bool:
    """Whether RQ still holds the job where something will run it. A job RQ calls `queued`
    but that is in no queue was popped by a connection nobody serves any more (a dead
    worker's, or an orphan holding its socket): lost, though its status never changed."""
    if settings.inline or not job_id:
        return False
    from rq.exceptions import NoSuchJobError
    from rq.job import Job
    from rq.queue import Queue
    from rq.worker import Worker

    from service.queue.connection import redis_connection

    redis = redis_connection(settings)
    try:
        job = Job.fetch(job_id, connection=redis)
    except NoSuchJobError:
        return False
    status = job.get_status(refresh=False)
    if status in ("scheduled", "deferred"):
        return True
    if status == "queued":
        return redis.lpos(Queue.redis_queue_namespace_prefix + job.origin, job_id) is not None
    if status == "started":
        name = job.worker_name
        if not name:
            return False
        key = Worker.redis_worker_namespace_prefix + name
        return Worker.find_by_key(key, connection=redis) is not None
    return False


def _forget_job(settings: Settings, job_id: str | None) -> None:
    """Delete a dead job so RQ's own abandoned-job cleanup cannot run it a second time."""
    if settings.inline or not job_id:
        return
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    from service.queue.connection import redis_connection

    with contextlib.suppress(NoSuchJobError):
        Job.fetch(job_id, connection=redis_connection(settings)).delete()


def recover(settings: Settings, now: datetime | None = None) -> RecoveryReport:
    """One sweep. Safe to run from every worker at once: each row is re-checked under update."""
    now = now or utcnow()
    cutoff = now - timedelta(seconds=settings.stale_after_s)
    report = RecoveryReport()
    to_queue: list[tuple[str, bool, int | None]] = []
    with session_scope(settings) as session:
        stale = session.scalars(
            select(Submission)
            .where(Submission.status == Status.processing)
            .where(Submission.heartbeat_at.is_(None) | (Submission.heartbeat_at < cutoff))
            .with_for_update(skip_locked=True)
        ).all()
        for sub in stale:
            _forget_job(settings, sub.job_id)
            item_id = _open_batch_item(session, sub.id)
            if settings.inline or sub.attempts >= settings.max_attempts:
                reason = (
                    f"worker lost while processing (attempt {sub.attempts} of "
                    f"{settings.max_attempts}); retry to try again"
                )
                subs.mark_failed(sub, reason)
                audit.record(session, sub.id, "failed", reason=reason)
                if item_id is not None:
                    batches.finish_item(session, item_id, ok=False, error=reason)
                report.failed.append(sub.id)
            else:
                audit.record(session, sub.id, "recovered", attempt=sub.attempts, job=sub.job_id)
                to_queue.append((sub.id, sub.queue == settings.batch_queue, item_id))
        if not settings.inline:
            waiting = session.scalars(
                select(Submission).where(
                    Submission.status == Status.queued, Submission.queued_at < cutoff
                )
            ).all()
            for sub in waiting:
                if not _job_alive(settings, sub.job_id):
                    audit.record(session, sub.id, "recovered", lost_job=sub.job_id)
                    item_id = _open_batch_item(session, sub.id)
                    to_queue.append((sub.id, sub.queue == settings.batch_queue, item_id))
    for sub_id, batch, item_id in to_queue:
        dispatch.enqueue(settings, sub_id, batch=batch, batch_item_id=item_id)
        report.requeued.append(sub_id)
    if report.requeued or report.failed:
        log.warning("recovery: requeued %s, failed %s", report.requeued, report.failed)
    return report
