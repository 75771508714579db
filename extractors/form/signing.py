"""The form's signing row: is there handwriting beside 负责人（签名）, and a seal on the
申报主体单位（盖章） cell (the seal finder's, or the fallback ring and seal words).
"""

from __future__ import annotations

from extractors.form.cells import label_line, right_of
from extractors.form.page import FormPage, evidence
from extractors.marks.level import Level
from extractors.marks.seal_rings import seal_blot
from extractors.text.normalize import compact
from extractors.types import Box, Line
from extractors.vocabulary import vocabulary
from models.result import Evidence, Field

try:  # written alongside this module; the form still reads without it
    from extractors.marks.signatures import detect_signature as _detect_signature
except ImportError:  # pragma: no cover
    _detect_signature = None  # type: ignore[assignment]


def leader_signed(page: FormPage) -> Field | None:
    """Handwriting beside the leader's signing label (None without the label)."""
    hit = page.first("leader_signed")
    if hit is None or _detect_signature is None:
        return None
    label = label_line(hit)
    found = _detect_signature(page.view, label)
    present, conf = bool(found.present), round(float(found.confidence), 3)
    if (
        present
        and found.box is not None
        and hit.cell.ruled
        and not _inside(found.box, hit.cell.box)
    ):
        # Ink outside the signing cell (a ruling's edge, the row above) is no signature.
        present, conf = False, 0.6
    box = found.box if present and found.box is not None else label.box
    return Field(
        value=present,
        confidence=conf,
        evidence=[
            Evidence(page=page.view.number, bbox=page.view.to_page_bbox(box), text=label.text)
        ],
    )


def _inside(box: Box, cell: Box) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return cell[0] <= cx <= cell[2] and cell[1] <= cy <= cell[3]


def _sealing_area(page: FormPage) -> tuple[Box, Line] | None:
    """The unit's sealing cell and its label; when the seal hides the label from OCR, the
    cell right of the leader's signing cell (the signing row's other half)."""
    hit = page.first("unit_sealed")
    if hit is not None:
        label = label_line(hit)
        if hit.cell.ruled:
            return hit.cell.box, label
        h = label.box[3] - label.box[1]
        x0, y0, x1, y1 = label.box
        return (x0 - h, y0 - 5 * h, x1 + 12 * h, y1 + 6 * h), label
    signing = page.first("leader_signed")
    if signing is None:
        return None
    label = label_line(signing)
    if signing.cell.ruled:
        right = right_of(signing.cell, page.cells, set())
        return (right[0].box, label) if right else None
    h = label.box[3] - label.box[1]
    x0, y0, x1, y1 = label.box
    return (x1 + 8 * h, y0 - 5 * h, page.view.upright_size[0], y1 + 6 * h), label


def unit_sealed(page: FormPage) -> Field | None:
    """A seal on the unit's sealing cell (None without the signing row)."""
    found = _sealing_area(page)
    if found is None:
        return None
    area, label = found
    near = [s for s in page.view.seals if _covers(area, s.box)]
    if near:
        best = max(near, key=lambda s: s.confidence)
        return Field(
            value=True,
            confidence=round(best.confidence, 3),
            evidence=[
                Evidence(
                    page=page.view.number,
                    bbox=page.view.to_page_bbox(best.box),
                    text=best.text or label.text,
                )
            ],
        )
    # The seal finder may miss a grey seal on a grayscale scan: its words read by OCR, or a
    # round stamp-sized blot of ink in the cell, still show it.
    words = [
        ln
        for c in page.cells
        if _covers(area, c.box)
        for ln in c.lines
        if any(w in compact(ln.text) for w in vocabulary().seal_words)
    ]
    level = page.grid.level if page.grid is not None else Level.of(page.view, 0.0)
    blot = seal_blot(page.view, level, area)
    if words or blot is not None:
        box = blot or words[0].box
        return Field(
            value=True,
            confidence=0.7 if words and blot else 0.6,
            evidence=[
                Evidence(
                    page=page.view.number,
                    bbox=page.view.to_page_bbox(box),
                    text=words[0].text if words else label.text,
                )
            ],
        )
    return Field(
        value=False,
        confidence=0.8 if page.view.image is not None else 0.5,
        evidence=evidence(page.view, [label]),
    )


def _covers(area: Box, seal: Box) -> bool:
    """The seal sits on the area: its centre inside, or a third of it overlapping."""
    cx, cy = (seal[0] + seal[2]) / 2, (seal[1] + seal[3]) / 2
    if area[0] <= cx <= area[2] and area[1] <= cy <= area[3]:
        return True
    ix = min(area[2], seal[2]) - max(area[0], seal[0])
    iy = min(area[3], seal[3]) - max(area[1], seal[1])
    size = (seal[2] - seal[0]) * (seal[3] - seal[1])
    return ix > 0 and iy > 0 and ix * iy >= size / 3
