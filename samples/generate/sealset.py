"""A varied set of seal pages for measuring seal detection: body text, a ruled table and a
signature, 0-3 seals of every style (round, oval, square official seals, small name seals; red,
dark red, faded, purple, blue) pressed over text, rulings and the signature, some running off the
page; then scanned in colour or grey, binarised, or photographed by phone.

Truth is each seal's box in the captured image's pixels; a seal with less than 60 % of its
outline on the page is "partial": finding it is right, missing it is no error.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import pymupdf

from samples.generate import capture, ink, scan, seal
from samples.generate.content import SENTENCES
from samples.generate.vocab import vocab

A4 = pymupdf.Rect(0, 0, 595, 842)
_SRC_DPI = 300


@dataclass(slots=True)
class SealTruth:
    box: tuple[float, float, float, float]  # pixels of the captured image
    style: str  # "round/red" …
    partial: bool = False
    text: str = ""  # the name along the rim (or in rows, or a person's name)


@dataclass(slots=True)
class SealPage:
    image: np.ndarray  # RGB as captured (a grey or 1-bit capture has equal channels)
    dpi: float
    seals: list[SealTruth] = field(default_factory=list)
    capture: str = "colour"  # colour | gray | binarised | photo


def _sentences(rng: random.Random, n: int) -> list[str]:
    pool = [s for group in SENTENCES.values() for s in group]
    return [re.sub(r"\{[a-z0-9_]+\}", "示范", rng.choice(pool)) for _ in range(n)]


def _body(page: pymupdf.Page, rng: random.Random) -> pymupdf.Rect:
    """Wrapped body text on the upper half, a ruled table below; returns the table's box."""
    size = rng.choice([10.5, 11.0, 12.0])
    box = pymupdf.Rect(70, 70, 525, 420)
    text = "".join(_sentences(rng, 14))
    page.insert_textbox(box, text, fontname="china-s", fontsize=size, lineheight=1.6)
    top, rows, cols = rng.uniform(440, 500), rng.randint(4, 7), rng.randint(3, 5)
    height = rng.uniform(24, 34)
    table = pymupdf.Rect(70, top, 525, top + rows * height)
    for r in range(rows + 1):
        y = table.y0 + r * height
        page.draw_line((table.x0, y), (table.x1, y), width=0.8)
    for c in range(cols + 1):
        x = table.x0 + c * table.width / cols
        page.draw_line((x, table.y0), (x, table.y1), width=0.8)
    cells = _sentences(rng, rows * cols)
    for r in range(rows):
        for c in range(cols):
            x = table.x0 + c * table.width / cols + 4
            page.insert_text(
                (x, table.y0 + r * height + height * 0.65),
                cells[r * cols + c][:6],
                fontname="china-s",
                fontsize=10,
            )
    return table


def _place(
    rng: random.Random,
    style: seal.SealStyle,
    table: pymupdf.Rect,
    sign: pymupdf.Rect,
    taken: list[pymupdf.Rect],
) -> pymupdf.Point | None:
    """A centre over text, the table, the signature or off an edge, clear of other seals."""
    for _ in range(30):
        where = rng.choice(["text", "table", "sign", "edge"])
        if where == "text":
            c = pymupdf.Point(rng.uniform(120, 475), rng.uniform(110, 400))
        elif where == "table":
            c = pymupdf.Point(
                rng.uniform(table.x0 + 40, table.x1 - 40), rng.uniform(table.y0, table.y1)
            )
        elif where == "sign":
            c = sign.tl + pymupdf.Point(rng.uniform(0, sign.width), rng.uniform(0, sign.height))
        else:  # 60-85 % of the seal on the page
            off = rng.uniform(0.15, 0.4)
            side = rng.randrange(4)
            c = pymupdf.Point(rng.uniform(120, 475), rng.uniform(120, 720))
            if side == 0:
                c.x = -style.width * (off - 0.5)
            elif side == 1:
                c.x = A4.width + style.width * (off - 0.5)
            elif side == 2:
                c.y = A4.height + style.height * (off - 0.5)
            else:
                c.y = -style.height * (off - 0.5)
        r = pymupdf.Rect(
            c.x - style.width / 2,
            c.y - style.height / 2,
            c.x + style.width / 2,
            c.y + style.height / 2,
        )
        if not any(r.intersects(t) for t in taken):
            return c
    return None


def _draw(seed: int) -> tuple[pymupdf.Document, list[tuple[pymupdf.Rect, str, str]]]:
    rng = random.Random(seed)
    doc = pymupdf.open()
    page = doc.new_page(width=A4.width, height=A4.height)
    table = _body(page, rng)
    person = rng.choice(vocab()["surnames"]) + "".join(rng.sample(vocab()["given_chars"], 2))
    sign = ink.signature(page, pymupdf.Point(rng.uniform(90, 380), rng.uniform(700, 780)), 3, rng)
    n = rng.choices([0, 1, 2, 3], weights=[25, 40, 25, 10])[0]
    placed: list[tuple[pymupdf.Rect, str, str]] = []
    for k in range(n):
        kind = "name" if rng.random() < 0.25 else "official"
        style = seal.draw_style(rng, kind)
        centre = _place(rng, style, table, sign, [r for r, _, _ in placed])
        if centre is None:
            continue
        text = person if kind == "name" else rng.choice(vocab()["hospitals"] + vocab()["companies"])
        rect = seal.stamp(page, centre, text, rng, style=style)
        placed.append((rect, f"{style.shape}/{style.ink}", text))
        del k
    return doc, placed


def _capture_params(rng: random.Random) -> dict[str, Any]:
    mode = rng.choices(["colour", "gray", "binarised", "photo"], weights=[45, 20, 15, 20])[0]
    return {
        "mode": mode,
        "dpi": rng.choice([120, 135, 150]) if mode == "photo" else rng.choice([150, 200, 300]),
        "tint": rng.random() < 0.4,
        "grayscale": mode == "gray",
        "max_skew": 0.0,  # the scanner's skew is applied here, where truth can follow it
        "skew": rng.uniform(-5.0, 5.0),
        "photo": mode == "photo",
        "binarised": mode == "binarised",
        "black_border": rng.random() < 0.1,
        "punch_holes": rng.random() < 0.1,
        "jpeg_quality": rng.randint(20, 40) if mode == "photo" else rng.randint(35, 70),
    }


def seal_page(seed: int) -> SealPage:
    """One seal page, captured; deterministic in `seed`."""
    doc, placed = _draw(seed)
    rng = random.Random(seed + 1)
    p = _capture_params(rng)
    np_rng = np.random.default_rng(seed)
    pix = doc[0].get_pixmap(dpi=_SRC_DPI, alpha=False)
    src = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)
    img = scan.degrade(src, p, np_rng)
    img = img if img.ndim == 3 else cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)
    dpi = float(p["dpi"])
    s = dpi / 72.0
    seen = [_on_page(r) for r, _, _ in placed]
    boxes = [
        np.array([[r.x0, r.y0], [r.x1, r.y0], [r.x1, r.y1], [r.x0, r.y1]], dtype=np.float32) * s
        for r in (r & A4 for r, _, _ in placed)
    ]
    img, boxes = _skew(img, boxes, float(p["skew"]))
    if p["punch_holes"]:
        img = capture.punch_holes(img, np_rng, dpi)
    if p["black_border"]:
        img = capture.black_border(img, np_rng)
    if p["photo"]:
        img, corners = capture.photograph(img, np_rng)
        h, w = img.shape[:2]
        m = cv2.getPerspectiveTransform(
            np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32), corners
        )
        boxes = [cv2.perspectiveTransform(b[None], m)[0] for b in boxes]
    if p["binarised"]:
        img = capture.binarise(img, np_rng)
    img = _roundtrip(img, p)
    h, w = img.shape[:2]
    truths = []
    for quad, share, (_, style, text) in zip(boxes, seen, placed, strict=True):
        x0, y0 = max(0.0, float(quad[:, 0].min())), max(0.0, float(quad[:, 1].min()))
        x1, y1 = min(float(w), float(quad[:, 0].max())), min(float(h), float(quad[:, 1].max()))
        truths.append(SealTruth((x0, y0, x1, y1), style, share < 0.6, text))
    doc.close()
    return SealPage(img, dpi, truths, str(p["mode"]))


def _on_page(rect: pymupdf.Rect) -> float:
    """Share of a seal's box that lies on the page."""
    return float((rect & A4).get_area() / max(1e-6, rect.get_area()))


def _skew(
    img: np.ndarray, boxes: list[np.ndarray], angle: float
) -> tuple[np.ndarray, list[np.ndarray]]:
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    paper = tuple(float(v) for v in np.median(img[::16, ::16].reshape(-1, 3), axis=0))
    out = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=paper)
    moved = [cv2.transform(b[None], m)[0] for b in boxes]
    return np.asarray(out, dtype=np.uint8), moved


def _roundtrip(img: np.ndarray, p: dict[str, Any]) -> np.ndarray:
    """Through the device's encoding (JPEG, or 1-bit PNG) and back, as a PDF would carry it."""
    data = scan.encode(img, p)
    out = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if out is None:
        raise RuntimeError("the page image did not decode")
    return np.asarray(cv2.cvtColor(out, cv2.COLOR_BGR2RGB), dtype=np.uint8)
