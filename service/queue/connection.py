"""Redis connections and RQ queues, built lazily from settings (one client per URL)."""

from __future__ import annotations

from functools import lru_cache

from redis import Redis
from rq import Queue

from service.settings import Settings


@lru_cache(maxsize=4)
def redis_for(url: str) -> Redis:
    return Redis.from_url(url, health_check_interval=30, socket_connect_timeout=5)


def redis_connection(settings: Settings) -> Redis:
    if not settings.redis_url:
        raise RuntimeError("PILOTDOC_REDIS_URL is not set (inline mode has no queue)")
    return redis_for(settings.redis_url)


def queue(settings: Settings, name: str) -> Queue:
    return Queue(name, connection=redis_connection(settings))


def queues(settings: Settings) -> list[Queue]:
    """Live first: a worker always drains uploads before reprocessing batches."""
    return [queue(settings, settings.live_queue), queue(settings, settings.batch_queue)]
