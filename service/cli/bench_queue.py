"""The batch part of `pilotdoc bench`: distinct scanned submissions ingested into a private
data folder and SQLite database, reprocessed as a batch through the real queue (RQ workers,
`pilotdoc worker --burst`, on the configured Redis under queue names of their own) once with a
cold perception cache and once with the warm one, as pages per hour.

Nothing of the user's is touched: the database and data folder are temporary, the queues are
private to this run and deleted at the end."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from service.settings import Settings

WORKER = [sys.executable, "-m", "service.cli", "worker", "--burst", "--no-supervise"]


@dataclass(frozen=True)
class BatchRun:
    label: str
    submissions: int
    pages: int
    wall: float
    done: int
    worker_rss_mb: list[float]

    def line(self) -> str:
        rss = ", ".join(f"{r:.0f}" for r in self.worker_rss_mb)
        return (
            f"  batch, {self.label:<11} {self.pages / self.wall * 3600:8.0f} pages/hour  "
            f"{self.wall:6.1f} s for {self.done}/{self.submissions} submissions "
            f"({self.pages} pages); worker peak RSS {rss} MB"
        )


def _env(base: Settings, data: Path, tag: str, page_workers: int, threads: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PILOTDOC_")}
    env.update(
        PILOTDOC_DATA_DIR=str(data),
        PILOTDOC_DATABASE_URL=f"sqlite:///{data / 'bench.db'}",
        PILOTDOC_REDIS_URL=base.redis_url or "redis://127.0.0.1:6379/0",
        PILOTDOC_LIVE_QUEUE=f"bench-{tag}-live",
        PILOTDOC_BATCH_QUEUE=f"bench-{tag}-batch",
        PILOTDOC_SECRET_KEY="bench-" + secrets.token_hex(16),
        PILOTDOC_MIGRATE_ON_STARTUP="false",
        PILOTDOC_PAGE_WORKERS=str(page_workers),
        PILOTDOC_OCR_THREADS=str(threads),
        PILOTDOC_OCR_ENGINE=base.ocr_engine,
        PILOTDOC_OCR_DPI=str(base.ocr_dpi),
        PILOTDOC_USE_GPU=str(base.use_gpu).lower(),
        PYTHONPATH=os.pathsep.join(p for p in sys.path if p),
    )
    return env


def _settings(env: dict[str, str]) -> Settings:
    fields = {k[len("PILOTDOC_") :].lower(): v for k, v in env.items() if k.startswith("PILOTDOC_")}
    return Settings.model_validate(fields)


def _ingest(settings: Settings, submissions: int, pages: int) -> None:
    from service.cli.bench import synthetic_pdfs
    from service.ingest import ingest
    from service.storage.db import session_scope

    for n in range(submissions):
        _, scan = synthetic_pdfs(pages, settings.ocr_dpi, first=n * pages)
        with session_scope(settings) as session:
            ingest(
                session,
                settings,
                scan,
                filename=f"bench-{n + 1}.pdf",
                unit="基准测试单位",
                user_id=None,
                source="import",
            )


def _work(env: dict[str, str], workers: int, tag: str) -> tuple[float, list[float]]:
    """Start the workers on the queued batch; wall time until the last one drains, and each
    worker's peak RSS (its OCR page processes, when it has any, are not included)."""
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [*WORKER, "--name", f"bench-{tag}-{k}-{secrets.token_hex(2)}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for k in range(workers)
    ]
    rss = []
    for proc in procs:
        _, _, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0  # reaped here; Popen must not wait for it again
        rss.append(usage.ru_maxrss / 1024.0)
    return time.perf_counter() - started, rss


def _batch(
    settings: Settings, env: dict[str, str], workers: int, tag: str
) -> tuple[float, int, list[float]]:
    from service import reprocess

    batch_id = reprocess.start(settings, reprocess.Selection(all=True))
    reprocess.run(settings, batch_id)
    wall, rss = _work(env, workers, tag)
    status = reprocess.status(settings, batch_id) or {}
    return wall, int(status.get("counts", {}).get("done", 0)), rss


def batch_figures(base: Settings, submissions: int, pages: int, workers: int) -> Iterator[str]:
    """Lines for the report: cold-cache and warm-cache batch throughput."""
    from service.queue.connection import queue
    from service.storage import db

    cores = os.cpu_count() or 1
    page_workers = max(1, cores // workers)
    threads = max(1, cores // (workers * page_workers))
    tag = secrets.token_hex(3)
    data = Path(tempfile.mkdtemp(prefix="pilotdoc-bench-"))
    env = _env(base, data, tag, page_workers, threads)
    settings = _settings(env)
    yield (
        f"  batch reprocess: {submissions} scanned submissions x {pages} pages, {workers} RQ "
        f"workers x {page_workers} page process x {threads} thread, Redis "
        f"{settings.redis_url}, queues bench-{tag}-*; wall from worker start (start-up and "
        "model load included)"
    )
    try:
        db.upgrade(settings)
        _ingest(settings, submissions, pages)
        total = submissions * pages
        for label in ("cold cache", "warm cache"):
            wall, done, rss = _batch(settings, env, workers, tag)
            yield BatchRun(label, submissions, total, wall, done, rss).line()
    finally:
        for name in (settings.live_queue, settings.batch_queue):
            with contextlib.suppress(Exception):  # Redis gone: nothing of ours left there
                queue(settings, name).delete(delete_jobs=True)
        shutil.rmtree(data, ignore_errors=True)
