"""Pen marks: signatures, handwritten words and checkbox ticks.

There is no handwriting font, so signatures are clusters of pressure-varying cursive strokes
(one per character, joined by thin lines) and handwritten words are printed glyphs slanted
and jittered one by one.
"""

from __future__ import annotations

import math
import random

import pymupdf

_INKS = ((0.05, 0.1, 0.45), (0.08, 0.08, 0.12), (0.1, 0.15, 0.55), (0.02, 0.02, 0.05))


def pen_colour(rng: random.Random) -> tuple[float, float, float]:
    return rng.choice(_INKS)


def _jit(rng: random.Random, p: pymupdf.Point, amount: float) -> pymupdf.Point:
    return pymupdf.Point(p.x + rng.uniform(-amount, amount), p.y + rng.uniform(-amount, amount))


def _bez(c: list[pymupdf.Point], t: float) -> pymupdf.Point:
    u = 1 - t
    return c[0] * (u**3) + c[1] * (3 * u * u * t) + c[2] * (3 * u * t * t) + c[3] * (t**3)


def _ribbon(
    shape: pymupdf.Shape,
    ctrl: list[pymupdf.Point],
    width: float,
    colour: tuple[float, float, float],
    rng: random.Random,
) -> None:
    """One pen stroke along a cubic: thin where the pen lands and lifts, heavier mid-way."""
    n = 16
    press = rng.uniform(0.25, 0.6)  # how sharply the pressure rises
    pts = [_bez(ctrl, i / n) for i in range(n + 1)]
    left, right = [], []
    for i, p in enumerate(pts):
        a, b = pts[max(i - 1, 0)], pts[min(i + 1, n)]
        d = b - a
        length = math.hypot(d.x, d.y) or 1.0
        normal = pymupdf.Point(-d.y / length, d.x / length)
        t = i / n
        w = width * (0.25 + 0.75 * math.sin(math.pi * t) ** press) * rng.uniform(0.9, 1.1) / 2
        left.append(p + normal * w)
        right.append(p - normal * w)
    shape.draw_polyline(left + right[::-1])
    shape.finish(color=colour, fill=colour, width=0.15, closePath=True)


def _glyph_strokes(
    rng: random.Random, x: float, top: float, w: float, h: float
) -> list[list[pymupdf.Point]]:
    """Cursive strokes of one character in the cell (x, top, w, h): 横 竖 撇 捺 loops."""

    def pt(u: float, v: float) -> pymupdf.Point:
        return pymupdf.Point(x + u * w, top + v * h)

    strokes = []
    for _ in range(rng.randint(4, 8)):
        kind = rng.choice(["heng", "heng", "shu", "pie", "na", "loop", "hook"])
        u, v = rng.uniform(0.05, 0.5), rng.uniform(0.1, 0.8)
        if kind == "heng":
            a, b = pt(u, v), pt(min(u + rng.uniform(0.4, 0.9), 1.1), v - rng.uniform(0, 0.1))
        elif kind == "shu":
            a, b = pt(u + 0.2, rng.uniform(0, 0.3)), pt(u + 0.22, rng.uniform(0.7, 1.05))
        elif kind == "pie":
            a, b = pt(u + 0.45, rng.uniform(0, 0.35)), pt(u - 0.05, rng.uniform(0.7, 1.0))
        elif kind == "na":
            a, b = pt(u, rng.uniform(0.2, 0.5)), pt(u + rng.uniform(0.5, 0.8), rng.uniform(0.8, 1))
        elif kind == "hook":
            a, b = pt(u + 0.3, 0.1), pt(u + 0.15, rng.uniform(0.75, 0.95))
        else:
            a, b = pt(u, v), pt(u + rng.uniform(0.1, 0.4), v + rng.uniform(-0.2, 0.2))
        d = b - a
        bend = pymupdf.Point(-d.y, d.x) * rng.uniform(-0.35, 0.35)
        if kind == "loop":
            bend = pymupdf.Point(0, -h * rng.uniform(0.4, 0.7))
            c1, c2 = a + bend + pymupdf.Point(w * 0.4, 0), b + bend - pymupdf.Point(w * 0.5, 0)
        else:
            c1, c2 = a + d * 0.33 + bend, a + d * 0.66 + bend * 0.6
        strokes.append([a, c1, c2, b])
    return strokes


def signature(
    page: pymupdf.Page,
    origin: pymupdf.Point,
    n_chars: int,
    rng: random.Random,
    height: float = 20.0,
) -> pymupdf.Rect:
    """A handwritten Chinese name from `origin` (left of its baseline); returns its box.

    There is no handwriting font: each character is a cluster of 4-8 overlapping cursive
    strokes (横 竖 撇 捺 hooks, loops) of varying pressure, joined by thin connecting lines,
    leaning right, with the surname often larger; sometimes a flourish underneath.
    """
    colour = pen_colour(rng)
    width = height * rng.uniform(0.05, 0.09)
    slant = rng.uniform(0.1, 0.4)
    cell = height * rng.uniform(0.8, 1.05)
    gap = cell * rng.uniform(-0.1, 0.15)  # cursive names crowd or overlap
    shape = page.new_shape()
    x = origin.x
    last: pymupdf.Point | None = None
    for i in range(n_chars):
        scale = rng.uniform(1.05, 1.25) if i == 0 else rng.uniform(0.85, 1.05)
        h, w = height * scale, cell * scale * rng.uniform(0.85, 1.1)
        top = origin.y - h + rng.uniform(-2, 2)
        for stroke in _glyph_strokes(rng, x, top, w, h):
            stroke = [pymupdf.Point(p.x + (origin.y - p.y) * slant, p.y) for p in stroke]
            if last is not None and rng.random() < 0.55:  # the pen does not lift
                mid = (last + stroke[0]) * 0.5 + pymupdf.Point(0, rng.uniform(-3, 3))
                _ribbon(shape, [last, mid, mid, stroke[0]], width * 0.35, colour, rng)
            _ribbon(shape, stroke, width * rng.uniform(0.7, 1.3), colour, rng)
            last = stroke[3]
        x += w + gap
    end_x = x
    if rng.random() < 0.5 and last is not None:  # a trailing flourish under the name
        end = pymupdf.Point(x + rng.uniform(5, 20), origin.y + rng.uniform(-2, 4))
        _ribbon(
            shape,
            [
                last,
                _jit(rng, pymupdf.Point(origin.x + cell, origin.y + 7), 4),
                _jit(rng, pymupdf.Point(end.x - cell, origin.y + 5), 4),
                end,
            ],
            width * 0.6,
            colour,
            rng,
        )
        end_x = max(end_x, end.x)
    shape.commit()
    return pymupdf.Rect(
        origin.x - 2, origin.y - height * 1.3 - 2, end_x + height * 0.5 + 4, origin.y + 10
    )


def handwrite(
    page: pymupdf.Page, origin: pymupdf.Point, text: str, rng: random.Random, size: float = 13.0
) -> pymupdf.Rect:
    """Write `text` glyph by glyph, slanted and wobbling, in pen colour."""
    colour = pen_colour(rng)
    shear = rng.uniform(0.25, 0.45)
    x, y = origin.x, origin.y
    for ch in text:
        fs = size * rng.uniform(0.9, 1.12)
        at = pymupdf.Point(x, y + rng.uniform(-1.5, 1.5))
        rot = pymupdf.Matrix(rng.uniform(-9, 9))
        lean = pymupdf.Matrix(1, 0, -shear, 1, 0, 0)
        page.insert_text(
            at,
            ch,
            fontname="china-s",
            fontsize=fs,
            color=colour,
            morph=(at, lean * rot),
            render_mode=2,
            border_width=0.02,
        )
        x += fs * (0.62 if ch.isascii() else 1.0) * rng.uniform(0.95, 1.15)
        y += rng.uniform(-0.6, 0.6)
    return pymupdf.Rect(origin.x, origin.y - size, x, origin.y + 3)


TICK_STYLES = ("check_glyph", "cross_glyph", "filled", "boxed_check", "hand")


def tick(page: pymupdf.Page, box: pymupdf.Rect, style: str, rng: random.Random) -> None:
    """Mark the checkbox `box` in `style` (one of TICK_STYLES)."""
    s = box.width
    if style == "check_glyph":
        fs = s * rng.uniform(1.2, 1.6)
        page.insert_text(
            (box.x0 - s * 0.1, box.y1 + s * 0.1),
            "√",
            fontname="china-s",
            fontsize=fs,
            color=(0, 0, 0),
            render_mode=2,
            border_width=0.04,
        )
    elif style == "cross_glyph":
        fs = s * 1.15
        page.insert_text(
            (box.x0 - s * 0.07, box.y1 - s * 0.02),
            "×",
            fontname="china-s",
            fontsize=fs,
            color=(0, 0, 0),
            render_mode=2,
            border_width=0.05,
        )
    elif style == "filled":
        inner = pymupdf.Rect(
            box.x0 + s * 0.15, box.y0 + s * 0.15, box.x1 - s * 0.15, box.y1 - s * 0.15
        )
        page.draw_rect(inner, color=None, fill=(0, 0, 0))
    elif style == "boxed_check":
        a = pymupdf.Point(box.x0 + s * 0.2, box.y0 + s * 0.5)
        b = pymupdf.Point(box.x0 + s * 0.42, box.y1 - s * 0.2)
        c = pymupdf.Point(box.x1 - s * 0.15, box.y0 + s * 0.18)
        page.draw_polyline([a, b, c], color=(0, 0, 0), width=s * 0.14)
    else:
        colour = pen_colour(rng)
        a = _jit(rng, pymupdf.Point(box.x0 - s * 0.1, box.y0 + s * 0.45), s * 0.15)
        b = _jit(rng, pymupdf.Point(box.x0 + s * 0.4, box.y1 + s * 0.05), s * 0.12)
        c = _jit(
            rng,
            pymupdf.Point(box.x1 + s * rng.uniform(0.3, 0.9), box.y0 - s * rng.uniform(0.3, 0.8)),
            s * 0.2,
        )
        shape = page.new_shape()
        shape.draw_bezier(a, _jit(rng, a + (b - a) * 0.5, s * 0.1), b, b)
        bend = pymupdf.Point(math.copysign(s * 0.1, rng.uniform(-1, 1)), 0)
        shape.draw_bezier(b, b + (c - b) * 0.4 + bend, b + (c - b) * 0.8, c)
        shape.finish(color=colour, width=rng.uniform(1.0, 1.6), lineCap=1, closePath=False)
        shape.commit()
