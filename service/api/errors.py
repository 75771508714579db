"""The one place errors become HTTP answers: every PilotdocError maps to its own status and
code, and HTTP/validation errors share the same JSON shape {"error": {code, message}}."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from models.errors import DuplicateSubmission, PilotdocError


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


async def _pilotdoc_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PilotdocError)
    extra = {"existing_id": exc.existing_id} if isinstance(exc, DuplicateSubmission) else {}
    return JSONResponse(error_body(exc.code, str(exc), **extra), status_code=exc.http_status)


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
