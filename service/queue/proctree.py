"""Nothing of a worker may outlive it. Linux only (elsewhere these are no-ops):
- `die_with_parent(sig)`: the kernel sends `sig` to this process when its parent dies
  (PR_SET_PDEATHSIG), so a supervisor killed outright takes its worker child with it;
- `own_process_tree()`: in the worker child (its own process group, as the supervisor starts
  it): every process it forks gets PR_SET_PDEATHSIG too, and when the supervisor dies the
  child kills its whole group (OCR page workers and the multiprocessing resource tracker are
  *spawned*, fork+exec with no Python in between, so only a group kill reaches them);
- `kill_group(pgid)`: the supervisor's sweep after its child exits, however it exited."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from types import FrameType

_PR_SET_PDEATHSIG = 1
# The worker child's "my supervisor died" signal: not SIGTERM/SIGINT (RQ's warm shutdown).
PARENT_DIED = signal.SIGUSR2


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Ask the kernel for `sig` when the parent dies (safe between fork and exec)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)


def kill_group(pgid: int) -> None:
    """SIGKILL every process left in a process group (nothing happens if none is left)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _parent_died(_signum: int, _frame: FrameType | None) -> None:
    kill_group(os.getpgrp())  # includes this process: the group goes down together
    os._exit(1)


def own_process_tree() -> None:
    """Call first thing in the worker child (the leader of its own process group)."""
    if not sys.platform.startswith("linux"):
        return
    signal.signal(PARENT_DIED, _parent_died)
    os.register_at_fork(after_in_child=die_with_parent)
    if os.getppid() == 1:  # the supervisor died before we got here
        _parent_died(PARENT_DIED, None)
