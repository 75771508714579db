"""`pilotdoc worker` killed outright, as real processes against the real Redis and PostgreSQL:
an upload after the idle worker's child was kill -9'd is still processed (nothing of the dead
child steals it), nothing a worker started outlives it (kill -9 of the child or of the
supervisor), a job lost in Redis is found and queued again, and an unreachable Redis is
waited for quietly (worker, `pilotdoc recover`, uploads)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rq import SimpleWorker

from service.queue import recovery
from service.queue.connection import queue, queues, redis_connection
from service.settings import Settings, get_settings
from service.storage import submissions as subs
from service.storage.db import session_scope
from service.storage.tables import utcnow
from tests.service.conftest import submission_pdf, token_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
STARTED = re.compile(r"started worker process (\d+)")
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def status_of(submission_id: str) -> str:
    with session_scope(get_settings()) as session:
        sub = subs.get(session, submission_id)
        assert sub is not None
        return str(sub.status)


def wait_for(
    check: Callable[[], bool], what: str, log: Path | None = None, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        tail = log.read_text()[-3000:] if log is not None else ""
        assert time.monotonic() < deadline, f"{what}; log:\n{tail}"
        time.sleep(0.2)


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes in a process group, read from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(entry))
    return found


def children(log: Path) -> list[int]:
    return [int(pid) for pid in STARTED.findall(log.read_text())]


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[..., tuple[subprocess.Popen[bytes], Path]]]:
    procs: list[subprocess.Popen[bytes]] = []

    def start(**env: str) -> tuple[subprocess.Popen[bytes], Path]:
        log = tmp_path / f"worker{len(procs)}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "service.cli", "worker"],
                cwd=REPO,
                env={**os.environ, "PYTHONPATH": f"{HERE}{os.pathsep}{REPO}", **env},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        procs.append(proc)
        return proc, log

    yield start
    for proc in procs:  # a failed test must not leave a worker (or its children) behind
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
    for log in tmp_path.glob("worker*.log"):
        for pid in children(log):
            for member in group_members(pid):
                os.kill(member, signal.SIGKILL)


@pytest.fixture
def queued(configure: Callable[..., Settings], make_user: Callable[..., Any], client: Any) -> Any:
    settings = configure(
        "postgres", queue=True, worker_check_s=0.2, heartbeat_s=0.3, stale_after_s=2
    )
    make_user("alice", "submitter", "甲医院")
    return settings, client(), token_for("alice")


def upload(c: Any, headers: dict[str, str]) -> Any:
    files = {"file": ("sub.pdf", submission_pdf(), "application/pdf")}
    r = c.post("/api/submissions", files=files, headers=headers)
    assert r.status_code == 202, r.text
    return r.json()


def idle_worker(settings: Settings) -> bool:
    from rq import Worker

    return any(w.state == "idle" for w in Worker.all(connection=redis_connection(settings)))


@pytest.mark.slow
def test_upload_after_the_idle_childs_kill_9_is_processed(queued: Any, start_worker: Any) -> None:
    settings, c, headers = queued
    proc, log = start_worker()
    wait_for(lambda: idle_worker(settings), "worker never idle", log)
    time.sleep(1.5)  # idle in its blocking pop (and, before the fix, its scheduler forked)
    first = children(log)[0]
    os.kill(first, signal.SIGKILL)
    wait_for(lambda: not group_members(first), "the dead child left processes behind", log, 15)
    wait_for(lambda: len(children(log)) >= 2, "no new child", log)
    sid = upload(c, headers)["id"]
    wait_for(lambda: status_of(sid) == "done", "upload after the kill never processed", log, 90)
    assert proc.poll() is None


@pytest.mark.slow
@pytest.mark.parametrize("victim", ["child", "supervisor"])
def test_nothing_of_a_worker_outlives_it(queued: Any, start_worker: Any, victim: str) -> None:
    settings, c, headers = queued
    sid = upload(c, headers)["id"]
    live = queue(settings, settings.live_queue)
    live.empty()  # the real job replaced by one that starts a spawn pool and a fork, then waits
    with session_scope(settings) as session:
        job_id = subs.get(session, sid).job_id
    live.enqueue("blocking_job.spawn_and_block", sid, job_id=job_id, job_timeout=300)
    proc, log = start_worker()
    wait_for(lambda: status_of(sid) == "processing", "job never started", log)
    child = children(log)[0]
    # the child, two pool workers, the resource tracker and the fork
    wait_for(lambda: len(group_members(child)) >= 5, "job's processes never started", log)
    os.kill(proc.pid if victim == "supervisor" else child, signal.SIGKILL)
    wait_for(lambda: not group_members(child), f"orphans after kill -9 of the {victim}", log, 15)
    if victim == "supervisor":
        proc.wait(timeout=5)
    else:  # the supervisor lives on and starts a fresh child
        wait_for(lambda: len(children(log)) >= 2, "no new child", log)


def test_a_job_popped_by_a_dead_connection_is_queued_again(queued: Any) -> None:
    settings, c, headers = queued
    sid = upload(c, headers)["id"]
    with session_scope(settings) as session:
        job_id = subs.get(session, sid).job_id
    # what a dead worker's orphaned socket does: Redis hands it the job id, nobody runs it;
    # the RQ job still says "queued"
    redis = redis_connection(settings)
    assert redis.lrem(f"rq:queue:{settings.live_queue}", 0, job_id) == 1
    assert recovery.recover(settings).requeued == []  # within the bound: not yet
    with session_scope(settings) as session:
        subs.get(session, sid).queued_at = utcnow() - timedelta(seconds=settings.stale_after_s + 1)
    assert recovery.recover(settings).requeued == [sid]
    SimpleWorker(queues(settings), connection=redis).work(burst=True)
    assert status_of(sid) == "done"


def test_an_unreachable_redis_is_waited_for_quietly(
    queued: Any, start_worker: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _settings, _c, _headers = queued
    proc, log = start_worker(PILOTDOC_REDIS_URL=DEAD_REDIS)
    time.sleep(12)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)
    text = log.read_text()
    lines = [line for line in text.splitlines() if "alembic" not in line]
    assert "Traceback" not in text
    attempts = [line for line in lines if "Redis 无法连接" in line]
    # back-off 1, 2, 4, 8 s: a handful of attempts in 12 s, one line each
    assert 2 <= len(attempts) <= 6, text
    assert len(lines) <= len(attempts) + 6, text


def test_recover_with_redis_down_says_so_in_one_line(queued: Any) -> None:
    env = {**os.environ, "PILOTDOC_REDIS_URL": DEAD_REDIS, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "recover"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Redis" in done.stderr and "无法连接" in done.stderr


def test_upload_with_redis_down_is_accepted_and_processed_later(
    queued: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, c, headers = queued
    monkeypatch.setenv("PILOTDOC_REDIS_URL", DEAD_REDIS)
    get_settings.cache_clear()
    body = upload(c, headers)
    assert body["status"] == "queued" and body["id"]
    assert "队列恢复后" in body["message"]
    monkeypatch.setenv("PILOTDOC_REDIS_URL", settings.redis_url or "")
    get_settings.cache_clear()
    up = get_settings()
    time.sleep(up.stale_after_s + 0.5)
    assert recovery.recover(up).requeued == [body["id"]]
    SimpleWorker(queues(up), connection=redis_connection(up)).work(burst=True)
    assert status_of(body["id"]) == "done"
