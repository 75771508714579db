"""`pilotdoc reprocess`: run chosen submissions through the current pipeline as a resumable
batch on the low-priority queue, show progress, and end with what changed."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from service import reprocess
from service.cli.output import fail
from service.settings import get_settings


def reprocess_command(
    ids: Annotated[
        list[str] | None, typer.Argument(help="submission ids (e.g. `pilotdoc reprocess ID`)")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="every submission")] = False,
    failed: Annotated[bool, typer.Option("--failed", help="failed ones")] = False,
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="uploaded on or after DATE")
    ] = None,
    below_version: Annotated[
        str | None, typer.Option(help="processed by a pipeline older than V (or never)")
    ] = None,
    unit: Annotated[str | None, typer.Option(help="of this unit")] = None,
    resume: Annotated[int | None, typer.Option(help="continue batch N instead")] = None,
    wait: Annotated[bool, typer.Option(help="follow the batch until it ends")] = True,
) -> None:
    """Reprocess submissions (filters combine); prints the batch id and a change report."""
    from service.storage import db

    settings = get_settings()
    if settings.migrate_on_startup:
        db.upgrade(settings)
    if resume is None:
        selection = reprocess.Selection(
            all=all_,
            failed=failed,
            since=since.date() if since else None,
            below_version=below_version,
            unit=unit,
            ids=tuple(ids) if ids else None,
        )
        try:
            batch_id = reprocess.start(settings, selection)
        except ValueError as exc:
            fail(str(exc))
    else:
        batch_id = resume
        if reprocess.status(settings, batch_id) is None:
            fail(f"no batch {batch_id}")
    console = Console(stderr=True)
    console.print(f"batch {batch_id}")
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("queueing" if not settings.inline else "processing", total=None)
        reprocess.run(
            settings, batch_id, lambda done, total: bar.update(task, completed=done, total=total)
        )
        if wait and not settings.inline:
            _follow(settings, batch_id, bar, task)
    _print_report(settings, batch_id)


def _follow(settings: object, batch_id: int, bar: Progress, task: object) -> None:
    bar.update(task, description="processing", completed=0)  # type: ignore[arg-type]
    while True:
        data = reprocess.status(settings, batch_id)  # type: ignore[arg-type]
        assert data is not None
        counts = data["counts"]
        total = sum(counts.values())
        bar.update(task, completed=counts["done"] + counts["failed"], total=total)  # type: ignore[arg-type]
        if data["status"] == "finished":
            return
        time.sleep(1)


def _print_report(settings: object, batch_id: int) -> None:
    data = reprocess.status(settings, batch_id)  # type: ignore[arg-type]
    assert data is not None
    report, counts = data["report"], data["counts"]
    typer.echo(
        f"batch {batch_id} {data['status']}: done {counts['done']}, failed {counts['failed']}, "
        f"waiting {counts['pending'] + counts['queued']}"
    )
    typer.echo(
        f"{report['submissions_changed']} of {report['processed']} submissions changed"
        f" ({report['processing_s_total']:.1f} s processing)"
    )
    for path, n in report["fields_changed"].items():
        typer.echo(f"  {path}: {n}")
    for item in report["failed"]:
        typer.echo(f"  failed {item['submission_id']}: {item['error']}")
