"""The one place errors become HTTP answers: every PilotdocError maps to its own status and
code, and HTTP/validation errors share the same JSON shape {"error": {code, message}}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from models.errors import DuplicateSubmission, PilotdocError

log = logging.getLogger(__name__)


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


async def _pilotdoc_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PilotdocError)
    extra = {"existing_id": exc.existing_id} if isinstance(exc, DuplicateSubmission) else {}
    retry_after = getattr(exc, "retry_after_s", None)
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return JSONResponse(
        error_body(exc.code, str(exc), **extra), status_code=exc.http_status, headers=headers
    )


async def _data_error(_request: Request, exc: Exception) -> JSONResponse:
    # The safety net behind the edge checks: a value the database cannot store (a NUL byte,
    # a number out of range) is the request's fault, never a 500.
    log.warning("database refused a value: %s", exc)
    return JSONResponse(error_body("invalid_request", "请求中含有数据库无法保存的值"), 422)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    body = error_body(f"http_{exc.status_code}", str(exc.detail))
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in exc.errors()]
    body = error_body("invalid_request", "the request is not valid", errors=errors)
    return JSONResponse(body, status_code=422)


def install(app: FastAPI) -> None:
    app.add_exception_handler(PilotdocError, _pilotdoc_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DataError, _data_error)
