"""Per page: the text layer where it is real, otherwise OCR of the page raster (cached by
what the page draws plus the model identity; pages in parallel processes when asked). Every
PageView gets its upright grayscale image at raster.IMAGE_DPI."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

import pymupdf

from extractors.marks import seals
from extractors.options import PipelineOptions
from extractors.perception import flatten, raster, textlayer
from extractors.perception.cache import PerceptionCache
from extractors.perception.ocr import OcrEngine, get_engine, model_identity
from extractors.perception.scanread import ScanRead, read_scanned, seals_from_json, seals_to_json
from extractors.types import GrayImage, PageView

log = logging.getLogger(__name__)

PERCEPTION_VERSION = "2"  # bump when what perception makes of a raster changes
BLANK_INK = 0.0002  # share of inked pixels below which a page without text is blank
Progress = Callable[[str, int, int], None]


def perceive_document(
    doc: pymupdf.Document,
    options: PipelineOptions,
    *,
    cache: PerceptionCache | None = None,
    progress: Progress | None = None,
) -> list[PageView]:
    """A PageView per page, in page order."""
    total = doc.page_count
    views: dict[int, PageView] = {}
    pending: list[tuple[int, str]] = []  # pages to OCR, with their cache key
    for index in range(total):
        page = doc[index]
        try:
            view, key = _first_pass(doc, page, index, options, cache)
        except Exception as exc:  # one bad page is a warning, not a lost document
            log.exception("perception failed on page %d", index + 1)
            view, key = _failed(page, index, exc), None
        if view is not None:
            views[index] = view
            _tick(progress, len(views), total)
        elif key is not None:
            pending.append((index, key))
    keys = dict(pending)
    for index, read in _ocr_pages(doc, pending, options):
        page = doc[index]
        if isinstance(read, Exception):
            views[index] = _failed(page, index, read)
        else:
            if cache is not None:
                try:
                    cache.put(keys[index], {"kind": "ocr", **read.to_json()})
                except OSError as exc:  # a full disk costs a re-read later, not this page
                    log.warning("perception cache write failed: %s", exc)
            try:
                views[index] = _scanned_view(page, index, read)
            except Exception as exc:
                views[index] = _failed(page, index, exc)
        _tick(progress, len(views), total)
    return [views[i] for i in range(total)]


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress:
        progress("perception", done, total)


def cache_key(fingerprint: str, options: PipelineOptions, kind: str) -> str:
    ident = f"{kind}|{fingerprint}|{model_identity()}|dpi={options.ocr_dpi}|v={PERCEPTION_VERSION}"
    return hashlib.sha256(ident.encode()).hexdigest()


def _first_pass(
    doc: pymupdf.Document,
    page: pymupdf.Page,
    index: int,
    options: PipelineOptions,
    cache: PerceptionCache | None,
) -> tuple[PageView | None, str | None]:
    """Text-layer pages and cache hits are finished here; other pages get a cache key."""
    rgb = raster.render_rgb(page, raster.IMAGE_DPI)
    gray = raster.to_gray(rgb)
    verdict = textlayer.assess(page, gray, raster.IMAGE_DPI)
    if verdict.usable:
        return _text_view(doc, page, index, rgb, options, cache), None
    if float((gray < 160).mean()) < BLANK_INK:  # nothing on the page to read
        view = _scanned_view(page, index, ScanRead(), gray)
        if not page.get_images():  # type: ignore[no-untyped-call]  # blank page, not a blank scan
            view.source = "text"
        return view, None
    key = cache_key(raster.page_fingerprint(doc, page), options, "ocr")
    hit = cache.get(key) if cache is not None else None
    if hit is not None:
        try:
            return _scanned_view(page, index, ScanRead.from_json(hit), gray), None
        except (KeyError, TypeError, ValueError):
            log.warning("unreadable cache entry %s; reading the page again", key)
    return None, key


def _text_view(
    doc: pymupdf.Document,
    page: pymupdf.Page,
    index: int,
    rgb: raster.RgbImage,
    options: PipelineOptions,
    cache: PerceptionCache | None,
) -> PageView:
    lines, rotation = textlayer.read_lines(page)
    upright = raster.turn(rgb, rotation)
    view = PageView(
        number=index + 1,
        width=page.rect.width,
        height=page.rect.height,
        source="text",
        rotation=rotation,
        lines=lines,
        image=raster.to_gray(upright),
        dpi=raster.IMAGE_DPI,
    )
    shapes = seals.find_coloured(upright, raster.IMAGE_DPI)
    if shapes:  # born-digital pages carry stamp images too; reading them needs the model
        key = cache_key(raster.page_fingerprint(doc, page), options, "seal")
        hit = cache.get(key) if cache is not None else None
        if hit is not None:
            view.seals = seals_from_json(hit["seals"])
        else:
            engine = get_engine(options.ocr_threads, options.use_gpu)
            view.seals = [
                seals.to_find(s, raster.IMAGE_DPI, _seal_text(engine, page, upright, s, rotation))
                for s in shapes
            ]
            if cache is not None:
                cache.put(key, {"kind": "seal", "seals": seals_to_json(view.seals)})
    return view


SEAL_READ_DPI = 300  # a stamp's letters are small: read them from a sharper render


def _seal_text(
    engine: OcrEngine,
    page: pymupdf.Page,
    upright: raster.RgbImage,
    shape: seals.SealShape,
    rotation: int,
) -> str | None:
    """Seal text on a born-digital page, read from a 300 dpi render of just the seal."""
    if rotation or page.rotation:  # clip geometry of turned pages: keep the page render
        return seals.read_text(engine, upright, shape)
    s = 72.0 / raster.IMAGE_DPI
    clip = pymupdf.Rect(*(v * s for v in shape.box))  # type: ignore[no-untyped-call]
    sharp = raster.render_rgb(page, SEAL_READ_DPI, clip=clip)
    h, w = sharp.shape[:2]
    return seals.read_text(engine, sharp, seals.SealShape((0, 0, w, h), shape.confidence, True))


def _scanned_view(
    page: pymupdf.Page, index: int, read: ScanRead, gray: GrayImage | None = None
) -> PageView:
    if gray is None:
        gray = raster.to_gray(raster.render_rgb(page, raster.IMAGE_DPI))
    return PageView(
        number=index + 1,
        width=page.rect.width,
        height=page.rect.height,
        source="ocr",
        rotation=read.rotation,
        lines=read.lines,
        ocr_confidence=read.confidence,
        seals=read.seals,
        image=raster.upright(flatten.warp(gray, read.page_corners), read.rotation, read.skew),
        dpi=raster.IMAGE_DPI,
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
    """ONNX Runtime threads per OCR process: as asked, else the cores shared out."""
    if options.ocr_threads > 0:
        return options.ocr_threads
    if options.workers <= 1:
        return 0  # ONNX Runtime's own choice: every core
    return max(1, (os.cpu_count() or 1) // options.workers)


def ocr_raster(img: raster.RgbImage, dpi: float, threads: int, use_gpu: bool) -> ScanRead:
    """OCR one page raster with this process's engine (also the pool workers' job)."""
    return read_scanned(img, dpi, get_engine(threads, use_gpu))


def _ocr_pages(
    doc: pymupdf.Document, pending: list[tuple[int, str]], options: PipelineOptions
) -> Iterator[tuple[int, ScanRead | Exception]]:
    threads = worker_threads(options)
    dpi = options.ocr_dpi
    if options.workers <= 1 or len(pending) < 2:
        threads = options.ocr_threads  # reading alone here: every core helps this page
        for index, _ in pending:
            try:
                img = raster.render_rgb(doc[index], dpi)
                yield index, ocr_raster(img, dpi, threads, options.use_gpu)
            except Exception as exc:
                log.exception("OCR failed on page %d", index + 1)
                yield index, exc
        return
    pool = _pool(options.workers)
    in_flight: list[tuple[int, Future[ScanRead]]] = []
    todo = [index for index, _ in pending]
    # Render in this process while the pool reads; at most two rasters per worker wait.
    while todo or in_flight:
        while todo and len(in_flight) < 2 * options.workers:
            index = todo.pop(0)
            img = raster.render_rgb(doc[index], dpi)
            in_flight.append((index, pool.submit(ocr_raster, img, dpi, threads, options.use_gpu)))
        index, future = in_flight.pop(0)
        try:
            yield index, future.result()
        except Exception as exc:
            log.exception("OCR failed on page %d", index + 1)
            yield index, exc


_pools: dict[int, ProcessPoolExecutor] = {}


def _pool(workers: int) -> ProcessPoolExecutor:
    """A lasting pool per size: each worker loads the models once, not once per document.
    Spawned, not forked: ONNX Runtime's thread pools do not survive a fork."""
    pool = _pools.get(workers)
    if pool is None:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
        _pools[workers] = pool
    return pool
