"""What a page's stored reading is found by: the page's fingerprint, the model identity, the
engine that read it, the OCR dpi and the perception version."""

from __future__ import annotations

import hashlib
from typing import Any

from extractors.options import PipelineOptions
from extractors.perception.cache import PerceptionCache
from extractors.perception.engine_choice import EngineInfo, onnxruntime_info, planned
from extractors.perception.ocr import model_identity

# Bump when what perception makes of a raster changes (3: the seal-text detector's blobs,
# show-through lines dropped, skew to 6 degrees; 4: lines cut from the page as scanned; 5: grey
# and 1-bit seal outlines, pale purple ink, blobs without stamp ink on colour pages dropped;
# 6: a page whose only colour is the paper's tint is a grey scan; a scan in a page of no
# paper's size is read as A4).
PERCEPTION_VERSION = "6"


def cache_key(
    fingerprint: str, options: PipelineOptions, kind: str, engine: EngineInfo | None = None
) -> str:
    """The cache entry of one page's reading; `engine` defaults to the one options plan."""
    engine = engine or planned(options.ocr_engine, options.use_gpu)
    ident = (
        f"{kind}|{fingerprint}|{model_identity()}|{engine.ident}"
        f"|dpi={options.ocr_dpi}|v={PERCEPTION_VERSION}"
    )
    return hashlib.sha256(ident.encode()).hexdigest()


def cached_reading(
    cache: PerceptionCache | None, fingerprint: str, options: PipelineOptions, kind: str
) -> tuple[dict[str, Any], EngineInfo] | None:
    """A stored reading of a page and the engine that made it. Readings are stored under the
    engine that actually ran, so where `auto` planned OpenVINO but its start-up check sent
    this process to ONNX Runtime, the ONNX Runtime entry is the one to find."""
    if cache is None:
        return None
    plan = planned(options.ocr_engine, options.use_gpu)
    engines = [plan]
    if options.ocr_engine == "auto" and plan.backend != "onnxruntime":
        engines.append(onnxruntime_info(options.use_gpu))
    for engine in engines:
        hit = cache.get(cache_key(fingerprint, options, kind, engine))
        if hit is not None:
            return hit, engine
    return None
