"""Reprocessing in batches: choose submissions by filter, record a batch with one item each,
queue the items on the low-priority queue (inline: run them here), resume what is left, and
report what changed. The perception cache makes a rules-only change cheap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from extractors.options import PIPELINE_VERSION
from service.queue import dispatch
from service.settings import Settings
from service.storage import batches
from service.storage import submissions as subs
from service.storage.db import session_scope
from service.storage.tables import BatchItem, ItemState, Status

Progress = Callable[[int, int], None]  # (items handed over, total)


@dataclass(frozen=True)
class Selection:
    all: bool = False
    failed: bool = False
    since: date | None = None
    below_version: str | None = None
    unit: str | None = None
    ids: tuple[str, ...] | None = None

    def is_empty(self) -> bool:
        return not (
            self.all or self.failed or self.since or self.below_version or self.unit or self.ids
        )

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["since"] = self.since.isoformat() if self.since else None
        out["ids"] = list(self.ids) if self.ids else None
        return {k: v for k, v in out.items() if v not in (None, False)}


def select(settings: Settings, selection: Selection) -> list[str]:
    """The submission ids a selection names, oldest first."""
    if selection.is_empty():
        raise ValueError(
            "choose what to reprocess: IDs, --all, --failed, --since, --below-version, --unit"
        )
    since = datetime.combine(selection.since, time.min, UTC) if selection.since else None
    flt = subs.SubmissionFilter(
        status=Status.failed if selection.failed else None,
        unit=selection.unit,
        since=since,
        below_version=selection.below_version,
    )
    with session_scope(settings) as session:
        ids = subs.select_ids(session, flt)
    if selection.ids:
        wanted = set(selection.ids)
        ids = [i for i in ids if i in wanted]
    return ids


def start(settings: Settings, selection: Selection, user_id: int | None = None) -> int:
    """Record a batch for the selection (items pending); returns its id. Call run() next."""
    ids = select(settings, selection)
    with session_scope(settings) as session:
        batch = batches.create(
            session,
            ids,
            filters=selection.to_json(),
            pipeline_version=PIPELINE_VERSION,
            user_id=user_id,
        )
        return batch.id


def run(settings: Settings, batch_id: int, progress: Progress | None = None) -> int:
    """Queue (or, inline, process) every item not yet done; resumable. Returns how many."""
    with session_scope(settings) as session:
        todo = [
            (i.id, i.submission_id)
            for i in batches.items(session, batch_id, [ItemState.pending, ItemState.queued])
        ]
        batch = batches.get(session, batch_id)
        if batch is not None and todo:
            batch.status, batch.finished_at = "running", None
    for n, (item_id, submission_id) in enumerate(todo, start=1):
        with session_scope(settings) as session:
            item = session.get(BatchItem, item_id)
            if item is None:
                continue
            batches.mark_item_queued(session, item)
        dispatch.enqueue(settings, submission_id, batch=True, batch_item_id=item_id)
        if progress:
            progress(n, len(todo))
    return len(todo)


def status(settings: Settings, batch_id: int) -> dict[str, Any] | None:
    """The batch with its item counts, and the change report once it has finished."""
    with session_scope(settings) as session:
        batch = batches.get(session, batch_id)
        if batch is None:
            return None
        return {
            "id": batch.id,
            "status": batch.status,
            "pipeline_version": batch.pipeline_version,
            "filters": batch.filters,
            "created_at": batch.created_at,
            "finished_at": batch.finished_at,
            "counts": batches.counts(session, batch.id),
            "report": batches.report(session, batch.id),
        }
