"""Reprocessing batches: a row with its filters and one item per submission, each with its own
state, so an interrupted batch resumes where it stopped and ends with a report of what changed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.storage.tables import Batch, BatchItem, ItemState, utcnow


def create(
    session: Session,
    submission_ids: Sequence[str],
    *,
    filters: dict[str, Any],
    pipeline_version: str,
    user_id: int | None,
) -> Batch:
    batch = Batch(filters=filters, pipeline_version=pipeline_version, created_by=user_id)
    session.add(batch)
    session.flush()
    session.add_all(BatchItem(batch_id=batch.id, submission_id=sid) for sid in submission_ids)
    if not submission_ids:
        batch.status, batch.finished_at = "finished", utcnow()
    session.flush()
    return batch


def get(session: Session, batch_id: int) -> Batch | None:
    return session.get(Batch, batch_id)


def all_batches(session: Session, limit: int = 50) -> Sequence[Batch]:
    return session.scalars(select(Batch).order_by(Batch.id.desc()).limit(limit)).all()


def items(session: Session, batch_id: int, states: Sequence[str] | None = None) -> list[BatchItem]:
    query = select(BatchItem).where(BatchItem.batch_id == batch_id).order_by(BatchItem.id)
    if states:
        query = query.where(BatchItem.state.in_(states))
    return list(session.scalars(query).all())


def counts(session: Session, batch_id: int) -> dict[str, int]:
    rows = session.execute(
        select(BatchItem.state, func.count())
        .where(BatchItem.batch_id == batch_id)
        .group_by(BatchItem.state)
    ).all()
    out = {state.value: 0 for state in ItemState}
    out.update({state: n for state, n in rows})
    return out


def mark_item_queued(session: Session, item: BatchItem) -> None:
    item.state = ItemState.queued
    item.error = None
    item.updated_at = utcnow()


def finish_item(
    session: Session,
    item_id: int,
    *,
    ok: bool,
    changed: list[str] | None = None,
    error: str | None = None,
    seconds: float | None = None,
    old_version: str | None = None,
) -> None:
    item = session.get(BatchItem, item_id)
    if item is None:
        return
    item.state = ItemState.done if ok else ItemState.failed
    item.changed = changed
    item.error = error
    item.processing_s = seconds
    if old_version is not None:
        item.old_version = old_version
    item.updated_at = utcnow()
    session.flush()
    open_items = session.scalar(
        select(func.count())
        .select_from(BatchItem)
        .where(
            BatchItem.batch_id == item.batch_id,
            BatchItem.state.in_([ItemState.pending, ItemState.queued]),
        )
    )
    if not open_items:
        batch = session.get(Batch, item.batch_id)
        if batch is not None and batch.status != "finished":
            batch.status, batch.finished_at = "finished", utcnow()


def report(session: Session, batch_id: int) -> dict[str, Any]:
    """What changed: per path, how many submissions; and which submissions changed at all."""
    done = items(session, batch_id, [ItemState.done])
    per_path: Counter[str] = Counter()
    changed_ids: list[str] = []
    for item in done:
        if item.changed:
            changed_ids.append(item.submission_id)
            per_path.update(item.changed)
    failed = items(session, batch_id, [ItemState.failed])
    seconds = [i.processing_s for i in done if i.processing_s is not None]
    return {
        "processed": len(done),
        "failed": [{"submission_id": i.submission_id, "error": i.error} for i in failed],
        "submissions_changed": len(changed_ids),
        "changed_submission_ids": changed_ids,
        "fields_changed": dict(sorted(per_path.items(), key=lambda kv: (-kv[1], kv[0]))),
        "processing_s_total": round(sum(seconds), 3),
    }
