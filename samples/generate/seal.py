"""Seals as offices and people press them: round official seals (公章, 38-45 mm, ring, star,
the unit's name along the upper arc), oval ones (发票专用章, 合同专用章: a name along the arc,
a tax number and the seal's purpose across the middle), square ones (财务专用章) and small
square name seals (名章, 12-22 mm, 朱文 red letters or 白文 paper letters on red), in bright
or dark red, faded pink, purple or blue ink.

Each seal is drawn as black vectors on a scratch page, rasterised, and the darkness becomes the
alpha of the ink colour, with uneven pressure and speckle, turned a little, then laid on the
target page as a semi-transparent image so the printed text under it stays partly visible.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
import pymupdf

_DPI = 200
_MM = 72 / 25.4
_INKS: dict[str, tuple[tuple[int, int], tuple[int, int], tuple[int, int], tuple[float, float]]] = {
    # channel ranges (r, g, b) and opacity range
    "red": ((190, 225), (20, 50), (30, 60), (0.7, 0.9)),
    "dark_red": ((130, 165), (15, 35), (25, 45), (0.75, 0.95)),
    "faded": ((215, 240), (95, 140), (115, 160), (0.45, 0.65)),
    "purple": ((120, 150), (30, 55), (120, 160), (0.6, 0.85)),
    "blue": ((20, 55), (45, 90), (140, 200), (0.65, 0.9)),
}
_SERIF_BOLD = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
_PURPOSES = ("专用章", "科研专用章", "合同专用章", "业务专用章")
_TAX_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass(frozen=True, slots=True)
class SealStyle:
    """What one seal looks like; sizes in points."""

    shape: str  # "round" | "oval" | "square" | "name"
    width: float
    height: float
    ink: str  # a key of _INKS
    label: str | None = None  # the purpose across the lower middle (专用章, 发票专用章 …)
    double_ring: bool = False
    # The submissions' default seal draws its ring and purpose while drawing, in the order the
    # generator always drew them, so a seed's other pages stay what they were.
    drawn_late: bool = False
    white_letters: bool = False  # name seals: 白文 (letters cut out of a red ground)
    serif: bool = False  # Noto Serif CJK Bold where the system has it, else china-s


def round_style(rng: random.Random, size: float | None = None, ink: str = "red") -> SealStyle:
    """The classic round official seal; the generator's only seal before (hence the default)."""
    d = size or rng.uniform(105, 128)
    label = rng.choice(_PURPOSES) if rng.random() < 0.45 else None
    return SealStyle("round", d, d, ink, label, double_ring=rng.random() < 0.3)


def draw_style(rng: random.Random, kind: str = "official") -> SealStyle:
    """A seal drawn from the variety offices use. `kind`: "official" (a unit's seal: round
    most often, else oval or square) or "name" (a person's small square seal)."""
    ink = rng.choices(list(_INKS), weights=[50, 18, 14, 6, 12])[0]
    serif = rng.random() < 0.4
    if kind == "name":
        side = rng.uniform(12, 22) * _MM
        return SealStyle(
            "name",
            side,
            side * rng.uniform(0.95, 1.1),
            ink,
            None,
            white_letters=rng.random() < 0.5,
            serif=serif,
        )
    shape = rng.choices(["round", "oval", "square"], weights=[60, 28, 12])[0]
    if shape == "round":
        return replace(round_style(rng, rng.uniform(38, 45) * _MM, ink), serif=serif)
    if shape == "oval":
        w = rng.uniform(40, 45) * _MM
        label = rng.choice(["发票专用章", "合同专用章", "财务专用章"])
        return SealStyle("oval", w, w * rng.uniform(0.66, 0.78), ink, label, serif=serif)
    side = rng.uniform(30, 40) * _MM
    return SealStyle("square", side, side, ink, rng.choice(["财务专用章", "专用章"]), serif=serif)


def _font(page: pymupdf.Page, style: SealStyle) -> str:
    if style.serif and _SERIF_BOLD.exists():
        page.insert_font(fontname="sealserif", fontfile=str(_SERIF_BOLD))
        return "sealserif"
    return "china-s"


def _glyph(
    page: pymupdf.Page,
    font: str,
    at: pymupdf.Point,
    ch: str,
    size: float,
    rot: float,
    colour: tuple[float, float, float] = (0, 0, 0),
) -> None:
    """One glyph centred on `at`, its top turned `rot` degrees (counter-clockwise) from up."""
    origin = at + pymupdf.Point(-size / 2, size * 0.35) * pymupdf.Matrix(-rot)
    page.insert_text(
        origin,
        ch,
        fontname=font,
        fontsize=size,
        color=colour,
        morph=(origin, pymupdf.Matrix(rot)),
        render_mode=2,
        border_width=0.05,
    )  # seal glyphs are cut bold


def _star(shape: pymupdf.Shape, cx: float, cy: float, r: float) -> None:
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.382
        angle = math.radians(-90 + 36 * k)
        points.append(pymupdf.Point(cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    shape.draw_polyline([*points, points[0]])


def _arc_text(
    page: pymupdf.Page,
    font: str,
    text: str,
    centre: pymupdf.Point,
    a: float,
    b: float,
    span: float,
    size: float,
) -> None:
    """`text` along the upper arc of the ellipse (a, b) round `centre`, letter tops outward."""
    n = len(text)
    for i, ch in enumerate(text):
        theta = math.radians(90 + span / 2 - span * (i + 0.5) / n)
        at = centre + pymupdf.Point(a * math.cos(theta), -b * math.sin(theta))
        normal = math.degrees(math.atan2(a * math.sin(theta), b * math.cos(theta)))
        _glyph(page, font, at, ch, size, normal - 90)


def _centred_row(
    page: pymupdf.Page, font: str, text: str, cx: float, cy: float, size: float
) -> None:
    for i, ch in enumerate(text):
        _glyph(page, font, pymupdf.Point(cx + (i - (len(text) - 1) / 2) * size, cy), ch, size, 0)


def _ring_seal(page: pymupdf.Page, text: str, style: SealStyle, rng: random.Random) -> None:
    """Round and oval seals: ring(s), star or tax number, name along the arc, purpose."""
    w, h = page.rect.width, page.rect.height
    c = pymupdf.Point(w / 2, h / 2)
    ring = min(w, h) * rng.uniform(0.028, 0.04)
    font = _font(page, style)
    shape = page.new_shape()
    inset = ring / 2 + 1
    shape.draw_oval(pymupdf.Rect(inset, inset, w - inset, h - inset))
    shape.finish(color=(0, 0, 0), width=ring)
    double = rng.random() < 0.3 if style.drawn_late else style.double_ring
    if double:
        shape.draw_oval(
            pymupdf.Rect(
                inset + ring * 2.6,
                inset + ring * 2.6,
                w - inset - ring * 2.6,
                h - inset - ring * 2.6,
            )
        )
        shape.finish(color=(0, 0, 0), width=ring * 0.35)
    if style.shape == "round":
        _star(shape, c.x, c.y, w * 0.15)
        shape.finish(color=(0, 0, 0), fill=(0, 0, 0), width=0)
    shape.commit()
    span = min(250.0, 60 + 12.5 * len(text)) if style.shape == "round" else 180.0
    a, b = w / 2 - ring * 2.4, h / 2 - ring * 2.4
    size = min(w, h) * 0.14
    for _ in range(6):  # shrink until the glyphs fit along the arc without touching
        pitch = math.radians(span) * (math.sqrt(a * b) - size * 0.9) / len(text)
        size = min(min(w, h) * 0.15, pitch * 0.92)
    _arc_text(page, font, text, c, a - size * 0.75, b - size * 0.75, span, size)
    if style.shape == "oval":
        number = "".join(rng.choice(_TAX_CHARS) for _ in range(18))
        _centred_row(page, font, number, c.x, c.y + h * 0.08, min(w * 0.036, h * 0.08))
    label = style.label
    if style.drawn_late:
        label = rng.choice(_PURPOSES) if rng.random() < 0.45 else None
    if label:
        fs = min(w, h) * (0.085 if style.shape == "round" else 0.12)
        _centred_row(page, font, label, c.x, c.y + h * 0.3, fs)


def _square_seal(page: pymupdf.Page, text: str, style: SealStyle, rng: random.Random) -> None:
    """Square official seals: a frame, the name in rows, the purpose below."""
    w, h = page.rect.width, page.rect.height
    font = _font(page, style)
    frame = w * rng.uniform(0.03, 0.045)
    page.draw_rect(pymupdf.Rect(frame, frame, w - frame, h - frame), color=(0, 0, 0), width=frame)
    lines = [text[i : i + 5] for i in range(0, len(text), 5)][:3]
    if style.label:
        lines.append(style.label)
    size = min((w - 6 * frame) / max(len(s) for s in lines), (h - 6 * frame) / len(lines)) * 0.9
    top = h / 2 - (len(lines) - 1) * size * 1.1 / 2
    for k, line in enumerate(lines):
        _centred_row(page, font, line, w / 2, top + k * size * 1.1, size)


def _name_seal(page: pymupdf.Page, text: str, style: SealStyle, rng: random.Random) -> None:
    """名章: two or three letters of a name plus 印 or 之印, read right column first."""
    w, h = page.rect.width, page.rect.height
    font = _font(page, style)
    name = text[:3]
    letters = name + ("印" if len(name) == 3 else "之印")
    frame = w * rng.uniform(0.05, 0.09)
    ink, paper = (0.0, 0.0, 0.0), (1.0, 1.0, 1.0)
    if style.white_letters:
        page.draw_rect(page.rect, color=ink, fill=ink, width=0)
    else:
        page.draw_rect(pymupdf.Rect(frame, frame, w - frame, h - frame), color=ink, width=frame)
    inner = pymupdf.Rect(2 * frame, 2 * frame, w - 2 * frame, h - 2 * frame)
    cell_w, cell_h = inner.width / 2, inner.height / 2
    size = min(cell_w, cell_h) * 0.95
    for k, ch in enumerate(letters[:4]):
        col, row = 1 - k // 2, k % 2  # right column top-down, then the left column
        at = pymupdf.Point(inner.x0 + (col + 0.5) * cell_w, inner.y0 + (row + 0.5) * cell_h)
        _glyph(page, font, at, ch, size, 0, paper if style.white_letters else ink)


def seal_image(text: str, rng: random.Random, style: SealStyle) -> pymupdf.Pixmap:
    """An RGBA pixmap of the seal with ink texture, on a canvas with room to turn it."""
    scratch = pymupdf.open()
    page = scratch.new_page(width=style.width, height=style.height)
    draw = {"round": _ring_seal, "oval": _ring_seal, "square": _square_seal, "name": _name_seal}
    draw[style.shape](page, text, style, rng)
    pix = page.get_pixmap(dpi=_DPI, alpha=False)
    gray = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)[:, :, 0]
    scratch.close()
    pad = int(0.25 * max(gray.shape))
    alpha = np.pad(1.0 - gray.astype(np.float32) / 255.0, pad)
    np_rng = np.random.default_rng(rng.getrandbits(32))
    h, w = alpha.shape
    # ink is never even: low-frequency pressure variation plus fine speckle dropouts
    coarse = np_rng.random((max(h // 40, 2), max(w // 40, 2))).astype(np.float32)
    pressure = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    pressure = np.clip(0.55 + 0.6 * pressure, 0.2, 1.0)
    tilt = np.linspace(rng.uniform(0.6, 1.0), rng.uniform(0.6, 1.0), w, dtype=np.float32)
    speckle = (np_rng.random((h, w)) > rng.uniform(0.02, 0.12)).astype(np.float32)
    red, green, blue, opacity = _INKS[style.ink]
    alpha = np.clip(alpha * pressure * tilt[None, :] * speckle * rng.uniform(*opacity), 0, 1)
    angle = rng.uniform(-25, 25) if style.shape in ("round", "oval") else rng.uniform(-8, 8)
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    alpha = np.asarray(cv2.warpAffine(alpha, matrix, (w, h)), dtype=np.float32)
    colour = (rng.randint(*red), rng.randint(*green), rng.randint(*blue))
    out = np.zeros((h, w, 4), dtype=np.uint8)
    for k in range(3):  # PyMuPDF expects premultiplied colour
        out[:, :, k] = (alpha * colour[k]).astype(np.uint8)
    out[:, :, 3] = (alpha * 255).astype(np.uint8)
    return pymupdf.Pixmap(pymupdf.csRGB, w, h, out.tobytes(), 1)


def stamp(
    page: pymupdf.Page,
    centre: pymupdf.Point,
    name: str,
    rng: random.Random,
    size: float | None = None,
    style: SealStyle | None = None,
) -> pymupdf.Rect:
    """Press a seal for `name` centred near `centre`; returns where its ink landed (the
    seal's own outline before the small turn, which may run off the page)."""
    if style is None:
        d = size or rng.uniform(105, 128)
        style = SealStyle("round", d, d, "red", drawn_late=True)
    jitter = pymupdf.Point(rng.uniform(-8, 8), rng.uniform(-8, 8))
    c = centre + jitter
    pix = seal_image(name, rng, style)
    half_w, half_h = pix.width * 36 / _DPI, pix.height * 36 / _DPI  # seal plus room to turn
    canvas = pymupdf.Rect(c.x - half_w, c.y - half_h, c.x + half_w, c.y + half_h)
    page.insert_image(canvas, pixmap=pix, overlay=True)
    w, h = style.width / 2, style.height / 2
    return pymupdf.Rect(c.x - w, c.y - h, c.x + w, c.y + h)
