"""Fuzz the service with malformed PDFs (scripts/pdf_mutations.py) and print what happened.

Each case goes through
  1. the `pilotdoc process` path (the CLI's own function, in this process): the result or one
     input error; anything else is a crash;
  2. the upload route (the real app over TestClient, inline processing): a 4xx or 202/200;
     a 5xx is a failure; every accepted submission must end `done` or `failed` (not stuck);
and every --cli-every'th case also through a real `pilotdoc process` subprocess: exit 0 or
one line on stderr, never a traceback.

    PYTHONPATH=. .venv/bin/python scripts/fuzz_pdfs.py --cases 1000
    PYTHONPATH=. .venv/bin/python scripts/fuzz_pdfs.py --cases 1000 --database-url postgresql+psycopg://...

Exit status 1 if any crash, 5xx or stuck submission was seen."""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pdf_mutations import cases

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Tally:
    cases: int = 0
    by_family: collections.Counter[str] = field(default_factory=collections.Counter)
    process: collections.Counter[str] = field(default_factory=collections.Counter)
    upload: collections.Counter[str] = field(default_factory=collections.Counter)
    final: collections.Counter[str] = field(default_factory=collections.Counter)
    cli: collections.Counter[str] = field(default_factory=collections.Counter)
    seconds: collections.Counter[str] = field(default_factory=collections.Counter)
    problems: list[str] = field(default_factory=list)

    @property
    def crashes(self) -> int:
        return self.process["crash"] + self.cli["traceback"]

    @property
    def server_errors(self) -> int:
        return sum(n for k, n in self.upload.items() if k.startswith("5"))

    @property
    def stuck(self) -> int:
        return sum(n for k, n in self.final.items() if k not in ("done", "failed"))


def _environment(data_dir: Path, database_url: str | None, ocr_dpi: int) -> None:
    os.environ["PILOTDOC_DATA_DIR"] = str(data_dir)
    os.environ["PILOTDOC_SECRET_KEY"] = "fuzz-" + "k" * 30
    os.environ.pop("PILOTDOC_REDIS_URL", None)  # inline: each upload is processed at once
    os.environ["PILOTDOC_PAGE_WORKERS"] = "1"
    os.environ["PILOTDOC_OCR_DPI"] = str(ocr_dpi)  # robustness, not accuracy: cheaper OCR
    if database_url:
        os.environ["PILOTDOC_DATABASE_URL"] = database_url
    else:
        os.environ.pop("PILOTDOC_DATABASE_URL", None)


def _process_path(data: bytes, tally: Tally, label: str) -> None:
    from extractors.perception.cache import PerceptionCache
    from extractors.pipeline import process
    from models.errors import InputError
    from service.settings import get_settings

    settings = get_settings()
    try:  # the CLI's cache, which the upload's job then shares: each page is OCR'd once
        process(
            data,
            filename="fuzz.pdf",
            options=settings.pipeline_options(),
            cache=PerceptionCache(settings.cache_dir),
        )
        tally.process["result"] += 1
    except InputError as exc:
        tally.process[f"refused:{exc.code}"] += 1
    except Exception:
        tally.process["crash"] += 1
        tally.problems.append(f"{label}: process crashed\n{traceback.format_exc(limit=3)}")


def _upload_path(
    client: object, headers: dict[str, str], data: bytes, tally: Tally, label: str
) -> None:
    from service.storage import submissions as subs
    from service.storage.db import session_scope

    r = client.post(  # type: ignore[attr-defined]
        "/api/submissions", files={"file": ("fuzz.pdf", data, "application/pdf")}, headers=headers
    )
    tally.upload[str(r.status_code)] += 1
    if r.status_code >= 500:
        tally.problems.append(f"{label}: upload answered {r.status_code}: {r.text[:200]}")
    if r.status_code in (200, 202):
        with session_scope() as session:
            sub = subs.get(session, r.json()["id"])
            state = str(sub.status) if sub is not None else "missing"
        tally.final[state] += 1
        if state not in ("done", "failed"):
            tally.problems.append(f"{label}: submission left {state}")


def _cli_path(data: bytes, tally: Tally, label: str, work: Path) -> None:
    pdf = work / "cli.pdf"
    pdf.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "process", str(pdf), "-q", "--no-cache"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    if "Traceback" in done.stderr:
        tally.cli["traceback"] += 1
        tally.problems.append(f"{label}: pilotdoc process traceback\n{done.stderr[-800:]}")
    elif done.returncode == 0:
        tally.cli["ok"] += 1
    elif len(done.stderr.strip().splitlines()) == 1:
        tally.cli["one line"] += 1
    else:
        tally.cli["noisy"] += 1
        tally.problems.append(f"{label}: pilotdoc process said\n{done.stderr[-800:]}")


def run(n: int, seed: int, database_url: str | None, cli_every: int, ocr_dpi: int) -> Tally:
    from fastapi.testclient import TestClient

    from service.api.app import create_app
    from service.settings import get_settings
    from service.storage import db, users
    from service.storage.db import session_scope

    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="pilotdoc-fuzz-") as tmp:
        work = Path(tmp)
        _environment(work / "data", database_url, ocr_dpi)
        get_settings.cache_clear()
        db.upgrade(get_settings())
        with session_scope() as session:
            name = f"fuzz{os.getpid()}"
            user = users.by_username(session, name) or users.create(
                session, name, None, "submitter", "模糊测试单位"
            )
            _row, plain = users.issue_token(session, user, "fuzz")
        headers = {"Authorization": f"Bearer {plain}"}
        with TestClient(create_app()) as client:
            for i, (family, data) in enumerate(cases(n, seed)):
                label = f"case {i} ({family})"
                tally.cases += 1
                tally.by_family[family.split("+")[0]] += 1
                started = time.perf_counter()
                _process_path(data, tally, label)
                _upload_path(client, headers, data, tally, label)
                if cli_every and i % cli_every == 0:
                    _cli_path(data, tally, label, work)
                tally.seconds[family.split("+")[0]] += time.perf_counter() - started
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temp dir")
    parser.add_argument("--cli-every", type=int, default=50, help="0: no subprocess runs")
    parser.add_argument("--ocr-dpi", type=int, default=100, help="OCR resolution (cost)")
    args = parser.parse_args()
    started = time.perf_counter()
    tally = run(args.cases, args.seed, args.database_url, args.cli_every, args.ocr_dpi)
    seconds = time.perf_counter() - started
    print(
        f"malformed PDFs: {tally.cases} in {seconds:.0f} s "
        f"(seed {args.seed}, ocr_dpi {args.ocr_dpi}, database {args.database_url or 'sqlite'})"
    )
    print("  families:", dict(sorted(tally.by_family.items())))
    print("  seconds by family:", {k: round(v) for k, v in sorted(tally.seconds.items())})
    print("  pilotdoc process path:", dict(sorted(tally.process.items())))
    print("  upload route statuses:", dict(sorted(tally.upload.items())))
    print("  accepted submissions ended:", dict(sorted(tally.final.items())))
    print("  pilotdoc process subprocess:", dict(sorted(tally.cli.items())))
    print(f"  crashes {tally.crashes}, 5xx {tally.server_errors}, stuck {tally.stuck}")
    for problem in tally.problems[:20]:
        print("---", problem)
    return 1 if tally.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
