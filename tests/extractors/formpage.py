"""Small rendered Annex 2 form pages for the form, table and checkbox tests: a ruled table
drawn with PyMuPDF, rasterised to the PageView's grayscale image, with the Lines built
directly (as OCR would give them) instead of read back; optional skew and scan noise."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np
import pymupdf

from extractors.types import Box, Line, PageView, SealFind
from models.template import DIRECTIONS
from samples.generate.flow import text_width, wrap, write

X0, X1, LABEL_W = 62.0, 533.0, 96.0
VX = X0 + LABEL_W
FONT = "china-s"
INSTRUCTION = "（说明项目完成情况、应用效果等，500字以内，可附页）"
TICK_STYLES = ("check", "cross", "filled", "boxed_check", "hand", "overflow")


@dataclass
class FormSpec:
    ticks: dict[str, str] = field(default_factory=dict)  # direction id -> tick style
    other_text: str | None = None
    per_row: int = 2
    glyph_boxes: bool = False  # boxes printed as the □ character, read by OCR as 口
    project_name: str = "5G智慧急救一体化平台建设项目"
    lead_unit: str = "上海市第一人民医院"
    leader: str = "王建国"
    leader_title: str = "主任医师"
    contact: tuple[str, str, str] = ("李敏", "021-61234567", "li.min@sh-hospital.cn")
    contact_rows: bool = True  # header sub-row + value row, else 姓名：… in one cell
    partners: tuple[str, ...] = ("上海联通公司", "复旦大学")
    partner_rows: bool = True  # one ruled row per unit, else joined with 、
    summary: str = "本项目建成5G急救网络，覆盖12家医院，救治效率提高30%。"
    filled: str = "2023年9月15日"
    signed: bool = True
    sealed: bool = True
    size: float = 11.0
    # Variants people make of the template: printed labels respelt ({"项目名称": "项 目 名 称",
    # "项目负责人": "负责人", "联系电话": "手机"}), the label column's width, partner units
    # in one cell joined by `partner_sep` ("\n": one line each), ticks typed as glyphs
    # (`glyph_boxes` with a tick style "glyph:☑") and the chosen label circled ("circle").
    labels: dict[str, str] = field(default_factory=dict)
    label_w: float = LABEL_W
    partner_sep: str = "、"
    table_break: bool = False  # the table goes on over a page break before 联合申报单位
    attachment: bool = False  # the introduction goes on on a page titled 附页, without a table
    spacing: float = 1.9  # the direction rows' pitch, in text sizes


def _l(spec: FormSpec, text: str) -> str:
    return spec.labels.get(text, text)


@dataclass
class _Page:
    page: pymupdf.Page
    size: float
    lines: list[Line] = field(default_factory=list)
    seals: list[SealFind] = field(default_factory=list)
    vx: float = VX

    def text(self, x: float, baseline: float, text: str, size: float | None = None) -> Line:
        size = size or self.size
        width = write(self.page, (x, baseline), text, size)
        line = Line(text, (x, baseline - size * 0.9, x + width, baseline + size * 0.25), 0.98)
        self.lines.append(line)
        return line

    def rect(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.8) -> None:
        self.page.draw_rect(pymupdf.Rect(x0, y0, x1, y1), color=(0, 0, 0), width=width)

    def hline(self, x0: float, x1: float, y: float) -> None:
        self.page.draw_line((x0, y), (x1, y), color=(0, 0, 0), width=0.8)

    def vline(self, x: float, y0: float, y1: float) -> None:
        self.page.draw_line((x, y0), (x, y1), color=(0, 0, 0), width=0.8)

    def row(self, label: str, y: float, h: float) -> None:
        self.rect(X0, y, X1, y + h)
        self.vline(self.vx, y, y + h)
        self.text(X0 + 6, y + h / 2 + self.size * 0.35, label)

    def value_row(self, label: str, value: str, y: float) -> float:
        """A label and its value, the value wrapped over as many lines as the cell needs."""
        parts = wrap(value, X1 - self.vx - 12, self.size) or [""]
        h = max(34.0, len(parts) * self.size * 1.4 + 14)
        self.row(label, y, h)
        top = y + h / 2 - (len(parts) - 1) * self.size * 0.7
        for i, part in enumerate(parts):
            self.text(self.vx + 6, top + i * self.size * 1.4 + self.size * 0.35, part)
        return y + h


def tick(page: pymupdf.Page, box: pymupdf.Rect, style: str) -> None:
    """Mark a checkbox the ways people do."""
    s = box.width
    ink = (0.05, 0.1, 0.45)
    if style == "check":
        page.insert_text(
            (box.x0 - s * 0.1, box.y1 + s * 0.1),
            "√",
            fontname=FONT,
            fontsize=s * 1.4,
            render_mode=2,
            border_width=0.04,
        )
    elif style == "cross":
        page.insert_text(
            (box.x0 - s * 0.05, box.y1 - s * 0.02),
            "×",
            fontname=FONT,
            fontsize=s * 1.15,
            render_mode=2,
            border_width=0.05,
        )
    elif style == "filled":
        inner = pymupdf.Rect(
            box.x0 + s * 0.15, box.y0 + s * 0.15, box.x1 - s * 0.15, box.y1 - s * 0.15
        )
        page.draw_rect(inner, color=None, fill=(0, 0, 0))
    elif style == "boxed_check":
        page.draw_polyline(
            [
                (box.x0 + s * 0.2, box.y0 + s * 0.5),
                (box.x0 + s * 0.42, box.y1 - s * 0.2),
                (box.x1 - s * 0.15, box.y0 + s * 0.18),
            ],
            color=(0, 0, 0),
            width=s * 0.14,
        )
    elif style == "hand":
        shape = page.new_shape()
        shape.draw_bezier(
            (box.x0 - s * 0.1, box.y0 + s * 0.45),
            (box.x0 + s * 0.1, box.y0 + s * 0.8),
            (box.x0 + s * 0.3, box.y1),
            (box.x0 + s * 0.4, box.y1 + s * 0.05),
        )
        shape.draw_bezier(
            (box.x0 + s * 0.4, box.y1 + s * 0.05),
            (box.x0 + s * 0.7, box.y0 + s * 0.4),
            (box.x1, box.y0 - s * 0.2),
            (box.x1 + s * 0.6, box.y0 - s * 0.6),
        )
        shape.finish(color=ink, width=1.3, lineCap=1, closePath=False)
        shape.commit()
    elif style == "overflow":  # a big hand tick, most of it outside the box
        page.draw_polyline(
            [
                (box.x0 - s * 0.3, box.y0 + s * 0.2),
                (box.x0 + s * 0.45, box.y1 + s * 0.3),
                (box.x1 + s * 1.2, box.y0 - s * 1.0),
            ],
            color=ink,
            width=1.5,
        )
    elif style == "steep":  # a quick tick whose rising stroke runs on into the box above
        page.draw_polyline(
            [
                (box.x0 - s * 0.1, box.y0 + s * 0.4),
                (box.x0 + s * 0.35, box.y1 + s * 0.1),
                (box.x0 + s * 0.8, box.y0 - s * 1.75),
            ],
            color=ink,
            width=1.4,
        )
    else:
        raise ValueError(style)


def _directions(p: _Page, spec: FormSpec, y: float) -> float:
    size = min(spec.size, 9.0) if spec.per_row >= 3 else spec.size  # three must fit a row
    line_h = size * spec.spacing
    col_w = (X1 - p.vx - 12) / spec.per_row
    rows = math.ceil(len(DIRECTIONS) / spec.per_row)
    bottom = y + rows * line_h + 10
    for i, (did, label) in enumerate(DIRECTIONS):
        r, c = divmod(i, spec.per_row)
        bx = p.vx + 8 + c * col_w
        base = y + 5 + (r + 1) * line_h - line_h * 0.3
        s = size * 0.85
        box = pymupdf.Rect(bx, base - s * 0.95, bx + s, base + s * 0.05)
        text = "其他方向：" if did == "other" else f"方向{did}：{label}"
        style = spec.ticks.get(did, "")
        if spec.glyph_boxes:
            glyph = style.removeprefix("glyph:") if style.startswith("glyph:") else "□"
            write(p.page, (bx - 1, base), glyph, size * 1.1)
            label_line = p.text(bx + s + 4, base, text, size)
            # the text layer (or OCR) keeps the box glyph in the label's line
            read = "口" if glyph == "□" else glyph
            p.lines[-1] = Line(read + text, (bx - 1, *label_line.box[1:]), 0.9)
        else:
            p.page.draw_rect(box, color=(0, 0, 0), width=0.7)
            p.text(bx + s + 4, base, text, size)
        if did == "other":
            ux = bx + s + 4 + text_width(text, size)
            p.hline(ux, min(ux + 150, X1 - 6), base + 2)
            if spec.other_text:
                p.text(ux + 6, base - 1, spec.other_text, size)
        if style == "circle":  # a ring drawn round the box and the label
            ring = pymupdf.Rect(
                bx - 4, base - size * 1.25, bx + s + 8 + text_width(text, size), base + size * 0.45
            )
            p.page.draw_oval(ring, color=(0.05, 0.1, 0.45), width=1.2)
        elif style and not style.startswith("glyph:"):
            tick(p.page, box, style)
    return bottom


def _contact(p: _Page, spec: FormSpec, y: float) -> float:
    if spec.contact_rows:
        h = 26.0
        cols = (p.vx, p.vx + 90, p.vx + 210, X1)
        p.rect(X0, y, X1, y + 2 * h)
        p.vline(p.vx, y, y + 2 * h)
        p.hline(p.vx, X1, y + h)
        for x in cols[1:-1]:
            p.vline(x, y, y + 2 * h)
        p.text(X0 + 6, y + h + p.size * 0.35, _l(spec, "项目联系人"))
        heads = tuple(_l(spec, t) for t in ("姓名", "联系电话", "联系邮箱"))
        for i, (head, value) in enumerate(zip(heads, spec.contact, strict=True)):
            p.text(cols[i] + 6, y + h / 2 + p.size * 0.35, head)
            p.text(cols[i] + 6, y + 1.5 * h + p.size * 0.35, value, p.size * 0.9)
        return y + 2 * h
    p.row(_l(spec, "项目联系人"), y, 30)
    name, phone, email = spec.contact
    n, t, e = (_l(spec, x) for x in ("姓名", "联系电话", "联系邮箱"))
    p.text(p.vx + 6, y + 15 + p.size * 0.35, f"{n}：{name} {t}：{phone}", p.size * 0.85)
    p.text(p.vx + 230, y + 15 + p.size * 0.35, f"{e}：{email}", p.size * 0.85)
    return y + 30


def _partners(p: _Page, spec: FormSpec, y: float) -> float:
    if spec.partner_rows:
        h = 24.0
        total = h * max(2, len(spec.partners))
        p.rect(X0, y, X1, y + total)
        p.vline(p.vx, y, y + total)
        p.text(X0 + 6, y + total / 2 - 2, _l(spec, "联合申报单位"), p.size * 0.9)
        p.text(X0 + 6, y + total / 2 + p.size, "（可扩行）", p.size * 0.9)
        for i, unit in enumerate(spec.partners):
            if i:
                p.hline(p.vx, X1, y + i * h)
            p.text(p.vx + 6, y + i * h + h / 2 + p.size * 0.35, unit)
        return y + total
    if spec.partner_sep == "\n":
        parts = list(spec.partners)
    else:
        parts = wrap(spec.partner_sep.join(spec.partners), X1 - p.vx - 12, p.size)
    h = max(30.0, len(parts) * p.size * 1.4 + 12)
    p.row(_l(spec, "联合申报单位"), y, h)
    for i, part in enumerate(parts):
        p.text(p.vx + 6, y + 6 + (i + 1) * p.size * 1.4 - p.size * 0.3, part)
    return y + h


def _summary(p: _Page, spec: FormSpec, y: float, text: str, label: str) -> float:
    per_line = int((X1 - p.vx - 12) / p.size)
    chunks = [text[i : i + per_line] for i in range(0, len(text), per_line)] or [""]
    h = max(4, len(chunks)) * p.size * 1.5 + 12
    p.rect(X0, y, X1, y + h)
    p.vline(p.vx, y, y + h)
    p.text(X0 + 6, y + 20, label)
    for i, part in enumerate((INSTRUCTION[:7], INSTRUCTION[7:15], INSTRUCTION[15:])):
        p.text(X0 + 4, y + 40 + i * p.size, part, p.size * 0.75)
    for i, chunk in enumerate(chunks):
        p.text(p.vx + 6, y + 6 + (i + 1) * p.size * 1.5, chunk)
    return y + h


def _sign_row(p: _Page, spec: FormSpec, y: float) -> None:
    mid = (X0 + X1) / 2
    p.rect(X0, y, X1, y + 100)
    p.vline(mid, y, y + 100)
    p.text(X0 + 8, y + 22, "负责人（签名）：")
    p.text(mid + 8, y + 22, "申报主体单位（盖章）：")
    for x in (mid - 110, X1 - 110):
        p.text(x, y + 88, "2023年9月15日")
    if spec.signed:
        shape = p.page.new_shape()
        shape.draw_bezier(
            (X0 + 50, y + 55), (X0 + 70, y + 25), (X0 + 90, y + 70), (X0 + 110, y + 35)
        )
        shape.draw_bezier(
            (X0 + 110, y + 35), (X0 + 130, y + 65), (X0 + 150, y + 30), (X0 + 170, y + 50)
        )
        shape.finish(color=(0.05, 0.1, 0.45), width=1.4, closePath=False)
        shape.commit()
    if spec.sealed:
        centre = pymupdf.Point(mid + 150, y + 55)
        p.page.draw_circle(centre, 42, color=(0.85, 0.1, 0.1), width=2.5)
        p.seals.append(SealFind((centre.x - 42, centre.y - 42, centre.x + 42, centre.y + 42), 0.95))


def render(spec: FormSpec, summary_pages: int = 1) -> tuple[pymupdf.Document, list[_Page]]:
    """The form as a PDF document and, per page, the Lines and seals drawn on it."""
    doc = pymupdf.open()
    p = _Page(doc.new_page(width=595, height=842), spec.size, vx=X0 + spec.label_w)
    p.text(150, 100, "5G+医疗健康应用试点项目验收申请书", 16)
    p.text(360, 130, f"填报时间：{spec.filled}" if spec.filled else "填报时间：    年   月   日")
    y = 142.0
    for label, value in (("项目名称", spec.project_name), ("申报主体单位", spec.lead_unit)):
        y = p.value_row(_l(spec, label), value, y)
    bottom = _directions(p, spec, y)
    p.rect(X0, y, X1, bottom)
    p.vline(p.vx, y, bottom)
    p.text(X0 + 6, (y + bottom) / 2, _l(spec, "项目申报方向"))
    y = bottom
    p.rect(X0, y, X1, y + 34)
    for x in (p.vx, p.vx + 120, p.vx + 210):
        p.vline(x, y, y + 34)
    for x, text in (
        (X0 + 6, _l(spec, "项目负责人")),
        (p.vx + 6, spec.leader),
        (p.vx + 126, _l(spec, "职务/职称")),
        (p.vx + 216, spec.leader_title),
    ):
        p.text(x, y + 17 + p.size * 0.35, text)
    y = _contact(p, spec, y + 34)
    pages = [p]
    if spec.table_break:
        p = _Page(doc.new_page(width=595, height=842), spec.size, vx=p.vx)
        pages.append(p)
        y = 60.0
    y = _partners(p, spec, y)
    if spec.attachment:
        half = len(spec.summary) // 2
        y = _summary(p, spec, y, spec.summary[:half] + "（详见附页）", _l(spec, "试点项目介绍"))
        _sign_row(p, spec, y)
        q = _Page(doc.new_page(width=595, height=842), spec.size, vx=p.vx)
        q.text(X0, 80, "附页：试点项目介绍", 14)
        rest = wrap(spec.summary[half:], X1 - X0, spec.size)
        for i, part in enumerate(rest):
            q.text(X0, 110 + i * spec.size * 1.6, part)
        q.text(290, 800, "- 3 -", 9)
        pages.append(q)
    elif summary_pages == 1:
        y = _summary(p, spec, y, spec.summary, _l(spec, "试点项目介绍"))
        _sign_row(p, spec, y)
    else:
        half = len(spec.summary) // 2
        _summary(p, spec, y, spec.summary[:half], _l(spec, "试点项目介绍"))
        q = _Page(doc.new_page(width=595, height=842), spec.size, vx=p.vx)
        pages.append(q)
        y = _summary(q, spec, 72, spec.summary[half:], "试点项目介绍（续）")
        _sign_row(q, spec, y)
    return doc, pages


def views(
    spec: FormSpec,
    *,
    dpi: float = 150,
    skew: float = 0.0,
    noise: bool = False,
    summary_pages: int = 1,
) -> list[PageView]:
    """The form's PageViews: image rasterised (turned by `skew` degrees, with scan noise and
    JPEG when asked), Lines as drawn (boxes moved with the skew, as OCR reports them)."""
    doc, pages = render(spec, summary_pages)
    out = []
    rng = np.random.default_rng(7)
    for page, drawn in zip(doc, pages, strict=True):
        pix = page.get_pixmap(dpi=int(dpi), colorspace=pymupdf.csGRAY)
        gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w).copy()
        lines, seals = drawn.lines, drawn.seals
        if skew or noise:
            gray, move = _scan(gray, skew, noise, rng)
            s = dpi / 72.0
            lines = [Line(ln.text, _moved(ln.box, move, s), ln.confidence) for ln in lines]
            seals = [SealFind(_moved(x.box, move, s), x.confidence) for x in seals]
        out.append(
            PageView(
                number=page.number + 1,
                width=595,
                height=842,
                source="ocr" if noise else "text",
                lines=lines,
                seals=seals,
                image=gray,
                dpi=dpi,
            )
        )
    doc.close()
    return out


def _scan(
    gray: np.ndarray, skew: float, noise: bool, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    h, w = gray.shape
    move = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    out = cv2.warpAffine(gray, move, (w, h), borderValue=255)
    if noise:
        out = cv2.GaussianBlur(out, (3, 3), 0.6).astype(float) * 0.88 + 22
        out = np.clip(out + rng.normal(0, 7, out.shape), 0, 255).astype(np.uint8)
        _, enc = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, 50])
        out = cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE)
    return out, move


def _moved(box: Box, move: np.ndarray, s: float) -> Box:
    x0, y0, x1, y1 = (v * s for v in box)
    pts = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]]) @ move.T / s
    return (
        float(pts[:, 0].min()),
        float(pts[:, 1].min()),
        float(pts[:, 0].max()),
        float(pts[:, 1].max()),
    )
