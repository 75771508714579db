"""Batch reprocessing (keeps reviewer corrections, reports what changed, resumes) and archive
import (bad zip members refused and reported, good ones ingested)."""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rq import SimpleWorker
from typer.testing import CliRunner

from service.archive_import import import_archive
from service.cli.main import app as cli
from service.settings import Settings, get_settings
from service.storage import submissions as subs
from service.storage.db import session_scope
from tests.service.conftest import submission_pdf, token_for


def _changed_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rules change: the same perception, a different count."""
    import extractors.pipeline

    real = extractors.pipeline.interpret

    def interpret(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        result.counts.papers.value = 7
        return result

    monkeypatch.setattr(extractors.pipeline, "interpret", interpret)


@pytest.mark.redis
@pytest.mark.postgres
def test_reprocess_batch_keeps_corrections_and_reports_changes(
    configure: Callable[..., Settings],
    make_user: Callable[..., Any],
    client: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from service.queue.connection import queue, queues, redis_connection

    settings = configure("postgres", queue=True)
    make_user("alice", "submitter", "甲医院")
    make_user("rita", "reviewer", None)
    make_user("adam", "admin", None)
    c = client()
    tok = {n: token_for(n) for n in ("alice", "rita", "adam")}
    ids = []
    for _ in range(2):
        files = {"file": ("s.pdf", submission_pdf(), "application/pdf")}
        ids.append(c.post("/api/submissions", files=files, headers=tok["alice"]).json()["id"])

    def work() -> None:
        SimpleWorker(queues(settings), connection=redis_connection(settings)).work(burst=True)

    work()
    fix = {"path": "application.fields.leader", "value": "李四"}
    r = c.post(f"/api/submissions/{ids[0]}/corrections", json=fix, headers=tok["rita"])
    assert r.status_code == 201, r.text

    _changed_rules(monkeypatch)
    r = c.post("/api/admin/reprocess", json={"all": True}, headers=tok["adam"])
    assert r.status_code == 202, r.text
    batch = r.json()
    assert batch["counts"]["queued"] == 2
    assert queue(settings, settings.batch_queue).count == 2
    assert (
        c.post("/api/admin/reprocess", json={"all": True}, headers=tok["rita"]).status_code == 403
    )
    # interrupted: the queue lost its jobs; resume puts the open items back
    queue(settings, settings.batch_queue).empty()
    r = c.post(f"/api/admin/batches/{batch['id']}/resume", headers=tok["adam"])
    assert r.status_code == 200
    work()
    done = c.get(f"/api/admin/batches/{batch['id']}", headers=tok["adam"]).json()
    assert done["status"] == "finished", done
    assert done["counts"]["done"] == 2
    assert done["report"]["fields_changed"]["counts.papers"] == 2
    assert done["report"]["submissions_changed"] == 2
    result = c.get(f"/api/submissions/{ids[0]}/result", headers=tok["rita"]).json()
    assert result["application"]["fields"]["leader"]["value"] == "李四"
    assert result["counts"]["papers"]["value"] == 7
    with session_scope(get_settings()) as session:
        assert len(subs.result_versions(session, ids[0])) == 1  # same version: one row


def test_reprocess_cli_inline(
    configure: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.ingest import ingest
    from service.queue import dispatch

    settings = configure("sqlite")
    with session_scope(settings) as session:
        sid = ingest(
            session, settings, submission_pdf(), filename="a.pdf", unit="甲", user_id=None
        ).submission.id
    dispatch.enqueue(settings, sid)
    _changed_rules(monkeypatch)
    runner = CliRunner()
    assert runner.invoke(cli, ["reprocess"]).exit_code != 0  # no selection: refuses
    out = runner.invoke(cli, ["reprocess", "--unit", "甲"])
    assert out.exit_code == 0, out.output
    assert "1 of 1 submissions changed" in out.output
    assert "counts.papers: 1" in out.output
    # One submission by its id (`pilotdoc reprocess ID`); an unknown id selects nothing.
    out = runner.invoke(cli, ["reprocess", sid])
    assert out.exit_code == 0, out.output
    assert "of 1 submissions changed" in out.output
    out = runner.invoke(cli, ["reprocess", "no-such-id"])
    assert "of 0 submissions changed" in out.output


def _zip(tmp_path: Path) -> Path:
    path = tmp_path / "archive.zip"
    good = submission_pdf()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("2023/good.pdf", good)
        z.writestr("../evil.pdf", good)
        z.writestr("/etc/abs.pdf", good)
        link = zipfile.ZipInfo("link.pdf")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/passwd")
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as nested:
            nested.writestr("x.pdf", good)
        z.writestr("nested.zip", inner.getvalue())
        z.writestr("disguised.pdf", inner.getvalue())
        z.writestr("bomb.pdf", b"%PDF-1.4\n" + b"\0" * (2 * 1024 * 1024))
        z.writestr("notes.txt", "hello")
        z.writestr("broken.pdf", b"%PDF-1.4\n not really")
    return path


def test_import_refuses_bad_members_and_ingests_the_rest(
    configure: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = configure("sqlite", import_max_ratio=50)
    archive = _zip(tmp_path)
    report = import_archive(archive, settings, unit="甲医院")
    reasons = {o.name: (o.status, o.detail) for o in report.outcomes}
    assert reasons["2023/good.pdf"][0] == "imported"
    assert reasons["broken.pdf"][0] == "invalid"
    for name, why in [
        ("../evil.pdf", "path traversal"),
        ("/etc/abs.pdf", "absolute path"),
        ("link.pdf", "symbolic link"),
        ("nested.zip", "nested archive"),
        ("disguised.pdf", "nested archive"),
        ("bomb.pdf", "zip bomb"),
        ("notes.txt", "not a PDF"),
    ]:
        assert reasons[name][0] == "refused" and why in reasons[name][1], (name, reasons[name])
    with session_scope(settings) as session:
        rows, total = subs.list_page(session, None, subs.SubmissionFilter())
        assert total == 1 and rows[0].status == "done" and rows[0].unit == "甲医院"
    assert not (tmp_path.parent / "evil.pdf").exists()
    again = CliRunner().invoke(cli, ["import", str(archive)])
    assert again.exit_code == 0, again.output
    assert "imported 0, duplicates 1, refused 7, invalid 1" in again.output
