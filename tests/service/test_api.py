"""The HTTP API in inline mode (no Redis; SQLite): upload to done, reading, errors, duplicates,
role isolation, cookie sessions with CSRF, review and admin routes."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.settings import Settings
from tests.service.conftest import PASSWORD, make_pdf, submission_pdf, token_for

Client = Callable[[], TestClient]


def upload(c: TestClient, data: bytes, headers: dict[str, str], **form: str) -> Any:
    files = {"file": ("sub.pdf", data, "application/pdf")}
    return c.post("/api/submissions", files=files, data=form, headers=headers)


@pytest.fixture
def api(configure: Callable[..., Settings], make_user: Callable[..., Any], client: Client) -> Any:
    configure("sqlite", max_upload_mb=1, max_pages=5)
    make_user("alice", "submitter", "甲医院")
    make_user("bob", "submitter", "乙医院")
    make_user("rita", "reviewer", None)
    make_user("adam", "admin", None)
    c = client()
    return c, {n: token_for(n) for n in ("alice", "bob", "rita", "adam")}


def test_upload_processes_inline_and_reads_back(api: Any) -> None:
    c, tok = api
    data = submission_pdf()
    r = upload(c, data, tok["alice"])
    assert r.status_code == 202, r.text
    sid = r.json()["id"]
    assert r.json()["duplicate"] is False
    status = c.get(f"/api/submissions/{sid}/status", headers=tok["alice"]).json()
    assert status["status"] == "done", status
    assert status["timings"]["processing_s"] is not None
    detail = c.get(f"/api/submissions/{sid}", headers=tok["alice"]).json()
    assert detail["submission"]["unit"] == "甲医院"
    assert "5G远程超声诊断平台" in json.dumps(detail["result"], ensure_ascii=False)
    assert detail["versions"] and detail["submission"]["pipeline_version"]
    original = c.get(f"/api/submissions/{sid}/original", headers=tok["alice"])
    assert original.content == data
    page = c.get(f"/api/submissions/{sid}/pages/1", headers=tok["alice"])
    assert page.status_code == 200 and page.content[:4] == b"\x89PNG"
    assert c.get(f"/api/submissions/{sid}/pages/2", headers=tok["alice"]).status_code == 404
    events = c.get(f"/api/submissions/{sid}/events", headers=tok["alice"])
    assert "event: status" in events.text and '"done"' in events.text


def test_duplicate_upload_returns_the_same_submission(api: Any) -> None:
    c, tok = api
    data = submission_pdf()
    first = upload(c, data, tok["alice"])
    again = upload(c, data, tok["alice"])
    assert again.status_code == 200
    assert again.json() | {"status": None} == first.json() | {"duplicate": True, "status": None}
    other_unit = upload(c, data, tok["bob"])
    assert other_unit.status_code == 409  # never leak another unit's id


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"just text", 422, "invalid_pdf"),
        (make_pdf(["机密"], password="pw"), 422, "encrypted_pdf"),
        (make_pdf(["多"], pages=6), 422, "too_many_pages"),
        (b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10), 413, "too_large"),
        (b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024), 413, "too_large"),  # refused by length
    ],
    ids=["not-pdf", "encrypted", "pages", "size", "size-header"],
)
def test_bad_uploads_are_refused_clearly(api: Any, data: bytes, status: int, code: str) -> None:
    c, tok = api
    r = upload(c, data, tok["alice"])
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code
    listing = c.get("/api/submissions", headers=tok["rita"]).json()
    assert listing["total"] == 0


def test_submitters_see_only_their_unit(api: Any) -> None:
    c, tok = api
    sid = upload(c, submission_pdf(), tok["alice"]).json()["id"]
    for path in ("", "/status", "/original", "/pages/1", "/result", "/audit", "/corrections"):
        assert c.get(f"/api/submissions/{sid}{path}", headers=tok["bob"]).status_code == 404
    assert c.get("/api/submissions", headers=tok["bob"]).json()["total"] == 0
    assert c.get("/api/submissions", headers=tok["alice"]).json()["total"] == 1
    assert c.get(f"/api/submissions/{sid}", headers=tok["rita"]).status_code == 200
    assert c.get("/api/submissions").status_code == 401
    # submitters cannot review, and reviewers cannot administer
    body = {"path": "counts.papers", "value": 1}
    r = c.post(f"/api/submissions/{sid}/corrections", json=body, headers=tok["alice"])
    assert r.status_code == 403
    assert c.get("/api/admin/users", headers=tok["rita"]).status_code == 403


def test_review_corrections_scores_and_audit(api: Any) -> None:
    c, tok = api
    sid = upload(c, submission_pdf(), tok["alice"]).json()["id"]
    base = f"/api/submissions/{sid}"
    r = c.post(
        f"{base}/corrections",
        json={"path": "report.fields.leader", "value": "李四"},
        headers=tok["rita"],
    )
    assert r.status_code == 201, r.text
    assert r.json()["new_value"] == "李四"
    bad = c.post(f"{base}/corrections", json={"path": "nope.x", "value": 1}, headers=tok["rita"])
    assert bad.status_code == 422
    result = c.get(f"{base}/result", headers=tok["alice"]).json()
    assert result["report"]["fields"]["leader"]["value"] == "李四"
    assert result["report"]["fields"]["leader"]["corrected"] is True
    raw = c.get(f"{base}/result?raw=true", headers=tok["alice"]).json()
    assert raw["report"]["fields"]["leader"]["value"] != "李四"
    too_high = {"scores": [{"indicator": "output.talent", "score": 9}]}
    assert c.put(f"{base}/scores", json=too_high, headers=tok["rita"]).status_code == 422
    ok = {"scores": [{"indicator": "output.talent", "score": 3.5, "comment": "良"}]}
    assert c.put(f"{base}/scores", json=ok, headers=tok["rita"]).status_code == 200
    needs = c.get("/api/submissions?needs_review=true", headers=tok["rita"]).json()
    assert needs["total"] == 0
    actions = [e["action"] for e in c.get(f"{base}/audit", headers=tok["rita"]).json()]
    assert actions[:1] == ["uploaded"] and {"correction", "score", "done"} <= set(actions)


def test_cookie_session_needs_csrf_for_changes(api: Any) -> None:
    c, _tok = api
    r = c.post("/api/auth/login", json={"username": "alice", "password": "wrong"})
    assert r.status_code == 401
    r = c.post("/api/auth/login", json={"username": "alice", "password": PASSWORD})
    assert r.status_code == 200
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    csrf = r.json()["csrf_token"]
    assert c.get("/api/auth/me").json()["user"]["username"] == "alice"
    files = {"file": ("a.pdf", submission_pdf(), "application/pdf")}
    assert c.post("/api/submissions", files=files).status_code == 403
    files = {"file": ("a.pdf", submission_pdf(), "application/pdf")}
    r = c.post("/api/submissions", files=files, data={"csrf_token": csrf})
    assert r.status_code == 202, r.text
    assert c.post("/api/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    c.cookies.clear()
    assert c.get("/api/auth/me").status_code == 401


def test_admin_manages_users_and_tokens(api: Any) -> None:
    c, tok = api
    body = {"username": "carol", "password": "long enough", "role": "submitter", "unit": "丙"}
    r = c.post("/api/admin/users", json=body, headers=tok["adam"])
    assert r.status_code == 201, r.text
    uid = r.json()["id"]
    assert c.post("/api/admin/users", json=body, headers=tok["adam"]).status_code == 409
    issued = c.post(f"/api/admin/users/{uid}/tokens", json={"name": "ci"}, headers=tok["adam"])
    carol = {"Authorization": f"Bearer {issued.json()['token']}"}
    assert c.get("/api/auth/me", headers=carol).json()["user"]["unit"] == "丙"
    r = c.patch(f"/api/admin/users/{uid}", json={"disabled": True}, headers=tok["adam"])
    assert r.json()["disabled"] is True
    assert c.get("/api/auth/me", headers=carol).status_code == 401


def test_health_and_metrics(api: Any) -> None:
    c, tok = api
    upload(c, submission_pdf(), tok["alice"])
    assert c.get("/healthz").json() == {"status": "ok"}
    ready = c.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"]["database"] == "ok"
    text = c.get("/metrics").text
    assert 'pilotdoc_submissions{status="done"} 1.0' in text
    assert "pilotdoc_pages_processed_total 1.0" in text
