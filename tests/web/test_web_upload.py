"""The upload and admin pages without a browser: a PDF goes through the API's ingest path and
lands on its submission page; bad files are explained in Chinese with the configured limits; a
duplicate links to the existing submission; the admin page lists accounts and batch progress."""

from __future__ import annotations

import re
from typing import Any

import pymupdf
import pytest

from service.storage import batches
from service.storage.db import session_scope
from tests.web.conftest import App, session_for
from tests.web.test_web_pages import report_pdf


def _upload(app: App, data: bytes | None, name: str = "a.pdf", **form: str) -> Any:
    files = {"file": (name, data, "application/pdf")} if data is not None else None
    return app.client.post(
        "/upload",
        data={"csrf_token": app.csrf, **form},
        files=files,
        follow_redirects=False,
    )


def _encrypted() -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "机密", fontname="china-s")
    data: bytes = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="x")
    return data


def _pages(n: int) -> bytes:
    doc = pymupdf.open()
    for _ in range(n):
        doc.new_page()
    data: bytes = doc.tobytes()
    return data


def test_upload_page_shows_the_form_and_limits(app: App) -> None:
    page = app.client.get("/upload").text
    assert 'enctype="multipart/form-data"' in page
    assert re.search(r'name="csrf_token" value="[^"]+"', page)
    assert "50 MB" in page and "300</b> 页" in page
    assert 'name="unit"' in page  # reviewers may name the unit


def test_upload_needs_the_csrf_token(app: App) -> None:
    files = {"file": ("a.pdf", report_pdf("甲项目"), "application/pdf")}
    response = app.client.post("/upload", files=files, data={"csrf_token": "forged"})
    assert response.status_code == 403
    assert app.client.get("/api/submissions").json()["total"] == 0


def test_upload_processes_and_opens_the_submission(app: App) -> None:
    response = _upload(app, report_pdf("5G急救协同平台"), "report.pdf", unit="乙医院")
    assert response.status_code == 303, response.text
    target = response.headers["location"]
    assert target.startswith("/submissions/")
    sid = target.rsplit("/", 1)[-1]
    detail = app.client.get(f"/api/submissions/{sid}").json()
    assert detail["submission"]["status"] == "done"  # inline mode: processed after the answer
    assert detail["submission"]["unit"] == "乙医院"
    assert detail["submission"]["filename"] == "report.pdf"
    assert "5G急救协同平台" in app.client.get(target).text


def test_a_duplicate_links_to_the_existing_submission(app: App) -> None:
    data = report_pdf("重复项目")
    first = _upload(app, data).headers["location"].rsplit("/", 1)[-1]
    again = _upload(app, data, "copy.pdf")
    assert again.status_code == 200
    assert "该文件此前已上传" in again.text
    assert f'href="/submissions/{first}" id="existing"' in again.text
    assert app.client.get("/api/submissions").json()["total"] == 1


@pytest.mark.parametrize(
    ("data", "status", "says"),
    [
        (b"not a pdf at all", 422, "不是可读取的 PDF"),
        (_encrypted(), 422, "PDF 已加密"),
        (_pages(4), 422, "超过 3 页的页数上限"),
        (b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10), 413, "超过 1 MB 的大小上限"),
        (None, 422, "请选择要上传的 PDF 文件"),
    ],
    ids=["not-pdf", "encrypted", "pages", "size", "no-file"],
)
def test_bad_files_are_explained(
    app: App, monkeypatch: pytest.MonkeyPatch, data: bytes | None, status: int, says: str
) -> None:
    monkeypatch.setattr(app.settings, "max_upload_mb", 1)
    monkeypatch.setattr(app.settings, "max_pages", 3)
    response = _upload(app, data)
    assert response.status_code == status, response.text
    assert 'role="alert"' in response.text and says in response.text
    assert app.client.get("/api/submissions").json()["total"] == 0


def test_submitters_upload_for_their_own_unit(app: App) -> None:
    csrf = session_for(app.client, app.settings, "sub")
    page = app.client.get("/upload").text
    assert 'name="unit"' not in page and "甲医院" in page
    files = {"file": ("s.pdf", report_pdf("本单位项目"), "application/pdf")}
    response = app.client.post(
        "/upload",
        files=files,
        data={"csrf_token": csrf, "unit": "别的医院"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    sid = response.headers["location"].rsplit("/", 1)[-1]
    assert app.client.get(f"/api/submissions/{sid}").json()["submission"]["unit"] == "甲医院"
    assert "/admin" not in page
    assert app.client.get("/admin").status_code == 403


def test_admin_page_lists_users_and_batch_progress(app: App) -> None:
    from service.storage import users

    sid = app.add_done_submission()
    with session_scope(app.settings) as session:
        admin = users.create(session, "boss", "admin-password-1", "admin")
        batch = batches.create(
            session, [sid], filters={"all": True}, pipeline_version="0.2.0", user_id=admin.id
        )
        batch_id = batch.id
    session_for(app.client, app.settings, "boss")
    page = app.client.get("/admin")
    assert page.status_code == 200
    users_table = page.text[page.text.index('id="users"') : page.text.index('id="batches"')]
    for name in ("rev", "sub", "boss"):
        assert f"<td>{name}</td>" in users_table
    assert "评审员" in users_table and "管理员" in users_table and "甲医院" in users_table
    assert f'<td class="num">{batch_id}</td>' in page.text and "0.2.0" in page.text
    assert "0%" in page.text and "(0/1)" in page.text
    assert 'href="/admin"' in page.text
