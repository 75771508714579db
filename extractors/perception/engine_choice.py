"""Which inference engine runs the OCR models: OpenVINO or ONNX Runtime (the same PP-OCR
ONNX files either way), what each says about itself (version, device, precision), and the
start-up check that an engine actually reads text before `auto` trusts it.

Planning (`planned`) never loads a model, so a cache key can name the engine before any page
is read; `ocr.get_engine` loads what was planned and falls back when the check fails."""

from __future__ import annotations

import logging
import platform
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from typing import Literal

log = logging.getLogger(__name__)

EngineChoice = Literal["auto", "openvino", "onnxruntime"]
Backend = Literal["openvino", "onnxruntime"]
X86 = {"x86_64", "amd64", "x64", "i686", "i386"}
# What the start-up check reads: Chinese, digits and punctuation as the submissions have them.
CHECK_TEXT = "截至2023年12月，累计申请发明专利12项"
CHECK_MIN_MATCH = 0.9  # a working engine reads it exactly; a broken one reads nothing or noise


class EngineUnavailable(RuntimeError):
    """The engine asked for cannot run here (not installed, not this CPU, fails its check)."""


@dataclass(frozen=True, slots=True)
class EngineInfo:
    backend: Backend
    version: str
    device: str  # "CPU" or "CUDA"
    precision: str  # what inference runs in: "f32", "bf16", "f16"

    @property
    def ident(self) -> str:
        """The part of a cache key that says which engine made a reading."""
        return f"{self.backend}={self.version}|{self.device}|{self.precision}"

    def to_json(self) -> dict[str, str]:
        return {
            "ocr_engine": self.backend,
            "ocr_engine_version": self.version,
            "ocr_device": self.device,
            "ocr_precision": self.precision,
        }

    def describe(self) -> str:
        return f"{self.backend} {self.version} on {self.device}, {self.precision}"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def onnxruntime_info(use_gpu: bool) -> EngineInfo:
    # CUDA sessions run the float32 graph as given (no fp16 conversion is configured).
    return EngineInfo("onnxruntime", _version("onnxruntime"), "CUDA" if use_gpu else "CPU", "f32")


@cache
def openvino_info() -> EngineInfo:
    """OpenVINO's CPU plugin and the precision it will choose (bf16 where the CPU has AMX or
    AVX-512 BF16, else f32), asked without compiling a model."""
    if find_spec("openvino") is None:
        raise EngineUnavailable("openvino is not installed")
    try:
        import openvino  # local: costs ~1 s, only when OpenVINO is wanted

        hint = openvino.Core().get_property("CPU", "INFERENCE_PRECISION_HINT")
    except Exception as exc:  # a broken install or an unsupported CPU
        raise EngineUnavailable(f"OpenVINO's CPU plugin does not load: {exc}") from exc
    return EngineInfo("openvino", _version("openvino"), "CPU", precision_name(hint))


def precision_name(hint: object) -> str:
    name = getattr(hint, "get_type_name", None)
    text = str(name() if callable(name) else hint).lower()
    return {"bfloat16": "bf16", "float32": "f32", "float16": "f16"}.get(text, text)


def is_x86() -> bool:
    return platform.machine().lower() in X86


def planned(choice: EngineChoice, use_gpu: bool) -> EngineInfo:
    """The engine `choice` means on this machine, before anything is loaded. The CUDA path is
    ONNX Runtime's; `auto` takes OpenVINO on x86-64 when its CPU plugin loads."""
    if use_gpu:
        if choice == "openvino":
            raise EngineUnavailable("the GPU path runs ONNX Runtime (CUDA); OpenVINO is CPU only")
        return onnxruntime_info(True)
    if choice == "onnxruntime":
        return onnxruntime_info(False)
    if choice == "openvino":
        return openvino_info()
    if not is_x86():
        return onnxruntime_info(False)
    try:
        return openvino_info()
    except EngineUnavailable as exc:
        log.warning("OCR engine auto: %s; using ONNX Runtime", exc)
        return onnxruntime_info(False)


def check_image() -> tuple[object, str]:
    """A small 200-dpi raster (BGR) of CHECK_TEXT, as a scanner would see a printed line."""
    import numpy as np
    import pymupdf

    doc = pymupdf.open()  # type: ignore[no-untyped-call]
    page = doc.new_page(width=300, height=40)
    page.insert_text((10, 26), CHECK_TEXT, fontname="china-s", fontsize=12)
    pix = page.get_pixmap(dpi=200, colorspace=pymupdf.csRGB, alpha=False)
    rgb = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.h, pix.w, 3)
    doc.close()  # type: ignore[no-untyped-call]
    return np.ascontiguousarray(rgb[:, :, ::-1]), CHECK_TEXT


def check_match(read: str) -> float:
    """How closely `read` matches CHECK_TEXT (difflib's ratio; 1.0 = identical), white space
    and the comma's width ignored."""
    from difflib import SequenceMatcher

    got = "".join(read.split()).replace(",", "，")
    return SequenceMatcher(None, got, CHECK_TEXT).ratio()
