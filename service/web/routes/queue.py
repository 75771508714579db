"""The review queue page, and one row of it as a fragment (the page's script swaps a row in when
the service's status endpoint says its processing has finished)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from service.api.deps import SessionDep, VisibleSubmission
from service.web import queue_view
from service.web.auth import CsrfToken, PageUser, is_reviewer
from service.web.flags import FLAGS
from service.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/queue", response_class=HTMLResponse)
def queue_page(
    request: Request,
    user: PageUser,
    session: SessionDep,
    token: CsrfToken,
    query: Annotated[queue_view.QueueQuery, Query()],
) -> HTMLResponse:
    page = queue_view.build(session, user, query)
    return render(
        request,
        "queue.html",
        {
            "user": user,
            "reviewer": is_reviewer(user),
            "csrf_token": token,
            "query": query,
            "page": page,
            "tabs": queue_view.TABS,
            "sorts": queue_view.SORTS,
            "flags": FLAGS,
            "nav_qs": queue_view.query_string(query),
        },
    )


@router.get("/queue/rows/{submission_id}", response_class=HTMLResponse)
def queue_row(
    request: Request, _user: PageUser, sub: VisibleSubmission, session: SessionDep
) -> HTMLResponse:
    row = queue_view.queue_row(session, sub)
    return render(request, "_queue_row.html", {"row": row})
