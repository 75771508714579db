"""The review queue: every submission the user may see with what a reviewer triages by (status,
low-confidence values, warnings), filtered, searched and sorted with "needs review" first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy.orm import Session

from service.storage import reviews
from service.storage import submissions as subs
from service.storage.tables import Status, Submission, User
from service.web import labels, messages
from service.web.flags import FLAGS, flags
from service.web.reviewable import low_confidence_count
from service.web.submission_view import summary
from service.web.views import QueueRow

# The queue is built in memory (the programme has hundreds of projects, not millions).
MAX_ROWS = 2000
PAGE_SIZE = 50

Tab = Literal["all", "review", "processing", "failed", "reviewed"]
SortKey = Literal["default", "created", "low", "warnings", "project"]
TABS: dict[str, str] = {
    "all": "全部",
    "review": "待审核",
    "processing": "处理中",
    "failed": "失败",
    "reviewed": "已评分",
}
SORTS: dict[str, str] = {
    "default": "待审核优先",
    "created": "最新上传",
    "low": "低置信度最多",
    "warnings": "警告最多",
    "project": "项目名称",
}


class QueueQuery(BaseModel):
    tab: Tab = "all"
    q: str = ""
    sort: SortKey = "default"
    flag: str = ""  # a code of service.web.flags.FLAGS: only rows with that flag
    page: int = 1


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    tab_counts: dict[str, int]
    flag_counts: dict[str, int]


def _group(row: QueueRow) -> int:
    """Flagged and needing review first, then the rest needing review, then work still
    running, then failures, then what is settled."""
    if row.needs_review:
        return 0 if row.flags else 1
    if row.status in (Status.queued, Status.processing):
        return 2
    if row.status == Status.failed:
        return 3
    return 4


def _progress(sub: Submission) -> str | None:
    progress: dict[str, Any] = sub.progress or {}
    if sub.status != Status.processing or not progress.get("total"):
        return None
    return f"{progress.get('done', 0)}/{progress['total']}"


def queue_row(session: Session, sub: Submission) -> QueueRow:
    result = reviews.effective_result(session, sub) if sub.status == Status.done else None
    info = summary(sub, result)
    total = None
    scored = reviews.scores(session, sub.id)
    if sub.reviewed_at is not None:
        total = sum(s.score for s in scored)
    return QueueRow(
        id=sub.id,
        project=info.title,
        filename=sub.filename,
        lead_unit=info.lead_unit or "—",
        kind=info.report_kind if info.has_report else ("申请表" if info.has_application else "—"),
        status=sub.status,
        status_label=labels.STATUS.get(sub.status, sub.status),
        needs_review=sub.status == Status.done and sub.reviewed_at is None,
        reviewed=sub.reviewed_at is not None,
        reason=messages.failure_text(sub.reason) if sub.status == Status.failed else None,
        created_at=sub.created_at,
        low_confidence=low_confidence_count(result) if result else 0,
        warnings=len((result or {}).get("warnings") or []),
        total=total,
        progress=_progress(sub),
        flags=flags(result, sub.unit),
        draft_scored=len(scored) if sub.reviewed_at is None else 0,
    )


def _in_tab(row: QueueRow, tab: str) -> bool:
    if tab == "review":
        return row.needs_review
    if tab == "processing":
        return row.status in (Status.queued, Status.processing)
    if tab == "failed":
        return row.status == Status.failed
    if tab == "reviewed":
        return row.reviewed
    return True


def _matches(row: QueueRow, needle: str) -> bool:
    hay = " ".join(x for x in (row.project, row.lead_unit, row.filename or "", row.id) if x)
    return needle.lower() in hay.lower()


SORT_KEYS: dict[str, Callable[[QueueRow], Any]] = {
    "default": lambda r: (_group(r), -r.created_at.timestamp()),
    "created": lambda r: -r.created_at.timestamp(),
    "low": lambda r: (-r.low_confidence, _group(r)),
    "warnings": lambda r: (-r.warnings, _group(r)),
    "project": lambda r: r.project,
}


def build(session: Session, user: User, query: QueueQuery) -> QueuePage:
    subs_rows, _total = subs.list_page(session, user, subs.SubmissionFilter(), limit=MAX_ROWS)
    rows = [queue_row(session, s) for s in subs_rows]
    needle = query.q.strip()
    if needle:
        rows = [r for r in rows if _matches(r, needle)]
    tab_counts = {tab: sum(1 for r in rows if _in_tab(r, tab)) for tab in TABS}
    rows = [r for r in rows if _in_tab(r, query.tab)]
    flag_counts = {code: sum(1 for r in rows if _has_flag(r, code)) for code in FLAGS}
    if query.flag in FLAGS:
        rows = [r for r in rows if _has_flag(r, query.flag)]
    rows = sorted(rows, key=SORT_KEYS[query.sort])
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(1, query.page), pages)
    start = (page - 1) * PAGE_SIZE
    return QueuePage(
        rows[start : start + PAGE_SIZE], len(rows), page, pages, tab_counts, flag_counts
    )


def _has_flag(row: QueueRow, code: str) -> bool:
    return any(f.code == code for f in row.flags)


@dataclass(frozen=True)
class Neighbours:
    """Where a submission stands in the queue as the reviewer sorted and filtered it."""

    prev_id: str | None
    next_id: str | None
    position: int | None  # 1-based; None when the queue's filter leaves it out
    total: int
    query: str  # the queue's query string, carried from one submission to the next


def ordered_ids(session: Session, user: User, query: QueueQuery) -> list[str]:
    subs_rows, _total = subs.list_page(session, user, subs.SubmissionFilter(), limit=MAX_ROWS)
    rows = [queue_row(session, s) for s in subs_rows]
    needle = query.q.strip()
    if needle:
        rows = [r for r in rows if _matches(r, needle)]
    rows = [r for r in rows if _in_tab(r, query.tab)]
    if query.flag in FLAGS:
        rows = [r for r in rows if _has_flag(r, query.flag)]
    return [r.id for r in sorted(rows, key=SORT_KEYS[query.sort])]


def query_string(query: QueueQuery) -> str:
    from urllib.parse import urlencode

    fields = {"tab": query.tab, "sort": query.sort, "flag": query.flag, "q": query.q}
    default = QueueQuery()
    kept = {k: v for k, v in fields.items() if v != getattr(default, k)}
    return urlencode(kept)


def neighbours(session: Session, user: User, query: QueueQuery, submission_id: str) -> Neighbours:
    ids = ordered_ids(session, user, query)
    qs = query_string(query)
    if submission_id not in ids:
        return Neighbours(ids[0] if ids else None, None, None, len(ids), qs)
    at = ids.index(submission_id)
    return Neighbours(
        ids[at - 1] if at > 0 else None,
        ids[at + 1] if at + 1 < len(ids) else None,
        at + 1,
        len(ids),
        qs,
    )
