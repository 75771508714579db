"""The one settings object. Every value comes from a `PILOTDOC_*` environment variable (or a
`.env` file) with a default that works on a laptop: SQLite and inline processing under ./data."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from extractors.options import MAX_PAGE_PIXELS, PipelineOptions


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PILOTDOC_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=Path("data"), description="originals, page images, cache, SQLite"
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default sqlite:///DATA_DIR/pilotdoc.db"
    )
    redis_url: str | None = Field(
        default=None, description="Redis for the job queue; unset = process inline (no server)"
    )
    secret_key: SecretStr | None = Field(
        default=None, description="signs session cookies; required by `pilotdoc serve`"
    )

    max_upload_mb: float = Field(default=50, gt=0)
    max_pages: int = Field(default=300, gt=0)
    ocr_dpi: int = Field(default=200, ge=72, le=600)
    page_workers: int = Field(
        default=2,
        ge=1,
        description="pages OCR'd in parallel processes (2 measured fastest on 2 cores)",
    )
    ocr_threads: int = Field(default=0, ge=0, description="inference threads; 0 = auto")
    ocr_engine: Literal["auto", "openvino", "onnxruntime"] = Field(
        default="auto",
        description="auto: OpenVINO on x86-64 if it loads and reads its start-up check, "
        "else ONNX Runtime; the GPU path (use_gpu) is ONNX Runtime's CUDA provider",
    )
    use_gpu: bool = False
    max_page_pixels: int = Field(
        default=MAX_PAGE_PIXELS,
        gt=0,
        description="pixels one page render may have: the pipeline refuses a page that needs "
        "more, the page-image route renders it smaller",
    )

    job_timeout_s: int = Field(default=1800, gt=0)
    job_retries: int = Field(default=3, ge=0)
    result_ttl_s: int = Field(default=86400, gt=0)
    failure_ttl_s: int = Field(default=7 * 86400, gt=0)
    worker_max_jobs: int = Field(default=200, gt=0, description="recycle a worker after N jobs")
    worker_max_rss_mb: float = Field(
        default=4096, ge=0, description="recycle a worker whose RSS passes this (MB); 0 = never"
    )
    worker_check_s: float = Field(
        default=5, gt=0, description="how often `pilotdoc worker` checks its worker process"
    )
    recommend_cap_ratio: float = Field(default=0.30, gt=0, le=1)

    # Queue: "live" (uploads) is always drained before "batch" (reprocessing).
    live_queue: str = Field(default="live", min_length=1)
    batch_queue: str = Field(default="batch", min_length=1)
    retry_backoff_s: list[int] = Field(
        default=[10, 60, 300], description="seconds before each retry of a TransientError"
    )
    heartbeat_s: float = Field(default=10, gt=0, description="how often a running job says alive")
    stale_after_s: float = Field(
        default=90, gt=0, description="a running job silent this long is abandoned and recovered"
    )
    recovery_interval_s: float = Field(default=30, gt=0, description="workers sweep this often")
    max_attempts: int = Field(default=3, ge=1, description="worker losses before `failed`")

    # Storage and web.
    migrate_on_startup: bool = True
    page_image_dpi: int = Field(default=110, ge=36, le=300)
    session_max_age_s: int = Field(default=12 * 3600, gt=0)
    cookie_secure: bool = Field(default=False, description="set behind HTTPS")
    sse_max_s: float = Field(default=300, gt=0, description="longest live-status stream")

    # Archive import: refuse members that could hurt the machine.
    import_max_member_mb: float = Field(default=100, gt=0)
    import_max_total_mb: float = Field(default=4096, gt=0)
    import_max_ratio: float = Field(default=100, gt=1, description="zip bomb compression ratio")

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'pilotdoc.db').resolve()}"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def cli_cache_dir(self) -> Path:
        """The perception cache of `pilotdoc process`: the user's cache folder (it may be run
        from any folder and must not leave `data/` there) unless PILOTDOC_DATA_DIR is set."""
        if "data_dir" in self.model_fields_set:
            return self.cache_dir
        import platformdirs

        return platformdirs.user_cache_path("pilotdoc") / "perception"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "originals"

    @property
    def page_image_dir(self) -> Path:
        return self.data_dir / "pages"

    @property
    def inline(self) -> bool:
        """No Redis configured: jobs run in the calling process (embedded default)."""
        return not self.redis_url

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    def pipeline_options(self) -> PipelineOptions:
        return PipelineOptions(
            max_bytes=self.max_upload_bytes,
            max_pages=self.max_pages,
            ocr_dpi=self.ocr_dpi,
            workers=self.page_workers,
            ocr_threads=self.ocr_threads,
            ocr_engine=self.ocr_engine,
            use_gpu=self.use_gpu,
            max_page_pixels=self.max_page_pixels,
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
