"""`pilotdoc serve` (the API under uvicorn), `pilotdoc db upgrade|current`."""

from __future__ import annotations

from typing import Annotated

import typer

from service.cli.output import fail
from service.settings import get_settings

db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)


def serve_command(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes")] = 1,
) -> None:
    """Run the HTTP API (migrates the database first). Needs PILOTDOC_SECRET_KEY."""
    import uvicorn

    settings = get_settings()
    if settings.secret_key is None:
        fail("PILOTDOC_SECRET_KEY is not set; it signs session cookies")
    if settings.inline and workers > 1:
        fail("inline mode (no PILOTDOC_REDIS_URL) runs jobs in the API process: use --workers 1")
    uvicorn.run(
        "service.api.app:app_factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
    )


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from service.storage import db

    db.upgrade(get_settings(), revision)
    typer.echo(f"database at {db.current_revision(get_settings())}")


@db_app.command("current")
def db_current() -> None:
    """Print the schema revision the database is at."""
    from service.storage import db

    typer.echo(db.current_revision(get_settings()) or "empty")
