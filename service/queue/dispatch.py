"""Hand a submission to processing: mark it queued (committed first, so a fast worker never
races the bookkeeping), then enqueue on RQ, or run the same job function inline when no Redis
is configured. `run_later` lets the API run inline jobs after its response is sent."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from models.errors import TransientError
from service.queue import jobs
from service.settings import Settings
from service.storage import submissions as subs
from service.storage.db import session_scope

INLINE_QUEUE = "inline"
RunLater = Callable[..., Any]


def enqueue(
    settings: Settings,
    submission_id: str,
    *,
    batch: bool = False,
    batch_item_id: int | None = None,
    run_later: RunLater | None = None,
) -> str | None:
    """Queue one submission for processing; returns the RQ job id (None inline)."""
    if settings.inline:
        _mark(settings, submission_id, None, INLINE_QUEUE)
        if run_later is not None:
            run_later(jobs.run_inline, submission_id, batch_item_id)
        else:
            jobs.run_inline(submission_id, batch_item_id)
        return None

    from rq import Retry

    from service.queue.connection import queue

    name = settings.batch_queue if batch else settings.live_queue
    job_id = f"sub-{submission_id}-{uuid.uuid4().hex[:8]}"
    _mark(settings, submission_id, job_id, name)
    retry = None
    if settings.job_retries:
        retry = Retry(max=settings.job_retries, interval=settings.retry_backoff_s or 0)
    try:
        queue(settings, name).enqueue(
            jobs.process_submission,
            submission_id,
            batch_item_id,
            job_id=job_id,
            job_timeout=settings.job_timeout_s,
            result_ttl=settings.result_ttl_s,
            failure_ttl=settings.failure_ttl_s,
            retry=retry,
            description=f"process submission {submission_id}",
        )
    except Exception as exc:  # redis down: the row stays queued; recovery enqueues it later
        raise TransientError(f"the job queue is unavailable: {exc}") from exc
    return job_id


def _mark(settings: Settings, submission_id: str, job_id: str | None, queue_name: str) -> None:
    with session_scope(settings) as session:
        sub = subs.get(session, submission_id)
        if sub is None:
            raise LookupError(submission_id)
        subs.mark_queued(sub, job_id=job_id, queue=queue_name)
