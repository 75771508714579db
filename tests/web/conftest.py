"""Fixtures for the web UI tests: a real uvicorn server (subprocess) on a free port with a
temporary data dir, SQLite and inline processing; accounts; a processed sample submission; and
headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, sync_playwright
from pydantic import SecretStr

from service.settings import Settings
from service.storage import users
from service.storage.db import engine_for, session_scope, upgrade

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "corpus" / "sample-2026-001.pdf"
SCREENSHOTS = ROOT / "test-output"
CHROMIUM = os.environ.get("PILOTDOC_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "review-password-1"
VIEWPORT = {"width": 1366, "height": 768}


@dataclass(frozen=True)
class Server:
    url: str
    settings: Settings
    env: dict[str, str]

    def bearer(self, username: str) -> dict[str, str]:
        with session_scope(self.settings) as session:
            _row, plain = users.issue_token(session, users.require(session, username), "test")
        return {"Authorization": f"Bearer {plain}"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{url}/login", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not start within 60 s")


@pytest.fixture(scope="session")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("web") / "data"
    env = {
        **os.environ,
        "PILOTDOC_DATA_DIR": str(data),
        "PILOTDOC_SECRET_KEY": "web-test-secret-" + "y" * 24,
        "PILOTDOC_PAGE_WORKERS": "1",
    }
    for key in ("PILOTDOC_DATABASE_URL", "PILOTDOC_REDIS_URL"):
        env.pop(key, None)  # SQLite under the data dir, inline processing
    settings = Settings(
        data_dir=data,
        secret_key=SecretStr(env["PILOTDOC_SECRET_KEY"]),
        database_url=None,
        redis_url=None,
    )
    upgrade(settings)
    with session_scope(settings) as session:
        users.create(session, "reviewer1", PASSWORD, "reviewer")
        users.create(session, "submitter1", PASSWORD, "submitter", "上海市第一人民医院")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = data.parent / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "service.api.app:app_factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(url, proc, log)
        yield Server(url, settings, env)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def upload_and_wait(server: Server, data: bytes, filename: str, timeout: float = 90) -> str:
    """Upload through the API as the reviewer and wait until processing has finished."""
    headers = server.bearer("reviewer1")
    with httpx.Client(base_url=server.url, headers=headers, timeout=30) as client:
        response = client.post(
            "/api/submissions", files={"file": (filename, data, "application/pdf")}
        )
        assert response.status_code in (200, 202), response.text
        sid = str(response.json()["id"])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = client.get(f"/api/submissions/{sid}/status").json()["status"]
            if status in ("done", "failed"):
                assert status == "done", client.get(f"/api/submissions/{sid}/status").text
                return sid
            time.sleep(0.3)
    raise AssertionError(f"{filename} was not processed within {timeout} s")


@pytest.fixture(scope="session")
def sample_id(web_server: Server) -> str:
    if not SAMPLE.is_file():
        pytest.fail("samples/corpus/sample-2026-001.pdf is missing")
    return upload_and_wait(web_server, SAMPLE.read_bytes(), SAMPLE.name)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make test`, which installs it")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, web_server: Server) -> Iterator[Page]:
    """A fresh browser context at 1366×768, signed in as reviewer1."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    login(tab, web_server.url, "reviewer1")
    yield tab
    context.close()


def login(tab: Page, base: str, username: str) -> None:
    tab.goto(f"{base}/queue")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{base}/queue")


def screenshot(tab: Page, name: str) -> Path:
    """Save a screenshot under test-output/ for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=str(path))
    return path


@dataclass
class App:
    """An in-process app (TestClient) over a temporary SQLite database, signed in."""

    client: TestClient
    settings: Settings
    csrf: str

    def add_done_submission(self, result: dict[str, Any] | None = None, name: str = "a") -> str:
        """A submission with a stored machine result, without running the pipeline."""
        from models.result import Document, Result
        from service.storage import submissions as subs

        data = f"%PDF-fake {name} {secrets.token_hex(4)}".encode()
        sha = hashlib.sha256(data).hexdigest()
        with session_scope(self.settings) as session:
            sub, _created = subs.create(
                session,
                sha256=sha,
                filename=f"{name}.pdf",
                size_bytes=len(data),
                page_count=2,
                unit="甲医院",
            )
            body = result or Result(document=Document(sha256=sha, page_count=2)).to_json_dict()
            body["document"]["sha256"] = sha
            subs.store_result(session, sub.id, "0.1.0", body, 0.1)
            subs.mark_done(sub, pipeline_version="0.1.0", project=None)
            return sub.id


def _form_token(html: str, name: str = "csrf_token") -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    assert match, "no token in the page"
    return match.group(1)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database with the accounts, made once and copied into each test
    (migrations and argon2 hashing take seconds on a shared machine)."""
    data = tmp_path_factory.mktemp("template") / "data"
    settings = Settings(
        data_dir=data, secret_key=SecretStr("t" * 32), database_url=None, redis_url=None
    )
    upgrade(settings)
    with session_scope(settings) as session:
        users.create(session, "rev", PASSWORD, "reviewer")
        users.create(session, "sub", PASSWORD, "submitter", "甲医院")
    engine_for(settings.effective_database_url).dispose()  # flush the WAL into the file
    return data / "pilotdoc.db"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template_db: Path) -> Iterator[App]:
    from service.api.app import create_app
    from service.settings import get_settings

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(template_db, data / "pilotdoc.db")
    monkeypatch.setenv("PILOTDOC_DATA_DIR", str(data))
    monkeypatch.setenv("PILOTDOC_SECRET_KEY", "web-unit-secret-" + "z" * 24)
    monkeypatch.setenv("PILOTDOC_MIGRATE_ON_STARTUP", "false")
    monkeypatch.delenv("PILOTDOC_DATABASE_URL", raising=False)
    monkeypatch.delenv("PILOTDOC_REDIS_URL", raising=False)
    get_settings.cache_clear()
    settings = get_settings()
    with TestClient(create_app()) as client:
        yield App(client, settings, session_for(client, settings, "rev"))
    engine_for(settings.effective_database_url).dispose()
    get_settings.cache_clear()


def session_for(client: TestClient, settings: Settings, username: str) -> str:
    """Give `client` a session cookie for `username` (skipping the slow password check, which
    the login tests cover); returns the page's CSRF token."""
    from service.auth import sessions

    with session_scope(settings) as session:
        user = users.require(session, username)
        cookie = sessions.encode(settings, user.id, user.session_version)
    client.cookies.clear()
    client.cookies.set(sessions.COOKIE_NAME, cookie)
    match = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/queue").text)
    assert match
    return match.group(1)


def sign_in(client: TestClient, username: str) -> str:
    """Sign in through the login form; returns the session's CSRF token."""
    client.cookies.clear()
    token = _form_token(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/queue"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = client.get("/queue").text
    match = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert match
    return match.group(1)
