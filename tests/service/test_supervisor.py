"""`pilotdoc worker` as a real process tree against the real Redis and PostgreSQL: its child is
recycled after max jobs and when its RSS passes the limit (each logged with why), and SIGTERM
stops the supervisor and its child cleanly."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from service.settings import Settings, get_settings
from service.storage import submissions as subs
from service.storage.db import session_scope
from tests.service.conftest import submission_pdf, token_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]
STARTED = re.compile(r"started worker process (\d+)")


def _status(submission_id: str) -> str:
    with session_scope(get_settings()) as session:
        sub = subs.get(session, submission_id)
        assert sub is not None
        return str(sub.status)


def _wait_for(check: Callable[[], bool], what: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"{what}; log:\n{log.read_text()[-3000:]}"
        time.sleep(0.2)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[[], tuple[subprocess.Popen[bytes], Path]]]:
    procs: list[subprocess.Popen[bytes]] = []

    def start() -> tuple[subprocess.Popen[bytes], Path]:
        log = tmp_path / "worker.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "service.cli", "worker"],
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        procs.append(proc)
        return proc, log

    yield start
    for proc in procs:  # a failed test must not leave a worker behind
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def _stop(proc: subprocess.Popen[bytes], log: Path) -> list[int]:
    """SIGTERM the supervisor; it must exit 0 and take its child with it."""
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0, log.read_text()[-3000:]
    children = [int(pid) for pid in STARTED.findall(log.read_text())]
    assert children and not any(_alive(pid) for pid in children)
    return children


def test_worker_is_recycled_after_max_jobs(
    configure: Callable[..., Settings],
    make_user: Callable[..., Any],
    client: Any,
    start_worker: Any,
) -> None:
    configure("postgres", queue=True, worker_max_jobs=1, worker_check_s=0.2)
    make_user("alice", "submitter", "甲医院")
    c, headers = client(), token_for("alice")
    ids = []
    for _ in range(2):
        files = {"file": ("sub.pdf", submission_pdf(), "application/pdf")}
        ids.append(c.post("/api/submissions", files=files, headers=headers).json()["id"])
    proc, log = start_worker()
    _wait_for(lambda: all(_status(i) == "done" for i in ids), "jobs not done", log)
    _wait_for(lambda: len(STARTED.findall(log.read_text())) >= 3, "no third child", log)
    text = log.read_text()
    assert text.count("reached 1 jobs (max jobs)") >= 2
    children = _stop(proc, log)
    assert len(set(children)) >= 3
    assert "supervisor stopping" in log.read_text()


def test_worker_is_recycled_past_the_rss_limit_and_stops_on_sigterm(
    configure: Callable[..., Settings], start_worker: Any
) -> None:
    configure("postgres", queue=True, worker_max_rss_mb=1, worker_check_s=0.2)
    proc, log = start_worker()
    _wait_for(lambda: "over the 1 MB limit" in log.read_text(), "never recycled for RSS", log)
    _wait_for(lambda: len(STARTED.findall(log.read_text())) >= 2, "no second child", log)
    _stop(proc, log)
