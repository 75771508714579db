"""`pilotdoc eval DIR`: run the pipeline over NAME.pdf + NAME.truth.json pairs and score it by
the contract's rules: headline figures, a per-field table, and the misses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from evaluation.run import Evaluation, evaluate
from extractors.perception.cache import PerceptionCache
from service.cli.output import fail, write_atomic
from service.settings import get_settings


def _pct(ok: int, n: int) -> str:
    return f"{100 * ok / n:.1f}%" if n else "—"


def print_evaluation(evaluation: Evaluation, console: Console, max_misses: int) -> None:
    head = evaluation.headline()
    table = Table(title="Headline")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in head.items():
        shown = (
            "—"
            if value is None
            else (f"{value:.2%}" if key.endswith(("accuracy", "_f1", "valid")) else str(value))
        )
        if key == "ocr_cer" and value is not None:
            shown = f"{value:.2%}"
        table.add_row(key, shown)
    console.print(table)

    table = Table(title="Per field")
    table.add_column("key")
    table.add_column("right", justify="right")
    table.add_column("of", justify="right")
    table.add_column("accuracy", justify="right")
    for key, (ok, n) in evaluation.per_key().items():
        style = "" if ok == n else "yellow"
        table.add_row(key, str(ok), str(n), _pct(ok, n), style=style)
    console.print(table)

    misses = list(evaluation.misses())
    if misses:
        console.print(f"[bold]Misses[/] ({len(misses)}; showing {min(len(misses), max_misses)}):")
        for name, key, expected, got in misses[:max_misses]:
            console.print(f"  {name}  {key}: expected {_short(expected)}  got {_short(got)}")


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 70 else text[:67] + "…"


def eval_command(
    folder: Annotated[Path, typer.Argument(help="folder of NAME.pdf + NAME.truth.json")],
    json_out: Annotated[Path | None, typer.Option("--json", help="write figures as JSON")] = None,
    save_results: Annotated[
        Path | None, typer.Option("--save-results", help="write each result JSON here")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="score only the first N documents")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="do not reuse cached OCR")] = False,
    max_misses: Annotated[int, typer.Option(help="misses to list")] = 60,
) -> None:
    """Score the pipeline against ground truth (rules: shared/contract/README.md)."""
    from extractors.pipeline import process

    if not folder.is_dir():
        fail(f"not a folder: {folder}")
    settings = get_settings()
    cache = None if no_cache else PerceptionCache(settings.cache_dir)
    options = settings.pipeline_options()
    console = Console(stderr=json_out is not None and str(json_out) == "-")

    def run(data: bytes, name: str) -> dict[str, Any]:
        return process(data, filename=name, options=options, cache=cache).to_json_dict()

    def show(doc: Any) -> None:
        wrong = sum(not c.ok for c in doc.checks if c.category != "checkbox_form")
        status = doc.error or f"{wrong} misses"
        console.print(f"  {doc.name}: {doc.pages} pages, {doc.seconds:.1f}s, {status}")

    evaluation = evaluate(folder, run, limit=limit, save_dir=save_results, on_doc=show)
    if not evaluation.docs:
        fail(f"no NAME.pdf + NAME.truth.json pairs under {folder}")
    print_evaluation(evaluation, console, max_misses)
    if json_out is not None:
        payload = {
            "headline": evaluation.headline(),
            "per_key": {k: {"right": ok, "of": n} for k, (ok, n) in evaluation.per_key().items()},
            "misses": [
                {"document": d, "key": k, "expected": e, "got": g}
                for d, k, e, g in evaluation.misses()
            ],
        }
        text = json.dumps(payload, ensure_ascii=False, indent=2)
        if str(json_out) == "-":
            print(text)
        else:
            write_atomic(json_out, text.encode("utf-8"))
