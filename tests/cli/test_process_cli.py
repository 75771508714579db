"""`pilotdoc process FILE.pdf --json OUT.json` as the contract specifies: schema-valid output
for any PDF it can open; one line on stderr, a non-zero exit and no OUT.json otherwise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from models.schema import schema_errors
from tests.conftest import make_text_pdf

PILOTDOC = [sys.executable, "-m", "service.cli"]


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PILOTDOC_DATA_DIR": str(tmp_path / "data"), **env}
    return subprocess.run(
        [*PILOTDOC, *args], capture_output=True, text=True, env=full_env, timeout=300
    )


def test_non_submission_pdf_gives_valid_result(tmp_path: Path) -> None:
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(make_text_pdf(["这是一封普通的信，与试点项目无关。"]))
    out = tmp_path / "out.json"
    proc = run(["process", str(pdf), "--json", str(out), "-q"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text())
    assert schema_errors(result) == []
    assert result["report"]["present"] is False
    assert result["application"]["present"] is False
    assert result["document"]["page_count"] == 1
    assert result["document"]["filename"] == "letter.pdf"


def _encrypted_pdf() -> bytes:
    doc = pymupdf.open()
    doc.new_page()
    data: bytes = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")
    return data


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"hello, not a pdf", "不是 PDF"),
        (b"%PDF-1.7\n1 0 obj garbage", "已损坏"),
        (None, "已加密"),
    ],
    ids=["not-pdf", "corrupt", "encrypted"],
)
def test_unreadable_input_fails_cleanly(tmp_path: Path, content: bytes | None, needle: str) -> None:
    pdf = tmp_path / "bad.pdf"
    pdf.write_bytes(content if content is not None else _encrypted_pdf())
    out = tmp_path / "out.json"
    proc = run(["process", str(pdf), "--json", str(out)], tmp_path)
    assert proc.returncode != 0
    assert needle in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists()
    assert not list(tmp_path.glob(".out.json.*"))  # no temp file left behind


def test_over_the_configured_limits(tmp_path: Path) -> None:
    pdf = tmp_path / "big.pdf"
    pdf.write_bytes(make_text_pdf(["页"], pages=5))
    out = tmp_path / "out.json"
    proc = run(["process", str(pdf), "--json", str(out)], tmp_path, PILOTDOC_MAX_PAGES="3")
    assert proc.returncode != 0 and "超过 3 页的上限" in proc.stderr
    proc = run(["process", str(pdf), "--json", str(out)], tmp_path, PILOTDOC_MAX_UPLOAD_MB="0.001")
    assert proc.returncode != 0 and "上限" in proc.stderr
    assert not out.exists()


def test_failed_run_keeps_an_existing_output(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text('{"keep": true}')
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"nope")
    assert run(["process", str(bad), "--json", str(out)], tmp_path).returncode != 0
    assert json.loads(out.read_text()) == {"keep": True}


def test_missing_file(tmp_path: Path) -> None:
    proc = run(["process", str(tmp_path / "nope.pdf")], tmp_path)
    assert proc.returncode != 0 and "无法读取" in proc.stderr


@pytest.mark.ocr
def test_cache_goes_to_the_user_cache_dir_not_the_working_folder(tmp_path: Path) -> None:
    from tests.extractors.test_perception import scan_pdf

    work, home = tmp_path / "anywhere", tmp_path / "home"
    work.mkdir()
    pdf = work / "scan.pdf"
    pdf.write_bytes(scan_pdf())
    env = {k: v for k, v in os.environ.items() if k != "PILOTDOC_DATA_DIR"}
    env |= {"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    proc = subprocess.run(
        [*PILOTDOC, "process", str(pdf), "--json", "out.json", "-q"],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": os.pathsep.join(sys.path)},
        cwd=work,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in work.iterdir()) == ["out.json", "scan.pdf"]  # no data/
    assert list((home / ".cache" / "pilotdoc").rglob("*.json"))  # the page's OCR, cached
    result = json.loads((work / "out.json").read_text())
    assert schema_errors(result) == []
    # The engine that read the scan, and its precision, travel with the result.
    assert result["pipeline"]["ocr_engine"] in {"openvino", "onnxruntime"}
    assert result["pipeline"]["ocr_precision"] in {"bf16", "f32", "f16"}
    assert result["pages"][0]["source"] == "ocr"

    # PILOTDOC_DATA_DIR still says where everything goes.
    data = tmp_path / "data"
    proc = run(["process", str(pdf), "-q"], tmp_path, PILOTDOC_DATA_DIR=str(data))
    assert proc.returncode == 0, proc.stderr
    assert list((data / "cache").rglob("*.json"))


@pytest.mark.parametrize("count", [99, -1])
def test_a_pdf_whose_page_count_lies_is_one_line(tmp_path: Path, count: int) -> None:
    """MuPDF raised `RuntimeError: code=7: Invalid number of pages` here: a traceback."""
    data = make_text_pdf(["页数不符"])
    pdf = tmp_path / "lying.pdf"
    pdf.write_bytes(data.replace(b"/Count 1", f"/Count {count}".encode()))
    out = tmp_path / "out.json"
    proc = run(["process", str(pdf), "--json", str(out), "-q"], tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "invalid_pdf" in proc.stderr
    assert not out.exists()
