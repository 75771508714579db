"""Fixtures for the service tests: a temporary PostgreSQL database per session, a spare Redis
database number per run (flushed around each test), settings pointed at them through the
PILOTDOC_* environment, and small born-digital PDFs made with PyMuPDF."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from fastapi.testclient import TestClient

from service.settings import Settings, get_settings
from service.storage import db

PG_ADMIN_URL = os.environ.get(
    "PILOTDOC_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_BASE = os.environ.get("PILOTDOC_TEST_REDIS", "redis://127.0.0.1:6379")
PASSWORD = "correct horse battery"


def make_pdf(lines: list[str], *, pages: int = 1, password: str | None = None) -> bytes:
    doc = pymupdf.open()
    for n in range(pages):
        page = doc.new_page()
        y = 80
        for line in [*lines, f"第{n + 1}页"]:
            page.insert_text((72, y), line, fontname="china-s", fontsize=12)
            y += 24
    if password:
        return doc.tobytes(
            encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=password, owner_pw=password
        )
    return doc.tobytes()


def submission_pdf(project: str = "5G远程超声诊断平台", unit: str = "上海市第一人民医院") -> bytes:
    return make_pdf(
        [
            "上海市5G+医疗健康试点项目年度报告",
            f"项目名称：{project}",
            f"申报主体单位：{unit}",
            "项目负责人：张三",
            f"nonce {secrets.token_hex(4)}",  # distinct bytes per call: no accidental duplicates
        ]
    )


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh database for this test session, dropped at the end."""
    from sqlalchemy import create_engine, text

    name = f"pilotdoc_test_{secrets.token_hex(4)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # pragma: no cover - machine without PostgreSQL
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    db.engine_for(url).dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A Redis database number nobody else on this machine is using right now."""
    from redis import Redis

    order = list(range(1, 16))
    secrets.SystemRandom().shuffle(order)
    for number in order:
        try:
            client = Redis.from_url(f"{REDIS_BASE}/{number}")
            if client.dbsize() == 0:
                return f"{REDIS_BASE}/{number}"
        except Exception as exc:  # pragma: no cover
            pytest.skip(f"Redis unavailable: {exc}")
    pytest.skip("no empty Redis database number")


def _reset_postgres(url: str) -> None:
    from service.storage.tables import Base

    engine = db.engine_for(url)
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture
def configure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Settings]]:
    """configure(database="sqlite"|"postgres", queue=False|True, **PILOTDOC_overrides)."""
    flushed: list[Any] = []

    def apply(database: str = "sqlite", queue: bool = False, **overrides: Any) -> Settings:
        monkeypatch.setenv("PILOTDOC_DATA_DIR", str(tmp_path / "data"))
        monkeypatch.setenv("PILOTDOC_SECRET_KEY", "test-secret-" + "x" * 20)
        monkeypatch.setenv("PILOTDOC_RETRY_BACKOFF_S", "[0]")
        if database == "postgres":
            url = request.getfixturevalue("pg_url")
            monkeypatch.setenv("PILOTDOC_DATABASE_URL", url)
        else:
            monkeypatch.delenv("PILOTDOC_DATABASE_URL", raising=False)
        if queue:
            from redis import Redis

            rurl = request.getfixturevalue("redis_url")
            monkeypatch.setenv("PILOTDOC_REDIS_URL", rurl)
            client = Redis.from_url(rurl)
            client.flushdb()
            flushed.append(client)
        else:
            monkeypatch.delenv("PILOTDOC_REDIS_URL", raising=False)
        for key, value in overrides.items():
            monkeypatch.setenv(f"PILOTDOC_{key.upper()}", str(value))
        get_settings.cache_clear()
        settings = get_settings()
        db.upgrade(settings)
        if database == "postgres":
            _reset_postgres(settings.effective_database_url)
        return settings

    yield apply
    for client in flushed:
        client.flushdb()
    get_settings.cache_clear()
    for url in list(_sqlite_urls(tmp_path)):
        with contextlib.suppress(Exception):
            db.engine_for(url).dispose()


def _sqlite_urls(tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "data" / "pilotdoc.db"
    yield f"sqlite:///{path.resolve()}"


@pytest.fixture
def make_user(configure: Callable[..., Settings]) -> Callable[..., Any]:
    from service.storage import users
    from service.storage.db import session_scope

    def create(username: str, role: str = "submitter", unit: str | None = "甲医院") -> Any:
        with session_scope(get_settings()) as session:
            return users.create(session, username, PASSWORD, role, unit)

    return create


def token_for(username: str) -> dict[str, str]:
    from service.storage import users
    from service.storage.db import session_scope

    with session_scope(get_settings()) as session:
        _row, plain = users.issue_token(session, users.require(session, username), "test")
    return {"Authorization": f"Bearer {plain}"}


@pytest.fixture
def client(configure: Callable[..., Settings]) -> Callable[..., TestClient]:
    """client(): a TestClient over a freshly built app (configure() first)."""
    from service.api.app import create_app

    opened: list[TestClient] = []

    def build() -> TestClient:
        c = TestClient(create_app())
        c.__enter__()
        opened.append(c)
        return c

    yield build  # type: ignore[misc]
    for c in opened:
        c.__exit__(None, None, None)
