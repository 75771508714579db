"""Per page: the text layer where it is real, otherwise OCR of the page raster (cached by
what the page draws, the model identity and the engine; pages in parallel processes when
asked). Every PageView gets its upright grayscale image at raster.IMAGE_DPI. A page with an
image that misses the cache is rendered once, at the OCR dpi: scaled to IMAGE_DPI it serves the
text-layer test, the blank test and the readers (kept until its OCR is back); other pages and
cache hits are rendered once at IMAGE_DPI."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context

import pymupdf

from extractors.marks import seals
from extractors.options import PipelineOptions
from extractors.perception import flatten, raster, textlayer
from extractors.perception.cache import PerceptionCache
from extractors.perception.engine_choice import (
    EngineChoice,
    EngineInfo,
    planned,
)
from extractors.perception.keys import cache_key, cached_reading
from extractors.perception.ocr import OcrEngine, get_engine, release_memory
from extractors.perception.scanread import ScanRead, read_scanned, seals_from_json, seals_to_json
from extractors.types import GrayImage, PageView

log = logging.getLogger(__name__)

BLANK_INK = 0.0002  # share of inked pixels below which a page without text is blank
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class PerceptionStats:
    """What one perceive_document call did: the engine planned, the engines that actually
    read pages (a cache hit counts as the planned one), and every page render (index, dpi)."""

    planned: EngineInfo | None = None
    used: set[EngineInfo] = field(default_factory=set)
    renders: list[tuple[int, float]] = field(default_factory=list)

    def engine(self) -> EngineInfo | None:
        """The engine behind this document's OCR: the one used, else the one planned."""
        if len(self.used) == 1:
            return next(iter(self.used))
        return self.planned


@dataclass(slots=True)
class _Pending:
    """A scanned page that missed the cache: what is needed to finish it after OCR."""

    index: int
    fingerprint: str
    gray: GrayImage  # the readers' image at IMAGE_DPI
    ocr_rgb: raster.RgbImage | None = None  # the page at the OCR dpi, until OCR takes it
    scale: float = 1.0  # raster.paper_scale: the dpi are the sheet's, not the page's


def perceive_document(
    doc: pymupdf.Document,
    options: PipelineOptions,
    *,
    cache: PerceptionCache | None = None,
    progress: Progress | None = None,
    stats: PerceptionStats | None = None,
) -> list[PageView]:
    """A PageView per page, in page order. Pages are taken in order; a scanned page that
    misses the cache goes to OCR at once (a pool when asked), so at most a few rasters wait."""
    stats = stats if stats is not None else PerceptionStats()
    stats.planned = planned(options.ocr_engine, options.use_gpu)
    total = doc.page_count
    views: dict[int, PageView] = {}
    reader = _Reader(doc, options, stats, _likely_scans(doc))

    def finish(done: Iterator[tuple[_Pending, ScanRead | Exception, EngineInfo | None]]) -> None:
        for pending, read, engine in done:
            views[pending.index] = _after_ocr(doc, pending, read, engine, options, cache)
            _tick(progress, len(views), total)

    for index in range(total):
        page = doc[index]
        try:
            view, pending = _first_pass(doc, page, index, options, cache, stats)
        except Exception as exc:  # one bad page is a warning, not a lost document
            log.exception("perception failed on page %d", index + 1)
            view, pending = _failed(page, index, exc), None
        if view is not None:
            views[index] = view
            _tick(progress, len(views), total)
        elif pending is not None:
            finish(reader.submit(pending))
    finish(reader.drain())
    return [views[i] for i in range(total)]


def _after_ocr(
    doc: pymupdf.Document,
    pending: _Pending,
    read: ScanRead | Exception,
    engine: EngineInfo | None,
    options: PipelineOptions,
    cache: PerceptionCache | None,
) -> PageView:
    page = doc[pending.index]
    if isinstance(read, Exception):
        return _failed(page, pending.index, read)
    if cache is not None and engine is not None:
        # Keyed by the engine that read it: a fallback's reading never poses as the plan's.
        key = cache_key(pending.fingerprint, options, "ocr", engine)
        try:
            cache.put(key, {"kind": "ocr", **read.to_json()})
        except OSError as exc:  # a full disk costs a re-read later, not this page
            log.warning("perception cache write failed: %s", exc)
    try:
        return _scanned_view(page, pending.index, read, pending.gray, pending.scale)
    except Exception as exc:
        return _failed(page, pending.index, exc)


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress:
        progress("perception", done, total)


def _render(
    page: pymupdf.Page, dpi: float, stats: PerceptionStats, clip: pymupdf.Rect | None = None
) -> raster.RgbImage:
    stats.renders.append((page.number or 0, dpi))
    return raster.render_rgb(page, dpi, clip=clip)


def _first_pass(
    doc: pymupdf.Document,
    page: pymupdf.Page,
    index: int,
    options: PipelineOptions,
    cache: PerceptionCache | None,
    stats: PerceptionStats,
) -> tuple[PageView | None, _Pending | None]:
    """Text-layer pages and cache hits are finished here; other pages come back pending,
    with the readers' image of this one render kept for after OCR."""
    has_images = bool(page.get_images())  # type: ignore[no-untyped-call]
    # Every dpi below is of the sheet the page is read as (most often the page itself).
    scale = raster.paper_scale(page, has_images)
    # A page that may need OCR: one render at the OCR dpi serves OCR and, scaled down, the
    # readers (a second render at IMAGE_DPI cost 9x the scaling). Cache hits are made the
    # same way, so the readers see the same pixels warm or cold.
    one_render = has_images and options.ocr_dpi >= raster.IMAGE_DPI
    big = _render(page, (options.ocr_dpi if one_render else raster.IMAGE_DPI) * scale, stats)
    gray = raster.scaled_render(raster.to_gray(big), page, raster.IMAGE_DPI * scale)
    verdict = textlayer.assess(page, gray, raster.IMAGE_DPI * scale)
    if verdict.usable:
        rgb = raster.scaled_render(big, page, raster.IMAGE_DPI * scale)
        return _text_view(doc, page, index, rgb, options, cache, stats, scale), None
    if float((gray < 160).mean()) < BLANK_INK:  # nothing on the page to read
        view = _scanned_view(page, index, ScanRead(), gray, scale)
        if not has_images:  # blank page, not a blank scan
            view.source = "text"
        return view, None
    fingerprint = raster.page_fingerprint(doc, page)
    found = cached_reading(cache, fingerprint, options, "ocr")
    if found is not None:
        hit, engine = found
        try:
            view = _scanned_view(page, index, ScanRead.from_json(hit), gray, scale)
            stats.used.add(engine)
            return view, None
        except (KeyError, TypeError, ValueError):
            log.warning("unreadable cache entry for page %d; reading it again", index + 1)
    return None, _Pending(index, fingerprint, gray, big if one_render else None, scale)


def _text_view(
    doc: pymupdf.Document,
    page: pymupdf.Page,
    index: int,
    rgb: raster.RgbImage,
    options: PipelineOptions,
    cache: PerceptionCache | None,
    stats: PerceptionStats,
    scale: float = 1.0,
) -> PageView:
    lines, rotation = textlayer.read_lines(page)
    if scale != 1.0:  # the text layer's points, in the sheet's
        lines = [replace(ln, box=tuple(v * scale for v in ln.box)) for ln in lines]  # type: ignore[arg-type]
    upright = raster.turn(rgb, rotation)
    view = PageView(
        number=index + 1,
        width=page.rect.width * scale,
        height=page.rect.height * scale,
        source="text",
        rotation=rotation,
        lines=lines,
        image=raster.to_gray(upright),
        dpi=raster.IMAGE_DPI,
        scale=scale,
    )
    shapes = seals.find_coloured(upright, raster.IMAGE_DPI)
    if shapes:  # born-digital pages carry stamp images too; reading them needs the model
        fingerprint = raster.page_fingerprint(doc, page)
        found = cached_reading(cache, fingerprint, options, "seal")
        if found is not None:
            view.seals = seals_from_json(found[0]["seals"])
            stats.used.add(found[1])
        else:
            engine = get_engine(options.ocr_threads, options.use_gpu, options.ocr_engine)
            view.seals = [
                seals.to_find(
                    s,
                    raster.IMAGE_DPI,
                    _seal_text(engine, page, upright, s, rotation, stats, scale),
                )
                for s in shapes
            ]
            info = engine.info
            stats.used.add(info)
            if cache is not None:
                key = cache_key(fingerprint, options, "seal", info)
                cache.put(key, {"kind": "seal", "seals": seals_to_json(view.seals)})
    return view


SEAL_READ_DPI = 300  # a stamp's letters are small: read them from a sharper render


def _seal_text(
    engine: OcrEngine,
    page: pymupdf.Page,
    upright: raster.RgbImage,
    shape: seals.SealShape,
    rotation: int,
    stats: PerceptionStats,
    scale: float = 1.0,
) -> str | None:
    """Seal text on a born-digital page, read from a 300 dpi render of just the seal."""
    if rotation or page.rotation:  # clip geometry of turned pages: keep the page render
        return seals.read_text(engine, upright, shape)
    s = 72.0 / raster.IMAGE_DPI / scale
    clip = pymupdf.Rect(*(v * s for v in shape.box))  # type: ignore[no-untyped-call]
    sharp = _render(page, SEAL_READ_DPI * scale, stats, clip=clip)
    h, w = sharp.shape[:2]
    return seals.read_text(engine, sharp, seals.SealShape((0, 0, w, h), shape.confidence, True))


def _scanned_view(
    page: pymupdf.Page,
    index: int,
    read: ScanRead,
    gray: GrayImage | None = None,
    scale: float = 1.0,
) -> PageView:
    if gray is None:
        gray = raster.to_gray(raster.render_rgb(page, raster.IMAGE_DPI * scale))
    return PageView(
        number=index + 1,
        width=page.rect.width * scale,
        height=page.rect.height * scale,
        scale=scale,
        source="ocr",
        rotation=read.rotation,
        lines=read.lines,
        ocr_confidence=read.confidence,
        seals=read.seals,
        image=raster.upright(flatten.warp(gray, read.page_corners), read.rotation, read.skew),
        dpi=raster.IMAGE_DPI,
        page_corners=read.page_corners,
    )


def _failed(page: pymupdf.Page, index: int, exc: Exception) -> PageView:
    return PageView(
        number=index + 1,
        width=page.rect.width,
        height=page.rect.height,
        source="ocr",
        errors=[f"perception: {type(exc).__name__}: {exc}"],
    )


def worker_threads(options: PipelineOptions) -> int:
    """Inference threads per OCR process: as asked, else the cores shared out."""
    if options.ocr_threads > 0:
        return options.ocr_threads
    if options.workers <= 1:
        return 0  # the engine's own choice: every core
    return max(1, (os.cpu_count() or 1) // options.workers)


def ocr_raster(
    img: raster.RgbImage, dpi: float, threads: int, use_gpu: bool, choice: EngineChoice = "auto"
) -> tuple[ScanRead, EngineInfo]:
    """OCR one page raster with this process's engine (also the pool workers' job); says
    which engine read it."""
    engine = get_engine(threads, use_gpu, choice)
    try:
        return read_scanned(img, dpi, engine), engine.info
    finally:
        release_memory()  # the page's rasters and buffers, before the next page


def _likely_scans(doc: pymupdf.Document) -> int:
    """Pages that carry an image (cheap: no rendering): the pages OCR may be needed for."""
    pages = (doc[i] for i in range(doc.page_count))
    return sum(bool(page.get_images()) for page in pages)  # type: ignore[no-untyped-call]


Done = tuple[_Pending, ScanRead | Exception, EngineInfo | None]


class _Reader:
    """OCR of pending pages, each rendered once at the OCR dpi: here when one process is
    asked, else in the lasting pool with at most two rasters waiting per worker. A document
    with a single scan still goes to the pool: an engine loaded here would make this process
    (an RQ worker holding the whole service, ~500 MB) an OCR process of ~1.3 GB."""

    def __init__(
        self, doc: pymupdf.Document, options: PipelineOptions, stats: PerceptionStats, scans: int
    ) -> None:
        self.doc, self.options, self.stats = doc, options, stats
        self.serial = options.workers <= 1 or scans < 1
        # Reading alone here: every core helps this page.
        self.threads = options.ocr_threads if self.serial else worker_threads(options)
        self.in_flight: list[tuple[_Pending, Future[tuple[ScanRead, EngineInfo]]]] = []

    def _raster(self, pending: _Pending) -> raster.RgbImage:
        img, pending.ocr_rgb = pending.ocr_rgb, None  # held no longer than needed
        return (
            img
            if img is not None
            else _render(self.doc[pending.index], self.options.ocr_dpi * pending.scale, self.stats)
        )

    def submit(self, pending: _Pending) -> Iterator[Done]:
        o = self.options
        if self.serial:
            try:
                read, info = ocr_raster(
                    self._raster(pending), o.ocr_dpi, self.threads, o.use_gpu, o.ocr_engine
                )
                self.stats.used.add(info)
                yield pending, read, info
            except Exception as exc:
                log.exception("OCR failed on page %d", pending.index + 1)
                yield pending, exc, None
            return
        while len(self.in_flight) >= 2 * o.workers:
            yield self._collect()
        try:
            img = self._raster(pending)
            future = _pool(o.workers).submit(
                ocr_raster, img, o.ocr_dpi, self.threads, o.use_gpu, o.ocr_engine
            )
        except Exception as exc:  # a page that will not render, a broken pool
            log.exception("OCR failed on page %d", pending.index + 1)
            yield pending, exc, None
            return
        self.in_flight.append((pending, future))

    def drain(self) -> Iterator[Done]:
        while self.in_flight:
            yield self._collect()

    def _collect(self) -> Done:
        pending, future = self.in_flight.pop(0)
        try:
            read, info = future.result()
        except Exception as exc:
            log.exception("OCR failed on page %d", pending.index + 1)
            return pending, exc, None
        self.stats.used.add(info)
        return pending, read, info


_pools: dict[int, ProcessPoolExecutor] = {}


def _pool(workers: int) -> ProcessPoolExecutor:
    """A lasting pool per size: each worker loads the models once, not once per document.
    Spawned, not forked: ONNX Runtime's thread pools do not survive a fork."""
    pool = _pools.get(workers)
    if pool is None:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
        _pools[workers] = pool
    return pool


def shutdown_pools() -> None:
    """Stop the page processes. A process that made a pool and exits through
    multiprocessing (a pool worker itself) must call this: it waits for its children first."""
    while _pools:
        _, pool = _pools.popitem()
        pool.shutdown(wait=True, cancel_futures=True)
