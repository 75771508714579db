"""Entry point: `pilotdoc COMMAND ...`. Errors end as one line on stderr and a non-zero exit."""

from __future__ import annotations

import typer

from service.cli import bench, evaluate, importing, process, reprocess, serve, users, worker
from service.cli.samples import samples_app

app = typer.Typer(
    name="pilotdoc",
    help="Read 5G+医疗健康 pilot submissions (scanned, stamped PDFs) into checked, structured "
    "data.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("process")(process.process_command)
app.command("demo")(process.demo_command)
app.command("eval")(evaluate.eval_command)
app.command("bench")(bench.bench_command)
app.command("serve")(serve.serve_command)
app.add_typer(serve.db_app, name="db")
app.command("worker")(worker.worker_command)
app.command("recover")(worker.recover_command)
app.command("retry")(worker.retry_command)
app.add_typer(users.app, name="users")
app.command("import")(importing.import_command)
app.command("reprocess")(reprocess.reprocess_command)
app.add_typer(samples_app, name="samples")


def main() -> None:
    app()
