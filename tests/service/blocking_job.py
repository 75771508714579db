"""A job that claims a submission like the real one (heartbeat and all) and then blocks, so a
test can kill the worker running it. Imported by a worker subprocess via PYTHONPATH."""

from __future__ import annotations

import time

from service.queue.jobs import claimed
from service.settings import get_settings


def block(submission_id: str) -> None:
    with claimed(submission_id, get_settings()):
        time.sleep(120)


def _pid(_n: int) -> int:
    import os

    return os.getpid()


def spawn_and_block(submission_id: str) -> None:
    """Like block, with the processes a real job leaves around: a spawn-context process pool
    (as the OCR page workers are, with the multiprocessing resource tracker) and a forked
    child, so a test can check that none of them outlives the worker."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with claimed(submission_id, get_settings()):
        pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))
        list(pool.map(_pid, range(4)))
        forked = multiprocessing.get_context("fork").Process(target=time.sleep, args=(120,))
        forked.start()
        time.sleep(120)
