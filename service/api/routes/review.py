"""Reviewer work on one submission: corrections (path, old -> new, who, when), final scores
per rubric indicator, and the audit list. Reading is open to whoever may see the submission."""

from __future__ import annotations

from fastapi import APIRouter, status

from service.api.deps import ReviewerUser, SessionDep, VisibleSubmission
from service.api.routes.submissions import ERRORS
from service.api.schemas import (
    AuditPublic,
    CorrectionCreate,
    CorrectionPublic,
    ScorePublic,
    ScoresUpdate,
)
from service.storage import audit, reviews

router = APIRouter(prefix="/api/submissions/{submission_id}", tags=["review"])


@router.get("/corrections", response_model=list[CorrectionPublic], responses=ERRORS)
def list_corrections(sub: VisibleSubmission, session: SessionDep) -> list[CorrectionPublic]:
    return [CorrectionPublic.model_validate(c) for c in reviews.corrections(session, sub.id)]


@router.post(
    "/corrections",
    status_code=status.HTTP_201_CREATED,
    response_model=CorrectionPublic,
    responses=ERRORS,
)
def add_correction(
    body: CorrectionCreate, sub: VisibleSubmission, user: ReviewerUser, session: SessionDep
) -> CorrectionPublic:
    """Correct one value, e.g. path "application.fields.leader" or "counts.papers"."""
    row = reviews.add_correction(session, sub, body.path, body.value, user)
    session.commit()
    return CorrectionPublic.model_validate(row)


@router.get("/scores", response_model=list[ScorePublic], responses=ERRORS)
def list_scores(sub: VisibleSubmission, session: SessionDep) -> list[ScorePublic]:
    return [ScorePublic.model_validate(s) for s in reviews.scores(session, sub.id)]


@router.put("/scores", response_model=list[ScorePublic], responses=ERRORS)
def set_scores(
    body: ScoresUpdate, sub: VisibleSubmission, user: ReviewerUser, session: SessionDep
) -> list[ScorePublic]:
    """Set final scores; each must lie within [0, the indicator's maximum]."""
    items = [reviews.ScoreInput(i.indicator, i.score, i.comment) for i in body.scores]
    rows = reviews.set_scores(session, sub, items, user, final=body.final)
    session.commit()
    return [ScorePublic.model_validate(s) for s in rows]


@router.get("/audit", response_model=list[AuditPublic], responses=ERRORS)
def list_audit(sub: VisibleSubmission, session: SessionDep) -> list[AuditPublic]:
    return [AuditPublic.model_validate(e) for e in audit.events(session, sub.id)]
