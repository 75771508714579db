"""Stamp ink as masks: the inks offices stamp with on a colour scan (red from bright to dark and
faded pink, magenta-purple, blue), the mid-grey a coloured seal turns into on a grayscale scan,
and how to tell a grayscale or 1-bit scan from a colour one."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from extractors.marks.sealsize import SQUARE_MAX_MM, px
from extractors.types import GrayImage

Mask = npt.NDArray[np.bool_]
ARC_MM = 24.0  # the longest flat stretch of a seal's ring (an oval's long side)
RgbImage = npt.NDArray[np.uint8]


def _hsv_lead(img: RgbImage) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
    return hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2], img.astype(np.int16)


def red_mask(img: RgbImage) -> Mask:
    """Red and pink stamp ink, bright to dark: hue near red (two ranges around 0 in HSV), some
    saturation, and red clearly above green and blue (a paper tint is not a stamp). Faded
    stamps are pale pink, hence the low saturation floor; old dark-red ink stays above v 70."""
    h, s, v, rgb = _hsv_lead(img)
    lead = rgb[:, :, 0] - np.maximum(rgb[:, :, 1], rgb[:, :, 2])
    # Brown (a desk round a photographed page, wood, kraft paper) falls evenly from red to
    # green to blue; stamp red keeps green near blue, vermilion only a little above it.
    brown = rgb[:, :, 1] - rgb[:, :, 2] >= 0.35 * lead
    mask: Mask = ((h <= 12) | (h >= 160)) & (s >= 35) & (v >= 70) & (lead >= 30) & ~brown
    return mask


def ocr_red_mask(img: RgbImage) -> Mask:
    """The red ink hidden from OCR: bright to faded red only (v >= 90). Dark red is left, as
    painting it would also thin the black print under a seal, whose edges are dark red."""
    h, s, v, rgb = _hsv_lead(img)
    lead = rgb[:, :, 0] - np.maximum(rgb[:, :, 1], rgb[:, :, 2])
    mask: Mask = ((h <= 12) | (h >= 160)) & (s >= 35) & (v >= 90) & (lead >= 30)
    return mask


def purple_mask(img: RgbImage) -> Mask:
    """Magenta to purple stamp ink (hue between blue and red), red and blue both above green.
    Pale purple is as unsaturated as faded red (a lavender ring on cream paper: s ~50, half
    its ink below); no paper tint or pen is purple."""
    h, s, v, rgb = _hsv_lead(img)
    lead = np.minimum(rgb[:, :, 0], rgb[:, :, 2]) - rgb[:, :, 1]
    mask: Mask = (h >= 135) & (h < 160) & (s >= 35) & (v >= 70) & (lead >= 22)
    return mask


def blue_mask(img: RgbImage) -> Mask:
    """Blue stamp ink (and blue pen, which the shape tests then turn away)."""
    h, s, v, rgb = _hsv_lead(img)
    lead = rgb[:, :, 2] - np.maximum(rgb[:, :, 0], rgb[:, :, 1])
    # Pale blue stamps are barely saturated; paper is never bluer than it is red or green.
    mask: Mask = (h >= 95) & (h <= 130) & (s >= 25) & (v >= 60) & (lead >= 15)
    return mask


def stamp_inks(img: RgbImage) -> list[Mask]:
    """One mask per ink family: a seal is pressed in one ink, so each is searched alone."""
    return [red_mask(img) | purple_mask(img), blue_mask(img)]


# [real] The most a channel is brightened to take out the paper's tint: cream or recycled
# paper, a warm lamp over a phone photo (a paper at (243, 233, 199) needs 1.22).
MAX_TINT_GAIN = 1.5
# [generator] Gains below this leave the page as it is: the ink tests were set on paper up to
# this tint (sealbench's cream pages need 1.07; balancing them thinned faded pink below the red
# test). Real cream paper may sit on either side of it.
_NO_TINT = 1.12


def _tint_gains(img: RgbImage) -> np.ndarray:
    """Per channel, what brings the paper (the 90th percentile of a sample) to neutral."""
    sample = img[::8, ::8].reshape(-1, 3)
    paper = np.percentile(sample, 90, axis=0).astype(np.float32)
    gains: np.ndarray = np.clip(paper.max() / np.maximum(paper, 1.0), 1.0, MAX_TINT_GAIN)
    return gains


def white_balanced(img: RgbImage) -> RgbImage:
    """The page with the paper's tint taken out, so that ink's colour is judged against white
    paper (a pale red seal on cream paper is red, the cream is no colour); unchanged where the
    paper is white already. White (a deskew's filled corners) stays white."""
    gains = _tint_gains(img)
    if float(gains.max()) < _NO_TINT:
        return img
    levels = np.arange(256, dtype=np.float32)
    luts = [np.clip(levels * g, 0, 255).astype(np.uint8) for g in gains]
    channels = [cv2.LUT(np.ascontiguousarray(img[:, :, c]), luts[c]) for c in range(3)]
    return np.asarray(cv2.merge(channels), dtype=np.uint8)


def is_grayscale(img: RgbImage) -> bool:
    """A scan without colour: every channel nearly equal on a sample of pixels once the
    paper's own tint is taken out (a grey copy scanned in colour on cream paper is grey)."""
    sample = white_balanced(img[::8, ::8]).astype(np.int16)
    spread = sample.max(axis=2) - sample.min(axis=2)
    return float(np.mean(spread > 30)) < 0.0005


def is_binary(gray: GrayImage) -> bool:
    """A 1-bit scan (rendered back to grey): nearly every pixel is black or white."""
    sample = gray[::4, ::4]
    return float(np.mean((sample > 40) & (sample < 215))) < 0.02


def grey_ink(gray: GrayImage, dpi: float) -> Mask:
    """Mid-grey ink on a grayscale scan, where a red or blue seal lands: clearly darker than
    the paper, clearly lighter than printed black, and not the grey fringe round black text."""
    paper = float(np.percentile(gray[::4, ::4], 90))
    black = gray < min(95.0, paper - 110)
    fringe = cv2.dilate(black.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    mask: Mask = (gray < paper - 45) & ~fringe
    return mask & ~rulings(mask, dpi)


def bare_paper(gray: GrayImage) -> Mask:
    """Paper with nothing on it, on a grayscale scan: near the paper's own tone."""
    paper = float(np.percentile(gray[::4, ::4], 90))
    mask: Mask = gray >= paper - 40
    return mask


def rulings(mask: Mask, dpi: float) -> Mask:
    """Long straight horizontal and vertical strokes (table rulings, underlines), allowing a
    few degrees of skew; grey ones look like a seal's ink on a grayscale scan."""
    m = mask.astype(np.uint8)
    run, slack = max(10, int(0.4 * dpi)), max(3, int(dpi / 40))
    across = cv2.dilate(m, np.ones((slack, 1), np.uint8))
    down = cv2.dilate(m, np.ones((1, slack), np.uint8))
    lines = np.maximum(
        cv2.morphologyEx(across, cv2.MORPH_OPEN, np.ones((1, run), np.uint8)),
        cv2.morphologyEx(down, cv2.MORPH_OPEN, np.ones((run, 1), np.uint8)),
    )
    # A large seal's ring is nearly straight for a centimetre at its top, bottom and sides, and
    # a square seal's frame is straight: keep line pieces no longer than a seal's arc or frame.
    # (measured on a half-size copy: the pieces are long, and the page-sized labelling cost
    # as much as the rest of the ink finding)
    half = cv2.resize(lines, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(
        (half > 0).astype(np.uint8), connectivity=8
    )
    long_ = np.zeros(half.shape, np.uint8)
    for i in np.flatnonzero(stats[1:, 2:4].max(axis=1) > px(ARC_MM, dpi / 2)) + 1:
        x, y, bw, bh = (int(v) for v in stats[i][:4])
        if not _seal_piece(labels, int(i), (x, y, bw, bh), dpi / 2):
            crop = (slice(y, y + bh), slice(x, x + bw))
            long_[crop] |= (labels[crop] == i).astype(np.uint8)
    full = cv2.resize(long_, (lines.shape[1], lines.shape[0]), interpolation=cv2.INTER_NEAREST)
    out: Mask = cv2.dilate(full & lines, np.ones((3, 3), np.uint8)).astype(bool)
    return out


def _seal_piece(labels: np.ndarray, i: int, box: tuple[int, ...], dpi: float) -> bool:
    """A straight piece the size of a seal's: an arc's flat stretch (under ARC_MM long), or a
    square seal's closed frame (square, no wider than a square seal, empty in the middle,
    unlike a small table's grid)."""
    x, y, bw, bh = box
    long_side, short_side = max(bw, bh), min(bw, bh)
    if long_side <= px(ARC_MM, dpi):
        return True
    if long_side > px(SQUARE_MAX_MM + 3, dpi) or short_side < 0.8 * long_side:
        return False
    middle = labels[y + bh // 5 : y + bh - bh // 5, x + bw // 5 : x + bw - bw // 5]
    return not bool((middle == i).any())


def suppress(img: RgbImage, mask: Mask) -> RgbImage:
    """Copy of `img` with stamp ink (and its pale fringe) painted paper colour; dark pixels
    stay, since black text printed under a stamp is dark where they overlap."""
    if not mask.any():
        return img
    grown = cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    dark = img.max(axis=2) < 110
    paint = grown & ~dark
    paper = np.median(img[::16, ::16].reshape(-1, 3), axis=0).astype(np.uint8)
    out = img.copy()
    out[paint] = paper
    return out


def paper_like(img: RgbImage) -> Mask:
    """Plain paper or black print: what surrounds a seal's strokes, unlike a photograph's
    colours and mid-tones."""
    hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
    paper_v = float(np.percentile(hsv[::8, ::8, 2], 90))
    bright = (hsv[:, :, 2] >= paper_v - 55) & (hsv[:, :, 1] < 60)
    mask: Mask = bright | (hsv[:, :, 2] < 90)
    return mask
