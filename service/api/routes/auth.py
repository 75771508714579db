"""Sign in and out with a session cookie (for the web UI and scripts that prefer cookies), ask
who is signed in, and list or revoke API tokens. Integrations use Bearer tokens instead.
Signing out ends the session on the server too: a copied cookie stops working at once."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response, status

from service.api.deps import CurrentUser, DbId, SessionDep, SettingsDep
from service.api.routes.submissions import ERRORS
from service.api.schemas import ErrorResponse, LoginRequest, SessionPublic, TokenPublic, UserPublic
from service.auth import csrf, sessions
from service.storage import users
from service.storage.tables import Role

router = APIRouter(prefix="/api/auth", tags=["auth"])
LOGIN_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorResponse} for code in (401, 422, 429)
}


@router.post("/login", response_model=SessionPublic, responses=LOGIN_ERRORS)
def login(
    body: LoginRequest, response: Response, session: SessionDep, settings: SettingsDep
) -> SessionPublic:
    """429 (with Retry-After) after repeated wrong passwords, even with the right one."""
    user = users.authenticate(session, body.username, body.password)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "用户名或密码错误")
    session.commit()
    value = sessions.encode(settings, user.id, user.session_version)
    sessions.set_cookie(response, settings, value)
    data = sessions.decode(settings, value)
    assert data is not None
    return SessionPublic(
        user=UserPublic.model_validate(user), csrf_token=csrf.token_for(settings, data)
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=ERRORS)
def logout(
    user: CurrentUser, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    """Clears the cookie and, for a cookie session, voids it server-side (every cookie of the
    account: a session version bump). A Bearer token is unaffected; revoke it instead."""
    if getattr(request.state, "session", None) is not None:
        users.end_session(session, user)
        session.commit()
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    sessions.clear_cookie(response, settings)
    return response


@router.get("/me", response_model=SessionPublic, responses=ERRORS)
def me(user: CurrentUser, request: Request, settings: SettingsDep) -> SessionPublic:
    data = getattr(request.state, "session", None)
    token = csrf.token_for(settings, data) if data is not None else None
    return SessionPublic(user=UserPublic.model_validate(user), csrf_token=token)


@router.get("/tokens", response_model=list[TokenPublic], responses=ERRORS)
def list_tokens(user: CurrentUser, session: SessionDep) -> list[TokenPublic]:
    """Your own API tokens (never their secret)."""
    return [TokenPublic.model_validate(t) for t in users.tokens(session, user)]


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT, responses=ERRORS)
def revoke_token(token_id: DbId, user: CurrentUser, session: SessionDep) -> Response:
    """Revoke one of your tokens (admins: anyone's); it stops working at once."""
    row = users.get_token(session, token_id)
    if row is None or (row.user_id != user.id and user.role != Role.admin):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"没有编号为 {token_id} 的令牌")
    users.revoke_token(session, token_id)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
