"""`pilotdoc process FILE.pdf --json OUT.json` (the contract's command) and `pilotdoc demo`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from extractors.perception.cache import PerceptionCache
from models.errors import PilotdocError
from models.result import Result
from service.cli.output import fail, fail_for, write_atomic
from service.cli.summary import print_summary
from service.settings import get_settings

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples" / "corpus"


def _run(path: Path, use_cache: bool) -> Result:
    from extractors.pipeline import process  # imported here: the CLI starts fast

    settings = get_settings()
    try:
        data = path.read_bytes()
    except OSError as exc:
        fail(f"无法读取 {path}：{exc.strerror or exc}")
    cache = PerceptionCache(settings.cli_cache_dir) if use_cache else None
    try:
        return process(data, filename=path.name, options=settings.pipeline_options(), cache=cache)
    except PilotdocError as exc:
        fail_for(exc)


def process_command(
    file: Annotated[Path, typer.Argument(help="the submitted PDF")],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="write the contract result here")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no summary on stdout")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="ignore the OCR cache")] = False,
) -> None:
    """Process one PDF with no server: print a summary and optionally write the JSON result."""
    result = _run(file, use_cache=not no_cache)
    if json_out is not None:
        payload = json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2)
        write_atomic(json_out, payload.encode("utf-8"))
    if not quiet:
        print_summary(result)


def demo_command(
    file: Annotated[Path | None, typer.Argument(help="a PDF; default: a bundled sample")] = None,
) -> None:
    """Process a bundled sample submission and print what was found."""
    if file is None:
        candidates = sorted(SAMPLES_DIR.glob("*.pdf"))
        if not candidates:
            fail(f"no bundled samples in {SAMPLES_DIR}")
        file = candidates[0]
    typer.echo(f"Processing {file} …")
    result = _run(file, use_cache=True)
    print_summary(result)
