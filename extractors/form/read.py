"""Annex 2, the acceptance application form (验收申请书): which pages hold it, each label's
value from the table cells (or "label：value" lines), the nine direction boxes, the leader's
signature and the unit's seal.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from extractors.form import checkboxes
from extractors.form.cells import (
    LabelHit,
    below,
    label_line,
    right_of,
)
from extractors.form.page import FormPage, confidence, evidence, read_page
from extractors.form.rules import rules
from extractors.form.signing import leader_signed, unit_sealed
from extractors.form.values import (
    clean_email,
    clean_phone,
    clean_summary,
    is_instruction,
    join_lines,
    split_units,
)
from extractors.marks.level import Level
from extractors.text.dates import parse_date
from extractors.text.normalize import compact
from extractors.types import Line, PageView
from models.result import Application, Direction, Field, PageKind, Warning
from models.template import DIRECTION_LABELS, SUMMARY_MAX_CHARS

_TEXT_FIELDS = ("project_name", "lead_unit", "leader", "leader_title", "contact_name")
_SIGN_KEYS = ("leader_signed", "unit_sealed")


# -- which pages -------------------------------------------------------------------------


def _cues(view: PageView) -> tuple[bool, int]:
    text = compact(view.text)
    cues = rules().form_cues
    return any(t in text for t in cues.title), sum(label in text for label in cues.labels)


def _continues(view: PageView) -> bool:
    """A page that carries on the form: the introduction's continuation or the signing row."""
    text = compact(view.text)
    head = text[:60]
    signs = [s for key in _SIGN_KEYS for s in rules().labels[key]]
    return any(c in head for c in rules().continuation) or any(s in text for s in signs)


def form_pages(views: list[PageView], kinds: list[PageKind]) -> list[int]:
    """Indices of the form's pages: those that show it by their cues (or that the page
    classifier calls form and that show one cue), and the pages right after that carry on."""
    minimum = rules().form_cues.min_labels
    pages: list[int] = []
    for i, view in enumerate(views):
        title, labels = _cues(view)
        strong = (title and labels >= 1) or labels >= minimum
        hinted = kinds[i] == "application_form" and (title or labels >= 1)
        if strong or hinted:
            pages.append(i)
    for i in list(pages):
        for j in (i + 1, i + 2):
            if j >= len(views) or j in pages:
                break
            if kinds[j] == "application_form" or _continues(views[j]):
                pages.append(j)
            else:
                break
    return sorted(set(pages))


# -- values ------------------------------------------------------------------------------


def _value_lines(page: FormPage, hit: LabelHit) -> tuple[str, list[Line], bool]:
    """The label's value: inline after it, else the cells right of it, else the cell below
    (a header row over a value row). Returns (text, its lines, from a ruled cell)."""
    right = right_of(hit.cell, page.cells, page.label_cells)
    if hit.value and right and hit.cell.ruled and not _colon_after(hit):
        # A line OCR ran over the ruling was cut there, leaving the value's first characters
        # in the label's cell (申报主体单位复 | 旦大学附属儿科医院): they start the value.
        first = right[0]
        lines = [*hit.value_lines, *first.lines]
        return join_lines([hit.value, *(ln.text for ln in first.lines)]), lines, True
    if hit.value:
        return hit.value, list(hit.value_lines), hit.cell.ruled
    if right:
        first = right[0]
        return join_lines([ln.text for ln in first.lines]), list(first.lines), first.ruled
    under = below(hit.cell, page.cells)
    if (
        under is not None
        and id(under) not in page.label_cells
        and not any(h.cell is under and h.key != hit.key for h in page.hits)
    ):
        return join_lines([ln.text for ln in under.lines]), list(under.lines), under.ruled
    return "", [], hit.cell.ruled


def _colon_after(hit: LabelHit) -> bool:
    return compact(hit.cell.text)[hit.end : hit.end + 1] in (":", "：")


def _text_field(
    page: FormPage, key: str, clean: Callable[[str], Any] | None = None
) -> Field | None:
    hit = page.first(key)
    if hit is None:
        return None
    text, lines, ruled = _value_lines(page, hit)
    value = clean(text) if clean else (text.strip(" :：") or None)
    if not value:
        return Field(value=None, confidence=0.5, evidence=evidence(page.view, [label_line(hit)]))
    return Field(
        value=value, confidence=confidence(lines, ruled), evidence=evidence(page.view, lines)
    )


def _partner_units(page: FormPage) -> Field | None:
    units: list[str] = []
    lines: list[Line] = []
    ruled = True
    for hit in (h for h in page.hits if h.key == "partner_units"):
        if hit.value:
            units += split_units([hit.value])
            lines += hit.value_lines
            ruled = hit.cell.ruled
        for cell in right_of(hit.cell, page.cells, page.label_cells):
            units += split_units([ln.text for ln in cell.lines])
            lines += cell.lines
            ruled = ruled and cell.ruled
    if not lines and page.first("partner_units") is None:
        return None
    units = list(dict.fromkeys(u for u in units if u))
    return Field(
        value=units,
        confidence=confidence(lines, ruled) if units else 0.5,
        evidence=evidence(page.view, lines, "、".join(units)),
    )


def _summary_lines(page: FormPage) -> list[Line]:
    """The introduction's lines: the cells right of its label, else the label cell's own
    text after the label (instruction left out), else the lines under it."""
    lines: list[Line] = []
    for hit in (h for h in page.hits if h.key == "summary"):
        right = right_of(hit.cell, page.cells, page.label_cells)
        if right:
            lines += [ln for cell in right for ln in cell.lines]
            continue
        lines += [ln for ln in hit.value_lines if not is_instruction(ln.text)]
        if not hit.cell.ruled:
            lines += [ln for ln in _lines_after(page, hit) if not is_instruction(ln.text)]
    return lines


def _lines_after(page: FormPage, hit: LabelHit) -> list[Line]:
    """Without rulings: the lines under the label down to the next label."""
    top = hit.cell.box[3] - 0.3 * (hit.cell.box[3] - hit.cell.box[1])
    stops = [h.cell.box[1] for h in page.hits if h.cell.box[1] > top and h.key != "summary"]
    bottom = min(stops, default=float("inf"))
    return [
        c.lines[0]
        for c in sorted(page.cells, key=lambda c: c.box[1])
        if top <= (c.box[1] + c.box[3]) / 2 < bottom and c.lines
    ]


def _summary(pages: list[FormPage]) -> tuple[Field, list[Warning]]:
    parts: list[tuple[FormPage, list[Line]]] = []
    for k, page in enumerate(pages):
        lines = (page.attachment or []) if page.attachment is not None else _summary_lines(page)
        if not lines and not page.hits and k and not _signed_on(pages[k - 1]):
            lines = list(page.view.lines)  # an unlabelled page carrying the introduction on
        if lines:
            parts.append((page, lines))
    if not parts:
        return Field(), []
    # A bracket or colon that strayed over a cell border starts no page's part of the text.
    text = clean_summary(
        [join_lines([ln.text for ln in lines]).lstrip(")）:：") for _, lines in parts]
    )
    sources = [e for page, lines in parts for e in evidence(page.view, lines)]
    all_lines = [ln for _, lines in parts for ln in lines]
    field = Field(
        value=text or None,
        confidence=confidence(all_lines, pages[0].grid is not None),
        evidence=sources,
    )
    warnings = []
    length = len("".join(text.split()))
    if length > SUMMARY_MAX_CHARS:
        warnings.append(
            Warning(
                code="summary_too_long",
                page=parts[0][0].view.number,
                message=f"试点项目介绍 has {length} characters "
                f"(the form allows {SUMMARY_MAX_CHARS})",
            )
        )
    return field, warnings


def _signed_on(page: FormPage) -> bool:
    return any(h.key in _SIGN_KEYS for h in page.hits)


def _filled_date(page: FormPage) -> Field | None:
    hit = page.first("filled_date")
    if hit is None:
        return None
    text, lines, ruled = _value_lines(page, hit)
    iso = parse_date(text) if text else None
    lines = lines or [label_line(hit)]
    return Field(
        value=iso,
        confidence=confidence(lines, ruled) if iso else 0.7,
        evidence=evidence(page.view, lines),
    )


# -- directions --------------------------------------------------------------------------


def _directions(pages: list[FormPage]) -> tuple[list[Direction] | None, list[Warning]]:
    for page in pages:
        hit = page.first("directions")
        lines: list[Line] = list(page.view.lines)
        if hit is not None and hit.cell.ruled:
            cells = right_of(hit.cell, page.cells, page.label_cells)
            inside = [ln for cell in cells for ln in cell.lines]
            lines = inside or lines
        if page.grid is not None:
            marks = checkboxes.read_directions(page.view, lines, page.grid.level, page.grid.ink)
        else:
            level = Level.of(page.view, 0.0)  # no rulings to level by: take the page as it is
            marks = checkboxes.read_directions(page.view, lines, level)
        if all(m.label is None for m in marks):
            continue
        out = [
            Direction(
                id=m.id,
                label=DIRECTION_LABELS[m.id],
                checked=m.checked,
                confidence=m.confidence,
                page=page.view.number,
                bbox=page.view.to_page_bbox(m.box) if m.box else None,
                text=m.text if m.id == "other" else None,
            )
            for m in marks
        ]
        unsure = [m.id for m in marks if m.checked is None or m.confidence < 0.6]
        warnings = [
            Warning(
                code="checkbox_uncertain",
                page=page.view.number,
                message=f"direction boxes to check by eye: {', '.join(unsure)}",
            )
        ]
        return out, warnings if unsure else []
    return None, []


# -- the form ----------------------------------------------------------------------------


def read_application(
    views: list[PageView], kinds: list[PageKind]
) -> tuple[Application, list[Warning]]:
    """The application form of a submission (present=False when it has none)."""
    indices = form_pages(views, kinds)
    if not indices:
        return Application(), []
    pages = [read_page(views[i], k == 0) for k, i in enumerate(indices)]
    app = Application(present=True)
    warnings: list[Warning] = []
    found: dict[str, Field] = {}
    readers: dict[str, Callable[[FormPage], Field | None]] = {
        **{key: partial(_text_field, key=key) for key in _TEXT_FIELDS},
        "contact_phone": lambda p: _text_field(p, "contact_phone", clean_phone),
        "contact_email": lambda p: _text_field(p, "contact_email", clean_email),
        "partner_units": _partner_units,
        "filled_date": _filled_date,
        "leader_signed": leader_signed,
        "unit_sealed": unit_sealed,
    }
    for key, reader in readers.items():
        for page in pages:
            value = reader(page)
            if value is not None and (key not in found or found[key].value in (None, [])):
                found[key] = value
    found["summary"], w = _summary(pages)
    warnings += w
    for key, value in found.items():
        setattr(app.fields, key, value)
    directions, w = _directions(pages)
    warnings += w
    if directions is not None:
        app.directions = directions
    else:
        warnings.append(
            Warning(
                code="directions_not_found",
                page=pages[0].view.number,
                message="the nine direction boxes were not found on the form",
            )
        )
    return app, warnings
