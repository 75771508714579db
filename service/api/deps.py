"""FastAPI dependencies as Annotated aliases: settings, a database session, the current user
(Bearer token or session cookie + CSRF), role gates, and the one ownership check that turns
a submission id into a row the user may see (404 otherwise). HTML routes reuse them as is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request, status
from sqlalchemy.orm import Session

from service.auth import csrf, sessions
from service.settings import Settings, get_settings
from service.storage import submissions as subs
from service.storage import users
from service.storage.db import new_session
from service.storage.tables import Role, Submission, User

SettingsDep = Annotated[Settings, Depends(get_settings)]
# Database ids are 32-bit: a larger number is a 404-worthy id, validated here, not a 500 there.
DB_INT_MAX = 2**31 - 1
DbId = Annotated[int, Path(ge=1, le=DB_INT_MAX)]


def get_db(settings: SettingsDep) -> Iterator[Session]:
    """A session per request; routes commit what they change, anything else is rolled back."""
    session = new_session(settings)
    try:
        yield session
    finally:
        session.rollback()
        session.close()


SessionDep = Annotated[Session, Depends(get_db)]


async def submitted_csrf_token(request: Request) -> str | None:
    """The CSRF token a state-changing request carries: header first, then the form field."""
    if request.method in csrf.SAFE_METHODS:
        return None
    token = request.headers.get(csrf.HEADER)
    if token:
        return token
    kind = request.headers.get("content-type", "")
    if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()  # Starlette caches it; the route's own Form params reuse it
        value = form.get(csrf.FORM_FIELD)
        return value if isinstance(value, str) else None
    return None


def _unauthorized(detail: str = "not authenticated") -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"}
    )


def optional_user(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    csrf_token: Annotated[str | None, Depends(submitted_csrf_token)],
) -> User | None:
    """The signed-in user or None. Cookie sessions must carry a CSRF token to change state."""
    auth = request.headers.get("authorization", "")
    if auth:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthorized("Authorization 请求头格式不正确")
        user = users.user_for_token(session, token.strip())
        if user is None:
            raise _unauthorized("令牌无效或已被吊销")
        session.commit()  # last_used_at
        return user
    data = sessions.decode(settings, request.cookies.get(sessions.COOKIE_NAME))
    if data is None:
        return None
    user = users.get(session, data.user_id)
    if user is None or user.disabled or user.session_version != data.session_version:
        return None
    request.state.session = data  # lets HTML routes render csrf.token_for(settings, data)
    if request.method not in csrf.SAFE_METHODS and not csrf.is_valid(settings, data, csrf_token):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "CSRF 令牌缺失或不正确，请刷新页面后重试")
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]


def current_user(user: OptionalUser) -> User:
    if user is None:
        raise _unauthorized()
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_role(*roles: Role) -> object:
    def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "您的角色无权执行此操作")
        return user

    return Depends(check)


ReviewerUser = Annotated[User, require_role(Role.reviewer, Role.admin)]
AdminUser = Annotated[User, require_role(Role.admin)]


def visible_submission(
    submission_id: Annotated[str, Path(max_length=64, pattern=r"^[0-9A-Za-z_-]+$")],
    session: SessionDep,
    user: CurrentUser,
) -> Submission:
    """The ownership check: another unit's submission is as absent as a missing one."""
    sub = subs.get_visible(session, submission_id, user)
    if sub is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"未找到提交 {submission_id}")
    return sub


VisibleSubmission = Annotated[Submission, Depends(visible_submission)]
