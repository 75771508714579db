"""A long-lived worker: RQ SimpleWorker (no fork, so loaded OCR models stay warm) on the live
queue first and the batch queue second, stopping after settings.worker_max_jobs jobs (its
supervisor starts a fresh one), with a thread sweeping for abandoned jobs while it works."""

from __future__ import annotations

import enum
import logging
import threading
from typing import Any

from service.queue import recovery
from service.settings import Settings

log = logging.getLogger(__name__)


class Outcome(enum.StrEnum):
    """Why the work loop ended; the supervisor recycles on `max_jobs`."""

    max_jobs = "max_jobs"
    stopped = "stopped"  # a signal: warm shutdown
    drained = "drained"  # burst mode: the queues are empty (or RQ gave up on Redis)


def _sweep_forever(settings: Settings, stop: threading.Event) -> None:
    while not stop.wait(settings.recovery_interval_s):
        try:
            recovery.recover(settings)
        except Exception:  # the database or Redis blinked; the next sweep tries again
            log.exception("recovery sweep failed")


def _counting_worker(*args: Any, **kwargs: Any) -> Any:
    """A SimpleWorker that counts the jobs it ran (RQ keeps that count to itself)."""
    from rq import SimpleWorker

    class CountingWorker(SimpleWorker):
        executed = 0

        def execute_job(self, job: Any, queue: Any) -> Any:
            self.executed += 1
            return super().execute_job(job, queue)

    return CountingWorker(*args, **kwargs)


def run(
    settings: Settings,
    *,
    burst: bool = False,
    name: str | None = None,
    max_jobs: int | None = None,
) -> Outcome:
    """Work until stopped, until max jobs (or, with burst, until the queues are empty)."""
    from service.queue.connection import queues, redis_connection

    try:
        recovery.recover(settings)
    except Exception:
        log.exception("startup recovery sweep failed")
    stop = threading.Event()
    sweeper = threading.Thread(
        target=_sweep_forever, args=(settings, stop), name="pilotdoc-recovery", daemon=True
    )
    sweeper.start()
    limit = max_jobs or settings.worker_max_jobs
    worker = _counting_worker(queues(settings), connection=redis_connection(settings), name=name)
    try:
        worker.work(
            burst=burst,
            max_jobs=limit,
            with_scheduler=True,  # retries with back-off are scheduled jobs
            logging_level="INFO",
        )
    finally:
        stop.set()
    if worker._stop_requested or worker._shutdown_requested_date is not None:
        return Outcome.stopped
    return Outcome.max_jobs if worker.executed >= limit else Outcome.drained
