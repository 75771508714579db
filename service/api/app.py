"""Build the FastAPI app: error handlers, the edge guards (service.api.guards), routers,
metrics, and at startup the migrations (settings.migrate_on_startup) and, inline, a recovery
sweep."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from prometheus_client import CollectorRegistry

from service import web
from service.api import errors
from service.api.guards import EdgeGuard, document
from service.api.metrics import PilotdocCollector
from service.api.routes import admin, auth, health, review, submissions
from service.auth import sessions
from service.settings import Settings, get_settings

log = logging.getLogger(__name__)


def _startup(settings: Settings) -> None:
    from service.queue import recovery
    from service.storage import db

    sessions.secret(settings)  # fail at start, not at the first login
    if settings.migrate_on_startup:
        db.upgrade(settings)
    if settings.inline:
        # Inline jobs die with this process: whatever was running when it stopped is failed
        # visibly (retryable), never left "processing".
        recovery.recover(settings)


def create_app() -> FastAPI:
    """The app. Settings are read when needed (startup, each request), never captured here."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(_startup, get_settings())
        yield

    app = FastAPI(
        title="pilotdoc",
        version="0.1.0",
        summary="Reads 5G+医疗健康 pilot submissions into structured, reviewable data",
        lifespan=lifespan,
    )
    errors.install(app)

    app.add_middleware(EdgeGuard)  # NUL bytes, body limit, auth before body, headers

    for module in (auth, submissions, review, admin, health):
        app.include_router(module.router)
    web.mount(app)  # the reviewers' HTML pages and their static files
    document(app)
    registry = CollectorRegistry()
    registry.register(PilotdocCollector())
    app.state.metrics_registry = registry
    return app


def app_factory() -> FastAPI:
    """For `uvicorn --factory service.api.app:app_factory`."""
    return create_app()
