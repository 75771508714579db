"""Reviewer work on a submission: field corrections (append-only; the latest per path wins),
final scores per rubric indicator, and the effective result (machine result + corrections).
Reprocessing writes only machine results, so nothing here is ever overwritten by it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.errors import InputError, NotFound
from models.template import RUBRIC
from service import correction_paths, overlay
from service.storage import audit
from service.storage import submissions as subs
from service.storage.tables import Correction, Score, Submission, User, utcnow

RUBRIC_MAX = {rid: mx for rid, _name, mx in RUBRIC}


class BadCorrection(InputError):
    code = "bad_correction"


class BadScore(InputError):
    code = "bad_score"


@dataclass(frozen=True)
class ScoreInput:
    indicator: str
    score: float
    comment: str | None = None


def corrections(session: Session, submission_id: str) -> Sequence[Correction]:
    query = (
        select(Correction).where(Correction.submission_id == submission_id).order_by(Correction.id)
    )
    return session.scalars(query).all()


def effective_result(
    session: Session, submission: Submission, pipeline_version: str | None = None
) -> dict[str, Any] | None:
    """The machine result of that version (default: the current one) with corrections laid
    over it; None while there is no result yet."""
    record = subs.result(session, submission.id, pipeline_version or submission.pipeline_version)
    if record is None:
        return None
    pairs = [(c.path, c.new_value) for c in corrections(session, submission.id)]
    return overlay.apply(record.data, pairs)


def add_correction(
    session: Session,
    submission: Submission,
    path: str,
    new_value: Any,
    user: User,
    reason: str | None = None,
) -> Correction:
    """Record `path` := `new_value` after checking both against the result contract; the path is
    stored in its canonical spelling, the old value is what the reviewer saw (the effective one).
    An optional `reason` the reviewer typed goes with it into the audit list."""
    current = effective_result(session, submission)
    if current is None:
        raise BadCorrection("该提交尚无处理结果，暂不能更正")
    try:
        checked = correction_paths.check(path)
        path = checked.canonical
        new_value = checked.check_value(new_value, submission.page_count)
        old_value = overlay.read(current, path)
    except overlay.BadPath as exc:
        raise BadCorrection(f"无法更正 {path!r}：{exc}") from exc
    row = Correction(
        submission_id=submission.id,
        path=path,
        old_value=old_value,
        new_value=new_value,
        user_id=user.id,
    )
    session.add(row)
    extra = {"reason": reason.strip()[:1000]} if reason and reason.strip() else {}
    audit.record(
        session,
        submission.id,
        "correction",
        user.id,
        path=path,
        old=old_value,
        new=new_value,
        **extra,
    )
    session.flush()
    return row


def scores(session: Session, submission_id: str) -> Sequence[Score]:
    query = select(Score).where(Score.submission_id == submission_id).order_by(Score.indicator)
    return session.scalars(query).all()


def set_scores(
    session: Session,
    submission: Submission,
    items: Sequence[ScoreInput],
    user: User,
    *,
    final: bool = True,
) -> Sequence[Score]:
    """Set final scores (each within [0, the indicator's max]); all or none are saved."""
    for item in items:
        if item.indicator not in RUBRIC_MAX:
            raise BadScore(f"未知的评分指标 {item.indicator!r}")
        top = RUBRIC_MAX[item.indicator]
        if not 0 <= item.score <= top:
            raise BadScore(f"{item.indicator}：得分 {item.score} 超出 [0, {top:g}] 的范围")
    existing = {s.indicator: s for s in scores(session, submission.id)}
    for item in items:
        row = existing.get(item.indicator)
        old = None if row is None else {"score": row.score, "comment": row.comment}
        if row is None:
            row = Score(submission_id=submission.id, indicator=item.indicator)
            session.add(row)
        row.score = item.score
        row.comment = item.comment
        row.user_id = user.id
        row.updated_at = utcnow()
        audit.record(
            session,
            submission.id,
            "score",
            user.id,
            indicator=item.indicator,
            old=old,
            new={"score": item.score, "comment": item.comment},
            final=final,
        )
    if final:
        submission.reviewed_at = utcnow()
    session.flush()
    return scores(session, submission.id)


def require(session: Session, submission_id: str) -> Submission:
    sub = subs.get(session, submission_id)
    if sub is None:
        raise NotFound(f"no submission {submission_id}")
    return sub
