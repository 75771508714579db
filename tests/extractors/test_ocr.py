"""The OCR engine's configuration (no downloads, no silent downscaling), reading order of
fragments, and the recogniser's false spaces."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from extractors.perception import engine_choice, ocr
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
    engine = ocr.get_engine(choice="onnxruntime")
    assert engine.providers[0] == "CPUExecutionProvider"
    assert engine.info.backend == "onnxruntime" and engine.info.precision == "f32"
    assert engine is ocr.get_engine(choice="onnxruntime")  # one per process
    blank = np.full((200, 400, 3), 255, np.uint8)
    assert engine.detect(blank) == []


def test_openvino_params_drive_every_model_through_openvino() -> None:
    from rapidocr.utils.typings import EngineType

    params = ocr.engine_params(ocr.EngineKey(threads=1, use_gpu=False, backend="openvino"))
    for part in ("Det", "Rec", "Cls"):
        assert params[f"{part}.engine_type"] is EngineType.OPENVINO
    assert params["EngineConfig.openvino.inference_num_threads"] == 1
    # Pinned, two 1-thread page processes share core 0 (bench: 0.62 -> 0.41 of the anchor).
    assert params["EngineConfig.openvino.enable_cpu_pinning"] is False
    ort = ocr.engine_params(ocr.EngineKey(threads=0, use_gpu=False))
    assert ort["Det.engine_type"] is EngineType.ONNXRUNTIME
    assert ort["EngineConfig.onnxruntime.intra_op_num_threads"] == -1


def test_engine_plan_needs_no_model() -> None:
    assert engine_choice.planned("onnxruntime", False).backend == "onnxruntime"
    # The GPU path stays ONNX Runtime's CUDA provider; OpenVINO has no GPU path here.
    assert engine_choice.planned("auto", True) == engine_choice.onnxruntime_info(True)
    with pytest.raises(engine_choice.EngineUnavailable):
        engine_choice.planned("openvino", True)
    auto = engine_choice.planned("auto", False)
    if engine_choice.is_x86():  # this project's machines: OpenVINO is a dependency
        assert auto.backend == "openvino" and auto.precision in {"bf16", "f32", "f16"}
    else:
        assert auto.backend == "onnxruntime"
    # Readings of different engines never share a cache entry.
    assert auto.ident != engine_choice.onnxruntime_info(False).ident


def test_start_up_check_scores_what_was_read() -> None:
    assert engine_choice.check_match(engine_choice.CHECK_TEXT) == 1.0
    assert engine_choice.check_match("截至2023年12月, 累计申请发明专利12项") == 1.0
    assert engine_choice.check_match("") < engine_choice.CHECK_MIN_MATCH
    assert engine_choice.check_match("截至 年 月") < engine_choice.CHECK_MIN_MATCH


@pytest.mark.ocr
def test_auto_falls_back_to_onnxruntime_when_openvino_misreads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if engine_choice.planned("auto", False).backend != "openvino":
        pytest.skip("auto plans ONNX Runtime on this machine")
    monkeypatch.setattr(ocr, "_engines", {})
    monkeypatch.setattr(ocr, "_refused", {})
    assert ocr.get_engine(threads=1).info.backend == "openvino"  # passes its check
    # A check no engine can pass: auto must not keep OpenVINO, an explicit ask must fail.
    monkeypatch.setattr(ocr, "_engines", {})
    monkeypatch.setattr(ocr, "CHECK_MIN_MATCH", 1.01)
    assert ocr.get_engine(threads=1).info.backend == "onnxruntime"
    with pytest.raises(engine_choice.EngineUnavailable, match="start-up check"):
        ocr.get_engine(threads=1, choice="openvino")


@pytest.mark.ocr
@pytest.mark.parametrize("backend", ["openvino", "onnxruntime"])
def test_a_line_reads_as_drawn_on_either_engine(backend: str) -> None:
    if backend == "openvino" and not engine_choice.is_x86():
        pytest.skip("OpenVINO is planned on x86-64 only")
    engine = ocr.get_engine(choice=backend)  # type: ignore[arg-type]
    assert engine.self_check() >= 0.95  # the start-up read: detect, crop, recognise, compare
