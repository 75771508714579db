"""The Annex 3 scoring page: the ten indicators with the machine's suggestion, rationale and
evidence beside the reviewer's final score (bounds checked here and again in storage)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from service.api.deps import SessionDep, VisibleSubmission
from service.storage import review_comments, reviews, users
from service.storage.tables import Submission, User
from service.web import scoring, submission_view
from service.web.auth import CsrfToken, PageReviewer, PageUser, is_reviewer
from service.web.templating import render

router = APIRouter(include_in_schema=False)


def _reviewer_name(session: Session, sub: Submission) -> str | None:
    ids = [s.user_id for s in reviews.scores(session, sub.id) if s.user_id is not None]
    user = users.get(session, ids[-1]) if ids else None
    return user.username if user is not None else None


def _page(
    request: Request,
    session: Session,
    sub: Submission,
    user: User,
    token: str,
    *,
    form: scoring.ScoreForm | None = None,
    saved: str | None = None,
    code: int = 200,
) -> HTMLResponse:
    result = reviews.effective_result(session, sub)
    view = scoring.build(
        result,
        reviews.scores(session, sub.id),
        review_comments.text(session, sub.id),
        sub.reviewed_at,
        _reviewer_name(session, sub),
    )
    entered: Mapping[str, str] = form.entered if form is not None else {}
    return render(
        request,
        "scoring.html",
        {
            "user": user,
            "reviewer": is_reviewer(user),
            "csrf_token": token,
            "summary": submission_view.summary(sub, result),
            "view": view,
            "errors": form.errors if form is not None else {},
            "entered": entered,
            "comment": form.comment if form is not None else view.comment,
            "saved": saved,
        },
        status_code=code,
    )


@router.get("/submissions/{submission_id}/scoring", response_class=HTMLResponse)
def scoring_page(
    request: Request,
    user: PageUser,
    sub: VisibleSubmission,
    session: SessionDep,
    token: CsrfToken,
    saved: str | None = None,
) -> HTMLResponse:
    return _page(request, session, sub, user, token, saved=saved)


async def posted_form(request: Request) -> Mapping[str, Any]:
    # Twenty-odd named inputs: read the form as a whole (Starlette caches it per request).
    return await request.form()


@router.post("/submissions/{submission_id}/scoring", response_class=HTMLResponse)
def save_scores(
    request: Request,
    user: PageReviewer,
    sub: VisibleSubmission,
    session: SessionDep,
    token: CsrfToken,
    posted: Annotated[Mapping[str, Any], Depends(posted_form)],
) -> Response:
    """action=submit saves all ten as final (marks the submission reviewed); action=draft
    saves whatever is filled in."""
    final = posted.get("action") == "submit"
    form = scoring.parse_form(posted, final=final)
    if form.errors:
        return _page(request, session, sub, user, token, form=form, code=422)
    try:
        reviews.set_scores(session, sub, form.items, user, final=final)
    except reviews.BadScore as exc:  # the storage's own check disagrees: show it, save nothing
        session.rollback()
        form.errors["_"] = str(exc)
        return _page(request, session, sub, user, token, form=form, code=422)
    review_comments.save(session, sub.id, form.comment, user)
    session.commit()
    flag = "final" if final else "draft"
    return RedirectResponse(
        f"/submissions/{sub.id}/scoring?saved={flag}", status.HTTP_303_SEE_OTHER
    )
