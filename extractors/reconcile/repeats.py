"""Check a name read once (a cover's project name, lead unit or leader) against the rest of
the document, where submissions repeat it (the form, "由…牵头", certificates): a repeat
confirms it, and a repeat one or two characters longer restores what OCR or a seal took away.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors.text.normalize import compact, levenshtein
from extractors.text.rows import page_rows
from extractors.types import PageView
from models.result import Application


@dataclass(frozen=True, slots=True)
class Check:
    value: str
    repeats: int  # times the (possibly restored) value occurs elsewhere
    restored: bool
    corrected: bool = False  # restored from a repeat that differs by more than lost characters


def other_text(views: list[PageView], skip: int) -> str:
    """Compact text of every page but index `skip`, pages joined by a separator."""
    return "|".join(compact(v.text) for i, v in enumerate(views) if i != skip)


def check_name(value: str, text: str, max_missing: int = 2) -> Check:
    """`value` confirmed by its repeats in `text`, or restored from a slightly longer repeat.

    A restoration needs the same first and last two characters and every character of
    `value` in order: "上海交通大学医学附属…" -> "上海交通大学医学院附属…"."""
    if len(value) < 5:  # too short to be sure a longer string is the same name
        return Check(value, text.count(value) if value else 0, False)
    exact = text.count(value)
    if exact:
        return Check(value, exact, False)
    head, tail = value[:2], value[-2:]
    found: Counter[str] = Counter()
    start = text.find(head)
    while start >= 0:
        for extra in range(1, max_missing + 1):
            window = text[start : start + len(value) + extra]
            if window.endswith(tail) and _in_order(value, window):
                found[window] += 1
                break
        start = text.find(head, start + 1)
    if not found:
        return _near_repeat(value, text)
    best, count = found.most_common(1)[0]
    return Check(best, count, True)


# A misread name is corrected from a repeat only when the repeat is this close (edits at most
# this share of its length, and two at most) and occurs at least twice: one character split
# in two or swapped under a seal (疾病预防 -> 疾病予页防, 技术 -> 技大), not another unit
# of a similar name (第六人民医院 / 第十人民医院), which is rarely repeated as often.
_NEAR_EDITS = 2
_NEAR_SHARE = 0.15
_NEAR_REPEATS = 2


def _near_repeat(value: str, text: str) -> Check:
    """`value` corrected from a repeat with the same first and last two characters, a
    character or two misread between them, or unchanged when no such repeat is frequent."""
    head, tail = value[:2], value[-2:]
    limit = min(_NEAR_EDITS, int(_NEAR_SHARE * len(value)))
    found: Counter[str] = Counter()
    start = text.find(head)
    while start >= 0 and limit > 0:
        best: tuple[int, str] | None = None
        for size in range(len(value) - limit, len(value) + limit + 1):
            window = text[start : start + size]
            if len(window) < size or not window.endswith(tail) or "|" in window:
                continue
            edits = levenshtein(window, value)
            if 0 < edits <= limit and (best is None or edits < best[0]):
                best = (edits, window)
        if best is not None:
            found[best[1]] += 1
        start = text.find(head, start + 1)
    if not found:
        return Check(value, 0, False)
    name, count = found.most_common(1)[0]
    if count < _NEAR_REPEATS:
        return Check(value, 0, False)
    return Check(name, count, True, corrected=True)


def _in_order(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def complete_name(value: str, text: str, endings: list[str]) -> str | None:
    """`value` plus the one or two characters its repeats in `text` go on with, when only
    that makes it end like a name should ("…有限公" -> "…有限公司"); None otherwise."""
    if len(value) < 5 or value.endswith(tuple(endings)):
        return None
    found: Counter[str] = Counter()
    start = text.find(value)
    while start >= 0:
        for extra in (1, 2):
            longer = text[start : start + len(value) + extra]
            if len(longer) == len(value) + extra and longer.endswith(tuple(endings)):
                found[longer] += 1
                break
        start = text.find(value, start + 1)
    return found.most_common(1)[0][0] if found else None


@dataclass(frozen=True, slots=True)
class Person:
    """A person's name found after a label on some page."""

    name: str
    page: int  # 1-based
    bbox: tuple[float, float, float, float] | None  # on the displayed page


_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}")
_NAME_ENDS = ("职务", "职称", "(签", "签字", "签名")


def form_leader(application: Application) -> Person | None:
    """The leader as the form reader read it from its own cell: a 2-4 character name."""
    field = application.fields.leader
    if not application.present or not isinstance(field.value, str) or not field.evidence:
        return None
    match = _NAME.fullmatch(compact(field.value))
    where = field.evidence[0]
    return Person(match.group(), where.page, where.bbox) if match else None


def person_elsewhere(views: list[PageView], skip: int, labels: list[str]) -> Person | None:
    """The name after one of `labels` on any page but index `skip` (the form repeats the
    cover's leader in its own cell)."""
    for i, view in enumerate(views):
        if i == skip:
            continue
        for row in page_rows(view):
            label = next((lab for lab in labels if row.text.startswith(lab)), None)
            if label is None:
                continue
            first = compact(row.lines[0].text)
            # The value is the rest of the label's box, or else the next box in the row.
            rest = first[len(label) :].lstrip(":") if len(first) > len(label) + 1 else ""
            if not rest and len(row.lines) > 1:
                rest = compact(row.lines[1].text)
            for end in _NAME_ENDS:
                rest = rest.split(end)[0]
            match = _NAME.fullmatch(rest)
            if match:
                return Person(match.group(), view.number, view.to_page_bbox(row.box))
    return None
