"""Open a PDF safely and enforce the limits, before any other stage sees it."""

from __future__ import annotations

import hashlib

import pymupdf

from extractors.options import PipelineOptions
from models.errors import EncryptedPDF, InvalidPDF, TooLarge, TooManyPages


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_pdf(data: bytes, options: PipelineOptions) -> pymupdf.Document:
    """Open `data` as a PDF or raise the input error that says why it cannot be read."""
    if len(data) > options.max_bytes:
        raise TooLarge(
            f"file is {len(data) / 1e6:.1f} MB; the limit is {options.max_bytes / 1e6:.1f} MB"
        )
    if not data.lstrip(b"\x00\t\n\r\f ")[:5].startswith(b"%PDF-"):
        raise InvalidPDF("not a PDF (no %PDF- header)")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")  # type: ignore[no-untyped-call]
    except Exception as exc:  # PyMuPDF raises several types for broken files
        raise InvalidPDF(f"corrupt PDF: {exc}") from exc
    try:
        _check_opened(doc, options)
    except BaseException:
        doc.close()  # type: ignore[no-untyped-call]
        raise
    return doc


def _check_opened(doc: pymupdf.Document, options: PipelineOptions) -> None:
    if doc.needs_pass or doc.is_encrypted:
        raise EncryptedPDF("the PDF is password-protected; upload an unencrypted copy")
    if doc.page_count == 0:
        raise InvalidPDF("corrupt PDF: no readable pages")
    if doc.page_count > options.max_pages:
        raise TooManyPages(f"the PDF has {doc.page_count} pages; the limit is {options.max_pages}")
    try:
        for index in range(doc.page_count):  # a broken page tree entry fails here, not later
            _ = doc.load_page(index).rect  # type: ignore[no-untyped-call]
    except Exception as exc:
        raise InvalidPDF(f"corrupt PDF: {exc}") from exc
