"""Reviewer actions on one submission from its page: process it again with the current
pipeline (a done one) or retry it (a failed one). Corrections and scores are the reviewer's
records, so they survive; the page follows the processing and reloads when it is done."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, status
from fastapi.responses import RedirectResponse

from service.api.deps import SessionDep, SettingsDep, VisibleSubmission
from service.queue import dispatch
from service.storage import audit
from service.storage.tables import Status
from service.web.auth import PageReviewer

router = APIRouter(include_in_schema=False)


@router.post("/submissions/{submission_id}/reprocess")
def reprocess_one(
    user: PageReviewer,
    sub: VisibleSubmission,
    session: SessionDep,
    settings: SettingsDep,
    background: BackgroundTasks,
) -> RedirectResponse:
    target = f"/submissions/{sub.id}"
    if sub.status in (Status.queued, Status.processing):
        return RedirectResponse(target, status.HTTP_303_SEE_OTHER)  # already on its way
    action = "retry" if sub.status == Status.failed else "reprocess"
    audit.record(session, sub.id, action, user.id, by="page")
    session.commit()
    dispatch.enqueue(settings, sub.id, run_later=background.add_task)
    return RedirectResponse(target, status.HTTP_303_SEE_OTHER)


@router.get("/submissions/{submission_id}/reprocess")
def reprocess_landing(submission_id: str) -> RedirectResponse:
    """Where a sign-in after an expired session returns to: the submission's page (the
    action itself is a POST from that page, so nothing is started by a link)."""
    return RedirectResponse(f"/submissions/{submission_id}", status.HTTP_303_SEE_OTHER)
