"""Phone photos of a page: find the sheet's outline against what lies round it (a desk, a
lap, a darker background) and warp it flat to fill the frame, so OCR, rulings and seals see
a page as a scanner would. A flatbed scan (paper to the frame's edges) is left alone.

Corners are kept as fractions of the image's width and height, so the same flattening
applies to any rendering of the page.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]
Corners = list[tuple[float, float]]  # top-left, top-right, bottom-right, bottom-left; fractions

MIN_AREA, MAX_AREA = 0.45, 0.97  # of the frame the sheet covers in a photo
MIN_CONTRAST = 35.0  # grey levels between the sheet and what surrounds it
WORK_SIDE = 600  # pixels of the longer side the outline is looked for at


def find_page(img: Image) -> Corners | None:
    """The sheet's four corners when the image is a photo of a page lying on something
    darker, else None."""
    gray = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    h, w = gray.shape[:2]
    scale = WORK_SIDE / max(h, w)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    rim = np.concatenate(
        [small[:3].ravel(), small[-3:].ravel(), small[:, :3].ravel(), small[:, -3:].ravel()]
    )
    _, sheet = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # Print on the sheet is dark too: close it into the sheet.
    sheet = cv2.morphologyEx(sheet, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(sheet, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(outline) / float(small.shape[0] * small.shape[1])
    if not MIN_AREA <= area <= MAX_AREA:
        return None
    quad = cv2.approxPolyDP(outline, 0.02 * cv2.arcLength(outline, True), True)
    if len(quad) != 4 or not cv2.isContourConvex(quad):
        return None
    inside = np.zeros_like(small)
    cv2.drawContours(inside, [quad], -1, 255, -1)
    page_level = float(np.median(small[inside > 0]))
    if page_level - float(np.median(rim)) < MIN_CONTRAST:
        return None  # the frame's edge is paper too: a scan, not a photo
    pts = quad.reshape(4, 2).astype(np.float64) / scale
    return [(float(x / w), float(y / h)) for x, y in _ordered(pts)]


def _ordered(pts: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Top-left, top-right, bottom-right, bottom-left."""
    s, d = pts.sum(axis=1), pts[:, 1] - pts[:, 0]
    return np.array([pts[s.argmin()], pts[d.argmin()], pts[s.argmax()], pts[d.argmax()]])


def warp(img: Image, corners: Corners | None) -> Image:
    """The sheet within `corners` stretched flat over the whole frame (same size)."""
    if corners is None:
        return img
    h, w = img.shape[:2]
    src = np.array([(x * w, y * h) for x, y in corners], dtype=np.float32)
    dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    out = cv2.warpPerspective(
        img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return np.asarray(out, dtype=np.uint8)
