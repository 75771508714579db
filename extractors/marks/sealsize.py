"""The sizes a seal comes in, for every seal finder (one place, so they agree): official seals
are 38-45 mm, oval ones up to ~50 mm wide, a few larger; name seals start near 10 mm."""

from __future__ import annotations

MIN_MM = 9.0  # the smallest name seal
MAX_MM = 75.0  # the largest seal looked for
ROUND_MIN_MM = 12.0  # a ring smaller than this is a letter's bowl, not a seal
SQUARE_MAX_MM = 45.0  # square official seals and name seals
HOUGH_MIN_MM = 18.0  # rings found by the Hough transform alone: smaller ones imagined in text
OFFICIAL_MIN_MM = 30.0  # a unit's seal is no smaller (38 mm and up, less a partial find)


def mm(px: float, dpi: float) -> float:
    return px / dpi * 25.4


def px(mm_: float, dpi: float) -> float:
    return mm_ / 25.4 * dpi
