"""Page rasters: render a page as displayed, turn it upright (quarter turns, then a small
deskew), scale between resolutions, and fingerprint what a page draws for the cache."""

from __future__ import annotations

import hashlib
import re

import cv2
import numpy as np
import numpy.typing as npt
import pymupdf

from extractors.types import GrayImage

RgbImage = npt.NDArray[np.uint8]  # H x W x 3, RGB
IMAGE_DPI = 150  # PageView.image: enough for ticks, strokes and rulings, ~2 MB a page
A4_LONG_SIDE = 842.0  # points
# [real] Image-to-PDF tools size a page from the image's pixels and the resolution the file
# claims: 72 dpi for a phone photo (a 4032-pixel photo makes a 56-inch page), 600 for some
# scanners' files (a page smaller than a postcard). Paper here runs from A6 to A3 (long side
# 420 to 1191 pt); a page with images well outside these bounds is read as the A4 sheet it
# almost surely is, so that render sizes, and every size in millimetres, hold.
PAPER_LONG_SIDE = (360.0, 1400.0)

_ROTATE = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}
# Back-references that would pull the whole page tree (or the annotation's page) in.
_BACKREF = re.compile(rb"/(?:Parent|P|Prev|Next|First|Last|Dest|B)\s+\d+\s+\d+\s+R")
_REF = re.compile(rb"(\d+)\s+\d+\s+R\b")


def render_rgb(page: pymupdf.Page, dpi: float, clip: pymupdf.Rect | None = None) -> RgbImage:
    """The page as displayed (its /Rotate applied), RGB, white under transparency."""
    zoom = pymupdf.Matrix(dpi / 72.0, dpi / 72.0)  # type: ignore[no-untyped-call]
    pix = page.get_pixmap(matrix=zoom, colorspace=pymupdf.csRGB, alpha=False, clip=clip)
    img: RgbImage = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.h, pix.w, pix.n)
    return img[:, :, :3].copy() if pix.n != 3 else img.copy()


def paper_scale(page: pymupdf.Page, has_images: bool) -> float:
    """Points of the sheet the page is read as, per page point: 1 for a page of paper size
    (or without images: a born-digital page's size is its own), else long side to A4's."""
    long_side = max(float(page.rect.width), float(page.rect.height))
    low, high = PAPER_LONG_SIDE
    if not has_images or low <= long_side <= high:
        return 1.0
    return A4_LONG_SIDE / long_side


def render_size(page: pymupdf.Page, dpi: float) -> tuple[int, int]:
    """(width, height) in pixels of render_rgb(page, dpi), by MuPDF's own rounding."""
    zoom = dpi / 72.0
    box = (page.rect * pymupdf.Matrix(zoom, zoom)).irect  # type: ignore[no-untyped-call]
    return box.width, box.height


def scaled_render(
    img: npt.NDArray[np.uint8], page: pymupdf.Page, dpi: float
) -> npt.NDArray[np.uint8]:
    """A render of `page` (RGB or gray) at a higher dpi brought to exactly the size of
    render_rgb(page, dpi); unchanged when it is that size already."""
    size = render_size(page, dpi)
    if (img.shape[1], img.shape[0]) == size:
        return img
    return np.asarray(cv2.resize(img, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def to_gray(img: RgbImage) -> GrayImage:
    return np.asarray(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), dtype=np.uint8)


def turn(img: npt.NDArray[np.uint8], rotation: int) -> npt.NDArray[np.uint8]:
    """Rotate clockwise by a quarter-turn multiple (the PageView.rotation convention)."""
    code = _ROTATE.get(rotation % 360)
    if code is None:
        return img
    out = np.asarray(cv2.rotate(img, code), dtype=np.uint8)
    return out


def skew_matrix(shape: tuple[int, ...], angle: float) -> npt.NDArray[np.float64]:
    """Affine matrix that turns the image by `angle` degrees (counter-clockwise positive)
    about its centre, canvas unchanged; at any resolution it is the same page motion."""
    h, w = shape[:2]
    m = np.asarray(cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0), dtype=np.float64)
    return m


def deskew(img: npt.NDArray[np.uint8], angle: float) -> npt.NDArray[np.uint8]:
    """Undo a small scan skew; `angle` as measured by orientation.estimate_skew."""
    if abs(angle) < 0.05:
        return img
    h, w = img.shape[:2]
    fill = (255, 255, 255) if img.ndim == 3 else 255
    out = cv2.warpAffine(
        img,
        skew_matrix(img.shape, angle),
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=fill,
    )
    return np.asarray(out, dtype=np.uint8)


def rescale(img: npt.NDArray[np.uint8], from_dpi: float, to_dpi: float) -> npt.NDArray[np.uint8]:
    if abs(from_dpi - to_dpi) < 0.5:
        return img
    h, w = img.shape[:2]
    size = (max(1, round(w * to_dpi / from_dpi)), max(1, round(h * to_dpi / from_dpi)))
    return np.asarray(cv2.resize(img, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def upright(img: npt.NDArray[np.uint8], rotation: int, skew: float) -> npt.NDArray[np.uint8]:
    """Displayed raster -> upright raster: quarter turns first, then the deskew."""
    return deskew(turn(img, rotation), skew)


def page_fingerprint(doc: pymupdf.Document, page: pymupdf.Page) -> str:
    """sha256 over everything the page draws: its object, content streams and every object
    reachable from its resources and annotations (images, fonts, forms), plus its
    geometry. Cheap next to rendering, and two PDFs sharing a scanned page share it."""
    digest = hashlib.sha256()
    digest.update(f"{pymupdf.VersionBind}|{page.rotation}|{tuple(page.rect)}".encode())
    digest.update(repr(tuple(page.cropbox)).encode())
    seen: set[int] = set()
    todo = [page.xref]
    last: int = doc.xref_length()  # type: ignore[no-untyped-call]
    while todo:
        xref = todo.pop()
        if xref in seen or xref <= 0 or xref >= last:
            continue
        seen.add(xref)
        obj: str = doc.xref_object(xref, compressed=True)  # type: ignore[no-untyped-call]
        definition = obj.encode("latin-1", "replace")
        digest.update(b"%d|" % xref)
        digest.update(definition)
        if doc.xref_is_stream(xref):  # type: ignore[no-untyped-call]
            digest.update(doc.xref_stream_raw(xref) or b"")  # type: ignore[no-untyped-call]
        refs = _REF.findall(_BACKREF.sub(b"", definition))
        todo.extend(int(r) for r in reversed(refs))
    return digest.hexdigest()
