"""The submission page (page images beside the extracted data) and the inline review of one
value: confirm it or correct it. Both go through service.storage.reviews, which audits them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from service import overlay
from service.api.deps import SessionDep, SettingsDep, VisibleSubmission
from service.storage import audit, reviews, users
from service.storage import submissions as subs
from service.storage.tables import Submission, User
from service.web import (
    history_view,
    outline_view,
    page_text,
    queue_view,
    submission_view,
    values,
)
from service.web.auth import CsrfToken, PageReviewer, PageUser, is_reviewer
from service.web.templating import render
from service.web.views import FieldView, SubmissionView

router = APIRouter(include_in_schema=False)


def load_view(session: Session, sub: Submission) -> tuple[SubmissionView, dict[str, Any] | None]:
    """The page's view and the effective result it was built from."""
    result = reviews.effective_result(session, sub)
    record = subs.result(session, sub.id, sub.pipeline_version)
    rows = reviews.corrections(session, sub.id)
    names = {}
    for user_id in {r.user_id for r in rows if r.user_id is not None}:
        user = users.get(session, user_id)
        names[user_id] = user.username if user is not None else f"#{user_id}"
    ctx = submission_view.ReviewContext(
        raw=record.data if record is not None else None,
        latest=submission_view.latest_corrections(rows),
        usernames=names,
    )
    return submission_view.build(sub, result, ctx), result


def _all_fields(view: SubmissionView) -> list[FieldView]:
    return [
        *view.report_fields,
        *view.application_fields,
        *view.directions,
        *view.counts,
        *view.signatures,
        *(f for item in view.evidence_items for f in item.fields),
    ]


@router.get("/submissions/{submission_id}", response_class=HTMLResponse)
def submission_page(
    request: Request,
    user: PageUser,
    sub: VisibleSubmission,
    session: SessionDep,
    settings: SettingsDep,
    token: CsrfToken,
    query: Annotated[queue_view.QueueQuery, Query()],
) -> HTMLResponse:
    view, _result = load_view(session, sub)
    events = audit.events(session, sub.id)
    names = {}
    for user_id in {e.user_id for e in events if e.user_id is not None}:
        known = users.get(session, user_id)
        names[user_id] = known.username if known is not None else f"#{user_id}"
    return render(
        request,
        "submission.html",
        {
            "user": user,
            "reviewer": is_reviewer(user),
            "csrf_token": token,
            "view": view,
            "dpi": settings.page_image_dpi,
            "history": history_view.entries(events, names),
            "around": queue_view.neighbours(session, user, query, sub.id),
        },
    )


@router.get("/submissions/{submission_id}/pages/{number}/text")
def page_text_lines(
    _user: PageUser,
    sub: VisibleSubmission,
    session: SessionDep,
    settings: SettingsDep,
    number: int,
) -> page_text.PageText:
    """The page's lines and their boxes, for the viewer's search and text overlay."""
    if not 1 <= number <= sub.page_count:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "没有这一页")
    record = subs.result(session, sub.id, sub.pipeline_version)
    pages = (record.data.get("pages") or []) if record is not None else []
    source = next((p.get("source") for p in pages if p.get("number") == number), None)
    return page_text.page_text(settings, sub.sha256, number, source)


@router.post("/submissions/{submission_id}/values", response_class=HTMLResponse)
def review_value(
    request: Request,
    user: PageReviewer,
    sub: VisibleSubmission,
    session: SessionDep,
    token: CsrfToken,
    path: Annotated[str, Form(max_length=200)],
    action: Annotated[Literal["save", "confirm"], Form()] = "save",
    value: Annotated[str, Form(max_length=20000)] = "",
    found: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Confirm (the shown value is right) or save a new value; answers with the field's row
    (for the page's script) or, for a plain form post, a redirect back to the field. A path
    naming an outline section ("report.sections[2.2]") reviews its found and page together."""
    view, result = load_view(session, sub)
    if outline_view.section_id(path) is not None:
        form = (path, action, found, value)
        return _review_section(request, user, sub, session, token, view, form, reason)
    field = next((f for f in _all_fields(view) if f.path == path), None)
    if field is None or result is None:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"{path!r} 不是可审核的值")
    error = None
    try:
        if action == "confirm":
            new_value = overlay.read(result, path)
        else:
            new_value = values.parse(field.kind, value)
    except values.BadValue as exc:
        error = str(exc)
    if error is None:
        reviews.add_correction(session, sub, path, new_value, user, reason or None)
        session.commit()
        view, _result = load_view(session, sub)
        field = next(f for f in _all_fields(view) if f.path == path)
    if request.headers.get("x-requested-with") != "fetch":
        return RedirectResponse(f"/submissions/{sub.id}#f-{path}", status.HTTP_303_SEE_OTHER)
    return render(
        request,
        "_field.html",
        {
            "f": field,
            "sid": sub.id,
            "csrf_token": token,
            "reviewer": True,
            "error": error,
            "typed": value if error else None,
        },
        status_code=422 if error else 200,
    )


def _review_section(
    request: Request,
    user: User,
    sub: Submission,
    session: Session,
    token: str,
    view: SubmissionView,
    form: tuple[str, str, str, str],
    reason: str = "",
) -> Response:
    """Record a section's found and page (confirmed or corrected) as two corrections."""
    path, action, found, page = form
    section = next((s for s in view.sections if s.path == path), None)
    if section is None:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "这份结果中没有该章节")
    error = None
    try:
        pairs = outline_view.corrections(section.id, action, found, page, section, sub.page_count)
    except values.BadValue as exc:
        error = str(exc)
    if error is None:
        for leaf_path, new_value in pairs:
            reviews.add_correction(session, sub, leaf_path, new_value, user, reason or None)
        session.commit()
        view, _result = load_view(session, sub)
        section = next(s for s in view.sections if s.path == section.path)
    if request.headers.get("x-requested-with") != "fetch":
        target = f"/submissions/{sub.id}#f-{section.path}"
        return RedirectResponse(target, status.HTTP_303_SEE_OTHER)
    return render(
        request,
        "_section.html",
        {
            "sec": section,
            "sid": sub.id,
            "csrf_token": token,
            "reviewer": True,
            "page_count": sub.page_count,
            "error": error,
            "typed_found": found if error else None,
            "typed_page": page if error else None,
        },
        status_code=422 if error else 200,
    )
