"""Whether a check box is ticked, from the ink inside it and just around it, judged against
the page's own empty boxes (outline blur and JPEG noise differ from scan to scan)."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.grade.confidence import box_reading, empty_box, ticked_box
from extractors.marks.boxes import Square


@dataclass(frozen=True, slots=True)
class TickLevels:
    """Ink shares (of a box, its outline left out) that separate ticked from empty boxes."""

    ticked: float  # at or above: ticked
    clear: float  # at or below: empty; in between the page's empty boxes decide
    halo_ticked: float  # in the bands above and below the box: a tick overflowing it


def empty_baseline(fills: list[float]) -> float:
    """Ink an empty box shows on this page (outline blur, JPEG noise): the lower boxes' level."""
    if not fills:
        return 0.0
    ordered = sorted(fills)
    return ordered[len(ordered) // 3]


def decide(square: Square, fill: float, empty: float, levels: TickLevels) -> tuple[bool, float]:
    """Ticked or not, and how sure, from the interior ink against the page's empty boxes."""
    if square.solid:
        return True, box_reading("solid_box")
    if fill >= levels.ticked and fill >= empty + levels.clear:
        return True, ticked_box(min(fill - levels.ticked, fill - empty))
    if fill <= levels.clear or fill <= empty + 0.5 * levels.clear:
        return False, empty_box(levels.clear - min(fill, levels.clear))
    # In between: nearer the ticked level or the empty one.
    mid = (levels.ticked + max(levels.clear, empty)) / 2
    return fill >= mid, box_reading("between_levels")


def overflowing(
    halo: float, empty_halo: float, fill: float, empty: float, levels: TickLevels
) -> bool:
    """A tick mostly outside its box: strokes above and below it (where no printed text
    is) with a trace inside, or so many strokes that none inside is needed."""
    if halo < empty_halo + levels.halo_ticked * 0.7:
        return False
    return halo >= 2 * levels.halo_ticked or (
        halo >= levels.halo_ticked and fill >= empty + 0.25 * levels.clear
    )
