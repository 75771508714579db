"""The worker's built-in supervisor: runs the RQ worker in a child process and starts a fresh one
when it exits after settings.worker_max_jobs jobs, grows past settings.worker_max_rss_mb, or
dies, logging why. SIGTERM/SIGINT ask the child for a warm shutdown (a second one: cold).
Whatever the child leaves behind in its process group is killed when it exits."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from types import FrameType

from service.queue import proctree
from service.settings import Settings

log = logging.getLogger(__name__)

# The child's exit status when it stopped because it reached max jobs (EX_TEMPFAIL): recycle it.
RECYCLE_EXIT = 75
# A child that dies sooner than this is restarted after a growing pause, not at once.
MIN_UPTIME_S = 10.0
MAX_BACKOFF_S = 60.0


def rss_mb(pid: int) -> float | None:
    """Resident memory of one process in MB (Linux /proc), None where it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _child_preexec() -> None:  # pragma: no cover - runs in the child between fork and exec
    """A child whose supervisor is killed outright hears PARENT_DIED and takes its whole
    process group down (see proctree), so no orphan keeps a job or a Redis socket alive."""
    proctree.die_with_parent(proctree.PARENT_DIED)


@dataclass
class Child:
    proc: subprocess.Popen[bytes]
    started: float
    asked: str | None = None  # why we asked it to stop, if we did


class Supervisor:
    """Keep one worker child running until stopped; `run()` returns the exit status."""

    def __init__(self, settings: Settings, child_argv: Sequence[str], *, burst: bool) -> None:
        self.settings = settings
        self.child_argv = list(child_argv)
        self.burst = burst
        self.stop = threading.Event()
        self.child: Child | None = None
        self.generation = 0

    def run(self) -> int:
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        backoff = 0.0
        try:
            while not self.stop.is_set():
                child = self._spawn()
                rc, reason, again = self._watch(child)
                uptime = time.monotonic() - child.started
                quick = uptime < MIN_UPTIME_S and rc != RECYCLE_EXIT
                backoff = min(MAX_BACKOFF_S, max(1.0, backoff * 2)) if quick else 0.0
                if self.stop.is_set() or not again:
                    log.info("worker process %d %s; supervisor stopping", child.proc.pid, reason)
                    return 0 if rc in (0, RECYCLE_EXIT) or self.stop.is_set() else 1
                pause = f" in {backoff:g} s" if backoff else ""
                log.warning(
                    "worker process %d %s after %.0f s; restarting%s",
                    child.proc.pid,
                    reason,
                    uptime,
                    pause,
                )
                self.stop.wait(backoff)
            return 0
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _spawn(self) -> Child:
        self.generation += 1
        env = {
            **os.environ,
            "PILOTDOC_MIGRATE_ON_STARTUP": "false",  # the supervisor migrated once already
            "PILOTDOC_WORKER_GENERATION": str(self.generation),
        }
        proc = subprocess.Popen(
            self.child_argv,
            env=env,
            # Its own session: a terminal's Ctrl-C reaches only the supervisor, which then asks
            # the child once (two signals would make RQ shut down cold, abandoning the job).
            start_new_session=True,
            preexec_fn=_child_preexec,  # safe: the supervisor starts no threads
        )
        log.info("started worker process %d (generation %d)", proc.pid, self.generation)
        self.child = Child(proc, time.monotonic())
        return self.child

    def _watch(self, child: Child) -> tuple[int, str, bool]:
        """Wait for the child to exit, asking it to stop when it grows too big; returns its
        status, why it ended, and whether another should be started."""
        limit = self.settings.worker_max_rss_mb
        while True:
            try:
                rc = child.proc.wait(timeout=self.settings.worker_check_s)
                break
            except subprocess.TimeoutExpired:
                pass
            except BaseException:
                proctree.kill_group(child.proc.pid)  # the supervisor itself is going down
                raise
            size = rss_mb(child.proc.pid)
            if limit and size is not None and size > limit and child.asked is None:
                child.asked = f"grew to RSS {size:.0f} MB, over the {limit:g} MB limit"
                log.warning("worker process %d %s: warm shutdown", child.proc.pid, child.asked)
                self._signal_child(signal.SIGTERM)
        self.child = None
        # Whatever the child left in its process group (a scheduler fork, OCR page workers,
        # the resource tracker) goes with it: nothing may hold its Redis socket or memory.
        proctree.kill_group(child.proc.pid)
        if self.stop.is_set():
            return rc, "stopped on request", False
        if child.asked is not None:
            return rc, child.asked, True
        if rc == RECYCLE_EXIT:
            return rc, f"reached {self.settings.worker_max_jobs} jobs (max jobs)", True
        if rc == 0:
            return rc, "found the queues empty" if self.burst else "exited", not self.burst
        if rc < 0:
            with contextlib.suppress(ValueError):
                return rc, f"was killed by {signal.Signals(-rc).name}", True
            return rc, f"was killed by signal {-rc}", True
        return rc, f"failed with exit status {rc}", True

    def _signal_child(self, sig: int) -> None:
        child = self.child
        if child is not None and child.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                child.proc.send_signal(sig)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        first = not self.stop.is_set()
        log.warning(
            "%s: %s",
            signal.Signals(signum).name,
            "warm shutdown (the current job finishes)" if first else "cold shutdown",
        )
        self.stop.set()
        # RQ: the first SIGTERM is a warm shutdown, a second one a cold shutdown; a child already
        # asked to stop (it grew too big) hears from us again only on a second signal.
        child = self.child
        if not first or child is None or child.asked is None:
            if child is not None and child.asked is None:
                child.asked = "stopped on request"
            self._signal_child(signal.SIGTERM)
