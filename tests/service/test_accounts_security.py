"""Sessions and accounts against the real PostgreSQL: a logged-out cookie is void, a password
change revokes API tokens, one token can be revoked (route and CLI), repeated wrong passwords
lock the account for a while, the last admin cannot be demoted or disabled, HTML pages carry
the security headers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.settings import Settings, get_settings
from service.storage import users
from service.storage.db import session_scope
from tests.service.conftest import PASSWORD, token_for

pytestmark = [pytest.mark.postgres]
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def api(configure: Callable[..., Settings], make_user: Callable[..., Any], client: Any) -> Any:
    configure("postgres")
    make_user("alice", "submitter", "甲医院")
    make_user("adam", "admin", None)
    return client(), {n: token_for(n) for n in ("alice", "adam")}


def login(c: TestClient, username: str, password: str = PASSWORD) -> Any:
    return c.post("/api/auth/login", json={"username": username, "password": password})


def test_a_logged_out_cookie_is_void_even_when_replayed(api: Any) -> None:
    c, _tok = api
    r = login(c, "alice")
    assert r.status_code == 200
    cookie, csrf = c.cookies.get("pilotdoc_session"), r.json()["csrf_token"]
    assert c.get("/api/auth/me").status_code == 200
    assert c.post("/api/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    fresh = TestClient(c.app)
    fresh.cookies.set("pilotdoc_session", cookie)
    assert fresh.get("/api/auth/me").status_code == 401


def test_password_change_revokes_api_tokens(api: Any) -> None:
    c, tok = api
    assert c.get("/api/auth/me", headers=tok["alice"]).status_code == 200
    with session_scope(get_settings()) as session:
        users.set_password(session, users.require(session, "alice"), "a brand new password")
    assert c.get("/api/auth/me", headers=tok["alice"]).status_code == 401


def test_one_token_can_be_revoked_by_route_and_by_cli(api: Any) -> None:
    c, tok = api
    second = token_for("alice")
    listed = c.get("/api/auth/tokens", headers=tok["alice"]).json()
    assert len(listed) == 2 and all("token" not in t for t in listed)
    first_id = min(t["id"] for t in listed)
    # another user may not revoke it (404, as if absent); its owner may
    assert c.delete(f"/api/auth/tokens/{first_id}", headers=token_for("adam")).status_code == 204
    assert c.get("/api/auth/me", headers=tok["alice"]).status_code == 401
    assert c.get("/api/auth/me", headers=second).status_code == 200
    with session_scope(get_settings()) as session:
        alice = users.require(session, "alice")
        other = next(t.id for t in users.tokens(session, alice) if not t.revoked)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cli = [sys.executable, "-m", "service.cli", "users"]
    shown = subprocess.run([*cli, "tokens", "alice"], env=env, capture_output=True, text=True)
    assert shown.returncode == 0 and str(other) in shown.stdout, shown.stderr
    done = subprocess.run(
        [*cli, "revoke-token", str(other)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert c.get("/api/auth/me", headers=second).status_code == 401


def test_submitter_cannot_revoke_someone_elses_token(api: Any) -> None:
    c, tok = api
    with session_scope(get_settings()) as session:
        adam_token = users.tokens(session, users.require(session, "adam"))[0].id
    assert c.delete(f"/api/auth/tokens/{adam_token}", headers=tok["alice"]).status_code == 404
    assert c.get("/api/auth/me", headers=tok["adam"]).status_code == 200


def test_repeated_wrong_passwords_lock_the_account(api: Any) -> None:
    c, _tok = api
    codes = [login(c, "alice", "wrong password").status_code for _ in range(8)]
    assert codes[: users.FREE_ATTEMPTS] == [401] * users.FREE_ATTEMPTS
    assert 429 in codes
    right = login(c, "alice")
    assert right.status_code == 429, right.text  # locked even with the right password
    assert int(right.headers["Retry-After"]) > 0
    assert "秒后再试" in right.json()["error"]["message"]
    # the web form is throttled by the same account state
    page = c.get("/login").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    web = c.post("/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token})
    assert web.status_code == 429
    # once the lock has passed, the right password works and resets the count
    with session_scope(get_settings()) as session:
        users.require(session, "alice").locked_until = None
    assert login(c, "alice").status_code == 200
    with session_scope(get_settings()) as session:
        assert users.require(session, "alice").failed_logins == 0


def test_the_last_admin_cannot_be_demoted_or_disabled(api: Any) -> None:
    c, tok = api
    with session_scope(get_settings()) as session:
        adam_id = users.require(session, "adam").id
    for change in ({"role": "reviewer"}, {"disabled": True}):
        r = c.patch(f"/api/admin/users/{adam_id}", json=change, headers=tok["adam"])
        assert r.status_code == 409, r.text
        assert "最后一个" in r.json()["error"]["message"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cli = [sys.executable, "-m", "service.cli", "users"]
    refused = subprocess.run(
        [*cli, "set-role", "adam", "reviewer"], env=env, capture_output=True, text=True
    )
    assert refused.returncode != 0 and "最后一个" in refused.stderr
    # with a second admin, demoting the first is fine (CLI set-role)
    with session_scope(get_settings()) as session:
        users.create(session, "ava", PASSWORD, "admin")
    ok = subprocess.run(
        [*cli, "set-role", "adam", "reviewer"], env=env, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    with session_scope(get_settings()) as session:
        assert users.require(session, "adam").role == "reviewer"


def test_pages_carry_security_headers(api: Any) -> None:
    c, _tok = api
    page = c.get("/login")
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    csp = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    api_answer = c.get("/api/auth/me")
    assert api_answer.headers["X-Content-Type-Options"] == "nosniff"
