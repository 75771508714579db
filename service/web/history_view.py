"""The history panel of a submission: every review action from its audit list, by name and
time, with old -> new, a confirmation told apart from a correction, the reason typed with it,
and a draft score told apart from a submitted one; processing events in a word."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

from models.template import RUBRIC
from service.storage.tables import AuditEvent
from service.web import messages, values
from service.web.submission_view import kind_for

_RUBRIC_NAMES = {rid: name for rid, name, _top in RUBRIC}
_EVENTS: dict[str, str] = {
    "uploaded": "上传材料",
    "duplicate": "重复上传（同一文件）",
    "queued": "进入处理队列",
    "processing": "开始处理",
    "done": "处理完成",
    "failed": "处理失败",
    "retry": "重新处理",
    "retry_scheduled": "稍后自动重试",
    "recovered": "中断后恢复处理",
    "reprocess": "重新处理",
}
Kind = Literal["confirmed", "corrected", "draft", "final", "event"]


class HistoryEntry(BaseModel):
    at: datetime
    who: str
    kind: Kind
    kind_label: str
    what: str  # the value or indicator, as people name it
    old: str | None = None
    new: str | None = None
    reason: str | None = None


def _shown(path: str, value: Any) -> str:
    return values.display(kind_for(path), value)


def _score(value: Any) -> str:
    if isinstance(value, dict) and value.get("score") is not None:
        return values.format_score(float(value["score"]))
    return values.ABSENT


def entry(event: AuditEvent, names: dict[int, str]) -> HistoryEntry | None:
    who = names.get(event.user_id or -1, "系统") if event.user_id else "系统"
    detail: dict[str, Any] = event.detail or {}
    if event.action == "correction":
        path = str(detail.get("path") or "")
        same = detail.get("old") == detail.get("new")
        return HistoryEntry(
            at=event.created_at,
            who=who,
            kind="confirmed" if same else "corrected",
            kind_label="确认" if same else "修改",
            what=messages.path_label(path),
            old=None if same else _shown(path, detail.get("old")),
            new=_shown(path, detail.get("new")),
            reason=detail.get("reason"),
        )
    if event.action == "score":
        final = detail.get("final", True)  # events before the flag were final submissions
        return HistoryEntry(
            at=event.created_at,
            who=who,
            kind="final" if final else "draft",
            kind_label="提交评分" if final else "评分草稿",
            what=_RUBRIC_NAMES.get(str(detail.get("indicator")), "评分指标"),
            old=_score(detail.get("old")),
            new=_score(detail.get("new")),
            reason=(detail.get("new") or {}).get("comment") or None,
        )
    label = _EVENTS.get(event.action)
    if label is None:
        return None
    return HistoryEntry(at=event.created_at, who=who, kind="event", kind_label=label, what="")


def entries(events: Sequence[AuditEvent], names: dict[int, str]) -> list[HistoryEntry]:
    """Newest first."""
    out = [e for e in (entry(ev, names) for ev in events) if e is not None]
    return sorted(out, key=lambda e: e.at, reverse=True)
