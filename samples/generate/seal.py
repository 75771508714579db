"""Red round official seals (公章): ring, star, unit name along the upper arc, ink texture.

The seal is drawn as vectors on a scratch page, rasterised, given uneven ink and laid on the
target page as a semi-transparent image, so the printed text under it stays partly visible.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pymupdf

_DPI = 200


def _star(shape: pymupdf.Shape, cx: float, cy: float, r: float) -> None:
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.382
        angle = math.radians(-90 + 36 * k)
        points.append(pymupdf.Point(cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    shape.draw_polyline([*points, points[0]])


def _draw_vector(page: pymupdf.Page, name: str, rng: random.Random, size: float) -> None:
    """The seal's geometry on a square scratch page of side `size`."""
    c = size / 2
    red = (0.85, 0.1, 0.12)
    ring = size * rng.uniform(0.028, 0.04)
    shape = page.new_shape()
    shape.draw_circle((c, c), c - ring)
    shape.finish(color=red, width=ring)
    if rng.random() < 0.3:  # double-ring seals
        shape.draw_circle((c, c), c - ring * 3.2)
        shape.finish(color=red, width=ring * 0.35)
    _star(shape, c, c, size * 0.15)
    shape.finish(color=red, fill=red, width=0)
    shape.commit()
    chars = list(name)
    span = min(250.0, 60 + 12.5 * len(chars))
    outer = c - ring * 2.4
    font_size = size * 0.14
    for _ in range(6):  # shrink until the glyphs fit along the arc without touching
        radius = outer - font_size * 0.9
        pitch = math.radians(span) * radius / len(chars)
        font_size = min(size * 0.14, pitch * 0.92)
    radius = outer - font_size * 0.9
    start = 90 + span / 2
    for i, ch in enumerate(chars):
        theta = start - span * (i + 0.5) / len(chars)
        rad = math.radians(theta)
        # glyph origin sits on the arc; rotate so the glyph's top points away from the centre
        px = c + radius * math.cos(rad)
        py = c - radius * math.sin(rad)
        rot = theta - 90
        origin = pymupdf.Point(px, py)
        shift = pymupdf.Point(-font_size / 2, 0) * pymupdf.Matrix(-rot)
        page.insert_text(
            origin + shift,
            ch,
            fontname="china-s",
            fontsize=font_size,
            color=red,
            morph=(origin + shift, pymupdf.Matrix(rot)),
            render_mode=2,
            border_width=0.06,
        )  # seal glyphs are cut bold
    if rng.random() < 0.45:
        label = rng.choice(["专用章", "科研专用章", "合同专用章", "业务专用章"])
        fs = size * 0.085
        width = fs * len(label)
        page.insert_text(
            (c - width / 2, c + size * 0.3), label, fontname="china-s", fontsize=fs, color=red
        )


def seal_image(name: str, rng: random.Random, size: float = 118.0) -> pymupdf.Pixmap:
    """An RGBA pixmap of a seal for `name` with ink texture; `size` is the diameter in points."""
    scratch = pymupdf.open()
    page = scratch.new_page(width=size, height=size)
    _draw_vector(page, name, rng, size)
    pix = page.get_pixmap(dpi=_DPI, alpha=True)
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 4)
    alpha = arr[:, :, 3].astype(np.float32) / 255.0
    np_rng = np.random.default_rng(rng.getrandbits(32))
    h, w = alpha.shape
    # ink is never even: low-frequency pressure variation plus fine speckle dropouts
    coarse = np_rng.random((max(h // 40, 2), max(w // 40, 2))).astype(np.float32)
    import cv2

    pressure = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    pressure = np.clip(0.55 + 0.6 * pressure, 0.2, 1.0)
    tilt = np.linspace(rng.uniform(0.6, 1.0), rng.uniform(0.6, 1.0), w, dtype=np.float32)
    speckle = (np_rng.random((h, w)) > rng.uniform(0.02, 0.12)).astype(np.float32)
    opacity = rng.uniform(0.7, 0.9)
    alpha = np.clip(alpha * pressure * tilt[None, :] * speckle * opacity, 0, 1)
    angle = rng.uniform(-25, 25)
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    alpha = np.asarray(cv2.warpAffine(alpha, matrix, (w, h)), dtype=np.float32)
    out = np.zeros((h, w, 4), dtype=np.uint8)
    red = (rng.randint(190, 225), rng.randint(20, 50), rng.randint(30, 60))
    for k in range(3):  # PyMuPDF expects premultiplied colour
        out[:, :, k] = (alpha * red[k]).astype(np.uint8)
    out[:, :, 3] = (alpha * 255).astype(np.uint8)
    scratch.close()
    return pymupdf.Pixmap(pymupdf.csRGB, w, h, out.tobytes(), 1)


def stamp(
    page: pymupdf.Page,
    centre: pymupdf.Point,
    name: str,
    rng: random.Random,
    size: float | None = None,
) -> pymupdf.Rect:
    """Press a seal for `name` centred near `centre`; returns where it landed."""
    size = size or rng.uniform(105, 128)
    jitter = pymupdf.Point(rng.uniform(-8, 8), rng.uniform(-8, 8))
    c = centre + jitter
    rect = pymupdf.Rect(c.x - size / 2, c.y - size / 2, c.x + size / 2, c.y + size / 2)
    page.insert_image(rect, pixmap=seal_image(name, rng, size), overlay=True)
    return rect
