"""CSRF tokens for cookie-authenticated state changes. The token is an HMAC of the session's
nonce, so it needs no storage and dies with the session. Send it as the `X-CSRF-Token` header
(htmx: hx-headers) or as the `csrf_token` form field. Bearer-token requests need none."""

from __future__ import annotations

import hashlib
import hmac

from service.auth import sessions
from service.settings import Settings

HEADER = "X-CSRF-Token"
FORM_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def token_for(settings: Settings, session: sessions.SessionData) -> str:
    key = sessions.secret(settings).encode()
    return hmac.new(key, f"csrf:{session.nonce}".encode(), hashlib.sha256).hexdigest()


def is_valid(settings: Settings, session: sessions.SessionData, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(token_for(settings, session), str(token))
