"""The admin page: accounts (role, unit, disabled) and reprocessing batches with their progress,
read through the same storage functions as the admin API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import HTMLResponse

from service.api.deps import SessionDep
from service.storage import batches, users
from service.storage.tables import Role, User
from service.web.auth import CsrfToken, PageUser
from service.web.templating import render
from service.web.views import BatchRow, UserRow

router = APIRouter(include_in_schema=False)
ROLE_LABELS = {Role.submitter: "申报单位", Role.reviewer: "评审员", Role.admin: "管理员"}
BATCH_STATUS = {"running": "进行中", "finished": "已完成"}


def page_admin(user: PageUser) -> User:
    if user.role != Role.admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "只有管理员可以查看此页")
    return user


PageAdmin = Annotated[User, Depends(page_admin)]


@router.get("/admin", response_class=HTMLResponse)
def admin_page(
    request: Request, user: PageAdmin, session: SessionDep, token: CsrfToken
) -> HTMLResponse:
    people = [
        UserRow(
            id=u.id,
            username=u.username,
            role=ROLE_LABELS.get(Role(u.role), u.role),
            unit=u.unit,
            disabled=u.disabled,
            created_at=u.created_at,
        )
        for u in users.all_users(session)
    ]
    rows = []
    for batch in batches.all_batches(session):
        counts = batches.counts(session, batch.id)
        total = sum(counts.values())
        finished = counts.get("done", 0) + counts.get("failed", 0)
        rows.append(
            BatchRow(
                id=batch.id,
                status=BATCH_STATUS.get(batch.status, batch.status),
                pipeline_version=batch.pipeline_version,
                created_at=batch.created_at,
                finished_at=batch.finished_at,
                counts=counts,
                total=total,
                percent=round(100 * finished / total) if total else 100,
            )
        )
    return render(
        request,
        "admin.html",
        {
            "user": user,
            "reviewer": True,
            "admin": True,
            "csrf_token": token,
            "people": people,
            "batches": rows,
        },
    )
