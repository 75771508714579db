"""`pilotdoc bench`: perception speed on text-layer pages and 200-dpi scanned pages — pages/s,
s/page, CPU s/page, peak RSS, pipeline time over bare RapidOCR on the same rasters, and the
speed-up of a re-run served from the perception cache."""

from __future__ import annotations

import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

CORPUS = Path(__file__).resolve().parents[2] / "samples" / "corpus"
_PARA = (
    "项目由上海交通大学医学院附属瑞金医院牵头，联合中国移动通信集团上海有限公司共同实施。"
    "截至2023年12月，累计申请发明专利12项，发表论文8篇，培训医护人员350人次，远程会诊"
    "覆盖社区卫生服务中心27家，5G急救车平均响应时间缩短至11分钟。"
)


def synthetic_pdfs(pages: int, dpi: int = 200) -> tuple[bytes, bytes]:
    """(born-digital PDF, scanned PDF) of `pages` A4 pages of Chinese prose; the scan is each
    page rasterised at `dpi` and embedded as a JPEG, as a scanner would."""
    import pymupdf

    text, scan = pymupdf.open(), pymupdf.open()
    for n in range(pages):
        page = text.new_page(width=595, height=842)
        for i in range(30):
            start = (n * 7 + i * 13) % len(_PARA)
            line = (_PARA[start:] + _PARA)[:36]
            page.insert_text((60, 70 + i * 24), line, fontname="china-s", fontsize=12)
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


def _first_pages(data: bytes, n: int) -> bytes:
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        doc.select(list(range(min(n, doc.page_count))))
        return bytes(doc.tobytes())


def _rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024.0


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(fn: Callable[[], Any]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - wall, _cpu() - cpu


def _perceive(data: bytes, options: Any, cache: Any = None) -> list[Any]:
    import pymupdf

    from extractors.perception.perceive import perceive_document

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return perceive_document(doc, options, cache=cache)


def _bare(data: bytes, options: Any) -> None:
    """Plain RapidOCR (same engine, same settings) over the same 200-dpi rasters."""
    import pymupdf

    from extractors.perception import raster
    from extractors.perception.ocr import get_engine
    from extractors.perception.perceive import worker_threads

    engine = get_engine(worker_threads(options), options.use_gpu)
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for page in doc:
            img = raster.render_rgb(page, options.ocr_dpi)
            engine._ocr(img[:, :, ::-1].copy(), use_det=True, use_cls=False, use_rec=True)


def _line(label: str, pages: int, wall: float, cpu: float) -> None:
    typer.echo(
        f"  {label:<28} {pages / wall:7.2f} pages/s  {wall / pages:7.3f} s/page  "
        f"{cpu / pages:7.3f} CPU s/page  peak RSS {_rss_mb():7.0f} MB"
    )


def bench_command(
    pages: Annotated[int, typer.Option("--pages", "-n", help="scanned pages to time")] = 4,
    corpus: Annotated[
        bool, typer.Option("--corpus", help="scanned pages from samples/corpus, not synthetic")
    ] = False,
    threads: Annotated[int, typer.Option(help="ONNX Runtime threads; 0 = auto")] = 0,
    compare: Annotated[
        bool,
        typer.Option("--compare-parallel", help="also time 1 process x 2 threads vs 2 x 1"),
    ] = False,
) -> None:
    """Time perception and print the figures (see module docstring)."""
    from extractors.options import PipelineOptions
    from extractors.perception.cache import PerceptionCache

    # Overhead and cache figures compare like with like: one process, the same threads.
    serial = PipelineOptions(workers=1, ocr_threads=threads)
    text_pdf, scan_pdf = synthetic_pdfs(pages)
    if corpus:
        scan_pdf = corpus_scans(pages) or scan_pdf
    typer.echo(f"perception bench: {pages} pages, 1 process, threads={threads or 'auto'}")

    wall, cpu = _timed(lambda: _perceive(text_pdf, serial))
    _line("text layer", pages, wall, cpu)

    t0 = time.perf_counter()
    warm = _first_pages(scan_pdf, 2)
    _bare(warm, serial)  # loads the models before anything is timed
    _perceive(warm, serial)
    typer.echo(f"  model load + warm-up         {time.perf_counter() - t0:7.2f} s")

    bare_wall, bare_cpu = _timed(lambda: _bare(scan_pdf, serial))
    _line("bare RapidOCR (det+rec)", pages, bare_wall, bare_cpu)

    with tempfile.TemporaryDirectory() as tmp:
        cache = PerceptionCache(Path(tmp))
        first_wall, first_cpu = _timed(lambda: _perceive(scan_pdf, serial, cache))
        _line("scanned, 200 dpi (OCR)", pages, first_wall, first_cpu)
        again_wall, again_cpu = _timed(lambda: _perceive(scan_pdf, serial, cache))
        _line("scanned, cache re-run", pages, again_wall, again_cpu)

    typer.echo(
        f"  pipeline / bare RapidOCR     {first_wall / bare_wall:7.2f} wall  "
        f"{first_cpu / max(bare_cpu, 1e-9):5.2f} CPU   (target <= 1.25)"
    )
    typer.echo(f"  cache re-run speed-up        {first_wall / again_wall:7.1f}x  (target >= 20x)")

    if compare:
        # Pool workers' CPU and memory are not in getrusage until they exit: wall only.
        for w, t in ((1, 2), (2, 1)):
            opts = PipelineOptions(workers=w, ocr_threads=t)
            _perceive(warm, opts)  # starts the processes and loads their models
            wall, _ = _timed(lambda o=opts: _perceive(scan_pdf, o))  # type: ignore[misc]
            typer.echo(
                f"  {w} process x {t} thread{'s' if t > 1 else ' '}       "
                f"{pages / wall:7.2f} pages/s  {wall / pages:7.3f} s/page"
            )
