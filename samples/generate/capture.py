"""Ways a page reaches us other than a clean flatbed scan: photographed by phone (a desk round
the sheet, perspective, uneven light, low resolution), binarised to 1 bit by the scanner, a
black border where the lid was open, punch holes, the back page showing through.

Each takes and returns an RGB uint8 image at the output resolution; `photograph` also says
where the page's corners landed so the truth can follow them.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

Corners = np.ndarray  # 4 x 2 float32: top-left, top-right, bottom-right, bottom-left


def photograph(img: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, Corners]:
    """The page photographed from a little off-centre: the sheet fills 78-92 % of the frame on
    a desk, its corners pulled by perspective, lit unevenly (one side and a soft shadow)."""
    h, w = img.shape[:2]
    fill = rng.uniform(0.78, 0.92)
    pw, ph = w * fill, h * fill
    x0, y0 = (
        (w - pw) / 2 + rng.uniform(-0.03, 0.03) * w,
        (h - ph) / 2 + rng.uniform(-0.03, 0.03) * h,
    )
    pull = 0.05 * min(w, h)  # how far perspective drags a corner
    dst = np.array([[x0, y0], [x0 + pw, y0], [x0 + pw, y0 + ph], [x0, y0 + ph]], dtype=np.float32)
    dst += rng.uniform(-pull, pull, size=(4, 2)).astype(np.float32)
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    desk = np.array([rng.uniform(60, 150), rng.uniform(50, 130), rng.uniform(40, 110)])
    base = np.ones_like(img, dtype=np.float32) * desk[None, None, :]
    base += rng.normal(0, 6, size=(h, w, 1)).astype(np.float32)  # wood grain / cloth
    warped = cv2.warpPerspective(
        img.astype(np.float32),
        m,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(-1, -1, -1),
    )
    out = np.where(warped[:, :, :1] < 0, base, warped)
    # light: brighter towards a window side, darker in a soft hand/phone shadow
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = np.cos(angle) * xx / w + np.sin(angle) * yy / h
    light = 1.0 - rng.uniform(0.15, 0.35) * (ramp - ramp.min()) / max(1e-6, np.ptp(ramp))
    sx, sy, sr = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.2, 0.5) * max(w, h)
    light -= rng.uniform(0.05, 0.18) * np.exp(-((xx - sx) ** 2 + (yy - sy) ** 2) / (2 * sr**2))
    out = out * light[:, :, None]
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.5, 1.0))  # a phone lens, a steady hand
    return np.clip(out, 0, 255).astype(np.uint8), dst


def binarise(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A scanner's 1-bit mode: a fixed threshold (colour and grey gone), as RGB for the caller."""
    gray = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    bw = np.where(gray < rng.uniform(150, 185), 0, 255).astype(np.uint8)
    return np.asarray(cv2.cvtColor(bw, cv2.COLOR_GRAY2RGB), dtype=np.uint8)


def black_border(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The lid left open: black bands along one or two edges."""
    out = img.copy()
    h, w = out.shape[:2]
    for edge in rng.choice(4, size=int(rng.integers(1, 3)), replace=False):
        band = int(rng.uniform(0.01, 0.04) * (w if edge in (1, 3) else h))
        shade = rng.uniform(5, 40)
        if edge == 0:
            out[:band] = shade
        elif edge == 2:
            out[h - band :] = shade
        elif edge == 1:
            out[:, w - band :] = shade
        else:
            out[:, :band] = shade
    return out


def punch_holes(img: np.ndarray, rng: np.random.Generator, dpi: float) -> np.ndarray:
    """Two or four filing holes near the left edge, dark where the scanner lid shows through."""
    out = img.copy()
    h = out.shape[0]
    r = int(3 * dpi / 25.4)  # 6 mm holes
    x = int(rng.uniform(9, 14) * dpi / 25.4)
    n = int(rng.choice([2, 4]))
    pitch = 80 * dpi / 25.4 if n == 2 else 70 * dpi / 25.4
    top = h / 2 - pitch * (n - 1) / 2
    shade = int(rng.uniform(20, 90))
    for k in range(n):
        cv2.circle(out, (x, int(top + k * pitch)), r, (shade, shade, shade), -1)
    return out


def bleed_through(img: np.ndarray, back: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The back page's ink showing faintly, mirrored, through thin paper."""
    mirrored = cv2.flip(cv2.resize(back, (img.shape[1], img.shape[0])), 1)
    ghost = 255.0 - mirrored.astype(np.float32)
    ghost = cv2.GaussianBlur(ghost, (0, 0), 2.0) * rng.uniform(0.08, 0.18)
    return np.clip(img.astype(np.float32) - ghost, 0, 255).astype(np.uint8)


def apply(img: np.ndarray, p: dict[str, Any], rng: np.random.Generator) -> np.ndarray:
    """The capture defects `p` asks for, on a page already degraded at p['dpi']."""
    dpi = float(p["dpi"])
    if p.get("punch_holes"):
        img = punch_holes(img, rng, dpi)
    if p.get("black_border"):
        img = black_border(img, rng)
    if p.get("photo"):
        img, _ = photograph(img, rng)
    if p.get("binarised"):
        img = binarise(img, rng)
    return img
