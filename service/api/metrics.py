"""Prometheus metrics read at scrape time from the shared stores (the database and Redis),
so every API replica reports the same numbers for work done by workers on any machine."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from service.settings import Settings, get_settings
from service.storage.db import session_scope
from service.storage.tables import ResultRecord, Submission

log = logging.getLogger(__name__)


class PilotdocCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        settings = get_settings()
        try:
            yield from self._database(settings)
        except Exception:  # a scrape must not fail because one store is down
            log.exception("database metrics unavailable")
        if not settings.inline:
            try:
                yield from self._queues(settings)
            except Exception:
                log.exception("queue metrics unavailable")

    def _database(self, settings: Settings) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        with session_scope(settings) as session:
            by_status = session.execute(
                select(Submission.status, func.count()).group_by(Submission.status)
            ).all()
            pages, seconds, runs = session.execute(
                select(
                    func.coalesce(func.sum(Submission.page_count), 0),
                    func.coalesce(func.sum(ResultRecord.processing_s), 0.0),
                    func.count(ResultRecord.id),
                ).join(Submission, Submission.id == ResultRecord.submission_id)
            ).one()
        gauge = GaugeMetricFamily(
            "pilotdoc_submissions", "Submissions by status", labels=["status"]
        )
        counts = {s: 0 for s in ("queued", "processing", "done", "failed")}
        counts.update({str(s): int(n) for s, n in by_status})
        for name, n in counts.items():
            gauge.add_metric([name], n)
        yield gauge
        yield CounterMetricFamily(
            "pilotdoc_pages_processed", "Pages in stored results", value=float(pages)
        )
        yield CounterMetricFamily(
            "pilotdoc_processing_seconds", "Processing time of stored results", value=seconds
        )
        yield CounterMetricFamily("pilotdoc_results", "Stored results", value=float(runs))

    def _queues(self, settings: Settings) -> Iterator[GaugeMetricFamily]:
        from rq.registry import FailedJobRegistry, StartedJobRegistry

        from service.queue.connection import queues

        queued = GaugeMetricFamily("pilotdoc_jobs_queued", "Jobs waiting", labels=["queue"])
        started = GaugeMetricFamily("pilotdoc_jobs_started", "Jobs running", labels=["queue"])
        failed = GaugeMetricFamily(
            "pilotdoc_jobs_failed", "Jobs in RQ's failed registry", labels=["queue"]
        )
        for q in queues(settings):
            queued.add_metric([q.name], q.count)
            started.add_metric([q.name], StartedJobRegistry(queue=q).count)
            failed.add_metric([q.name], FailedJobRegistry(queue=q).count)
        yield queued
        yield started
        yield failed
