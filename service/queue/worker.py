"""A long-lived worker: RQ SimpleWorker (no fork, so loaded OCR models stay warm) on the live
queue first and the batch queue second, stopping after settings.worker_max_jobs jobs (its
supervisor starts a fresh one). Two threads of its own, never a forked process: one sweeps for
abandoned jobs, one moves due retries from RQ's scheduled registry to their queue (RQ's own
scheduler is a fork that shares the worker's Redis socket and could outlive it). An
unreachable Redis is waited for with an exponential back-off, one log line per attempt."""

from __future__ import annotations

import contextlib
import enum
import logging
import threading
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from service.queue import recovery
from service.settings import Settings

log = logging.getLogger(__name__)
REDIS_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)
BACKOFF_START_S = 1.0
BACKOFF_MAX_S = 60.0


class Outcome(enum.StrEnum):
    """Why the work loop ended; the supervisor recycles on `max_jobs`."""

    max_jobs = "max_jobs"
    stopped = "stopped"  # a signal: warm shutdown
    drained = "drained"  # burst mode: the queues are empty (or RQ gave up on Redis)


def wait_for_redis(settings: Settings, stop: threading.Event) -> bool:
    """Block until Redis answers (True) or `stop` is set (False), backing off exponentially."""
    from service.queue.connection import redis_connection

    delay = BACKOFF_START_S
    while not stop.is_set():
        try:
            redis_connection(settings).ping()
            return True
        except REDIS_ERRORS as exc:
            log.warning("Redis 无法连接（%s），%g 秒后重试", exc, delay)
            if stop.wait(delay):
                return False
            delay = min(BACKOFF_MAX_S, delay * 2)
    return False


def _sweep_forever(settings: Settings, stop: threading.Event) -> None:
    while not stop.wait(settings.recovery_interval_s):
        try:
            recovery.recover(settings)
        except REDIS_ERRORS as exc:  # one line; RQ's own loop backs off on the same outage
            log.warning("recovery sweep skipped: Redis unreachable (%s)", exc)
        except Exception:  # the database blinked; the next sweep tries again
            log.exception("recovery sweep failed")


def _schedule_forever(settings: Settings, stop: threading.Event) -> None:
    """RQ's scheduler loop, run as a thread: enqueue retries whose back-off has passed."""
    from rq.scheduler import RQScheduler

    from service.queue.connection import queues, redis_connection

    scheduler = RQScheduler(queues(settings), connection=redis_connection(settings))
    failing = False
    while not stop.wait(scheduler.interval):
        try:
            if scheduler.should_reacquire_locks:
                scheduler.acquire_locks()
            if scheduler.acquired_locks:
                scheduler.heartbeat()
                scheduler.enqueue_scheduled_jobs()
            failing = False
        except REDIS_ERRORS as exc:
            if not failing:  # once per outage
                log.warning("scheduler paused: Redis unreachable (%s)", exc)
            failing = True
        except Exception:
            log.exception("scheduler step failed")
    with contextlib.suppress(*REDIS_ERRORS):
        scheduler.release_locks()


def _counting_worker(*args: Any, **kwargs: Any) -> Any:
    """A SimpleWorker that counts the jobs it ran (RQ keeps that count to itself)."""
    from rq import SimpleWorker

    class CountingWorker(SimpleWorker):
        executed = 0

        def execute_job(self, job: Any, queue: Any) -> Any:
            self.executed += 1
            return super().execute_job(job, queue)

    return CountingWorker(*args, **kwargs)


def _start(target: Any, settings: Settings, stop: threading.Event, name: str) -> None:
    threading.Thread(target=target, args=(settings, stop), name=name, daemon=True).start()


def run(
    settings: Settings,
    *,
    burst: bool = False,
    name: str | None = None,
    max_jobs: int | None = None,
) -> Outcome:
    """Work until stopped, until max jobs (or, with burst, until the queues are empty)."""
    from service.queue.connection import queues, redis_connection

    stop = threading.Event()
    if not wait_for_redis(settings, stop):
        return Outcome.stopped
    try:
        recovery.recover(settings)
    except REDIS_ERRORS as exc:
        log.warning("startup recovery sweep skipped: Redis unreachable (%s)", exc)
    except Exception:
        log.exception("startup recovery sweep failed")
    _start(_sweep_forever, settings, stop, "pilotdoc-recovery")
    _start(_schedule_forever, settings, stop, "pilotdoc-scheduler")
    limit = max_jobs or settings.worker_max_jobs
    worker = _counting_worker(queues(settings), connection=redis_connection(settings), name=name)
    try:
        worker.work(burst=burst, max_jobs=limit, with_scheduler=False, logging_level="INFO")
    finally:
        stop.set()
    if worker._stop_requested or worker._shutdown_requested_date is not None:
        return Outcome.stopped
    return Outcome.max_jobs if worker.executed >= limit else Outcome.drained
