"""Error pages for the HTML routes: a 403, 404, 422 or 500 met while browsing the UI is shown
as a page in the site's layout, in Chinese; the API (/api/...), static files and the pages'
own fetch calls keep the JSON error shape of service.api.errors."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from types import SimpleNamespace

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException

from models.errors import PilotdocError
from service.api.errors import error_body
from service.web import messages
from service.web.templating import render

log = logging.getLogger(__name__)
Handler = Callable[[Request, Exception], Awaitable[object]]


def wants_page(request: Request) -> bool:
    """A browser navigating to a UI page (not the API, a static file or a script's fetch)."""
    path = request.url.path
    if path.startswith(("/api/", "/static/")) or path in ("/healthz", "/readyz", "/metrics"):
        return False
    if request.headers.get("x-requested-with") == "fetch":
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "*/*" in accept or not accept


def _status(exc: Exception) -> int:
    if isinstance(exc, HTTPException):
        return exc.status_code
    if isinstance(exc, PilotdocError):
        return exc.http_status
    if isinstance(exc, RequestValidationError):
        return 422
    return 500


def _detail(exc: Exception) -> str | None:
    """The exception's own sentence when it is meant for people (Chinese), else None."""
    text = exc.detail if isinstance(exc, HTTPException) else None
    if isinstance(text, str) and text and messages.is_chinese_text(text):
        return text
    return None


def _signed_in(request: Request) -> tuple[SimpleNamespace | None, str]:
    """Who is browsing (for the page's navigation) and the session's CSRF token for its sign-out
    form; (None, "") when nobody is, or when that cannot be told (the error may be the
    database's own)."""
    from service.auth import csrf, sessions
    from service.settings import get_settings
    from service.storage import users
    from service.storage.db import session_scope

    try:
        settings = get_settings()
        data = sessions.decode(settings, request.cookies.get(sessions.COOKIE_NAME))
        if data is None:
            return None, ""
        with session_scope(settings) as session:
            user = users.get(session, data.user_id)
            if user is None or user.disabled or user.session_version != data.session_version:
                return None, ""
            who = SimpleNamespace(username=user.username, role=str(user.role))
        return who, csrf.token_for(settings, data)
    except Exception:  # an error page must not fail in turn
        log.warning("error page: could not tell who is signed in", exc_info=True)
        return None, ""


def error_page(request: Request, code: int, detail: str | None = None) -> HTMLResponse:
    title, sentence = messages.error_text(code)
    user, token = _signed_in(request)
    reviewer = user is not None and user.role in ("reviewer", "admin")
    return render(
        request,
        "error.html",
        {
            "user": user,
            "reviewer": reviewer,
            "csrf_token": token,
            "code": code,
            "title": title,
            "sentence": detail or sentence,
        },
        status_code=code,
    )


def _wrap(previous: Handler | None) -> Handler:
    async def handle(request: Request, exc: Exception) -> object:
        if not wants_page(request) and previous is None:  # an API 500: the JSON shape
            log.exception("error on %s", request.url.path, exc_info=exc)
            return JSONResponse(error_body("internal", "internal error"), status_code=500)
        if wants_page(request) or previous is None:
            code = _status(exc)
            if code >= 500:
                log.exception("error on %s", request.url.path, exc_info=exc)
            response = error_page(request, code, _detail(exc) if code < 500 else None)
            if isinstance(exc, HTTPException) and exc.headers:
                response.headers.update(exc.headers)
            return response
        return await previous(request, exc)

    return handle


def install(app: FastAPI) -> None:
    """Put a page-or-JSON choice in front of the JSON handlers already installed."""
    for cls in (HTTPException, PilotdocError, RequestValidationError, Exception):
        previous = app.exception_handlers.get(cls)
        app.add_exception_handler(cls, _wrap(previous))  # type: ignore[arg-type]
