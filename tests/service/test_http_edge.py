"""The upload size limit and authentication as a real HTTP server enforces them (uvicorn on
loopback, PostgreSQL): a chunked upload without credentials is answered 401 before its body
is read; an authenticated chunked upload is cut off at the limit with 413."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from service.settings import Settings
from tests.service.conftest import token_for

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]
CHUNK = 64 * 1024
UVICORN = [sys.executable, "-m", "uvicorn", "--factory", "service.api.app:app_factory"]
UVICORN += ["--host", "127.0.0.1", "--log-level", "warning"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(
    configure: Callable[..., Settings], make_user: Callable[..., Any], tmp_path: Path
) -> Iterator[tuple[int, dict[str, str]]]:
    configure("postgres", max_upload_mb=1)
    make_user("alice", "submitter", "甲医院")
    headers = token_for("alice")
    port = free_port()
    log = (tmp_path / "uvicorn.log").open("wb")
    proc = subprocess.Popen(
        [*UVICORN, "--port", str(port)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.2)
    yield port, headers
    proc.terminate()
    proc.wait(timeout=20)


def chunked_upload(port: int, headers: dict[str, str], total: int) -> tuple[int, int]:
    """POST a multipart body in chunks until the server answers; (status, bytes sent). What
    was sent includes what loopback socket buffers absorbed (a few MB) before the answer."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    head = [
        "POST /api/submissions HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Transfer-Encoding: chunked",
        "Content-Type: multipart/form-data; boundary=xyz",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
    preamble = b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n'
    sent = 0
    sock.setblocking(False)
    answer = b""
    try:
        for n in range(total // CHUNK):
            body = (preamble if n == 0 else b"") + b"%PDF-" + b"x" * (CHUNK - 5)
            try:
                sock.sendall(f"{len(body):x}\r\n".encode() + body + b"\r\n")
                sent += len(body)
            except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                time.sleep(0.01)
            try:
                answer += sock.recv(65536)
            except BlockingIOError:
                pass
            except ConnectionResetError:
                break
            if b"\r\n\r\n" in answer:
                break
        sock.setblocking(True)
        sock.settimeout(10)
        while b"\r\n\r\n" not in answer:
            more = sock.recv(65536)
            if not more:
                break
            answer += more
    finally:
        sock.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1") else 0
    return status, sent


def test_unauthenticated_chunked_upload_is_refused_before_the_body(server: Any) -> None:
    port, _headers = server
    status, sent = chunked_upload(port, {}, 64 * 1024 * 1024)
    assert status == 401
    assert sent < 16 * 1024 * 1024, f"the server took {sent} bytes before answering"
    status, sent = chunked_upload(port, {"Authorization": "Bearer pd_forged"}, 64 * 1024 * 1024)
    assert status == 401 and sent < 16 * 1024 * 1024


def test_authenticated_chunked_upload_stops_at_the_limit(server: Any) -> None:
    port, headers = server
    status, sent = chunked_upload(port, headers, 64 * 1024 * 1024)
    assert status == 413
    assert sent < 16 * 1024 * 1024, f"the server took {sent} bytes of a 1 MB limit"
