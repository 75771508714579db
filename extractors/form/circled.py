"""A direction chosen by a ring drawn round its label instead of a tick in its box: pen strokes
in the clear bands just above and just below the label's text, where printed labels have none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import numpy as np
import numpy.typing as npt

# The bands, in text heights (an em at most) from the label's middle: printed CJK text stays
# within ±0.5, the row above or below starts past ±1.1 at the template's 1.7 line spacing.
_BAND = (0.62, 0.98)
# The label's first characters (方向N：, 其他方向) in ems: a ring round the label spans them.
_SPAN_EM = 4.0
# A ring's arc fills this share of a band, an empty band (scan noise, a stray dot) stays under
# `_EMPTY`; the other labels' bands tell the page's own noise.
_RING = 0.06
_EMPTY = 0.02
# A row of the band this full is a straight line (a table ruling, an underline to write on),
# not a ring's arc, which curves across the band: it is left out.
_STRAIGHT = 0.9


class _Anchor(Protocol):
    @property
    def x(self) -> float: ...
    @property
    def cy(self) -> float: ...
    @property
    def h(self) -> float: ...


def _band_ink(ink: npt.NDArray[np.bool_], a: _Anchor, em: float, sign: int) -> float:
    # A label's line box may be far taller than its text (1.3 em and more): at a tight line
    # spacing bands that tall reach the rows above and below. The text is an em high at most.
    h = min(a.h, em)
    y0 = a.cy + sign * _BAND[0] * h
    y1 = a.cy + sign * _BAND[1] * h
    top, bottom = int(min(y0, y1)), int(max(y0, y1)) + 1
    left, right = int(a.x), int(a.x + _SPAN_EM * em)
    height, width = ink.shape
    top, bottom = max(0, top), min(height, bottom)
    left, right = max(0, left), min(width, right)
    if bottom - top < 1 or right - left < 2:
        return 0.0
    band = ink[top:bottom, left:right]
    curved = band[band.mean(axis=1) < _STRAIGHT]
    return float(curved.sum()) / band.size


def circled(
    gray: npt.NDArray[np.uint8], level: int, anchors: Mapping[str, _Anchor], em: float
) -> set[str]:
    """Ids of the labels with a ring round them: ink in both bands, well above the page's
    other labels (a page with rings everywhere, or ruled bands, circles none)."""
    if not anchors or not np.isfinite(em):
        return set()
    ink = gray < level
    bands = {
        did: (_band_ink(ink, a, em, -1), _band_ink(ink, a, em, 1)) for did, a in anchors.items()
    }
    noise = float(np.median([max(b) for b in bands.values()]))
    if noise >= _EMPTY:
        return set()
    return {did for did, (above, below) in bands.items() if min(above, below) >= _RING}
