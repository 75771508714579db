"""Open a PDF safely and enforce the limits, before any other stage sees it. Anything MuPDF
cannot fully read (a page tree that lies, a truncated file it cannot repair) is InvalidPDF
here, so no later stage meets a half-readable document. A PDF with only an owner password
(permission flags, no password to open) is read: a reviewer needs its content, and reading it
needs no password."""

from __future__ import annotations

import hashlib
import logging
import math

import pymupdf

from extractors.options import PipelineOptions
from extractors.perception.raster import IMAGE_DPI
from models.errors import EncryptedPDF, InvalidPDF, PilotdocError, TooLarge, TooManyPages


class PageTooLarge(InvalidPDF):
    code = "page_too_large"


# MuPDF prints every repair it attempts to stderr; what matters reaches the caller as InvalidPDF.
pymupdf.TOOLS.mupdf_display_errors(False)  # type: ignore[no-untyped-call]


log = logging.getLogger(__name__)


def bounded_dpi(rect: pymupdf.Rect, dpi: float, max_pixels: int) -> float:
    """`dpi`, or the highest lower one at which a page of `rect` (points) stays within
    `max_pixels`: the one bound every page render obeys."""
    area = max(rect.width, 1.0) * max(rect.height, 1.0) / (72.0 * 72.0)  # square inches
    if area * dpi * dpi <= max_pixels:
        return dpi
    return max(1.0, math.floor(math.sqrt(max_pixels / area)))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_pdf(data: bytes, options: PipelineOptions) -> pymupdf.Document:
    """Open `data` as a PDF or raise the input error that says why it cannot be read."""
    if len(data) > options.max_bytes:
        raise TooLarge(
            f"文件大小 {len(data) / 1e6:.1f} MB，超过 {options.max_bytes / 1e6:.1f} MB 的上限"
        )
    if not data.lstrip(b"\x00\t\n\r\f ")[:5].startswith(b"%PDF-"):
        raise InvalidPDF("不是 PDF 文件（缺少 %PDF- 文件头）")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")  # type: ignore[no-untyped-call]
    except Exception as exc:  # PyMuPDF raises several types for broken files
        raise InvalidPDF(f"PDF 文件已损坏，无法读取（{exc}）") from exc
    try:
        _check_opened(doc, options)
    except PilotdocError:
        doc.close()  # type: ignore[no-untyped-call]
        raise
    except Exception as exc:  # MuPDF raises RuntimeError/ValueError for what it cannot read
        doc.close()  # type: ignore[no-untyped-call]
        raise InvalidPDF(f"PDF 文件已损坏，无法读取（{exc}）") from exc
    return doc


def _check_opened(doc: pymupdf.Document, options: PipelineOptions) -> None:
    if doc.needs_pass:  # a password is needed to open it (owner-only permissions are not)
        raise EncryptedPDF("PDF 已加密，需要密码才能打开；请上传未加密的版本")
    count = doc.page_count  # a lying /Count raises here
    if count <= 0:
        raise InvalidPDF("PDF 文件已损坏：没有可读的页面")
    if count > options.max_pages:
        raise TooManyPages(f"PDF 共 {count} 页，超过 {options.max_pages} 页的上限")
    dpi = max(options.ocr_dpi, IMAGE_DPI)  # the largest whole-page renders the pipeline makes
    for index in range(count):  # a broken page tree entry fails here, not in a later stage
        page = doc.load_page(index)  # type: ignore[no-untyped-call]
        # Reading the content streams makes MuPDF repair a broken xref now, not mid-pipeline
        # (where a repair that rebuilds the page tree left later pages "not in document").
        page.read_contents()
        rect = page.rect
        if not (rect.width > 0 and rect.height > 0):
            raise InvalidPDF(f"PDF 文件已损坏：第 {index + 1} 页没有页面尺寸")
        # Refused, not rendered smaller: every later stage maps pixels to points at its dpi.
        if bounded_dpi(rect, dpi, options.max_page_pixels) < dpi:
            raise PageTooLarge(
                f"第 {index + 1} 页尺寸过大（{rect.width:.0f}×{rect.height:.0f} pt），按 {dpi} dpi "
                f"渲染超过单页 {options.max_page_pixels / 1e6:g} M 像素的上限"
            )
    if doc.page_count != count:
        raise InvalidPDF(f"PDF 文件已损坏：页数记为 {count}，实际读出 {doc.page_count} 页")
