"""The text of one page with where each line lies (displayed-page points), for the viewer's
search and its text overlay: from the PDF's text layer for born-digital pages, from the
perception cache (what OCR read when the submission was processed) for scanned ones. Nothing
is read again by OCR here: a page whose OCR is no longer cached has no lines."""

from __future__ import annotations

import logging
from typing import Literal

import pymupdf
from pydantic import BaseModel

from extractors.perception import raster, textlayer
from extractors.perception.cache import PerceptionCache
from extractors.perception.keys import cached_reading
from extractors.perception.scanread import ScanRead
from extractors.types import PageView
from service.settings import Settings
from service.storage.blobs import BlobStore

log = logging.getLogger(__name__)


class TextLine(BaseModel):
    text: str
    bbox: tuple[float, float, float, float]


class PageText(BaseModel):
    source: Literal["text", "ocr", "none"]
    lines: list[TextLine]


def page_text(settings: Settings, sha256: str, number: int, source: str | None) -> PageText:
    """Lines of page `number` (1-based) of the stored original; `source` as the result says."""
    data = BlobStore(settings.blob_dir).read(sha256)
    options = settings.pipeline_options()
    # the stored original passed open_pdf's checks at ingest: open it as the page images do
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        page = doc[number - 1]
        view = PageView(
            number=number, width=page.rect.width, height=page.rect.height, source="text"
        )
        if source == "text":
            view.lines, view.rotation = textlayer.read_lines(page)
        else:
            found = cached_reading(
                PerceptionCache(settings.cache_dir),
                raster.page_fingerprint(doc, page),
                options,
                "ocr",
            )
            if found is None:
                return PageText(source="none", lines=[])
            try:
                read = ScanRead.from_json(found[0])
            except (KeyError, TypeError, ValueError):
                log.warning("unreadable perception cache entry for page %d", number)
                return PageText(source="none", lines=[])
            view.source, view.rotation, view.lines = "ocr", read.rotation, read.lines
            view.page_corners = read.page_corners
    lines = [TextLine(text=line.text, bbox=view.to_page_bbox(line.box)) for line in view.lines]
    return PageText(source=view.source, lines=[line for line in lines if line.text.strip()])
