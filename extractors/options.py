"""Options the pipeline takes. The service builds them from its one Settings object; the
extractors never read the environment themselves."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

PIPELINE_VERSION = "0.1.0"
# Pixels one page render may have (RGB: 3 bytes each). A0 at 200 dpi is ~62 M; a 7200 pt page
# at 150 dpi would be 225 M (675 MB). Settings.max_page_pixels is the one value that sets it.
MAX_PAGE_PIXELS = 80_000_000


class PipelineOptions(BaseModel):
    max_bytes: int = Field(default=100 * 1024 * 1024, gt=0)
    max_pages: int = Field(default=300, gt=0)
    ocr_dpi: int = Field(default=200, ge=72, le=600)
    # Pages OCR'd in parallel processes; 1 = in this process. 2 processes x 1 ONNX thread
    # beat 1 process x 2 threads on 2 cores: 23.7 vs 37.5 s/page (loaded host), ~5.6 vs
    # 7.6 s/page estimated quiet (ONNX Runtime scales ~1.45x from 1 to 2 threads here).
    workers: int = Field(default=2, ge=1)
    ocr_threads: int = Field(default=0, ge=0, description="inference threads per process; 0 = auto")
    # auto: OpenVINO on x86-64 when it loads and passes its start-up read, else ONNX Runtime.
    # The GPU path (use_gpu) is ONNX Runtime's CUDA provider whatever `auto` says.
    ocr_engine: Literal["auto", "openvino", "onnxruntime"] = "auto"
    use_gpu: bool = False
    max_page_pixels: int = Field(default=MAX_PAGE_PIXELS, gt=0)
