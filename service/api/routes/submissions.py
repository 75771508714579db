"""Upload a PDF and read submissions: list, detail (result with corrections overlaid), live
status (polling and server-sent events), the original PDF, page images, retry."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import (
    APIRouter,
    BackgroundTasks,
    File,
    Form,
    HTTPException,
    Query,
    Response,
    UploadFile,
    status,
)
from fastapi import Path as FastPath
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse

from models.errors import Conflict, TransientError
from service import uploads
from service.api import views
from service.api.deps import (
    CurrentUser,
    ReviewerUser,
    SessionDep,
    SettingsDep,
    VisibleSubmission,
)
from service.api.schemas import (
    ErrorResponse,
    ResultVersion,
    ScorePublic,
    StatusName,
    StatusPublic,
    SubmissionDetail,
    SubmissionPage,
    UploadAccepted,
)
from service.queue import dispatch
from service.storage import audit, reviews
from service.storage import submissions as subs
from service.storage.blobs import BlobStore, render_page_png
from service.storage.db import session_scope
from service.storage.tables import Status

router = APIRouter(prefix="/api/submissions", tags=["submissions"])
QUEUE_DOWN = "已排队，处理队列暂时不可用，队列恢复后自动处理"
ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorResponse} for code in (401, 403, 404, 409, 413, 422)
}


def _links(submission_id: str) -> dict[str, str]:
    base = f"/api/submissions/{submission_id}"
    return {"self": base, "status": f"{base}/status", "events": f"{base}/events"}


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=UploadAccepted,
    responses={200: {"model": UploadAccepted, "description": "duplicate: same id"}, **ERRORS},
)
def upload(
    file: Annotated[UploadFile, File(description="the submitted PDF")],
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    background: BackgroundTasks,
    unit: Annotated[
        str | None, Form(max_length=200, description="reviewers/admins: the unit")
    ] = None,
) -> Response | UploadAccepted:
    """Store the PDF, create the submission and queue it: 202 with the id. The same bytes again
    answer 200 with `duplicate: true` and the existing id (409 if another unit owns them)."""
    data = uploads.read_limited(file.file, settings)
    done = uploads.accept(session, settings, user, data, filename=file.filename, unit=unit)
    sub = done.submission
    if not done.created:
        body = UploadAccepted(id=sub.id, status=sub.status, duplicate=True, links=_links(sub.id))
        return JSONResponse(body.model_dump(), status_code=status.HTTP_200_OK)
    message = None
    try:
        dispatch.enqueue(settings, sub.id, run_later=background.add_task)
    except TransientError:
        # Stored and marked queued: the recovery sweep enqueues it once Redis is back.
        message = QUEUE_DOWN
    return UploadAccepted(
        id=sub.id, status="queued", duplicate=False, links=_links(sub.id), message=message
    )


@router.get("", response_model=SubmissionPage, responses=ERRORS)
def list_submissions(
    user: CurrentUser,
    session: SessionDep,
    status_: Annotated[StatusName | None, Query(alias="status")] = None,
    unit: Annotated[str | None, Query(max_length=200)] = None,
    project: Annotated[str | None, Query(max_length=200)] = None,
    needs_review: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> SubmissionPage:
    """Newest first; a submitter sees only their unit. needs_review = done and not yet scored."""
    flt = subs.SubmissionFilter(
        status=status_, unit=unit, project=project, needs_review=needs_review
    )
    rows, total = subs.list_page(session, user, flt, limit=limit, offset=offset)
    return SubmissionPage(
        items=[views.submission_public(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.get("/{submission_id}", response_model=SubmissionDetail, responses=ERRORS)
def get_submission(sub: VisibleSubmission, session: SessionDep) -> SubmissionDetail:
    result = reviews.effective_result(session, sub)
    return SubmissionDetail(
        submission=views.submission_public(sub),
        timings=views.timings(sub),
        progress=sub.progress,
        result=result,
        warnings=list((result or {}).get("warnings") or []),
        versions=[
            ResultVersion.model_validate(r, from_attributes=True)
            for r in subs.result_versions(session, sub.id)
        ],
        scores=[ScorePublic.model_validate(s) for s in reviews.scores(session, sub.id)],
    )


@router.get("/{submission_id}/result", responses=ERRORS)
def get_result(
    sub: VisibleSubmission,
    session: SessionDep,
    version: Annotated[str | None, Query(max_length=40)] = None,
    raw: bool = False,
) -> dict[str, object]:
    """The result of a pipeline version (default: current); raw=true without corrections."""
    if raw:
        record = subs.result(session, sub.id, version or sub.pipeline_version)
        data = record.data if record is not None else None
    else:
        data = reviews.effective_result(session, sub, version)
    if data is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "该版本尚无处理结果")
    return data


@router.get("/{submission_id}/status", response_model=StatusPublic, responses=ERRORS)
def get_status(sub: VisibleSubmission) -> StatusPublic:
    """Cheap polling endpoint; see /events for a push stream."""
    return views.status_public(sub)


@router.get("/{submission_id}/events", responses=ERRORS)
def status_events(sub: VisibleSubmission, settings: SettingsDep) -> StreamingResponse:
    """Server-sent events: a `status` event on every change, ending at done or failed."""
    submission_id = sub.id

    def snapshot() -> str | None:
        with session_scope(settings) as session:
            row = subs.get(session, submission_id)
            return views.status_public(row).model_dump_json() if row is not None else None

    async def stream() -> AsyncIterator[str]:
        last = None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + settings.sse_max_s
        while loop.time() < deadline:
            current = await run_in_threadpool(snapshot)
            if current is None:
                return
            if current != last:
                last = current
                yield f"event: status\ndata: {current}\n\n"
                if json.loads(current)["status"] in (Status.done, Status.failed):
                    return
            else:
                yield ": keep-alive\n\n"
            await asyncio.sleep(1)

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


@router.get(
    "/{submission_id}/original",
    response_class=FileResponse,
    responses={200: {"content": {"application/pdf": {}}}, **ERRORS},
)
def get_original(sub: VisibleSubmission, settings: SettingsDep) -> FileResponse:
    path = BlobStore(settings.blob_dir).path(sub.sha256)
    if not path.is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, "存储中找不到原件")
    return FileResponse(
        path, media_type="application/pdf", filename=sub.filename or f"{sub.id}.pdf"
    )


@router.get(
    "/{submission_id}/pages/{page}",
    response_class=FileResponse,
    responses={200: {"content": {"image/png": {}}}, **ERRORS},
)
def get_page_image(
    sub: VisibleSubmission, settings: SettingsDep, page: Annotated[int, FastPath(ge=1, le=100_000)]
) -> FileResponse:
    """The page as a PNG (settings.page_image_dpi), rendered once and cached on disk."""
    if not 1 <= page <= sub.page_count:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"没有第 {page} 页")
    pdf = BlobStore(settings.blob_dir).path(sub.sha256)
    png = render_page_png(
        pdf, page, settings.page_image_dpi, settings.page_image_dir, settings.max_page_pixels
    )
    return FileResponse(png, media_type="image/png")


@router.post(
    "/{submission_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=StatusPublic,
    responses=ERRORS,
)
def retry(
    sub: VisibleSubmission,
    _user: ReviewerUser,
    session: SessionDep,
    settings: SettingsDep,
    background: BackgroundTasks,
) -> StatusPublic:
    """Queue a failed submission again (reviewers and admins)."""
    if sub.status != Status.failed:
        raise Conflict(f"only a failed submission can be retried; this one is {sub.status}")
    sub.attempts = 0
    audit.record(session, sub.id, "retry", _user.id)
    session.commit()
    # Marked queued before the enqueue: with Redis down, recovery enqueues it once it is back.
    with contextlib.suppress(TransientError):
        dispatch.enqueue(settings, sub.id, run_later=background.add_task)
    session.refresh(sub)
    return views.status_public(sub)
