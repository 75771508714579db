"""Annex 2, the acceptance application form: one ruled table, nine direction boxes, signature
and seal; a long 试点项目介绍 runs onto a second page as real forms do.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import pymupdf

from models.template import DIRECTIONS
from samples.generate import ink, seal
from samples.generate.flow import A4, text_width, wrap, write
from samples.generate.numerals import date_text
from samples.generate.spec import Spec

X0, X1 = 62.0, 533.0
LABEL_W = 96.0
BLACK = (0, 0, 0)


# How people retype the template's labels in Word (the reader's rules/form.yaml knows them).
_RESPELT = {
    "项目负责人": ["负责人"],
    "联系电话": ["手机", "联系手机", "手机号码", "电话"],
    "联系邮箱": ["电子邮箱", "邮箱", "E-mail", "Email", "电子信箱"],
    "项目联系人": ["联系人"],
}
_SPACED = ("项目名称", "申报主体单位", "项目申报方向", "项目负责人", "项目联系人", "试点项目介绍")


@dataclass(frozen=True)
class _Look:
    """One filler's way with the template: label spellings, the label column's width, a page
    break inside the table, units in one cell one per line, ticks typed as glyphs."""

    labels: dict[str, str]
    label_w: float = LABEL_W
    table_break: bool = False
    units_by_line: bool = False
    glyph_tick: str = ""  # "√" or "■": a ticked □ retyped as this glyph
    ring: bool = False  # the chosen labels circled by pen instead of ticked

    @staticmethod
    def draw(spec: Spec) -> _Look:
        # Its own random stream (seeded by the submission's names), so the template's other
        # draws, and samples made before these variants existed, stay as they were.
        rng = random.Random(f"form-look:{spec.project_name}:{spec.lead_unit}")
        labels: dict[str, str] = {}
        if rng.random() < 0.25:
            labels |= {label: " ".join(label) for label in _SPACED}
        if rng.random() < 0.35:
            for label, variants in _RESPELT.items():
                if rng.random() < 0.6:
                    labels[label] = rng.choice(variants)
        return _Look(
            labels,
            label_w=rng.choice([LABEL_W] * 4 + [84.0, 110.0, 124.0]),
            table_break=rng.random() < 0.12,
            units_by_line=rng.random() < 0.2,
            glyph_tick=rng.choice(["", "", "", "√", "■"]),
            ring=rng.random() < 0.08,
        )

    def label(self, text: str) -> str:
        return self.labels.get(text, text)


@dataclass
class _Pen:
    page: pymupdf.Page
    rng: random.Random
    size: float
    rule: float
    look: _Look = _Look({})

    @property
    def vx(self) -> float:
        return X0 + self.look.label_w

    def box(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.page.draw_rect(pymupdf.Rect(x0, y0, x1, y1), color=BLACK, width=self.rule)

    def vline(self, x: float, y0: float, y1: float) -> None:
        self.page.draw_line((x, y0), (x, y1), color=BLACK, width=self.rule)

    def centred(
        self, text: str, x0: float, x1: float, y0: float, y1: float, size: float | None = None
    ) -> None:
        size = size or self.size
        lines = wrap(text, x1 - x0 - 6, size)
        lead = size * 1.35
        top = (y0 + y1) / 2 - lead * len(lines) / 2 + size * 0.95
        for i, line in enumerate(lines):
            x = (x0 + x1 - text_width(line, size)) / 2
            write(self.page, (x, top + i * lead), line, size)

    def left(self, text: str, x0: float, x1: float, y0: float, y1: float) -> None:
        lines = wrap(text, x1 - x0 - 12, self.size)
        lead = self.size * 1.4
        top = (y0 + y1) / 2 - lead * len(lines) / 2 + self.size * 0.95
        for i, line in enumerate(lines):
            write(self.page, (x0 + 6, top + i * lead), line, self.size)

    def text_height(self, text: str, width: float) -> float:
        return len(wrap(text, width - 12, self.size)) * self.size * 1.4 + 14


def _directions(pen: _Pen, spec: Spec, y: float) -> float:
    """The nine boxes in rows of 1-3; returns the bottom of the cell."""
    rng = pen.rng
    glyph_box = rng.random() < 0.3
    style = rng.choice(ink.TICK_STYLES)
    line_h = pen.size * rng.uniform(1.7, 2.1)
    x_start = pen.vx + 8
    sep = rng.choice(["：", ":", "："])
    space = rng.choice(["", " "])
    widest = max(text_width(f"方向{space}9{sep}{label}", pen.size) for _, label in DIRECTIONS)
    fits = int((X1 - x_start - 4) // (widest + pen.size * 2.2))
    per_row = max(1, min(fits, rng.choice([1, 2, 3, 3])))
    col_w = (X1 - x_start - 4) / per_row
    # 其他方向 starts its own line: it needs room for what is written after it
    cells = [divmod(i, per_row) for i in range(len(DIRECTIONS) - 1)]
    cells.append((cells[-1][0] + 1 if per_row > 1 else len(cells), 0))
    rows = cells[-1][0] + 1
    top = y
    bottom = y + rows * line_h + 10
    for (did, label), (r, c) in zip(DIRECTIONS, cells, strict=True):
        bx = x_start + c * col_w
        base = top + 5 + (r + 1) * line_h - line_h * 0.3
        s = pen.size * 0.85
        box = pymupdf.Rect(bx, base - s * 0.95, bx + s, base + s * 0.05)
        checked = did in spec.checked
        typed = glyph_box and checked and (style == "filled" or bool(pen.look.glyph_tick))
        if glyph_box:
            glyph = "□"
            if typed:
                glyph = "■" if style == "filled" else pen.look.glyph_tick
            fs = s / 0.42  # the font's □ inks 0.42 em, from 0.09 em right and 0.17 em up
            write(pen.page, (box.x0 - 0.09 * fs, box.y1 + 0.17 * fs), glyph, fs)
        else:
            pen.page.draw_rect(box, color=BLACK, width=0.7)
        text = f"其他方向{sep}" if did == "other" else f"方向{space}{did}{sep}{label}"
        write(pen.page, (bx + s + 4, base), text, pen.size)
        if did == "other":
            ux = bx + s + 4 + text_width(text, pen.size)
            pen.page.draw_line((ux, base + 2), (X1 - 12, base + 2), color=BLACK, width=0.5)
            if spec.other_text:
                if rng.random() < 0.7:
                    ink.handwrite(
                        pen.page,
                        pymupdf.Point(ux + 6, base - 1),
                        spec.other_text,
                        rng,
                        pen.size * 1.1,
                    )
                else:
                    write(pen.page, (ux + 6, base - 1), spec.other_text, pen.size)
        if checked and pen.look.ring:
            _ring(pen, box, text, base)
        elif checked and not typed:
            ink.tick(pen.page, box, style, rng)
    return bottom


def _ring(pen: _Pen, box: pymupdf.Rect, text: str, base: float) -> None:
    """A pen ring round the box and the label, a little off level, its ends overlapping."""
    rng = pen.rng
    x0 = box.x0 - rng.uniform(2, 5)
    x1 = box.x1 + 4 + text_width(text, pen.size) + rng.uniform(2, 8)
    y0 = base - pen.size * rng.uniform(1.15, 1.35)
    y1 = base + pen.size * rng.uniform(0.35, 0.55)
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    start, tilt = rng.uniform(0, 6.28), rng.uniform(-0.04, 0.04)
    points = []
    for k in range(49):
        t = start + k / 48 * 6.28 * 1.08
        x, y = rx * math.cos(t), ry * math.sin(t)
        points.append((cx + x - tilt * y, cy + y + tilt * x))
    colour = rng.choice([(0.05, 0.1, 0.45), (0.1, 0.1, 0.1)])
    pen.page.draw_polyline(points, color=colour, width=rng.uniform(0.9, 1.5))


def _sign_row(pen: _Pen, spec: Spec, y: float) -> float:
    rng = pen.rng
    h = rng.uniform(95, 125)
    mid = (X0 + X1) / 2
    pen.box(X0, y, X1, y + h)
    pen.vline(mid, y, y + h)
    write(pen.page, (X0 + 8, y + 22), "负责人（签名）：", pen.size)
    write(pen.page, (mid + 8, y + 22), "申报主体单位（盖章）：", pen.size)
    d = spec.form_date or spec.report_date
    for x in (X0, mid):
        text = (
            date_text(rng, d.year, d.month, d.day, style="arabic")
            if rng.random() < 0.8
            else "    年    月    日"
        )
        write(
            pen.page, (x + (mid - X0) - text_width(text, pen.size) - 14, y + h - 14), text, pen.size
        )
    if spec.form_signed:
        ink.signature(
            pen.page,
            pymupdf.Point(X0 + 40 + rng.uniform(0, 60), y + 60),
            len(spec.leader),
            rng,
            height=24,
        )
    if spec.form_sealed:
        seal.stamp(
            pen.page,
            pymupdf.Point(mid + 150 + rng.uniform(-20, 30), y + h * 0.55),
            spec.lead_unit,
            rng,
        )
    return y + h


def draw_form(doc: pymupdf.Document, spec: Spec, rng: random.Random, summary: str) -> list[int]:
    """The form's pages (one or two); returns their page indices."""
    page = doc.new_page(width=A4.width, height=A4.height)
    pen = _Pen(page, rng, rng.choice([10.5, 11.0, 12.0]), rng.choice([0.6, 0.8, 1.0]))
    if rng.random() < 0.35:
        write(page, (X0, 62), "附件2", 13)
    title = "5G+医疗健康应用试点项目验收申请书"
    write(page, ((A4.width - text_width(title, 18)) / 2, 100), title, 18, bold=True)
    fd = spec.form_date
    blank = "填报时间：      年    月    日"
    spaced = rng.random() < 0.5
    filled = (
        blank
        if not fd
        else (
            f"填报时间：{fd.year}年 {fd.month} 月 {fd.day} 日"
            if spaced
            else "填报时间：" + date_text(rng, fd.year, fd.month, fd.day)
        )
    )
    write(
        page,
        (X1 - text_width(filled, pen.size) - 4 if rng.random() < 0.6 else X0, 130),
        filled,
        pen.size,
    )
    y = 142.0
    pen.look = _Look.draw(spec)
    vx = pen.vx
    look = pen.look
    for label, value in (("项目名称", spec.project_name), ("申报主体单位", spec.lead_unit)):
        h = max(34.0, pen.text_height(value, X1 - vx))
        pen.box(X0, y, X1, y + h)
        pen.vline(vx, y, y + h)
        pen.centred(look.label(label), X0, vx, y, y + h)
        pen.left(value, vx, X1, y, y + h)
        y += h
    bottom = _directions(pen, spec, y)
    pen.box(X0, y, X1, bottom)
    pen.vline(vx, y, bottom)
    pen.centred(look.label("项目申报方向"), X0, vx, y, bottom)
    y = bottom
    # 项目负责人 | name | 职务/职称 | title
    h = 34.0
    c2, c3 = vx + 120, vx + 210
    pen.box(X0, y, X1, y + h)
    for x in (vx, c2, c3):
        pen.vline(x, y, y + h)
    pen.centred(look.label("项目负责人"), X0, vx, y, y + h)
    pen.centred(spec.leader, vx, c2, y, y + h)
    pen.centred("职务/职称", c2, c3, y, y + h)
    pen.centred(spec.leader_title, c3, X1, y, y + h)
    y += h
    y = _contact(pen, spec, y)
    pages = [page.number]
    if look.table_break:  # the filler's Word broke the table here
        page = doc.new_page(width=A4.width, height=A4.height)
        pages.append(page.number)
        pen = _Pen(page, pen.rng, pen.size, pen.rule, look)
        y = 64.0
    y = _partners(pen, spec, y)
    return _summary_and_sign(doc, pen, spec, summary, y, pages)


def _contact(pen: _Pen, spec: Spec, y: float) -> float:
    vx = pen.vx
    label = pen.look.label
    values = (spec.contact_name, spec.contact_phone, spec.contact_email)
    if pen.rng.random() < 0.7:  # header sub-row then a value row
        h = 28.0
        cols = (vx, vx + 90, vx + 210, X1)
        pen.box(X0, y, X1, y + 2 * h)
        pen.vline(vx, y, y + 2 * h)
        pen.page.draw_line((vx, y + h), (X1, y + h), color=BLACK, width=pen.rule)
        for x in cols[1:-1]:
            pen.vline(x, y, y + 2 * h)
        pen.centred(label("项目联系人"), X0, vx, y, y + 2 * h)
        for i, head in enumerate(label(t) for t in ("姓名", "联系电话", "联系邮箱")):
            pen.centred(head, cols[i], cols[i + 1], y, y + h)
            pen.centred(values[i], cols[i], cols[i + 1], y + h, y + 2 * h, pen.size * 0.95)
        return y + 2 * h
    h = 34.0
    pen.box(X0, y, X1, y + h)
    pen.vline(vx, y, y + h)
    pen.centred(label("项目联系人"), X0, vx, y, y + h)
    x = vx + 6
    heads = (label(t) + "：" for t in ("姓名", "联系电话", "联系邮箱"))
    for head, value in zip(heads, values, strict=True):
        text = head + value
        write(pen.page, (x, y + h / 2 + pen.size * 0.38), text, pen.size * 0.92)
        x += text_width(text, pen.size * 0.92) + 10
    return y + h


def _partners(pen: _Pen, spec: Spec, y: float) -> float:
    vx = pen.vx
    units = spec.partner_units
    if pen.rng.random() < 0.5:  # one row per unit
        h = 26.0
        total = h * max(len(units), 2)
        pen.box(X0, y, X1, y + total)
        pen.vline(vx, y, y + total)
        pen.centred("联合申报单位（可扩行）", X0, vx, y, y + total)
        for i in range(max(len(units), 2)):
            if i:
                pen.page.draw_line((vx, y + i * h), (X1, y + i * h), color=BLACK, width=pen.rule)
            if i < len(units):
                pen.left(units[i], vx, X1, y + i * h, y + (i + 1) * h)
        return y + total
    style = pen.rng.choice(["、", "；", "numbered", "numbered"])
    if pen.look.units_by_line and style != "numbered":
        style = "by_line"
    if style in ("numbered", "by_line"):  # 1. X / 1、X / （1）X, or bare: one unit a line
        mark = pen.rng.choice(["{}. ", "{}、", "（{}）", "{}.", "{}）"])
        if style == "by_line":
            mark = ""
        lines = [mark.format(i + 1) + u for i, u in enumerate(units)]
        lead = pen.size * 1.5
        total = max(44.0, len(lines) * lead + 14)
        pen.box(X0, y, X1, y + total)
        pen.vline(vx, y, y + total)
        pen.centred("联合申报单位（可扩行）", X0, vx, y, y + total)
        top = y + total / 2 - lead * len(lines) / 2 + pen.size * 0.95
        for i, line in enumerate(lines):
            write(pen.page, (vx + 6, top + i * lead), line, pen.size * 0.95)
        return y + total
    joined = style.join(units)
    total = max(44.0, pen.text_height(joined, X1 - vx))
    pen.box(X0, y, X1, y + total)
    pen.vline(vx, y, y + total)
    pen.centred("联合申报单位（可扩行）", X0, vx, y, y + total)
    pen.left(joined, vx, X1, y, y + total)
    return y + total


def _summary_and_sign(
    doc: pymupdf.Document, pen: _Pen, spec: Spec, summary: str, y: float, pages: list[int]
) -> list[int]:
    """The 试点项目介绍 cell, then the signature row; a long text continues in the table on
    the next page, or on an attached page (附页) after the form."""
    vx = pen.vx
    size = pen.size
    lead = size * 1.45
    lines = wrap(summary, X1 - vx - 14, size, size * 2)
    limit = A4.height - 60
    sign_h = 130
    room = int((limit - y - sign_h - 16) // lead)
    rng = pen.rng
    mode = "table"
    if len(lines) > room:
        mode = rng.choice(["table", "table", "attach_rest", "attach_all"])
    elif rng.random() < 0.08:
        mode = "attach_all"
    attach = ""
    if mode == "attach_all":
        marker = rng.choice(["详见附页。", "（详见附页）", "见附页"])
        first, attach = [marker], summary
    elif mode == "attach_rest":
        first = lines[: max(1, room - 1)]
        attach = summary[len("".join(first)) :]
        first.append(rng.choice(["（续见附页）", "（未完，见附页）", "……（详见附页）"]))
    else:
        fit = int((limit - y - 16) // lead)
        if len(lines) + 1 <= room:
            fit = len(lines)
        first = lines[:fit]
    rest = lines[len(first) :] if mode == "table" else []
    h = max(len(first), 4) * lead + 16
    pen.box(X0, y, X1, y + h)
    pen.vline(vx, y, y + h)
    pen.centred(pen.look.label("试点项目介绍"), X0, vx, y, y + h * 0.5)
    pen.centred(
        "（说明项目完成情况、应用效果等，500字以内，可附页）",
        X0 + 4,
        vx - 4,
        y + h * 0.4,
        y + h * 0.9,
        size * 0.8,
    )
    for i, line in enumerate(first):
        x = vx + 6 + (size * 2 if i == 0 else 0)
        write(pen.page, (x, y + 8 + (i + 1) * lead - lead * 0.25), line, size)
    y += h
    if rest:
        page = doc.new_page(width=A4.width, height=A4.height)
        pages.append(page.number)
        pen = _Pen(page, pen.rng, size, pen.rule, pen.look)
        y = 72.0
        h = len(rest) * lead + 16
        pen.box(X0, y, X1, y + h)
        pen.vline(vx, y, y + h)
        pen.centred("试点项目介绍（续）", X0, vx, y, y + h)
        for i, line in enumerate(rest):
            write(page, (vx + 6, y + 8 + (i + 1) * lead - lead * 0.25), line, size)
        y += h
    elif y + sign_h > limit:
        page = doc.new_page(width=A4.width, height=A4.height)
        pages.append(page.number)
        pen = _Pen(page, pen.rng, size, pen.rule, pen.look)
        y = 72.0
    _sign_row(pen, spec, y)
    if attach:
        pages.append(_attached_page(doc, attach, size, rng, whole=mode == "attach_all"))
    return pages


def _attached_page(
    doc: pymupdf.Document, text: str, size: float, rng: random.Random, whole: bool
) -> int:
    """附页: the summary (or its rest) as plain paragraphs on a page of its own."""
    page = doc.new_page(width=A4.width, height=A4.height)
    title = rng.choice(["附页", "附页：试点项目介绍", "试点项目介绍（附页）"])
    if not whole and rng.random() < 0.5:
        title = rng.choice(["附页：试点项目介绍（续）", "附页（续）"])
    fs = size + 3
    write(page, ((A4.width - text_width(title, fs)) / 2, 90), title, fs, bold=True)
    left, width = 80.0, A4.width - 160
    lead = size * rng.uniform(1.6, 1.9)
    y = 130.0
    indent = size * 2 if whole else 0.0
    for i, line in enumerate(wrap(text, width, size, indent)):
        write(page, (left + (indent if i == 0 else 0), y), line, size)
        y += lead
    return page.number
