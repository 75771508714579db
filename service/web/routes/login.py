"""Sign in and out of the web UI with the service's accounts and session cookie. The login form
is guarded by a double-submit token (there is no session yet to derive a CSRF token from)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from service.api.deps import OptionalUser, SessionDep, SettingsDep
from service.auth import sessions
from service.storage import users
from service.web.auth import PageUser
from service.web.templating import render

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "pilotdoc_login_csrf"


def safe_next(target: str | None) -> str:
    """Only a path on this site (never //host or a scheme) may be the place to return to."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/queue"


def _login_page(
    request: Request, settings: SettingsDep, next_url: str, error: str | None, code: int = 200
) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        {"csrf_token": token, "next": next_url, "error": error, "user": None},
        status_code=code,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=settings.cookie_secure,
        path="/login",
    )
    return response


@router.get("/", response_class=RedirectResponse)
def home() -> RedirectResponse:
    return RedirectResponse("/queue", status.HTTP_303_SEE_OTHER)


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request, settings: SettingsDep, user: OptionalUser, next: str | None = None
) -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status.HTTP_303_SEE_OTHER)
    return _login_page(request, settings, safe_next(next), None)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    settings: SettingsDep,
    session: SessionDep,
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/queue",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf_token):
        return _login_page(request, settings, safe_next(next), "页面已过期，请重新登录", 403)
    try:
        user = users.authenticate(session, username.strip(), password)
    except users.TooManyAttempts as exc:
        return _login_page(request, settings, safe_next(next), str(exc), 429)
    if user is None:
        return _login_page(request, settings, safe_next(next), "用户名或密码错误", 401)
    session.commit()  # a rehashed password
    response = RedirectResponse(safe_next(next), status.HTTP_303_SEE_OTHER)
    sessions.set_cookie(
        response, settings, sessions.encode(settings, user.id, user.session_version)
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(user: PageUser, session: SessionDep, settings: SettingsDep) -> RedirectResponse:
    """Sign out (the form carries the CSRF token, which PageUser's dependency checks); the
    session ends server-side, so a copy of the cookie is void too."""
    users.end_session(session, user)
    session.commit()
    response = RedirectResponse("/login", status.HTTP_303_SEE_OTHER)
    sessions.clear_cookie(response, settings)
    return response
