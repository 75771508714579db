"""The OCR engine's configuration (no downloads, no silent downscaling), reading order of
fragments, and the recogniser's false spaces."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from extractors.perception import ocr
from extractors.perception.readorder import Fragment, to_lines
from extractors.perception.scanread import ScanRead, tidy
from extractors.types import Line, SealFind


def test_importing_perception_loads_no_model() -> None:
    code = "import sys, extractors.perception.perceive; print('onnxruntime' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_engine_params_are_explicit_and_local() -> None:
    params = ocr.engine_params(ocr.EngineKey(threads=2, use_gpu=False))
    assert params["Global.max_side_len"] >= 2339 * 2  # a 200 dpi A4 page is never shrunk
    assert params["Global.log_level"] == "warning"
    assert params["EngineConfig.onnxruntime.intra_op_num_threads"] == 2
    for key in ("Det.model_path", "Rec.model_path", "Cls.model_path"):
        path = params[key]
        assert path.startswith(str(ocr.models_dir()))
        assert (ocr.models_dir() / path.rsplit("/", 1)[-1]).is_file()
    assert "PP-OCRv6_rec_small.onnx" in ocr.model_identity()


def test_rows_in_reading_order_and_far_pieces_apart() -> None:
    frags = [
        Fragment("日期：2024年6月", (300, 100, 380, 112)),
        Fragment("项目负责人（签字）：", (40, 101, 160, 113)),
        Fragment("第二行", (40, 130, 80, 142)),
        Fragment("项目名称：", (40, 60, 100, 72)),
        Fragment("远程超声", (104, 60, 152, 72), 0.9),
    ]
    lines = to_lines(frags)
    assert [ln.text for ln in lines] == [
        "项目名称：远程超声",
        "项目负责人（签字）：",
        "日期：2024年6月",
        "第二行",
    ]
    assert lines[0].box == (40, 60, 152, 72)
    assert 0.9 < lines[0].confidence < 1.0


def test_tidy_removes_false_spaces_only() -> None:
    assert tidy("截至2 0 2 3 年1 2 月，专利1 2 项") == "截至2023年12月，专利12项"
    assert tidy("Remote Diagnosis 平台") == "Remote Diagnosis平台"


def test_scan_read_round_trips_through_json() -> None:
    read = ScanRead(
        rotation=180,
        skew=0.7,
        lines=[Line("上海", (1.0, 2.0, 3.0, 4.0), 0.98)],
        confidence=0.98,
        seals=[SealFind((5.0, 6.0, 7.0, 8.0), 0.9, "上海市第一人民医院")],
    )
    assert ScanRead.from_json(read.to_json()) == read


@pytest.mark.ocr
def test_engine_runs_on_cpu_from_wheel_models() -> None:
    engine = ocr.get_engine()
    assert engine.providers[0] == "CPUExecutionProvider"
    assert engine is ocr.get_engine()  # one per process
    blank = np.full((200, 400, 3), 255, np.uint8)
    assert engine.detect(blank) == []
