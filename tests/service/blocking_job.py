"""A job that claims a submission like the real one (heartbeat and all) and then blocks, so a
test can kill the worker running it. Imported by a worker subprocess via PYTHONPATH."""

from __future__ import annotations

import time

from service.queue.jobs import claimed
from service.settings import get_settings


def block(submission_id: str) -> None:
    with claimed(submission_id, get_settings()):
        time.sleep(120)
