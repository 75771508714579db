"""`pilotdoc worker` (process queued jobs, live before batch), `pilotdoc recover` (one sweep for
jobs a dead worker left) and `pilotdoc retry ID` (queue a failed submission again)."""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated

import typer

from service.cli.output import fail
from service.settings import get_settings


def worker_command(
    burst: Annotated[bool, typer.Option(help="stop when the queues are empty")] = False,
    name: Annotated[str | None, typer.Option(help="worker name (default: host and pid)")] = None,
    max_jobs: Annotated[
        int | None,
        typer.Option(help="recycle the worker after N jobs (default: PILOTDOC_WORKER_MAX_JOBS)"),
    ] = None,
    supervise: Annotated[
        bool,
        typer.Option(
            help="run the RQ worker in a child process and restart it after max jobs, past "
            "PILOTDOC_WORKER_MAX_RSS_MB or when it dies; --no-supervise runs it in this process, "
            "which then exits after max jobs (for an outside supervisor)"
        ),
    ] = True,
) -> None:
    """Process jobs from Redis (live uploads before batch reprocessing). Run as many as you
    like, on any machine sharing Redis, the database and the data folder. SIGTERM or Ctrl-C
    lets the current job finish; a second one stops at once (the job is recovered later)."""
    from service.queue import supervisor, worker
    from service.storage import db

    settings = get_settings()
    if settings.inline:
        fail("PILOTDOC_REDIS_URL is not set: without Redis, jobs run inline in `pilotdoc serve`")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if settings.migrate_on_startup:
        db.upgrade(settings)
    if supervise:
        argv = [sys.executable, "-m", "service.cli", "worker", "--no-supervise"]
        argv += ["--burst"] if burst else []
        argv += ["--max-jobs", str(max_jobs)] if max_jobs else []
        if name:
            # RQ refuses a name still registered, as a killed child's may be for a while.
            argv += ["--name", f"{name}.{os.getpid()}"]
        code = supervisor.Supervisor(settings, argv, burst=burst).run()
        raise typer.Exit(code)
    if os.environ.get("PILOTDOC_WORKER_GENERATION"):  # a supervisor's child
        from service.queue import proctree

        proctree.own_process_tree()
    if name and os.environ.get("PILOTDOC_WORKER_GENERATION"):
        name = f"{name}.{os.environ['PILOTDOC_WORKER_GENERATION']}"
    outcome = worker.run(settings, burst=burst, name=name, max_jobs=max_jobs)
    if outcome is worker.Outcome.max_jobs:
        raise typer.Exit(supervisor.RECYCLE_EXIT)


def recover_command() -> None:
    """Re-queue or fail the submissions whose worker died mid-job."""
    from service.queue import recovery
    from service.queue.worker import REDIS_ERRORS

    settings = get_settings()
    try:
        if not settings.inline:  # say so even when nothing is waiting for the queue
            from service.queue.connection import redis_connection

            redis_connection(settings).ping()
        found = recovery.recover(settings)
    except REDIS_ERRORS as exc:
        fail(f"处理队列不可用：无法连接 Redis（{exc}）；Redis 恢复后请再运行 pilotdoc recover")
    typer.echo(f"requeued {len(found.requeued)}, failed {len(found.failed)}")
    for sid in found.requeued:
        typer.echo(f"  requeued {sid}")
    for sid in found.failed:
        typer.echo(f"  failed   {sid}")


def retry_command(submission_id: Annotated[str, typer.Argument(help="submission id")]) -> None:
    """Queue a failed submission again (inline: process it now)."""
    from service.queue import dispatch
    from service.storage import audit
    from service.storage import submissions as subs
    from service.storage.db import session_scope
    from service.storage.tables import Status

    settings = get_settings()
    with session_scope(settings) as session:
        sub = subs.get(session, submission_id)
        if sub is None:
            fail(f"no submission {submission_id}")
        if sub.status != Status.failed:
            fail(f"only a failed submission can be retried; this one is {sub.status}")
        sub.attempts = 0
        audit.record(session, sub.id, "retry")
    dispatch.enqueue(settings, submission_id)
    with session_scope(settings) as session:
        sub = subs.get(session, submission_id)
        typer.echo(f"{submission_id}: {sub.status if sub else 'gone'}")
