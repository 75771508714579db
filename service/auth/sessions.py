"""Session cookies for the web UI: a payload signed with settings.secret_key (itsdangerous),
HttpOnly, SameSite=Lax. The payload names the user and their session version, so a password
change or a disable logs out every older cookie."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.responses import Response

from service.settings import Settings

COOKIE_NAME = "pilotdoc_session"


@dataclass(frozen=True)
class SessionData:
    user_id: int
    session_version: int
    nonce: str  # per login; the CSRF token is derived from it


class MissingSecret(RuntimeError):
    pass


def secret(settings: Settings) -> str:
    if settings.secret_key is None or not settings.secret_key.get_secret_value():
        raise MissingSecret("PILOTDOC_SECRET_KEY is not set; it signs session cookies")
    return settings.secret_key.get_secret_value()


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret(settings), salt="pilotdoc.session")


def encode(settings: Settings, user_id: int, session_version: int) -> str:
    payload = {"uid": user_id, "sv": session_version, "n": secrets.token_urlsafe(16)}
    return _serializer(settings).dumps(payload)


def decode(settings: Settings, value: str | None) -> SessionData | None:
    """The session in a cookie value, or None if absent, forged or expired."""
    if not value:
        return None
    try:
        payload = _serializer(settings).loads(value, max_age=settings.session_max_age_s)
        return SessionData(int(payload["uid"]), int(payload["sv"]), str(payload["n"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def set_cookie(response: Response, settings: Settings, value: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=settings.session_max_age_s,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )


def clear_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        COOKIE_NAME, httponly=True, samesite="lax", secure=settings.cookie_secure, path="/"
    )
