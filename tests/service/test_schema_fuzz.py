"""Fuzz every operation of the OpenAPI schema with schemathesis as an admin and as a submitter:
whatever the input, the API answers with a 4xx at worst, never a 5xx, and only with a status
the schema documents for that operation. Bounded to a few examples per operation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from service.api.app import create_app
from service.settings import get_settings
from service.storage import db
from service.storage.db import session_scope
from tests.service.conftest import _reset_postgres, submission_pdf

app = create_app()  # reads no settings until it serves
# from_dict, not from_asgi: loading must not start the app before the fixture configures it.
schema = schemathesis.openapi.from_dict(app.openapi())
schema.app = app
TOKENS: dict[str, dict[str, str]] = {}
# CI runs a few examples per operation; PILOTDOC_FUZZ_EXAMPLES=200 for a longer hunt.
EXAMPLES = int(os.environ.get("PILOTDOC_FUZZ_EXAMPLES", "5"))


@pytest.fixture(scope="module", autouse=True)
def fuzz_env(tmp_path_factory: pytest.TempPathFactory, pg_url: str) -> Iterator[None]:
    from service.storage import users

    data = Path(tmp_path_factory.mktemp("fuzz")) / "data"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PILOTDOC_DATA_DIR", str(data))
        mp.setenv("PILOTDOC_SECRET_KEY", "fuzz-secret-" + "y" * 20)
        mp.setenv("PILOTDOC_MIGRATE_ON_STARTUP", "false")  # migrated once below, not per call
        # PostgreSQL, not SQLite: it is the one that refuses NUL bytes and 64-bit integers
        mp.setenv("PILOTDOC_DATABASE_URL", pg_url)
        mp.delenv("PILOTDOC_REDIS_URL", raising=False)
        get_settings.cache_clear()
        db.upgrade(get_settings())
        _reset_postgres(pg_url)
        with session_scope() as session:
            for name, role, unit in (("adam", "admin", None), ("sue", "submitter", "甲医院")):
                user = users.create(session, name, "long enough", role, unit)
                _row, plain = users.issue_token(session, user, "fuzz")
                TOKENS[role] = {"Authorization": f"Bearer {plain}"}
        with TestClient(app) as c:  # one processed submission for the fuzzer to poke at
            files = {"file": ("s.pdf", submission_pdf(), "application/pdf")}
            r = c.post("/api/submissions", files=files, headers=TOKENS["submitter"])
            assert r.status_code == 202
        yield
    get_settings.cache_clear()


@pytest.mark.slow
@pytest.mark.postgres
@schema.parametrize()
@settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
def test_no_server_errors(case: Any) -> None:
    if case.path.endswith("/events"):
        return  # an open stream; covered in test_api
    for headers in TOKENS.values():
        case.call_and_validate(
            headers=headers, checks=[not_a_server_error, status_code_conformance]
        )
