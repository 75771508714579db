"""Printing helpers for evidence pages: two CJK faces, frames, label rows in several layouts."""

from __future__ import annotations

import random
from functools import cache

import pymupdf

A4W, A4H = 595.0, 842.0
FACES = ("china-s", "china-ss")


@cache
def font(face: str) -> pymupdf.Font:
    return pymupdf.Font(face)


def width(text: str, size: float, face: str) -> float:
    return float(font(face).text_length(text, fontsize=size))


def put(
    page: pymupdf.Page,
    at: tuple[float, float],
    text: str,
    size: float,
    face: str,
    *,
    bold: bool = False,
    colour: tuple[float, float, float] = (0, 0, 0),
) -> float:
    tw = pymupdf.TextWriter(page.rect)
    tw.append(at, text, font=font(face), fontsize=size)
    tw.write_text(page, color=colour, render_mode=2 if bold else 0)
    return width(text, size, face)


def centre(
    page: pymupdf.Page, y: float, text: str, size: float, face: str, bold: bool = False
) -> None:
    put(page, ((A4W - width(text, size, face)) / 2, y), text, size, face, bold=bold)


def wrap(text: str, limit: float, size: float, face: str) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if line and width(line + ch, size, face) > limit and ch not in "，。、；：）":
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


def frame(page: pymupdf.Page, rng: random.Random) -> None:
    style = rng.choice(["none", "single", "double", "double", "corners"])
    colour = rng.choice([(0.55, 0.4, 0.1), (0.1, 0.3, 0.55), (0.6, 0.1, 0.1), (0.2, 0.2, 0.2)])
    if style == "none":
        return
    m = rng.uniform(30, 48)
    page.draw_rect(pymupdf.Rect(m, m, A4W - m, A4H - m), color=colour, width=rng.uniform(1.5, 4))
    if style == "double":
        page.draw_rect(
            pymupdf.Rect(m + 8, m + 8, A4W - m - 8, A4H - m - 8), color=colour, width=0.8
        )
    if style == "corners":
        for x, y in ((m, m), (A4W - m, m), (m, A4H - m), (A4W - m, A4H - m)):
            page.draw_circle((x, y), 10, color=colour, width=1.2)


def spaced(label: str, rng: random.Random) -> str:
    """Labels are sometimes letter-spaced on certificates ("专 利 号")."""
    return " ".join(label) if len(label) <= 4 and rng.random() < 0.3 else label


def rows(
    page: pymupdf.Page,
    y: float,
    items: list[tuple[str, str]],
    size: float,
    face: str,
    rng: random.Random,
) -> tuple[float, dict[str, float]]:
    """Label/value rows in one of three layouts: inline "标签：值", a value column, or the
    value on the line under its label. Returns the y after them and each label's y."""
    layout = rng.choice(["inline", "column", "column", "below"])
    colon = rng.choice(["：", "：", ":", ""]) if layout != "below" else ""
    left = rng.uniform(80, 100)
    label_w = max(width(spaced(k, random.Random(0)) + "：", size, face) for k, _ in items)
    at: dict[str, float] = {}
    gap = size * rng.uniform(1.7, 2.2)
    for label, value in items:
        shown = spaced(label, rng) + colon
        at[label] = y
        if layout == "below":
            put(page, (left, y), shown, size, face, bold=True)
            y += gap * 0.8
            for line in wrap(value, A4W - 2 * left - 20, size, face):
                put(page, (left + 20, y), line, size, face)
                y += gap
            continue
        x = left + (label_w + 6 if layout == "column" else width(shown, size, face) + 2)
        put(page, (left, y), shown, size, face)
        for line in wrap(value, A4W - x - left, size, face):
            put(page, (x, y), line, size, face)
            y += gap
    return y, at
