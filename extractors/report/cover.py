"""Annex 1 cover: project name, leader, lead unit and date after their labels, whether the
leader signed and (cover_seal.py) the unit sealed. Every value carries its page, box and
source text; the cover's own page only (the reconcile stage checks it against the rest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic import Field as PField

from extractors.grade.confidence import weighed
from extractors.marks.signatures import (
    SignatureFind,
    char_width,
    detect_over_print,
    detect_signature,
    detect_unread_ink,
    is_signature_label,
    label_end_x,
)
from extractors.report.cover_seal import inside, near, sealed_field
from extractors.report.cover_values import clean_value, marker_leaked, trim_unit
from extractors.rulefiles import load_rules, require_keys
from extractors.text.dates import find_date, find_month_day, lost_numeral_date
from extractors.text.normalize import prefix_similarity
from extractors.text.rows import Row, page_rows, span_box
from extractors.types import Line, PageView
from models.result import Evidence, Field, PageKind, ReportFields

_KEYS = ("project_name", "leader", "lead_unit")


class CoverRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    labels: dict[str, list[str]]
    name_fixes: list[tuple[str, str]] = PField(default_factory=list)
    label_similarity: float = PField(gt=0, le=1)
    seal_match: float = PField(gt=0, le=1)

    @field_validator("name_fixes")
    @classmethod
    def _compiles(cls, value: list[tuple[str, str]]) -> list[tuple[str, str]]:
        for pattern, _ in value:
            re.compile(pattern)  # a broken pattern fails at load, not mid-document
        return value

    @field_validator("labels")
    @classmethod
    def _every_field(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        require_keys(value, set(_KEYS))
        return value


@cache
def rules() -> CoverRules:
    """cover.yaml, validated once."""
    return load_rules("cover.yaml", CoverRules)


@dataclass(frozen=True, slots=True)
class _Label:
    row: int
    end: int  # where the value starts in row.text
    quality: float  # 1.0 exact label, less when matched fuzzily


@dataclass(frozen=True, slots=True)
class MonthDay:
    """A cover date whose year did not read (a seal over its digits): the reconcile stage
    takes the year from the form's date."""

    month: int
    day: int
    evidence: Evidence


@dataclass(slots=True)
class CoverRead:
    """What the cover page says: its fields, which page it is (index; None without a report),
    whether the signature was written across the printed name (the reconcile stage then
    trusts the name less than its repeat on the form), and a date without its year."""

    fields: ReportFields
    page: int | None = None
    signed_over: bool = False
    month_day: MonthDay | None = None


def read_cover(views: list[PageView], kinds: list[PageKind], fields: ReportFields) -> CoverRead:
    """The report's cover fields as its own page gives them (unchanged without a report)."""
    page = _cover_page(kinds)
    if page is None:
        return CoverRead(fields)
    view = views[page]
    rows = page_rows(view)
    labels = _find_labels(rows)
    for key in _KEYS:
        setattr(fields, key, _value_field(view, rows, labels, key) if key in labels else Field())
    if "leader" in labels:
        fields.leader_signed, signed_over = _signed_field(view, rows, labels["leader"])
    else:
        fields.leader_signed, signed_over = _unread_leader_row(view, rows, labels), False
    leader = fields.leader
    if isinstance(leader.value, str) and marker_leaked(leader.value):
        # The 签字 marker leaked into the name: OCR could not tell them apart under the
        # strokes. Keep what was read, but flag it for the reviewer.
        leader.confidence = round(min(leader.confidence or 0.4, 0.4), 3)
    fields.date = _date_field(view, rows, labels)
    month_day = None if fields.date.value else _month_day(view, rows, labels)
    signed = fields.leader_signed
    signature = signed.evidence[0].bbox if signed.value is True and signed.evidence else None
    unit = labels.get("lead_unit")
    fields.unit_sealed = sealed_field(view, rows[unit.row] if unit else None, signature)
    return CoverRead(fields, page, signed_over, month_day)


def _cover_page(kinds: list[PageKind]) -> int | None:
    """The cover, or else the report's first page (a report may start without a cover)."""
    for wanted in ("report_cover", "report_body"):
        if wanted in kinds:
            return kinds.index(wanted)
    return None


def _find_labels(rows: list[Row]) -> dict[str, _Label]:
    found: dict[str, _Label] = {}
    threshold = rules().label_similarity
    for r, row in enumerate(rows):
        best: tuple[str, _Label] | None = None
        for key, variants in rules().labels.items():
            if key in found:
                continue
            for variant in variants:
                at = row.text.find(variant, 0, len(variant) + 3)
                if at >= 0:
                    hit = _Label(r, at + len(variant), 1.0)
                else:
                    sim, length = prefix_similarity(row.text, variant, slack=1)
                    if sim < threshold:
                        continue
                    hit = _Label(r, length, sim)
                if best is None or (hit.quality, hit.end) > (best[1].quality, best[1].end):
                    best = (key, hit)
        if best:
            found[best[0]] = best[1]
    return found


def _value_field(view: PageView, rows: list[Row], labels: dict[str, _Label], key: str) -> Field:
    label = labels[key]
    row = rows[label.row]
    start = label.end
    while start < len(row.text) and row.text[start] in ":：_-. ":
        start += 1
    value = _before_other_label(clean_value(row.text[start:]), key)
    used = [(row, start, len(row.text))]
    features: list[str] = []
    label_rows = {lab.row for lab in labels.values()}
    nxt = label.row + 1
    if key != "leader" and value and nxt < len(rows) and nxt not in label_rows:
        # A long name wraps onto the row below: close under it, left-aligned with the label
        # or the value, no label of its own, no date, not seal text OCR picked up.
        below = rows[nxt]
        height = row.box[3] - row.box[1]
        value_x = (span_box(row, start, start + 1) or row.box)[0]
        aligned = min(abs(below.box[0] - row.box[0]), abs(below.box[0] - value_x)) < 1.5 * height
        if (
            below.box[1] - row.box[3] < 1.2 * height
            and aligned
            and not _DATE_LIKE.search(below.text)
            and len(below.text) < 40
            and not any(c in below.text for c in ":：")
            and _other_label_at(below.text, key) is None
            and not any(inside(below.box, seal.box) for seal in view.seals)
        ):
            value += clean_value(below.text)
            used.append((below, 0, len(below.text)))
            features.append("wrapped_value")
    if key == "leader":
        value = _LATIN_TAIL.sub("", value)
    if not value:
        return Field(value=None, confidence=0.3, evidence=[_evidence(view, row, 0, len(row.text))])
    if key == "project_name":
        for pattern, replacement in rules().name_fixes:
            value = re.sub(pattern, replacement, value)
    if key == "lead_unit":
        trimmed = trim_unit(value)
        if trimmed != value:  # stray characters (seal ink read as text) after the name
            value = trimmed
            features.append("trimmed_value")
    if len(value) < 2 or (key == "leader" and len(value) > 12):
        features.append("implausible_length")
    if key == "lead_unit" and any(near(s.box, row.box, 0.0) for s in view.seals):
        features.append("under_seal")
    return Field(
        value=value,
        confidence=weighed(label.quality * _line_confidence(row.lines), features),
        evidence=[_evidence(view, r, a, b) for r, a, b in used],
    )


# A signature's last stroke OCR read as a letter after a Chinese name ("董强娟V")
_LATIN_TAIL = re.compile(r"(?<=[\u4e00-\u9fff])[A-Za-z]{1,2}$")


def _other_label_at(text: str, key: str) -> int | None:
    """Where another field's label starts inside `text` (after its first character): OCR ran
    two of the cover's rows into one line ("…协同平台项目负责人:姜建洋")."""
    starts = [
        at
        for other, variants in rules().labels.items()
        if other != key
        for variant in variants
        if (at := text.find(variant, 1)) > 0
    ]
    return min(starts, default=None)


def _before_other_label(value: str, key: str) -> str:
    """The value up to another field's label, if one runs on after it."""
    cut = _other_label_at(value, key)
    return value if cut is None else value[:cut].rstrip(":：-—.,，;； ")


def _date_field(view: PageView, rows: list[Row], labels: dict[str, _Label]) -> Field:
    after = max((lab.row for lab in labels.values()), default=-1)
    ordered = rows[after + 1 :] + rows[: after + 1]  # the date sits below the labels
    for row in ordered:
        found = find_date(row.text)
        if found:
            return Field(
                value=found[0],
                confidence=weighed(_line_confidence(row.lines), ["printed_date"], cap=1.0),
                evidence=[_evidence(view, row, 0, len(row.text))],
            )
    for row in ordered:
        repaired = lost_numeral_date(row.text)
        if repaired:
            return Field(
                value=repaired,
                confidence=weighed(_line_confidence(row.lines), ["repaired_year"]),
                evidence=[_evidence(view, row, 0, len(row.text))],
            )
    return Field(value=None, confidence=0.5, evidence=[])


def _month_day(view: PageView, rows: list[Row], labels: dict[str, _Label]) -> MonthDay | None:
    """The date below the labels with its year unreadable, if that is what the cover has."""
    after = max((lab.row for lab in labels.values()), default=-1)
    for row in rows[after + 1 :]:
        found = find_month_day(row.text)
        if found:
            return MonthDay(*found, _evidence(view, row, 0, len(row.text)))
    return None


_DATE_LIKE = re.compile(r"年.{0,3}月|\d{4}[-./]\d{1,2}")  # a date, or the blank 年 月 日


def _signed_field(view: PageView, rows: list[Row], label: _Label) -> tuple[Field, bool]:
    """leader_signed, and whether the signature was written across the printed name."""
    if view.image is None:
        return Field(value=None, confidence=None, evidence=[]), False
    row = rows[label.row]
    marked = [ln for ln in row.lines if is_signature_label(ln.text)]
    tries = list(marked)
    label_box = span_box(row, 0, label.end) or row.lines[0].box
    value = clean_value(row.text[label.end :])
    # The label alone: the search then covers the blank after it, where people also sign.
    # On OCR pages a typed name there would read as ink, so only when the blank is empty.
    if view.source == "text" or not value or not tries:
        tries.append(Line(text=row.text[: label.end], box=label_box))
    best = max(
        (detect_signature(view, line) for line in tries),
        key=lambda f: (f.present, f.confidence),
    )
    over = False
    if not best.present and view.source == "ocr":
        # Signed across the typed name and the 签字 marker: strokes leave the printed band.
        em = char_width(view)
        x_to = max((label_end_x(ln, em) for ln in marked), default=row.box[2])
        again = detect_over_print(view, row.lines, label_box, x_to)
        if again.present:
            best, over = again, True
    if best.present and view.source == "ocr" and not marked:
        over = True  # the 签字 marker itself went unread under the strokes
    garbled = view.source == "ocr" and (
        len(value) == 1 or marker_leaked(value) or _line_confidence(row.lines) < 0.9
    )
    if not best.present and garbled:
        # OCR stumbled over the name: a signature is likely written across it, inside the
        # boxes the detector treats as print. Look again with the row's boxes set aside.
        label_line = Line(text=row.text[: label.end], box=label_box)
        others = [ln for ln in view.lines if ln not in row.lines]
        again = detect_signature(replace(view, lines=[*others, label_line]), label_line)
        if again.present:
            best, over = SignatureFind(True, round(min(again.confidence, 0.65), 3), again.box), True
    box = best.box or row.box
    return Field(
        value=best.present,
        confidence=round(best.confidence, 3),
        evidence=[
            Evidence(
                page=view.number,
                bbox=view.to_page_bbox(box),
                text="signature" if best.present else row.text,
            )
        ],
    ), over


def _unread_leader_row(view: PageView, rows: list[Row], labels: dict[str, _Label]) -> Field:
    """No 项目负责人 row was read: when a gap between two label rows read one after the other
    (the leader's row is printed between two others, in whatever order the cover has them)
    holds handwriting, the row was signed over so heavily that OCR lost it; that is a
    signature, with less certainty than one seen beside its label."""
    if view.source != "ocr":
        return Field(value=None, confidence=None, evidence=[])
    found = sorted(lab.row for lab in labels.values())
    for r0, r1 in pairwise(found):
        if r1 != r0 + 1:
            continue
        top, bottom = rows[r0].box, rows[r1].box
        gap = (min(top[0], bottom[0]), top[3], max(top[2], bottom[2]), bottom[1])
        find = detect_unread_ink(view, gap)
        if find.present:
            box = find.box or gap
            return Field(
                value=True,
                confidence=round(min(find.confidence, 0.6), 3),
                evidence=[
                    Evidence(page=view.number, bbox=view.to_page_bbox(box), text="signature")
                ],
            )
    return Field(value=None, confidence=None, evidence=[])


def _line_confidence(lines: tuple[Line, ...]) -> float:
    return min((ln.confidence for ln in lines), default=1.0)


def _evidence(view: PageView, row: Row, start: int, end: int) -> Evidence:
    box = span_box(row, start, end) or row.box
    return Evidence(
        page=view.number, bbox=view.to_page_bbox(box), text=" ".join(ln.text for ln in row.lines)
    )
