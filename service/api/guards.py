"""The edge guards every request passes before any route sees it (one pure ASGI middleware):
- a NUL byte in the path or query is refused (400): it would reach PostgreSQL otherwise;
- a multipart body (an upload) is read only from someone signed in: credentials are checked
  before the first byte of the body, so nobody unauthenticated makes the server spool a file;
- the body is counted as it streams (chunked uploads carry no Content-Length) and reading
  stops at the limit with 413;
- every response carries nosniff, frame and referrer headers; HTML pages a CSP too."""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.errors import error_body
from service.settings import Settings, get_settings

MULTIPART_OVERHEAD = 64 * 1024
JSON_BODY_LIMIT = 1024 * 1024  # no JSON or form request needs more than this
# Login forms are posted by people not signed in yet; they are small (JSON/urlencoded) anyway.
UNAUTHENTICATED_PATHS = ("/api/auth/login", "/login")
# Swagger UI (/docs) loads its script from a CDN; its own page keeps the default policy.
CSP_EXEMPT = ("/docs", "/redoc")
# The one inline handler the templates use (queue.html's filter selects: onchange=
# "this.form.submit()") is allowed by its hash; anything else inline is refused.
SUBMIT_HANDLER = "'sha256-osjxnKEPL/pQJbFk1dKsF7PYFmTyMWGmVSiL9inhxJY='"
CSP = (
    f"default-src 'self'; script-src 'self' 'unsafe-hashes' {SUBMIT_HANDLER}; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
NUL_MESSAGE = "请求路径或参数中含有空字符（NUL），已拒绝"
AUTH_MESSAGE = "未登录或凭据无效，请先登录后再上传"
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


def body_limit(settings: Settings, headers: Headers) -> int:
    if headers.get("content-type", "").startswith("multipart/"):
        return settings.max_upload_bytes + MULTIPART_OVERHEAD
    return JSON_BODY_LIMIT


def too_large(settings: Settings) -> HTTPException:
    return HTTPException(413, f"上传内容超过 {settings.max_upload_mb:g} MB 的大小上限")


def has_credentials(settings: Settings, headers: Headers) -> bool:
    """Whether the request names a live account (token or session cookie); the route's own
    dependencies still do the full check (role, CSRF)."""
    from service.auth import sessions
    from service.storage import users
    from service.storage.db import session_scope

    auth = headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    cookie = _cookie(headers, sessions.COOKIE_NAME)
    with session_scope(settings) as session:
        if auth:
            return scheme.lower() == "bearer" and users.peek_token(session, token.strip())
        data = sessions.decode(settings, cookie)
        return data is not None and users.session_is_live(session, data)


def _cookie(headers: Headers, name: str) -> str | None:
    from http.cookies import SimpleCookie

    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None


def _has_nul(scope: Scope) -> bool:
    raw = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogateescape")
    query = scope.get("query_string", b"")
    return any(b"\x00" in part or b"%00" in part.lower() for part in (raw, query)) or (
        "\x00" in scope.get("path", "")
    )


class EdgeGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        html_csp = not path.startswith(CSP_EXEMPT)

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += SECURITY_HEADERS
                kind = dict(headers).get(b"content-type", b"")
                if html_csp and kind.startswith(b"text/html"):
                    headers.append((b"content-security-policy", CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        if _has_nul(scope):
            await _refuse(scope, receive, send_secured, 400, "invalid_request", NUL_MESSAGE)
            return
        headers = Headers(scope=scope)
        if scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send_secured)
            return
        settings = get_settings()
        limit = body_limit(settings, headers)
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            detail = str(too_large(settings).detail)
            await _refuse(scope, receive, send_secured, 413, "too_large", detail)
            return
        multipart = headers.get("content-type", "").startswith("multipart/")
        if (
            multipart
            and path not in UNAUTHENTICATED_PATHS
            and not await to_thread.run_sync(has_credentials, settings, headers)
        ):
            challenge = {"WWW-Authenticate": "Bearer"}
            await _refuse(scope, receive, send_secured, 401, "http_401", AUTH_MESSAGE, challenge)
            return
        seen = 0

        async def receive_limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise too_large(settings)  # FastAPI passes it on; errors.py renders 413
            return message

        await self.app(scope, receive_limited, send_secured)


async def _refuse(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
) -> None:
    extra: dict[str, Any] = {"headers": headers} if headers else {}
    response = JSONResponse(error_body(code, message), status_code=status, **extra)
    await response(scope, receive, send)


def document(app: Any) -> None:
    """Say in the OpenAPI schema what these guards answer on every operation: 400 (a NUL
    byte in the path or query) and, where a body is taken, 413 (over the limit)."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return dict(app.openapi_schema)
        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        error = {"$ref": "#/components/schemas/ErrorResponse"}
        for path_item in schema.get("paths", {}).values():
            for method, operation in path_item.items():
                responses = operation.setdefault("responses", {})
                added = {"400": "空字符（NUL）被拒绝"}
                if method in ("post", "put", "patch", "delete"):
                    added["413"] = "请求体超过大小上限"
                for code, text in added.items():
                    responses.setdefault(
                        code,
                        {"description": text, "content": {"application/json": {"schema": error}}},
                    )
        app.openapi_schema = schema
        return schema

    app.openapi = openapi
