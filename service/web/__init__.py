"""The web UI: server-rendered Jinja2 pages (queue, submission viewer, scoring, export, cohort,
upload, admin) on top of the service's storage and auth. `mount(app)` adds it to the API app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent / "static"


def mount(app: FastAPI) -> None:
    """Add the UI's routers, its static files and the redirect-to-login handler."""
    from service.web import auth, errors
    from service.web.routes import (
        actions,
        admin,
        cohort,
        export,
        login,
        queue,
        scoring,
        submission,
        upload,
    )

    auth.install(app)
    errors.install(app)
    for module in (login, queue, submission, actions, scoring, export, cohort, upload, admin):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
