"""The job: load the stored original, run the pure pipeline, store the versioned result, and
record the outcome on the submission (and on its batch item, when part of a reprocessing).
Input errors and bugs fail the submission with a reason; only TransientError is retried."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from models.errors import InputError, TransientError
from service import result_diff
from service.settings import Settings, get_settings
from service.storage import audit, batches
from service.storage import submissions as subs
from service.storage.blobs import BlobStore
from service.storage.db import session_scope
from service.storage.tables import Status, utcnow

log = logging.getLogger(__name__)


@dataclass
class Claim:
    submission_id: str
    sha256: str
    filename: str | None
    attempt: int
    progress: dict[str, Any] | None = None


def _current_job_id() -> str | None:
    from rq import get_current_job

    job = get_current_job()
    return job.id if job is not None else None


# Inline mode has no RQ job to ask; run_inline says here whether another attempt follows.
_inline_retry_pending: ContextVar[bool] = ContextVar("inline_retry_pending", default=False)


def _retry_pending() -> bool:
    from rq import get_current_job

    job = get_current_job()
    if job is None:
        return _inline_retry_pending.get()
    return bool(job.retries_left)


@contextmanager
def claimed(submission_id: str, settings: Settings) -> Iterator[Claim | None]:
    """Mark the submission processing and keep its heartbeat fresh while the body runs.
    Yields None when this job is no longer the submission's job (superseded by recovery)."""
    job_id = _current_job_id()
    with session_scope(settings) as session:
        sub = subs.get(session, submission_id)
        if sub is None or (job_id is not None and sub.job_id not in (None, job_id)):
            claim = None
        else:
            subs.mark_processing(sub)
            audit.record(session, sub.id, "processing", attempt=sub.attempts, job=job_id)
            claim = Claim(sub.id, sub.sha256, sub.filename, sub.attempts)
    if claim is None:
        log.warning("job %s for %s superseded; skipping", job_id, submission_id)
        yield None
        return
    stop = threading.Event()
    beat = threading.Thread(
        target=_heartbeat, args=(claim, settings, stop), name="pilotdoc-heartbeat", daemon=True
    )
    beat.start()
    try:
        yield claim
    finally:
        stop.set()
        beat.join(timeout=5)


def _heartbeat(claim: Claim, settings: Settings, stop: threading.Event) -> None:
    # Recovery treats a processing submission whose heartbeat is older than stale_after_s as
    # abandoned (its worker died); this thread is what says "still alive".
    while not stop.wait(settings.heartbeat_s):
        try:
            with session_scope(settings) as session:
                sub = subs.get(session, claim.submission_id)
                if sub is None or sub.status != Status.processing:
                    return
                sub.heartbeat_at = utcnow()
                sub.progress = claim.progress
        except Exception:  # a missed beat is not worth killing the job for
            log.exception("heartbeat for %s failed", claim.submission_id)


def process_submission(submission_id: str, batch_item_id: int | None = None) -> dict[str, Any]:
    """RQ entry point (and the inline one): process one stored submission."""
    settings = get_settings()
    with claimed(submission_id, settings) as claim:
        if claim is None:
            return {"status": "superseded"}
        return _run(claim, settings, batch_item_id)


def _run(claim: Claim, settings: Settings, batch_item_id: int | None) -> dict[str, Any]:
    from extractors.options import PIPELINE_VERSION
    from extractors.perception.cache import PerceptionCache
    from extractors.pipeline import process

    def progress(stage: str, done: int, total: int) -> None:
        claim.progress = {"stage": stage, "done": done, "total": total}

    started = time.perf_counter()
    try:
        data = BlobStore(settings.blob_dir).read(claim.sha256)
    except OSError as exc:
        return _fail(claim, settings, batch_item_id, f"original missing: {exc}")
    try:
        result = process(
            data,
            filename=claim.filename,
            options=settings.pipeline_options(),
            cache=PerceptionCache(settings.cache_dir),
            progress=progress,
        )
    except InputError as exc:
        return _fail(claim, settings, batch_item_id, f"{exc.code}: {exc}")
    except TransientError as exc:
        if _retry_pending():
            _note_retry(claim, settings, str(exc))
        else:
            _fail(claim, settings, batch_item_id, f"transient error, retries used up: {exc}")
        raise
    except Exception as exc:  # a bug must fail visibly, not loop through retries
        log.exception("processing %s failed", claim.submission_id)
        return _fail(claim, settings, batch_item_id, f"internal error: {type(exc).__name__}: {exc}")
    seconds = round(time.perf_counter() - started, 3)
    data_out = result.to_json_dict()
    version = result.pipeline_version or PIPELINE_VERSION
    project = _project_name(data_out)
    with session_scope(settings) as session:
        sub = subs.get(session, claim.submission_id)
        if sub is None:
            return {"status": "deleted"}
        previous = subs.result(session, sub.id, sub.pipeline_version)
        old_data = previous.data if previous is not None else None
        subs.store_result(session, sub.id, version, data_out, seconds)
        subs.mark_done(sub, pipeline_version=version, project=project)
        sub.progress = None
        changed = result_diff.changed_paths(old_data, data_out) if old_data else []
        audit.record(session, sub.id, "done", version=version, seconds=seconds, changed=changed)
        if batch_item_id is not None:
            batches.finish_item(
                session,
                batch_item_id,
                ok=True,
                changed=changed,
                seconds=seconds,
                old_version=previous.pipeline_version if previous is not None else None,
            )
    return {"status": "done", "pipeline_version": version, "seconds": seconds}


def _project_name(data: dict[str, Any]) -> str | None:
    for part in ("application", "report"):
        fields = (data.get(part) or {}).get("fields") or {}
        value = (fields.get("project_name") or {}).get("value")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _fail(
    claim: Claim, settings: Settings, batch_item_id: int | None, reason: str
) -> dict[str, Any]:
    with session_scope(settings) as session:
        sub = subs.get(session, claim.submission_id)
        if sub is not None:
            subs.mark_failed(sub, reason)
            sub.progress = None
            audit.record(session, sub.id, "failed", reason=reason)
        if batch_item_id is not None:
            batches.finish_item(session, batch_item_id, ok=False, error=reason)
    return {"status": "failed", "reason": reason}


def _note_retry(claim: Claim, settings: Settings, reason: str) -> None:
    with session_scope(settings) as session:
        sub = subs.get(session, claim.submission_id)
        if sub is not None:
            sub.status = Status.queued
            sub.reason = f"retrying after: {reason}"
            sub.heartbeat_at = None
            audit.record(session, sub.id, "retry_scheduled", reason=reason)


def run_inline(submission_id: str, batch_item_id: int | None = None) -> dict[str, Any]:
    """Inline mode: the same job, with the retries and back-off RQ would otherwise give."""
    settings = get_settings()
    delays = list(settings.retry_backoff_s)[: settings.job_retries]
    for attempt in range(settings.job_retries + 1):
        token = _inline_retry_pending.set(attempt < len(delays))
        try:
            return process_submission(submission_id, batch_item_id)
        except TransientError:
            if attempt >= len(delays):
                break
            time.sleep(delays[attempt])
        finally:
            _inline_retry_pending.reset(token)
    with session_scope(settings) as session:
        sub = subs.get(session, submission_id)
        return {"status": sub.status if sub else "deleted"}
