"""The upload page: a CSRF-protected multipart form that takes a PDF through the same path as
the API (service.uploads, then dispatch), answering in Chinese: what was wrong with the file,
or a link to the submission the same file already is."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, File, Form, Request, UploadFile, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from extractors.perception.pdf import PageTooLarge
from models.errors import (
    Conflict,
    EncryptedPDF,
    InvalidPDF,
    PilotdocError,
    TooLarge,
    TooManyPages,
    TransientError,
)
from service import uploads
from service.api.deps import SessionDep, SettingsDep
from service.queue import dispatch
from service.settings import Settings
from service.storage.tables import Role, User
from service.web.auth import CsrfToken, PageUser, is_reviewer
from service.web.templating import render

router = APIRouter(include_in_schema=False)


def message_for(exc: PilotdocError, settings: Settings) -> str:
    """What the person uploading should know; the limits are the configured ones."""
    if isinstance(exc, TooLarge):
        return f"文件超过 {settings.max_upload_mb:g} MB 的大小上限，请压缩或拆分后再上传。"
    if isinstance(exc, TooManyPages):
        return f"PDF 超过 {settings.max_pages} 页的页数上限，请拆分后再上传。"
    if isinstance(exc, PageTooLarge):
        return "PDF 中有页面尺寸过大，超出单页渲染像素上限，请调整页面尺寸后再上传。"
    if isinstance(exc, EncryptedPDF):
        return "PDF 已加密（设有打开密码），无法读取，请上传无需密码即可打开的文件。"
    if isinstance(exc, InvalidPDF):
        return "该文件不是可读取的 PDF（可能已损坏或为其他格式），请上传 PDF 原件。"
    if isinstance(exc, Conflict):
        return "该文件已由其他单位提交，不能重复提交。"
    return f"上传失败：{exc}"


def _page(
    request: Request,
    user: User,
    token: str,
    settings: Settings,
    *,
    error: str | None = None,
    duplicate_id: str | None = None,
    notice: str | None = None,
    code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "upload.html",
        {
            "user": user,
            "reviewer": is_reviewer(user),
            "admin": user.role == Role.admin,
            "csrf_token": token,
            "nav": "upload",
            "max_mb": settings.max_upload_mb,
            "max_pages": settings.max_pages,
            "error": error,
            "duplicate_id": duplicate_id,
            "notice": notice,
        },
        status_code=code,
    )


@router.get("/upload", response_class=HTMLResponse)
def upload_form(
    request: Request, user: PageUser, token: CsrfToken, settings: SettingsDep
) -> HTMLResponse:
    return _page(request, user, token, settings)


@router.post("/upload", response_class=HTMLResponse)
def upload_file(
    request: Request,
    user: PageUser,
    token: CsrfToken,
    session: SessionDep,
    settings: SettingsDep,
    background: BackgroundTasks,
    file: Annotated[UploadFile | None, File()] = None,
    unit: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Store and queue the PDF, then show its page; a duplicate links to the existing one."""
    if file is None or not file.filename:
        return _page(request, user, token, settings, error="请选择要上传的 PDF 文件。", code=422)
    try:
        data = uploads.read_limited(file.file, settings)
        done = uploads.accept(session, settings, user, data, filename=file.filename, unit=unit)
    except PilotdocError as exc:
        code = exc.http_status if 400 <= exc.http_status < 500 else 422
        return _page(request, user, token, settings, error=message_for(exc, settings), code=code)
    sub = done.submission
    if not done.created:
        return _page(request, user, token, settings, duplicate_id=sub.id)
    try:
        dispatch.enqueue(settings, sub.id, run_later=background.add_task)
    except TransientError:
        # Stored and queued in the database: the recovery sweep enqueues it once Redis is back.
        notice = "文件已保存，但处理队列暂时不可用，系统恢复后会自动处理。"
        return _page(request, user, token, settings, notice=notice, duplicate_id=sub.id)
    return RedirectResponse(f"/submissions/{sub.id}", status.HTTP_303_SEE_OTHER)
