"""Sign in and out with a session cookie (for the web UI and scripts that prefer cookies), and
ask who is signed in. Integrations use Bearer tokens instead and need none of this."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response, status

from service.api.deps import CurrentUser, SessionDep, SettingsDep
from service.api.schemas import LoginRequest, SessionPublic, UserPublic
from service.auth import csrf, sessions
from service.storage import users

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/login", response_model=SessionPublic)
def login(
    body: LoginRequest, response: Response, session: SessionDep, settings: SettingsDep
) -> SessionPublic:
    user = users.authenticate(session, body.username, body.password)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
    session.commit()
    value = sessions.encode(settings, user.id, user.session_version)
    sessions.set_cookie(response, settings, value)
    data = sessions.decode(settings, value)
    assert data is not None
    return SessionPublic(
        user=UserPublic.model_validate(user), csrf_token=csrf.token_for(settings, data)
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(_user: CurrentUser, settings: SettingsDep) -> Response:
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    sessions.clear_cookie(response, settings)
    return response


@router.get("/me", response_model=SessionPublic)
def me(user: CurrentUser, request: Request, settings: SettingsDep) -> SessionPublic:
    data = getattr(request.state, "session", None)
    token = csrf.token_for(settings, data) if data is not None else None
    return SessionPublic(user=UserPublic.model_validate(user), csrf_token=token)
