"""Page-level sign-in on top of the service's session cookie: pages need a user (else a redirect
to the login page), forms carry the session's CSRF token, and reviewer-only actions say so."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.responses import RedirectResponse, Response

from service.api.deps import OptionalUser, SettingsDep
from service.auth import csrf
from service.storage.tables import Role, User


class LoginRequired(Exception):
    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


def page_user(request: Request, user: OptionalUser) -> User:
    """The signed-in user; anyone else is sent to /login and brought back afterwards."""
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return user


PageUser = Annotated[User, Depends(page_user)]


def page_reviewer(request: Request, user: PageUser) -> User:
    if not is_reviewer(user):
        what = "查看此页面" if request.method in ("GET", "HEAD") else "修改和评分"
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"只有评审员可以{what}")
    return user


PageReviewer = Annotated[User, Depends(page_reviewer)]


def is_reviewer(user: User) -> bool:
    return user.role in (Role.reviewer, Role.admin)


def csrf_token(request: Request, settings: SettingsDep) -> str:
    """The CSRF token for this page's forms (empty when not signed in by cookie)."""
    data = getattr(request.state, "session", None)
    return csrf.token_for(settings, data) if data is not None else ""


CsrfToken = Annotated[str, Depends(csrf_token)]


async def _to_login(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(f"/login?next={quote(exc.next_url)}", status.HTTP_303_SEE_OTHER)


def install(app: FastAPI) -> None:
    app.add_exception_handler(LoginRequired, _to_login)
