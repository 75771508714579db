"""`pilotdoc bench`: on the same 200-dpi rasters in one run, bare RapidOCR on ONNX Runtime as the
wheel ships it (the anchor: what a new user runs), the same with our OCR settings (detection at
1600 px, no line classifier, recognition one line at a time), bare RapidOCR on OpenVINO and the
pipeline with the engine `auto` picks; their ratios; peak RSS per OCR process; the perception
cache's re-run speed-up; text-layer speed; and the throughput of a batch reprocess through the
real queue (bench_queue).

Every OCR figure comes from a fresh spawned process, so each one's peak RSS is its own and no
engine's memory or warm caches leak into another's figure."""

from __future__ import annotations

import itertools
import os
import resource
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Annotated, Any

import typer

CORPUS = Path(__file__).resolve().parents[2] / "samples" / "corpus"
_PARA = (
    "项目由上海交通大学医学院附属瑞金医院牵头，联合中国移动通信集团上海有限公司共同实施。"
    "截至2023年12月，累计申请发明专利12项，发表论文8篇，培训医护人员350人次，远程会诊"
    "覆盖社区卫生服务中心27家，5G急救车平均响应时间缩短至11分钟。"
)


def synthetic_pdfs(pages: int, dpi: int = 200, first: int = 0) -> tuple[bytes, bytes]:
    """(born-digital PDF, scanned PDF) of `pages` A4 pages of Chinese prose; the scan is each
    page rasterised at `dpi` and embedded as a JPEG, as a scanner would. `first` shifts the
    text so that different calls make different pages."""
    import pymupdf

    text, scan = pymupdf.open(), pymupdf.open()
    for n in range(first, first + pages):
        page = text.new_page(width=595, height=842)
        for i in range(30):
            start = (n * 7 + i * 13) % len(_PARA)
            line = (_PARA[start:] + _PARA)[:36]
            page.insert_text((60, 70 + i * 24), line, fontname="china-s", fontsize=12)
        page.insert_text((60, 800), f"第{n + 1}页", fontname="china-s", fontsize=10)
        pix = page.get_pixmap(dpi=dpi)
        out = scan.new_page(width=595, height=842)
        out.insert_image(out.rect, stream=pix.tobytes("jpg", jpg_quality=90))
    return bytes(text.tobytes()), bytes(scan.tobytes())


def corpus_scans(pages: int) -> bytes | None:
    """Up to `pages` image-only pages taken from samples/corpus, as one PDF."""
    import pymupdf

    out = pymupdf.open()
    for path in sorted(CORPUS.glob("*.pdf")):
        with pymupdf.open(path) as doc:
            for page in doc:
                if len(out) < pages and not page.get_text().strip():
                    out.insert_pdf(doc, from_page=page.number, to_page=page.number)
    return bytes(out.tobytes()) if len(out) else None


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """A live process's peak resident set (VmHWM), MB; None where /proc does not say."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _timed(fn: Callable[[], Any]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - wall, _cpu() - cpu


@dataclass(frozen=True)
class Figure:
    label: str
    pages: int
    load_s: float
    wall: float
    cpu: float | None  # this process only; None where OCR ran in pool processes
    rss_mb: float | None  # the largest peak RSS of the processes that ran OCR
    engine: str = ""

    def line(self) -> str:
        cpu = f"{self.cpu / self.pages:6.2f} CPU s/page" if self.cpu is not None else " " * 17
        rss = f"peak RSS {self.rss_mb:5.0f} MB" if self.rss_mb is not None else ""
        return (
            f"  {self.label:<38} {self.wall / self.pages:6.2f} s/page  {cpu}  {rss}"
            f"  (load {self.load_s:4.1f} s){'  ' + self.engine if self.engine else ''}"
        )


def render_scans(data: bytes, dpi: int) -> list[Any]:
    """The rasters every OCR figure reads: each page rendered once, BGR as RapidOCR wants."""
    import numpy as np
    import pymupdf

    from extractors.perception import raster

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [np.ascontiguousarray(raster.render_rgb(p, dpi)[:, :, ::-1]) for p in doc]


def bare_job(backend: str, rasters: list[Any], threads: int) -> Figure:
    """Plain RapidOCR (det + rec, our model files and settings) over the rasters; run in a
    fresh process. The first raster warms the engine up and is read again in the timing."""
    from extractors.perception.ocr import EngineKey, OcrEngine

    t0 = time.perf_counter()
    engine = OcrEngine(EngineKey(threads, False, backend))  # type: ignore[arg-type]
    return _timed_reads(
        f"bare RapidOCR, {backend}",
        engine.info.describe(),
        lambda img: engine._ocr(img, use_det=True, use_cls=False, use_rec=True),
        rasters,
        t0,
    )


def _timed_reads(
    label: str, engine: str, read: Callable[[Any], Any], rasters: list[Any], t0: float
) -> Figure:
    """`read` warmed up on the first raster (load time counted from `t0`), then timed over
    all of them, this process's CPU and peak RSS with it."""
    read(rasters[0])
    load = time.perf_counter() - t0

    def all_pages() -> None:
        for img in rasters:
            read(img)

    wall, cpu = _timed(all_pages)
    return Figure(label, len(rasters), load, wall, cpu, peak_rss_mb(), engine)


def shipped_job(rasters: list[Any]) -> Figure:
    """RapidOCR as a new user runs it: the wheel's config.yaml as shipped (page shrunk to
    2000 px, detection at that size, the line classifier on, recognition in batches of 6),
    ONNX Runtime on all cores, the same model files; in a fresh process."""
    from rapidocr import RapidOCR

    from extractors.perception.ocr import CLS_MODEL, DET_MODEL, REC_MODEL, models_dir

    models = models_dir()
    t0 = time.perf_counter()
    engine = RapidOCR(
        params={
            "Global.log_level": "warning",
            "Det.model_path": str(models / DET_MODEL),
            "Rec.model_path": str(models / REC_MODEL),
            "Cls.model_path": str(models / CLS_MODEL),
        }
    )
    name = "bare RapidOCR as shipped, onnxruntime"
    return _timed_reads(name, "defaults of config.yaml", engine, rasters, t0)


def pipeline_job(scan_pdf: bytes, workers: int, threads: int, engine: str) -> list[Figure]:
    """Perception as the service runs it (fresh process; `workers` page processes) over the
    same pages: a cold cache, then the re-run the cache serves."""
    import pymupdf

    from extractors.options import PipelineOptions
    from extractors.perception import perceive
    from extractors.perception.cache import PerceptionCache

    options = PipelineOptions.model_validate(
        {"workers": workers, "ocr_threads": threads, "ocr_engine": engine}
    )

    def run(data: bytes, cache: PerceptionCache | None) -> perceive.PerceptionStats:
        stats = perceive.PerceptionStats()
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            perceive.perceive_document(doc, options, cache=cache, stats=stats)
        return stats

    t0 = time.perf_counter()
    with pymupdf.open(stream=scan_pdf, filetype="pdf") as doc:
        doc.select(list(range(min(workers, doc.page_count))))  # one page per process
        warm = bytes(doc.tobytes())
    run(warm, None)  # starts the page processes, loads and checks the engine
    load = time.perf_counter() - t0
    pages = pymupdf.open(stream=scan_pdf, filetype="pdf").page_count
    done: list[perceive.PerceptionStats] = []
    with tempfile.TemporaryDirectory() as tmp:
        cache = PerceptionCache(Path(tmp))
        wall, cpu = _timed(lambda: done.append(run(scan_pdf, cache)))
        again, _ = _timed(lambda: run(scan_pdf, cache))
    used = ", ".join(sorted(e.describe() for e in done[0].used))
    if workers > 1:
        pool = perceive._pools.get(workers)
        pids = list(pool._processes) if pool is not None else []
        rss = max((peak_rss_mb(p) or 0.0 for p in pids), default=0.0) or None
        cpu_s: float | None = None
    else:
        rss, cpu_s = peak_rss_mb(), cpu
    perceive.shutdown_pools()  # else this (pool) process waits for them forever on exit
    label = f"pipeline, {workers} proc x {threads or 'auto'} thr"
    return [
        Figure(label, pages, load, wall, cpu_s, rss, used),
        Figure("  same, re-run from the cache", pages, 0.0, again, None, None),
    ]


def _in_fresh_process(fn: Callable[..., Any], *args: Any) -> Any:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def text_layer_figure(text_pdf: bytes) -> Figure:
    import pymupdf

    from extractors.options import PipelineOptions
    from extractors.perception.perceive import perceive_document

    def run() -> None:
        with pymupdf.open(stream=text_pdf, filetype="pdf") as doc:
            perceive_document(doc, PipelineOptions(workers=1))

    wall, cpu = _timed(run)
    pages = pymupdf.open(stream=text_pdf, filetype="pdf").page_count
    return Figure("text-layer pages", pages, 0.0, wall, cpu, peak_rss_mb())


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def bench_command(
    pages: Annotated[int, typer.Option("--pages", "-n", help="scanned pages to time")] = 4,
    corpus: Annotated[
        bool, typer.Option("--corpus", help="scanned pages from samples/corpus, not synthetic")
    ] = False,
    threads: Annotated[int, typer.Option(help="bare engines' threads; 0 = the engine's own")] = 0,
    compare: Annotated[
        bool,
        typer.Option("--compare-parallel", help="also time the pipeline at 1 x 2 and 2 x 1"),
    ] = False,
    batch: Annotated[
        int, typer.Option(help="scanned submissions for the queue throughput; 0 = skip")
    ] = 20,
    batch_pages: Annotated[int, typer.Option(help="pages per batch submission")] = 2,
    queue_workers: Annotated[
        int, typer.Option(help="RQ workers for the batch (page processes: the cores shared out)")
    ] = 1,
) -> None:
    """Time OCR and perception and print the figures (see module docstring)."""
    from service.settings import get_settings

    settings = get_settings()
    dpi = settings.ocr_dpi
    text_pdf, scan_pdf = synthetic_pdfs(pages, dpi)
    if corpus:
        scan_pdf = corpus_scans(pages) or scan_pdf
    rasters = render_scans(scan_pdf, dpi)
    typer.echo(f"bench: {len(rasters)} scanned pages at {dpi} dpi; {_load()}")
    typer.echo(text_layer_figure(text_pdf).line())

    anchor = _in_fresh_process(shipped_job, rasters)
    typer.echo(anchor.line())
    tuned = _in_fresh_process(bare_job, "onnxruntime", rasters, threads)
    typer.echo(tuned.line())
    figures: list[Figure] = [tuned]
    try:
        figures.append(_in_fresh_process(bare_job, "openvino", rasters, threads))
        typer.echo(figures[-1].line())
    except Exception as exc:  # OpenVINO missing or broken here: the rest still tells
        typer.echo(f"  bare RapidOCR, openvino: cannot run ({exc})")
    w, t = settings.page_workers, settings.ocr_threads
    runs = [(w, t)]
    if compare:
        runs += [c for c in ((1, 2), (2, 1), (1, 1)) if c != (w, t)]
    for workers, thr in runs:
        pipe = _in_fresh_process(pipeline_job, scan_pdf, workers, thr, settings.ocr_engine)
        figures.extend(pipe)
        for f in pipe:
            typer.echo(f.line())

    typer.echo(
        "  time per page over bare RapidOCR on ONNX Runtime (same rasters, this run): as shipped"
        " (the anchor) | with our OCR settings"
    )
    for f in figures:
        if f.load_s or f.label.startswith("bare"):  # not the cache re-run line
            target = "  (target <= 0.35)" if f.label.startswith("pipeline") else ""
            ratios = f"{f.wall / anchor.wall:5.2f} | {f.wall / tuned.wall:5.2f}"
            typer.echo(f"    {f.label:<38} {ratios}{target}")
    for first, again in itertools.pairwise(figures):
        if "re-run" in again.label:
            typer.echo(f"  cache re-run speed-up ({first.label}) {first.wall / again.wall:6.1f}x")
    typer.echo(f"  after the OCR figures: {_load()}")

    if batch > 0:
        from service.cli.bench_queue import batch_figures

        for line in batch_figures(settings, batch, batch_pages, queue_workers):
            typer.echo(line)
