"""The OCR engine setting: read from PILOTDOC_OCR_ENGINE into the pipeline options, bad values
refused with the setting's name; the CLI cache folder follows PILOTDOC_DATA_DIR when set."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from service.settings import Settings


def test_engine_choice_reaches_the_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PILOTDOC_OCR_ENGINE", raising=False)
    assert Settings().pipeline_options().ocr_engine == "auto"
    monkeypatch.setenv("PILOTDOC_OCR_ENGINE", "onnxruntime")
    assert Settings().pipeline_options().ocr_engine == "onnxruntime"
    monkeypatch.setenv("PILOTDOC_OCR_ENGINE", "tesseract")
    with pytest.raises(ValidationError, match="ocr_engine"):
        Settings()


def test_cli_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("PILOTDOC_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert Settings().cli_cache_dir == tmp_path / "xdg" / "pilotdoc" / "perception"
    monkeypatch.setenv("PILOTDOC_DATA_DIR", str(tmp_path / "d"))
    assert Settings().cli_cache_dir == tmp_path / "d" / "cache"
