"""The OCR engine: PP-OCR detection, line classifier and recognition (RapidOCR driving
OpenVINO or ONNX Runtime, see engine_choice), configured explicitly, created lazily once per
process, models only from the wheel. Detection gives quadrilaterals in pixels; recognition
reads crops."""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from extractors.perception.engine_choice import (
    CHECK_MIN_MATCH,
    Backend,
    EngineChoice,
    EngineInfo,
    EngineUnavailable,
    check_image,
    check_match,
    onnxruntime_info,
    planned,
)

log = logging.getLogger(__name__)

Quad = npt.NDArray[
    np.float32
]  # 4 x 2 pixel corners: top-left, top-right, bottom-right, bottom-left
Image = npt.NDArray[np.uint8]

DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
# Detection runs on the page scaled to this longest side; crops for recognition come from the
# full-resolution page. At 200 dpi A4 (2339 px) this halves detection time at no measured
# loss (CER 0 on 12 pt text); recognition is fixed at 48 px line height whatever the dpi.
DET_LONG_SIDE = 1600
REC_BATCH = 1
REC_HEIGHT = 48  # PP-OCRv6 recognition input height (rec_image_shape 3 x 48 x 320)
REC_MIN_WIDTH = 320  # narrower lines are padded to this by RapidOCR itself
REC_WIDTH_STEP = 64
REC_PAD = 128  # pixel value that normalises to ~0, RapidOCR's own padding
TEXT_SCORE = 0.5  # lines read with less confidence are noise (specks, stamps' fringes)


@dataclass(frozen=True, slots=True)
class EngineKey:
    threads: int
    use_gpu: bool
    backend: Backend = "onnxruntime"


@dataclass(frozen=True, slots=True)
class Read:
    """One recognised crop."""

    text: str
    score: float


def fit_rec_width(img: Image) -> Image:
    """The crop scaled to recognition's line height and padded on the right to a multiple of
    REC_WIDTH_STEP. OpenVINO prepares a model anew for each input shape it has not seen: a line
    of a new width cost 44 ms, one of a width seen before 20 ms (measured, 1 thread). Scaled
    as RapidOCR scales it (linear, width rounded up) and padded with the value its own batches
    pad with (0 after normalisation, mid grey), so the model sees what a batch would give it."""
    h, w = img.shape[:2]
    if h == 0 or w == 0:
        return img
    width = max(1, math.ceil(REC_HEIGHT * w / h))
    scaled = cv2.resize(img, (width, REC_HEIGHT))
    target = max(REC_MIN_WIDTH, -(-width // REC_WIDTH_STEP) * REC_WIDTH_STEP)
    if target == width:
        return np.asarray(scaled, dtype=np.uint8)
    pad = np.full((REC_HEIGHT, target - width, img.shape[2]), REC_PAD, dtype=np.uint8)
    return np.concatenate([scaled, pad], axis=1)


def models_dir() -> Path:
    import rapidocr  # local: importing this module must stay cheap

    return Path(rapidocr.__file__).resolve().parent / "models"


@cache
def model_identity() -> str:
    """What a cached OCR result depends on: rapidocr version, model files (name and size),
    detection scale. Computed without loading a model."""
    from importlib.metadata import version

    parts = [
        f"rapidocr={version('rapidocr')}",
        f"det_side={DET_LONG_SIDE}",
        f"score={TEXT_SCORE}",
        f"rec_batch={REC_BATCH}",
        f"rec_step={REC_WIDTH_STEP}",
    ]
    for name in (DET_MODEL, REC_MODEL, CLS_MODEL):
        path = models_dir() / name
        size = path.stat().st_size if path.exists() else -1
        parts.append(f"{name}:{size}")
    return "|".join(parts)


def engine_params(key: EngineKey) -> dict[str, Any]:
    """Every setting that matters, stated here rather than inherited from config.yaml."""
    from rapidocr.utils.typings import EngineType

    models = models_dir()
    threads = key.threads if key.threads > 0 else -1  # -1: the engine picks (all cores)
    ort = "EngineConfig.onnxruntime."
    ov = "EngineConfig.openvino."
    engine = EngineType.OPENVINO if key.backend == "openvino" else EngineType.ONNXRUNTIME
    return {
        "Global.log_level": "warning",
        "Global.text_score": TEXT_SCORE,
        # Never shrink the page before detection (the default 2000 px silently downscales a
        # 200 dpi A4 page); detection's own scale is set by Det.limit_* below.
        "Global.max_side_len": 10000,
        "Global.min_side_len": 30,
        # The per-line 0/180 classifier flips good lines (seen: 1 in 33 on clean text);
        # orientation is decided per page instead (orientation.py).
        "Global.use_cls": False,
        "Det.model_path": str(models / DET_MODEL),
        "Det.limit_type": "max",
        "Det.limit_side_len": DET_LONG_SIDE,
        "Rec.model_path": str(models / REC_MODEL),
        # One line per run: batches pad every line to the widest; measured on a 33-line page,
        # batch 1 vs 6: 7.5 vs 8.4 CPU s, peak RSS 690 vs 920 MB.
        "Rec.rec_batch_num": REC_BATCH,
        "Cls.model_path": str(models / CLS_MODEL),
        "Det.engine_type": engine,
        "Rec.engine_type": engine,
        "Cls.engine_type": engine,
        # One page at a time per process: latency, one stream, the threads given.
        ov + "inference_num_threads": threads,
        ov + "performance_hint": "LATENCY",
        ov + "num_streams": 1,
        # OpenVINO pins a process's threads to cores counted from the first, so two 1-thread
        # page processes both ran on core 0 (measured on 2 cores: 10.3 s vs 5.2 s for 4 pages
        # each, side by side). The OS scheduler spreads them when nothing is pinned.
        ov + "enable_cpu_pinning": False,
        ort + "intra_op_num_threads": threads,
        ort + "inter_op_num_threads": 1,
        ort + "enable_cpu_mem_arena": False,
        ort + "use_cuda": key.use_gpu,
        # EXHAUSTIVE search makes recognition (dynamic widths) slower than CPU.
        ort + "cuda_ep_cfg.cudnn_conv_algo_search": "DEFAULT",
    }


class OcrEngine:
    """One RapidOCR instance and the calls perception makes on it."""

    def __init__(self, key: EngineKey) -> None:
        from rapidocr import RapidOCR

        for name in (DET_MODEL, REC_MODEL, CLS_MODEL):
            if not (models_dir() / name).is_file():  # never let rapidocr download one
                raise RuntimeError(f"OCR model missing from the rapidocr wheel: {name}")
        self.key = key
        self._ocr = RapidOCR(params=engine_params(key))
        det = self._ocr._load_det_model()  # type: ignore[no-untyped-call]
        # RapidOCR keeps mean and std as float64 lists, so the page's normalisation ran in
        # float64 (0.08 of a page's 1.4 CPU s); in float32 it takes half that, same values.
        for name in ("mean", "std"):
            value = getattr(det, name, None)
            setattr(det, name, np.asarray([0.5] * 3 if value is None else value, np.float32))
        self._lock = threading.Lock()  # RapidOCR keeps per-call flags on the instance

    def detect(self, img: Image) -> list[Quad]:
        """Text line quadrilaterals in pixels of `img` (RGB or BGR, 3 channels)."""
        with self._lock:
            out = self._ocr(img, use_det=True, use_cls=False, use_rec=False)
            self._release()  # detection's page-sized buffers, before recognition's own
        boxes = getattr(out, "boxes", None)
        if boxes is None or len(boxes) == 0:
            return []
        return [np.asarray(b, dtype=np.float32).reshape(4, 2) for b in boxes]

    def recognize(self, crops: list[Image]) -> list[Read]:
        """Read each crop (one text line, upright) into text and confidence."""
        if not crops:
            return []
        with self._lock:
            out = self._ocr.recognize_txt([fit_rec_width(c) for c in crops])
            self._release()
        txts = out.txts or ("",) * len(crops)
        return [Read(str(t), float(s)) for t, s in zip(txts, out.scores, strict=False)]

    def upside_down_votes(self, crops: list[Image]) -> list[float]:
        """The line classifier's belief, per crop, that it is upside down (0..1)."""
        if not crops:
            return []
        with self._lock:
            _, res = self._ocr.cls_and_rotate(crops)
            self._release()
        votes = []
        for label, score in res.cls_res or []:
            votes.append(float(score) if "180" in str(label) else 1.0 - float(score))
        return votes

    def _release(self) -> None:
        """OpenVINO keeps each model's intermediate buffers (sized for the largest input so
        far) until told otherwise, so detection's and recognition's add up; ONNX Runtime (no
        memory arena) frees them after each run. Measured, one process, OpenVINO, per page:
        980-1100 MB without this, 775-890 MB with it."""
        if self.key.backend == "openvino":
            for model in (self._ocr.text_det, self._ocr.text_rec, self._ocr.text_cls):
                if model is not None:
                    model.session.session.get_compiled_model().release_memory()
        release_memory()

    @property
    def providers(self) -> list[str]:
        """ONNX Runtime's execution providers of the detection session, first = in use."""
        if self.key.backend != "onnxruntime":
            return []
        det = self._ocr._load_det_model()  # type: ignore[no-untyped-call]
        names: list[str] = det.session.session.get_providers()
        return names

    @property
    def info(self) -> EngineInfo:
        """What actually runs: for OpenVINO the precision the compiled model chose."""
        if self.key.backend == "onnxruntime":
            gpu = self.key.use_gpu and self.providers[:1] == ["CUDAExecutionProvider"]
            return onnxruntime_info(gpu)
        from extractors.perception.engine_choice import openvino_info, precision_name

        det = self._ocr._load_det_model()  # type: ignore[no-untyped-call]
        compiled = det.session.session.get_compiled_model()
        plan = openvino_info()
        hint = precision_name(compiled.get_property("INFERENCE_PRECISION_HINT"))
        return EngineInfo("openvino", plan.version, plan.device, hint)

    def self_check(self) -> float:
        """Read a small rendered line; how closely it matches what was drawn (1.0 = exact)."""
        img, _ = check_image()
        quads = self.detect(img)  # type: ignore[arg-type]
        quads.sort(key=lambda q: float(q[:, 0].min()))
        reads = self.recognize([crop(img, q) for q in quads])  # type: ignore[arg-type]
        return check_match("".join(r.text for r in reads))


@cache
def _malloc_trim() -> Any:
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name) if name else None
    return getattr(libc, "malloc_trim", None)


def release_memory() -> None:
    """Give freed heap back to the system (glibc only; elsewhere nothing happens): a page's
    large freed buffers would otherwise stay resident and the process grow page by page."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


_engines: dict[EngineKey, OcrEngine] = {}
_refused: dict[EngineKey, str] = {}  # OpenVINO engines that failed to load or to read
_engines_lock = threading.Lock()


def get_engine(threads: int = 0, use_gpu: bool = False, choice: EngineChoice = "auto") -> OcrEngine:
    """The process's engine for these settings, created on first use. `auto` loads OpenVINO
    where it is planned and keeps it only if it passes the start-up read; else ONNX Runtime.
    An explicit `openvino` that cannot run raises EngineUnavailable."""
    key = EngineKey(threads, use_gpu, planned(choice, use_gpu).backend)
    with _engines_lock:
        if key.backend == "openvino" and key not in _engines:
            if key not in _refused:
                try:
                    _engines[key] = _load_openvino(key)
                except Exception as exc:
                    _refused[key] = f"{type(exc).__name__}: {exc}"
            if key in _refused:
                if choice == "openvino":
                    raise EngineUnavailable(f"OpenVINO cannot run OCR here: {_refused[key]}")
                log.warning("OCR engine auto: %s; using ONNX Runtime", _refused[key])
                key = EngineKey(threads, use_gpu, "onnxruntime")
        engine = _engines.get(key)
        if engine is None:
            engine = OcrEngine(key)
            if use_gpu:
                _check_gpu(engine)
            _log_engine(engine, threads)
            _engines[key] = engine
        return engine


def _load_openvino(key: EngineKey) -> OcrEngine:
    engine = OcrEngine(key)
    match = engine.self_check()
    if match < CHECK_MIN_MATCH:
        raise EngineUnavailable(f"OpenVINO misread the start-up check ({match:.2f})")
    _log_engine(engine, key.threads)
    return engine


def _log_engine(engine: OcrEngine, threads: int) -> None:
    log.info("OCR engine: %s, threads %s", engine.info.describe(), threads or "auto")


def _check_gpu(engine: OcrEngine) -> None:
    # onnxruntime falls back to CPU silently when CUDA libraries do not match.
    used = engine.providers[0] if engine.providers else "none"
    if used != "CUDAExecutionProvider":
        log.warning("use_gpu is set but ONNX Runtime runs OCR on %s", used)


def crop(img: Image, quad: Quad) -> Image:
    """Perspective crop of one detected line, made horizontal."""
    from rapidocr.utils.process_img import get_rotate_crop_image

    out: Image = get_rotate_crop_image(img, quad.astype(np.float32).copy())
    return out
