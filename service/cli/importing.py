"""`pilotdoc import DIR|ZIP`: ingest an archive of old submissions with a progress bar and a
summary of what was imported, skipped as duplicate, refused or invalid."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from service.archive_import import import_archive
from service.cli.output import fail
from service.settings import get_settings


def import_command(
    source: Annotated[Path, typer.Argument(help="a folder of PDFs or a .zip archive")],
    unit: Annotated[str | None, typer.Option(help="the unit the submissions belong to")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="list every member")] = False,
) -> None:
    """Import old submissions; bad members are refused and listed, nothing else is affected."""
    from service.storage import db

    settings = get_settings()
    if not source.exists():
        fail(f"{source} does not exist")
    if settings.migrate_on_startup:
        db.upgrade(settings)
    console = Console(stderr=True)
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("importing", total=None)

        def progress(name: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=name[-40:])

        try:
            report = import_archive(source, settings, unit=unit, progress=progress)
        except ValueError as exc:
            fail(str(exc))
    table = Table("member", "outcome", "detail", "submission")
    for o in report.outcomes:
        if show_all or o.status in ("refused", "invalid"):
            table.add_row(o.name, o.status, o.detail, o.submission_id or "")
    if table.rows:
        Console().print(table)
    typer.echo(
        f"imported {report.count('imported')}, duplicates {report.count('duplicate')}, "
        f"refused {report.count('refused')}, invalid {report.count('invalid')}"
    )
