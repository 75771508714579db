"""Confidence, made one way: each reader names what it saw (a ruled cell, a heading without
its number, a value wrapped onto the next row, a count stated approximately …) and this module
turns those features into a confidence in [0, 1]; the grade thresholds the UI and the review
queue use live here too, so a 0.8 means the same everywhere."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Final, Literal

# Below LOW a value needs a reviewer's look (counted in the queue, shown amber or red); at or
# above HIGH it is shown as sure.
LOW_CONFIDENCE: Final = 0.8
HIGH_CONFIDENCE: Final = 0.95

Grade = Literal["high", "mid", "low", "none"]

# What a feature does to a value's read confidence (multiplied in).
FACTORS: Final[dict[str, float]] = {
    "ruled_cell": 0.95,  # a form value in a cell its rulings bound
    "unruled_cell": 0.85,  # a form value placed by text alone
    "unnumbered_heading": 0.9,  # a heading without 一、/1. could be a stray short line
    "wrapped_value": 0.85,  # a cover value continued on the row below
    "trimmed_value": 0.85,  # stray characters (seal ink read as text) cut off a name
    "implausible_length": 0.5,  # a one-character unit or a paragraph as a person's name
    "under_seal": 0.85,  # a seal sits on the value: a character may be lost under it
    "printed_date": 0.95,  # a date found on the cover, not after a label
    "repaired_year": 0.6,  # a written year with one numeral lost, restored (二二二年 -> 2022)
}
# What a feature takes off a count's confidence (subtracted, before the read confidence).
PENALTIES: Final[dict[str, float]] = {
    "approximate": 0.2,  # 50余家, 超过1.2万
    "in_table": 0.05,  # read from a table row, not a sentence
    "off_preferred_section": 0.05,  # stated outside the section that reports it
    "conflict": 0.2,  # other statements give another figure
}


# How sure a check-box reading is, by what decided it (fixed levels: no read confidence
# underlies a box's ink).
BOX_READINGS: Final[dict[str, float]] = {
    "solid_box": 0.95,  # ■: filled in whole
    "between_levels": 0.55,  # ink between the empty and the ticked level
    "covered_by_text": 0.45,  # printed text over the box: its ink says nothing
    "overflowing_tick": 0.7,  # a tick mostly outside its box
    "overflowing_guess": 0.55,  # ... beside where a box that was not found should be
    "tick_glyph_no_box": 0.6,  # OCR read a tick where the box should be
    "ink_no_box": 0.55,  # ink where the box should be
    "no_box": 0.4,  # no outline, no tick: unticked, unsure
}


def box_reading(how: str) -> float:
    """The confidence of a check box read the way `how` names (BOX_READINGS)."""
    return BOX_READINGS[how]


def ticked_box(margin: float) -> float:
    """A box ticked clearly: surer the further its ink is above both the ticked level and the
    page's empty boxes."""
    return round(min(0.99, 0.8 + 2.0 * margin), 3)


def empty_box(room: float) -> float:
    """A box clearly empty: surer the further its ink is below the empty level."""
    return round(min(0.99, 0.85 + 5.0 * room), 3)


def grade(confidence: float | None) -> Grade:
    """The band a confidence falls in: high, mid, low, or none (not found / not stated)."""
    if confidence is None:
        return "none"
    if confidence >= HIGH_CONFIDENCE:
        return "high"
    if confidence >= LOW_CONFIDENCE:
        return "mid"
    return "low"


def needs_review(confidence: float | None) -> bool:
    """Found with low confidence: the queue counts it until a reviewer settles it."""
    return confidence is not None and confidence < LOW_CONFIDENCE


def weighed(base: float, features: Iterable[str], cap: float = 0.99) -> float:
    """`base` (how well the text was read or matched) times each named feature's factor."""
    value = base * math.prod(FACTORS[f] for f in features)
    return round(max(0.0, min(cap, value)), 3)


def mean_read(reads: Iterable[float], default: float = 0.5) -> float:
    """The average read confidence of a value's lines (`default` with none)."""
    values = list(reads)
    return sum(values) / len(values) if values else default


def count(weight: float, read: float, features: Iterable[str]) -> float:
    """A count's confidence: its phrasing's weight less each feature's penalty, times how
    well the sentence was read."""
    value = 0.95 * weight - sum(PENALTIES[f] for f in features)
    return round(max(0.05, min(1.0, value * read)), 2)
