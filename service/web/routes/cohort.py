"""The cohort page: scored projects ranked by total, with the recommendation cap marked
(recommended typical projects at most settings.recommend_cap_ratio of the city's national
pilots, notice 沪经信基〔2022〕377号)."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from service.api.deps import SessionDep, SettingsDep
from service.storage import reviews
from service.storage import submissions as subs
from service.web import submission_view
from service.web.auth import CsrfToken, PageReviewer, is_reviewer
from service.web.templating import render
from service.web.views import CohortRow

router = APIRouter(include_in_schema=False)
MAX_PROJECTS = 100_000


def ranked(session: Session, cap: int) -> tuple[list[CohortRow], int]:
    """Scored projects by total (ties: earlier upload first), and how many projects exist."""
    rows, total_projects = subs.list_page(
        session, None, subs.SubmissionFilter(), limit=MAX_PROJECTS
    )
    scored = []
    for sub in rows:
        if sub.reviewed_at is None:
            continue
        scores = reviews.scores(session, sub.id)
        if not scores:
            continue
        info = submission_view.summary(sub, reviews.effective_result(session, sub))
        scored.append((sum(s.score for s in scores), sub.created_at, sub.id, info))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    out = [
        CohortRow(
            rank=index,
            id=sub_id,
            project=info.title,
            lead_unit=info.lead_unit or "—",
            total=total,
            within_cap=index <= cap,
        )
        for index, (total, _created, sub_id, info) in enumerate(scored, start=1)
    ]
    return out, total_projects


@router.get("/cohort", response_class=HTMLResponse)
def cohort_page(
    request: Request,
    user: PageReviewer,
    session: SessionDep,
    settings: SettingsDep,
    token: CsrfToken,
    pilots: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> HTMLResponse:
    """`pilots`: the city's national pilot projects (default: the submissions on file)."""
    _rows, on_file = subs.list_page(session, None, subs.SubmissionFilter(), limit=1)
    national = pilots or max(on_file, 1)
    cap = math.floor(national * settings.recommend_cap_ratio + 1e-9)
    rows, _total = ranked(session, cap)
    return render(
        request,
        "cohort.html",
        {
            "user": user,
            "reviewer": is_reviewer(user),
            "csrf_token": token,
            "rows": rows,
            "national": national,
            "cap": cap,
            "ratio": settings.recommend_cap_ratio,
        },
    )
