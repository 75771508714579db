"""The Annex 1 cover's seal: whether the lead unit sealed it, judged on the seals found on the
page, with the leader's own signature told apart from a seal."""

from __future__ import annotations

from extractors.marks.sealsize import OFFICIAL_MIN_MM
from extractors.text.rows import Row
from extractors.types import Box, PageView, SealFind
from models.result import Evidence, Field

# [real] A unit's official seal is 38-45 mm across (公章 rules); a mark without legible text
# smaller than that which holds the leader's signature is that signature's ink, not a seal.
_OFFICIAL_SEAL_MIN = OFFICIAL_MIN_MM / 25.4 * 72  # points


def sealed_field(view: PageView, unit_row: Row | None, signature: Box | None = None) -> Field:
    """unit_sealed: a seal on the cover, the one beside the unit's row first."""
    seals = [s for s in view.seals if not _is_the_signature(view, s, signature)]
    if not seals:
        # No seal found; surer when a page image was there to look at.
        return Field(value=False, confidence=0.85 if view.image is not None else 0.5)
    unit_box = unit_row.box if unit_row else None
    seal = max(
        seals,
        key=lambda s: (unit_box is not None and near(s.box, unit_box, 40.0), s.confidence),
    )
    beside = unit_box is not None and near(seal.box, unit_box, 40.0)
    confidence = seal.confidence * (1.0 if beside else 0.9)
    return Field(
        value=True,
        confidence=round(min(0.99, max(0.5, confidence)), 3),
        evidence=[
            Evidence(page=view.number, bbox=view.to_page_bbox(seal.box), text=seal.text or "seal")
        ],
    )


def _is_the_signature(view: PageView, seal: SealFind, signature: Box | None) -> bool:
    """A "seal" that is the leader's signature: no Chinese read in it, smaller than any official
    seal, and the signature's box (displayed-page points) mostly inside it."""
    # Seal text is Chinese; Latin letters read in a pen's strokes ("An") are not a seal's.
    legible = sum("\u4e00" <= ch <= "\u9fff" for ch in seal.text or "")
    if signature is None or legible >= 2:
        return False
    box = view.to_page_bbox(seal.box)
    small = max(box[2] - box[0], box[3] - box[1]) < _OFFICIAL_SEAL_MIN
    return small and inside(signature, box)


def inside(inner: Box, outer: Box) -> bool:
    """Most of `inner` lies within `outer`."""
    w = max(0.0, min(inner[2], outer[2]) - max(inner[0], outer[0]))
    h = max(0.0, min(inner[3], outer[3]) - max(inner[1], outer[1]))
    area = (inner[2] - inner[0]) * (inner[3] - inner[1])
    return area > 0 and w * h >= 0.6 * area


def near(a: Box, b: Box, margin: float) -> bool:
    """The boxes touch, or come within `margin` of each other."""
    return not (
        a[2] + margin < b[0] or b[2] + margin < a[0] or a[3] + margin < b[1] or b[3] + margin < a[1]
    )
