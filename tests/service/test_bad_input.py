"""Bad input gets a clear 4xx, never a 500, against the real PostgreSQL (inline processing):
PDFs MuPDF cannot fully read, NUL bytes anywhere a client can put one, integers beyond the
database's range, huge pages; a 409 duplicate writes nothing into the other unit's records;
an owner-password-only PDF is read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pymupdf
import pytest
from fastapi.testclient import TestClient

from extractors.options import PipelineOptions
from extractors.perception.pdf import bounded_dpi, open_pdf
from models.errors import InvalidPDF
from service.settings import Settings
from tests.service.conftest import PASSWORD, make_pdf, submission_pdf, token_for

pytestmark = [pytest.mark.postgres]


def lying_page_count(count: int = 99) -> bytes:
    """A PDF whose page tree claims `count` pages where there are 3 (99 and -1 made MuPDF
    raise `RuntimeError: code=7: Invalid number of pages`)."""
    data = make_pdf(["页数不符"], pages=3)
    assert b"/Count 3" in data
    return data.replace(b"/Count 3", f"/Count {count}".encode())


def truncated(size: int) -> bytes:
    """The first bytes of a 3-page PDF (cut at 181 or 188 bytes: the same RuntimeError)."""
    return make_pdf(["截断"], pages=3)[:size]


def huge_page() -> bytes:
    doc = pymupdf.open()
    doc.new_page(width=7200, height=7200).insert_text((72, 80), "巨幅", fontname="china-s")
    return doc.tobytes()


def owner_password_only() -> bytes:
    doc = pymupdf.open(stream=submission_pdf(), filetype="pdf")
    return doc.tobytes(
        encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner-secret", user_pw="", permissions=0
    )


@pytest.fixture
def api(configure: Callable[..., Settings], make_user: Callable[..., Any], client: Any) -> Any:
    configure("postgres", max_upload_mb=2)
    make_user("alice", "submitter", "甲医院")
    make_user("bob", "submitter", "乙医院")
    make_user("adam", "admin", None)
    c: TestClient = client()
    return c, {n: token_for(n) for n in ("alice", "bob", "adam")}


def upload(c: TestClient, data: bytes, headers: dict[str, str], name: str = "s.pdf") -> Any:
    return c.post(
        "/api/submissions", files={"file": (name, data, "application/pdf")}, headers=headers
    )


@pytest.mark.parametrize(
    "data",
    [lying_page_count(99), lying_page_count(-1), truncated(181), truncated(188)],
    ids=["count-99", "count-minus-1", "cut-181", "cut-188"],
)
def test_unreadable_pdfs_are_invalid_pdf_everywhere(api: Any, data: bytes) -> None:
    with pytest.raises(InvalidPDF):
        open_pdf(data, PipelineOptions()).close()
    c, tok = api
    r = upload(c, data, tok["alice"])
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "invalid_pdf"


def test_unreadable_pdf_on_the_web_upload_is_a_chinese_4xx(api: Any) -> None:
    c, _tok = api
    login = c.get("/login")
    token = login.text.split('name="csrf_token" value="')[1].split('"')[0]
    r = c.post(
        "/login",
        data={"username": "alice", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    form = c.get("/upload").text
    csrf = form.split('name="csrf_token" value="')[1].split('"')[0]
    files = {"file": ("bad.pdf", lying_page_count(), "application/pdf")}
    r = c.post("/upload", files=files, data={"csrf_token": csrf})
    assert r.status_code == 422
    assert "不是可读取的 PDF" in r.text


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/submissions/abc%00def"),
        ("get", "/api/submissions?project=%00"),
        ("get", "/api/submissions?unit=x%00y"),
        ("get", "/api/submissions/abc%00/status"),
    ],
)
def test_nul_in_path_or_query_is_400(api: Any, method: str, path: str) -> None:
    c, tok = api
    r = getattr(c, method)(path, headers=tok["adam"])
    assert r.status_code == 400, r.text
    assert "NUL" in r.json()["error"]["message"]


def test_nul_in_login_names_and_bodies_is_422_not_500(api: Any) -> None:
    c, tok = api
    r = c.post("/api/auth/login", json={"username": "ali\x00ce", "password": "x"})
    assert r.status_code == 422, r.text
    body = {"username": "eve", "password": "long enough\x00", "role": "admin"}
    assert c.post("/api/admin/users", json=body, headers=tok["adam"]).status_code == 422
    # the web login form goes through users.authenticate, which treats it as a wrong name
    page = c.get("/login").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    r = c.post("/login", data={"username": "a\x00", "password": "x", "csrf_token": token})
    assert r.status_code == 401


def raw_multipart(filename: bytes, data: bytes, unit: bytes | None = None) -> tuple[bytes, str]:
    """A multipart body written by hand: httpx would escape a NUL in the filename."""
    boundary = "pilotdocBoundary7"
    parts = [
        f"--{boundary}\r\n".encode()
        + b'Content-Disposition: form-data; name="file"; filename="'
        + filename
        + b'"\r\nContent-Type: application/pdf\r\n\r\n'
        + data
        + b"\r\n"
    ]
    if unit is not None:
        parts.append(
            f"--{boundary}\r\n".encode()
            + b'Content-Disposition: form-data; name="unit"\r\n\r\n'
            + unit
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_nul_in_multipart_filename_or_unit_is_422(api: Any) -> None:
    c, tok = api
    for who, name, unit in (
        ("alice", b"evil\x00.pdf", None),
        ("adam", b"ok.pdf", b"\xe7\x94\xb2\x00"),
    ):
        body, kind = raw_multipart(name, submission_pdf(), unit)
        r = c.post("/api/submissions", content=body, headers={**tok[who], "Content-Type": kind})
        assert r.status_code == 422, r.text
        assert "NUL" in r.json()["error"]["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/admin/batches/9999999999",
        "/api/admin/batches/99999999999999999999999",
        "/api/auth/tokens/9999999999",
    ],
)
def test_integers_beyond_the_database_range_are_422(api: Any, path: str) -> None:
    c, tok = api
    method = c.delete if "tokens" in path else c.get
    r = method(path, headers=tok["adam"])
    assert r.status_code == 422, r.text


def test_huge_page_is_refused_and_its_page_image_is_bounded(
    api: Any, configure: Callable[..., Settings]
) -> None:
    c, tok = api
    r = upload(c, huge_page(), tok["alice"])
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "page_too_large"
    # the page-image route renders a page over the bound smaller, never past it
    rect = pymupdf.Rect(0, 0, 7200, 7200)
    dpi = bounded_dpi(rect, 110, 4_000_000)
    assert dpi < 110 and (7200 / 72 * dpi) ** 2 <= 4_000_000


def test_page_image_route_downscales_past_the_bound(
    configure: Callable[..., Settings], make_user: Callable[..., Any], client: Any
) -> None:
    # an A4 page image at 300 dpi (8.7 M px) is over the bound; the pipeline's renders of it
    # (ocr_dpi 150: 2.6 M px) are not
    configure("postgres", max_page_pixels=3_000_000, page_image_dpi=300, ocr_dpi=150)
    make_user("alice", "submitter", "甲医院")
    c, tok = client(), token_for("alice")
    sid = upload(c, submission_pdf(), tok)
    assert sid.status_code == 202, sid.text
    png = c.get(f"/api/submissions/{sid.json()['id']}/pages/1", headers=tok)
    assert png.status_code == 200
    pix = pymupdf.Pixmap(png.content)
    assert pix.width * pix.height <= 3_000_000
    assert pix.width > 1000  # smaller, not a thumbnail
    assert (
        c.get(f"/api/submissions/{sid.json()['id']}/pages/99999999999", headers=tok).status_code
        == 422
    )


def test_a_409_duplicate_writes_nothing_into_the_other_units_audit(api: Any) -> None:
    c, tok = api
    data = submission_pdf()
    first = upload(c, data, tok["alice"])
    assert first.status_code == 202
    sid = first.json()["id"]
    before = c.get(f"/api/submissions/{sid}/audit", headers=tok["adam"]).json()
    r = upload(c, data, tok["bob"], name="乙单位想写进去的名字.pdf")
    assert r.status_code == 409
    after = c.get(f"/api/submissions/{sid}/audit", headers=tok["adam"]).json()
    assert after == before
    assert "乙单位" not in str(after)
    # the unit's own duplicate is still answered (200) and recorded
    again = upload(c, data, tok["alice"], name="again.pdf")
    assert again.status_code == 200 and again.json()["id"] == sid
    actions = [
        e["action"] for e in c.get(f"/api/submissions/{sid}/audit", headers=tok["adam"]).json()
    ]
    assert actions.count("duplicate") == 1


def test_owner_password_only_pdf_is_read(api: Any) -> None:
    data = owner_password_only()
    probe = pymupdf.open(stream=data, filetype="pdf")
    assert probe.permissions != -1 and not probe.needs_pass  # permissions restricted, no password
    c, tok = api
    r = upload(c, data, tok["alice"])
    assert r.status_code == 202, r.text
    status = c.get(f"/api/submissions/{r.json()['id']}/status", headers=tok["alice"]).json()
    assert status["status"] == "done", status


def test_user_password_pdf_is_refused(api: Any) -> None:
    c, tok = api
    r = upload(c, make_pdf(["机密"], password="open-me"), tok["alice"])
    assert r.status_code == 422 and r.json()["error"]["code"] == "encrypted_pdf"


def test_a_pdf_whose_page_tree_collapses_once_read_is_invalid_at_open() -> None:
    """Found by scripts/fuzz_pdfs.py (seed 0, case 101: flipped bytes in a 12-page PDF): it
    opened with 12 pages, and reading page 10 made MuPDF repair the xref down to 0 pages, so
    the job failed with `IndexError: page 10 not in document`."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "pdf_mutations.py"
    spec = importlib.util.spec_from_file_location("pdf_mutations", path)
    assert spec is not None and spec.loader is not None
    mutations = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mutations)
    family, data = list(mutations.cases(102))[101]
    assert family.startswith("flip_bytes")
    assert pymupdf.open(stream=data, filetype="pdf").page_count == 12
    with pytest.raises(InvalidPDF):
        open_pdf(data, PipelineOptions()).close()
