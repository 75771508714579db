"""Turn a born-digital submission into a scanned one: each page rasterised at 300 dpi, degraded
like a cheap office scanner (tint, skew, blur, noise, JPEG), and embedded as a full-page image.

Returns, per page, the clockwise rotation a reader must apply to see it upright.
"""

from __future__ import annotations

import random
from typing import Any

import cv2
import numpy as np
import pymupdf

from samples.generate import capture

_SRC_DPI = 300
_GARBAGE = "口囗日曰一丨丿乙十卜冂冖亠刂亻匚厂彳氵灬王丰木目田由甲申电鱼"


def _paper(rng: np.random.Generator, tint: bool) -> np.ndarray:
    if not tint:
        return np.array([250, 250, 248], dtype=np.float32) - rng.uniform(0, 6)
    r = rng.uniform(238, 251)  # aged paper: red highest, blue lowest, never green
    return np.array([r, r - rng.uniform(2, 8), r - rng.uniform(12, 30)], dtype=np.float32)


def degrade(img: np.ndarray, p: dict[str, Any], rng: np.random.Generator) -> np.ndarray:
    """A 300-dpi RGB page image -> a scanned-looking image at p['dpi'] (RGB or gray)."""
    h, w = img.shape[:2]
    ink = img.astype(np.float32) / 255.0
    # ink darkens and spreads a little; toner is never pure black
    ink = np.clip(ink ** rng.uniform(1.0, 1.5), 0, 1)
    paper = _paper(rng, bool(p["tint"]))
    out: np.ndarray[Any, Any] = (ink * paper[None, None, :]).astype(np.float32)
    out += rng.uniform(0, 18)  # toner floor: black prints as dark grey
    out = np.minimum(out, paper[None, None, :] + 2)
    # uneven illumination across the glass
    gx = np.linspace(rng.uniform(-12, 0), rng.uniform(-12, 0), w, dtype=np.float32)
    gy = np.linspace(rng.uniform(-8, 0), rng.uniform(-8, 0), h, dtype=np.float32)
    out += gx[None, :, None] + gy[:, None, None]
    angle = rng.uniform(-float(p["max_skew"]), float(p["max_skew"]))
    angle = float(p.get("page_skew", angle))  # drawn either way: the draws after stay put
    m = np.asarray(cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), dtype=np.float64)
    m[:, 2] += rng.uniform(-15, 15, size=2)
    border = tuple(float(v) for v in paper)
    out = cv2.warpAffine(out, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)
    if rng.random() < 0.25:  # the lid's shadow along one edge
        band = int(w * rng.uniform(0.01, 0.03))
        out[:, :band] = (
            out[:, :band] * np.linspace(0.35, 1.0, band, dtype=np.float32)[None, :, None]
        )
    # sensor noise before the optics blur and the resampling, as in the scanner itself;
    # added after, it would be white noise that no real scan shows (and JPEG cannot squeeze)
    out += rng.normal(0, rng.uniform(3.0, 6.0), size=out.shape[:2]).astype(np.float32)[:, :, None]
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.6, 1.1))
    dpi = int(p["dpi"])
    size = (round(w * dpi / _SRC_DPI), round(h * dpi / _SRC_DPI))
    out = cv2.resize(out, size, interpolation=cv2.INTER_AREA)
    dust = rng.random(out.shape[:2]) < rng.uniform(0.00002, 0.00015)
    out[dust] = rng.uniform(30, 90)
    out = np.clip(out, 0, 255).astype(np.uint8)
    if p["grayscale"]:
        return cv2.cvtColor(out, cv2.COLOR_RGB2GRAY)
    return out


def _orient(img: np.ndarray, rotation: int) -> np.ndarray:
    """Turn an upright image so that `rotation` clockwise degrees set it upright again."""
    if rotation == 180:
        return cv2.rotate(img, cv2.ROTATE_180)
    if rotation == 90:
        return cv2.rotate(img, cv2.ROTATE_90_COUNTERCLOCKWISE)
    if rotation == 270:
        return cv2.rotate(img, cv2.ROTATE_90_CLOCKWISE)
    return img


def _jpeg(img: np.ndarray, quality: int) -> bytes:
    if img.ndim == 3:
        img = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    ok, buf = cv2.imencode(
        ".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality, cv2.IMWRITE_JPEG_OPTIMIZE, 1]
    )
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()


def _png_1bit(img: np.ndarray) -> bytes:
    """A binarised page as scanners store it: one bit per pixel."""
    gray = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    ok, buf = cv2.imencode(
        ".png", np.where(gray < 128, 0, 255).astype(np.uint8), [cv2.IMWRITE_PNG_BILEVEL, 1]
    )
    if not ok:
        raise RuntimeError("PNG encoding failed")
    return buf.tobytes()


def captured(img: np.ndarray, p: dict[str, Any], rng: np.random.Generator) -> np.ndarray:
    """A degraded page with the capture defects of `p` (photo, 1 bit, borders, holes)."""
    if not any(p.get(k) for k in ("photo", "binarised", "black_border", "punch_holes")):
        return img
    rgb = img if img.ndim == 3 else cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)
    out = capture.apply(rgb, p, rng)
    return cv2.cvtColor(out, cv2.COLOR_RGB2GRAY) if img.ndim == 2 else out


def encode(img: np.ndarray, p: dict[str, Any]) -> bytes:
    """The page image as the device stores it: 1-bit PNG or JPEG."""
    if p.get("binarised"):
        return _png_1bit(img)
    return _jpeg(img, int(p["jpeg_quality"]))


def _garbage_layer(page: pymupdf.Page, rng: random.Random) -> None:
    """Invisible wrong text, like the OCR layer cheap scanner software adds."""
    y = 90.0
    while y < page.rect.height - 80:
        text = "".join(rng.choice(_GARBAGE) for _ in range(rng.randint(8, 30)))
        page.insert_text(
            (rng.uniform(60, 100), y), text, fontname="china-s", fontsize=11, render_mode=3
        )
        y += rng.uniform(18, 30)


def _rotations(n: int, p: dict[str, Any], rng: random.Random, backs: set[int]) -> list[int]:
    rot = [0] * n
    free = list(range(1, n)) if n > 1 else [0]
    free = [i for i in free if i not in backs] or free  # a blank page has no way up
    if p["upside_down"]:
        rot[rng.choice(free)] = 180
    if p["sideways"]:
        rest = [i for i in free if rot[i] == 0] or free
        rot[rng.choice(rest)] = rng.choice([90, 270])
    return rot


def _render(page: pymupdf.Page) -> np.ndarray:
    pix = page.get_pixmap(dpi=_SRC_DPI, alpha=False)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)


def _page_params(
    p: dict[str, Any], index: int, rng: random.Random, backs: dict[int, int]
) -> dict[str, Any]:
    """This page's settings: some pages of a `steep_skew` scan lie 3-5 degrees crooked."""
    q = dict(p)
    if p.get("steep_skew") and index not in backs and rng.random() < 0.4:
        q["page_skew"] = rng.choice([-1, 1]) * rng.uniform(3.0, 5.0)
    return q


def _ghost_source(index: int, n: int, p: dict[str, Any], backs: dict[int, int]) -> int | None:
    """Whose ink shows through page `index`: a blank back shows its front; on thin paper
    (`bleed_through`) every page shows the next one, the back of its sheet."""
    if index in backs:
        return backs[index]
    if p.get("bleed_through") and index + 1 < n and index + 1 not in backs:
        return index + 1
    return None


def scan_document(
    doc: pymupdf.Document, p: dict[str, Any], backs: dict[int, int] | None = None
) -> tuple[pymupdf.Document, list[int]]:
    """The scanned copy of `doc` and each page's truth rotation; `backs` maps each blank back
    a duplex scan added to the page on the sheet's front (its ink shows through, mirrored)."""
    backs = backs or {}
    rng = random.Random(int(p["seed"]))
    np_rng = np.random.default_rng(int(p["seed"]))
    more = random.Random(int(p["seed"]) + 1)  # the newer choices, apart from the older draws
    ghost_rng = np.random.default_rng(int(p["seed"]) + 1)
    rotations = _rotations(doc.page_count, p, rng, set(backs))
    out = pymupdf.open()
    for index, (page, rotation) in enumerate(zip(doc.pages(), rotations, strict=True)):
        img = _render(page)
        source = _ghost_source(index, doc.page_count, p, backs)
        if source is not None:
            img = capture.bleed_through(img, _render(doc[source]), ghost_rng)
        q = _page_params(p, index, more, backs)
        img = _orient(captured(degrade(img, q, np_rng), q, np_rng), rotation)
        w, h = page.rect.width, page.rect.height
        if rotation in (90, 270):
            w, h = h, w
        target = out.new_page(width=w, height=h)
        target.insert_image(target.rect, stream=encode(img, p))
        if p["garbage_text"]:
            _garbage_layer(target, rng)
    return out, rotations
