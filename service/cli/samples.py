"""`pilotdoc samples make DIR`: render synthetic submissions (NAME.pdf + NAME.truth.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

samples_app = typer.Typer(
    help="Synthetic sample submissions with ground truth.", no_args_is_help=True
)


@samples_app.command("make")
def make_command(
    folder: Annotated[Path, typer.Argument(help="where to write NAME.pdf + NAME.truth.json")],
    n: Annotated[int, typer.Option("--n", min=1, help="how many submissions")] = 12,
    seed: Annotated[int, typer.Option("--seed", help="same seed, same submissions")] = 2026,
    scanned_ratio: Annotated[
        float, typer.Option("--scanned-ratio", min=0.0, max=1.0, help="share that is scanned")
    ] = 0.7,
    prefix: Annotated[str, typer.Option("--prefix", help="file name prefix")] = "sample",
) -> None:
    """Render N realistic submissions, deterministic for a seed."""
    from samples.generate.make import make_corpus  # imported here: the CLI starts fast

    paths = make_corpus(folder, n, seed, scanned_ratio, prefix)
    size = sum(p.stat().st_size for p in paths)
    typer.echo(f"wrote {len(paths)} submissions to {folder} ({size / 1e6:.1f} MB of PDF)")
