"""A readable summary of one Result for people at a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from models.result import Field, Result
from models.template import COUNTS


def _fmt(field: Field) -> str:
    value = field.value
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "；".join(str(v) for v in value) or "—"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _conf(c: float | None) -> str:
    return "" if c is None else f"{c:.2f}"


def print_summary(result: Result, console: Console | None = None) -> None:
    console = console or Console()
    doc = result.document
    console.print(
        f"[bold]{doc.filename or doc.sha256[:12]}[/] · {doc.page_count} pages · "
        f"pipeline {result.pipeline_version}"
    )
    kinds = ", ".join(
        f"{p.number}:{p.kind}{'(OCR)' if p.source == 'ocr' else ''}" for p in result.pages
    )
    console.print(f"Pages: {kinds}")

    rep = result.report
    table = Table(
        title=f"Annex 1 report · present={rep.present} · kind={rep.kind}", show_lines=False
    )
    table.add_column("field")
    table.add_column("value")
    table.add_column("conf", justify="right")
    for name, field in rep.fields:
        table.add_row(name, _fmt(field), _conf(field.confidence))
    console.print(table)
    missing = [s.id for s in rep.sections if not s.found]
    found = [f"{s.id}@p{s.page}" for s in rep.sections if s.found]
    console.print(f"Outline: found {len(found)}/13 {' '.join(found)}")
    if missing and rep.present:
        console.print(f"[yellow]Missing sections: {', '.join(missing)}[/]")

    app = result.application
    table = Table(title=f"Annex 2 application · present={app.present}")
    table.add_column("field")
    table.add_column("value")
    table.add_column("conf", justify="right")
    for name, field in app.fields:
        table.add_row(name, _fmt(field), _conf(field.confidence))
    console.print(table)
    ticks = " ".join(
        f"{d.id}:{'☑' if d.checked else ('☐' if d.checked is False else '?')}"
        for d in app.directions
    )
    console.print(f"Directions: {ticks}")

    table = Table(title="Counts (achieved)")
    table.add_column("count")
    table.add_column("value", justify="right")
    table.add_column("conf", justify="right")
    table.add_column("evidence")
    for key, label in COUNTS:
        c = result.counts.get(key)
        ev = c.evidence[0] if c.evidence else None
        table.add_row(
            f"{label} ({key})",
            "—" if c.value is None else str(c.value),
            _conf(c.confidence),
            f"p{ev.page}: {ev.text[:40]}" if ev else "",
        )
    console.print(table)

    table = Table(title="Annex 3 rubric suggestion")
    table.add_column("indicator")
    table.add_column("score", justify="right")
    table.add_column("rationale")
    total = 0.0
    for item in result.rubric:
        total += item.suggested or 0
        score = "—" if item.suggested is None else f"{item.suggested:g}/{item.max:g}"
        table.add_row(item.name, score, item.rationale[:60])
    console.print(table)
    console.print(f"Suggested total: {total:g}/100")
    for w in result.warnings:
        page = f" (p{w.page})" if w.page else ""
        console.print(f"[yellow]warning[/] {w.code}{page}: {w.message}")
