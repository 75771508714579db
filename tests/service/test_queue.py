"""The queue against the real Redis and PostgreSQL: upload -> RQ job -> in-process burst
worker -> done; live before batch; retries only for TransientError; a failed job retried from
the API; a worker process killed mid-job recovered by the sweep, never left processing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rq import SimpleWorker

from models.errors import TransientError
from service.queue import recovery
from service.queue.connection import queue, queues, redis_connection
from service.settings import Settings, get_settings
from service.storage import submissions as subs
from service.storage.db import session_scope
from tests.service.conftest import submission_pdf, token_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def work(settings: Settings) -> None:
    SimpleWorker(queues(settings), connection=redis_connection(settings)).work(burst=True)


def upload(c: TestClient, headers: dict[str, str]) -> str:
    files = {"file": ("sub.pdf", submission_pdf(), "application/pdf")}
    r = c.post("/api/submissions", files=files, headers=headers)
    assert r.status_code == 202, r.text
    return str(r.json()["id"])


def status_of(submission_id: str) -> Any:
    with session_scope(get_settings()) as session:
        sub = subs.get(session, submission_id)
        assert sub is not None
        return sub.status, sub.reason, sub.attempts


@pytest.fixture
def queued_api(
    configure: Callable[..., Settings], make_user: Callable[..., Any], client: Any
) -> Any:
    settings = configure("postgres", queue=True, heartbeat_s=0.3, stale_after_s=1.5, job_retries=2)
    make_user("alice", "submitter", "甲医院")
    make_user("rita", "reviewer", None)
    return settings, client(), {"alice": token_for("alice"), "rita": token_for("rita")}


def test_upload_runs_on_a_worker_end_to_end(queued_api: Any) -> None:
    settings, c, tok = queued_api
    sid = upload(c, tok["alice"])
    assert status_of(sid)[0] == "queued"
    assert queue(settings, settings.live_queue).count == 1
    work(settings)
    for _ in range(20):  # poll as a client would
        body = c.get(f"/api/submissions/{sid}/status", headers=tok["alice"]).json()
        if body["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert body["status"] == "done", body
    result = c.get(f"/api/submissions/{sid}/result", headers=tok["alice"]).json()
    assert "5G远程超声诊断平台" in json.dumps(result, ensure_ascii=False)
    metrics = c.get("/metrics").text
    assert 'pilotdoc_jobs_queued{queue="live"} 0.0' in metrics
    assert c.get("/readyz").json()["checks"] == {"database": "ok", "redis": "ok"}


def test_live_jobs_run_before_batch_jobs(queued_api: Any) -> None:
    from service.queue import dispatch

    settings, c, tok = queued_api
    batch_id = upload(c, tok["alice"])
    # move the first upload to the batch queue, then upload a live one after it
    queue(settings, settings.live_queue).empty()
    dispatch.enqueue(settings, batch_id, batch=True)
    live_id = upload(c, tok["alice"])
    order: list[str] = []
    worker = SimpleWorker(queues(settings), connection=redis_connection(settings))
    while worker.work(burst=True, max_jobs=1):
        order += [
            sid for sid in (batch_id, live_id) if status_of(sid)[0] == "done" and sid not in order
        ]
    assert order == [live_id, batch_id]


def test_transient_errors_are_retried_input_errors_are_not(
    queued_api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import extractors.pipeline

    settings, c, tok = queued_api
    real = extractors.pipeline.process
    calls: list[int] = []

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) < 3:
            raise TransientError("database blinked")
        return real(*args, **kwargs)

    monkeypatch.setattr(extractors.pipeline, "process", flaky)
    sid = upload(c, tok["alice"])
    work(settings)
    assert status_of(sid)[0] == "done" and len(calls) == 3

    def broken(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        raise ValueError("bug in a stage")

    calls.clear()
    monkeypatch.setattr(extractors.pipeline, "process", broken)
    sid = upload(c, tok["alice"])
    work(settings)
    state, reason, _ = status_of(sid)
    assert (state, len(calls)) == ("failed", 1)
    assert "bug in a stage" in reason
    # retry from the API once the cause is fixed
    monkeypatch.setattr(extractors.pipeline, "process", real)
    r = c.post(f"/api/submissions/{sid}/retry", headers=tok["rita"])
    assert r.status_code == 202, r.text
    work(settings)
    assert status_of(sid)[0] == "done"
    assert c.post(f"/api/submissions/{sid}/retry", headers=tok["rita"]).status_code == 409


@pytest.mark.slow
def test_killed_worker_is_recovered_not_stuck(queued_api: Any) -> None:
    settings, c, tok = queued_api
    sid = upload(c, tok["alice"])
    live = queue(settings, settings.live_queue)
    live.empty()  # replace the real job with one that blocks after claiming the submission
    with session_scope(settings) as session:
        sub = subs.get(session, sid)
        job_id = sub.job_id
    live.enqueue("blocking_job.block", sid, job_id=job_id, job_timeout=300)
    env = {**os.environ, "PYTHONPATH": f"{HERE}{os.pathsep}{REPO}"}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from service.cli.main import main; main()", "worker", "--burst"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while status_of(sid)[0] != "processing":
            assert time.monotonic() < deadline, "worker never started the job"
            assert proc.poll() is None, "worker exited early"
            time.sleep(0.2)
        time.sleep(0.5)  # a heartbeat or two
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    assert status_of(sid)[0] == "processing"  # what a dead worker leaves behind
    assert recovery.recover(settings).requeued == []  # heartbeat still fresh: not yet
    time.sleep(settings.stale_after_s + 0.5)
    found = recovery.recover(settings)
    assert found.requeued == [sid]
    state, _, attempts = status_of(sid)
    assert (state, attempts) == ("queued", 1)
    work(settings)  # the re-queued job is the real one
    assert status_of(sid)[0] == "done"
    actions = [
        e["action"] for e in c.get(f"/api/submissions/{sid}/audit", headers=tok["rita"]).json()
    ]
    assert "recovered" in actions


def test_a_worker_lost_too_often_fails_visibly(queued_api: Any) -> None:
    from datetime import timedelta

    from service.storage.tables import utcnow

    settings, c, tok = queued_api
    sid = upload(c, tok["alice"])
    with session_scope(settings) as session:
        sub = subs.get(session, sid)
        subs.mark_processing(sub)
        sub.attempts = settings.max_attempts
        sub.heartbeat_at = utcnow() - timedelta(minutes=10)
    assert recovery.recover(settings).failed == [sid]
    state, reason, _ = status_of(sid)
    assert state == "failed" and "worker lost" in reason


def test_queued_submission_whose_job_vanished_is_enqueued_again(queued_api: Any) -> None:
    from datetime import timedelta

    from service.storage.tables import utcnow

    settings, c, tok = queued_api
    sid = upload(c, tok["alice"])
    redis_connection(settings).flushdb()  # Redis lost everything
    with session_scope(settings) as session:
        subs.get(session, sid).queued_at = utcnow() - timedelta(minutes=5)
    assert recovery.recover(settings).requeued == [sid]
    work(settings)
    assert status_of(sid)[0] == "done"
