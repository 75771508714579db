"""Fuzz every operation of the OpenAPI schema with schemathesis as an admin: whatever the input,
the API answers with a 4xx at worst, never a 5xx. Bounded to a few examples per operation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from service.api.app import create_app
from service.settings import get_settings
from service.storage import db
from service.storage.db import session_scope
from tests.service.conftest import submission_pdf

app = create_app()  # reads no settings until it serves
# from_dict, not from_asgi: loading must not start the app before the fixture configures it.
schema = schemathesis.openapi.from_dict(app.openapi())
schema.app = app
ADMIN: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def fuzz_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    from service.storage import users

    data = Path(tmp_path_factory.mktemp("fuzz")) / "data"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PILOTDOC_DATA_DIR", str(data))
        mp.setenv("PILOTDOC_SECRET_KEY", "fuzz-secret-" + "y" * 20)
        mp.setenv("PILOTDOC_MIGRATE_ON_STARTUP", "false")  # migrated once below, not per call
        mp.delenv("PILOTDOC_DATABASE_URL", raising=False)
        mp.delenv("PILOTDOC_REDIS_URL", raising=False)
        get_settings.cache_clear()
        db.upgrade(get_settings())
        with session_scope() as session:
            admin = users.create(session, "adam", "long enough", "admin")
            _row, plain = users.issue_token(session, admin, "fuzz")
        ADMIN.update({"Authorization": f"Bearer {plain}"})
        with TestClient(app) as c:  # one processed submission for the fuzzer to poke at
            files = {"file": ("s.pdf", submission_pdf(), "application/pdf")}
            assert c.post("/api/submissions", files=files, headers=ADMIN).status_code == 202
        yield
    get_settings.cache_clear()


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors(case: Any) -> None:
    if case.path.endswith("/events"):
        return  # an open stream; covered in test_api
    case.call_and_validate(headers=ADMIN, checks=[not_a_server_error])
