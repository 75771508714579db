"""Seals as offices really press them, found on built pages: round, oval and square official
seals and small name seals (red letters or letters cut out of red), in bright and dark red,
faded pink, purple and blue; several on a page; one running off the edge; and no seal where
there is only red or brown that is not one (chart bars, a heading rule, a desk)."""

from __future__ import annotations

import random

import pymupdf
import pytest

from extractors.marks import seals
from extractors.perception import raster
from samples.generate import seal as draw
from samples.generate.seal import SealStyle

MM = 72 / 25.4
DPI = 200
BODY = "本项目由瑞金医院牵头，联合中国移动共同实施，累计培训医护人员三百余人次。"


def _page(w: float = 420.0, h: float = 420.0) -> tuple[pymupdf.Document, pymupdf.Page]:
    doc = pymupdf.open()
    page = doc.new_page(width=w, height=h)
    for i in range(12):  # print under the seals
        page.insert_text((20, 40 + 30 * i), BODY[: 18 + i % 5], fontname="china-s", fontsize=13)
    return doc, page


def _found(page: pymupdf.Page) -> list[tuple[float, float, float, float]]:
    img = raster.render_rgb(page, DPI)
    return [tuple(v * 72 / DPI for v in s.box) for s in seals.find_seals(img, DPI)]  # type: ignore[misc]


def _iou(a: tuple[float, ...], b: pymupdf.Rect) -> float:
    ix = max(0.0, min(a[2], b.x1) - max(a[0], b.x0))
    iy = max(0.0, min(a[3], b.y1) - max(a[1], b.y0))
    union = (a[2] - a[0]) * (a[3] - a[1]) + b.width * b.height - ix * iy
    return ix * iy / union


STYLES = [
    SealStyle("round", 42 * MM, 42 * MM, "blue", "合同专用章"),
    SealStyle("round", 40 * MM, 40 * MM, "faded"),
    SealStyle("oval", 45 * MM, 32 * MM, "dark_red", "发票专用章"),
    SealStyle("oval", 40 * MM, 28 * MM, "purple", "合同专用章"),
    SealStyle("square", 34 * MM, 34 * MM, "red", "财务专用章"),
    SealStyle("name", 16 * MM, 16 * MM, "red", white_letters=True),
    SealStyle("name", 14 * MM, 15 * MM, "blue"),
]


@pytest.mark.parametrize("style", STYLES, ids=lambda s: f"{s.shape}-{s.ink}-{s.white_letters}")
def test_each_shape_and_ink_is_found_where_it_was_pressed(style: SealStyle) -> None:
    _, page = _page()
    text = "王建国" if style.shape == "name" else "上海市第一人民医院"
    where = draw.stamp(page, pymupdf.Point(210, 200), text, random.Random(5), style=style)
    found = _found(page)
    assert len(found) == 1, found
    assert _iou(found[0], where) >= 0.6


def test_several_seals_on_one_page_each_once() -> None:
    _, page = _page(595, 842)
    rng = random.Random(9)
    centres = [(150, 200), (430, 260), (200, 600), (470, 700)]
    styles = [STYLES[0], STYLES[2], STYLES[4], STYLES[5]]
    placed = [
        draw.stamp(page, pymupdf.Point(*c), "上海联影医疗科技股份有限公司", rng, style=s)
        for c, s in zip(centres, styles, strict=True)
    ]
    found = _found(page)
    assert len(found) == len(placed)
    assert all(max(_iou(f, p) for f in found) >= 0.6 for p in placed)


def test_seal_running_off_the_page_is_found() -> None:
    _, page = _page()
    style = SealStyle("round", 42 * MM, 42 * MM, "red")
    draw.stamp(page, pymupdf.Point(410, 200), "上海市第一人民医院", random.Random(3), style=style)
    found = _found(page)  # about 60 % of it on the page
    assert len(found) == 1
    x0, _, x1, _ = found[0]
    assert x1 >= 418 and 320 <= x0 <= 370


def test_red_bars_heading_rules_and_brown_are_no_seal() -> None:
    _, page = _page()
    red, brown = (0.85, 0.1, 0.12), (0.55, 0.36, 0.22)
    for k, height in enumerate((60, 110, 150, 90)):  # a bar chart
        page.draw_rect(pymupdf.Rect(40 + 50 * k, 380 - height, 80 + 50 * k, 380), fill=red, width=0)
    page.draw_line((20, 20), (400, 20), color=red, width=2)  # a red heading rule
    page.insert_text(
        (60, 60), "上海市卫生健康委员会文件", fontname="china-s", fontsize=24, color=red
    )
    page.draw_rect(pymupdf.Rect(280, 260, 400, 380), fill=brown, width=0)
    page.draw_circle((340, 320), 40, color=(1, 1, 1), width=3)  # a round thing on the brown
    assert _found(page) == []


def test_pale_purple_ring_on_cream_paper_is_found() -> None:
    """Lavender ink as pale as faded red (saturation ~47 of 255), on cream paper."""
    _, page = _page()
    page.draw_rect(page.rect, fill=(0.95, 0.93, 0.88), width=0, overlay=False)
    lavender = (190 / 255, 155 / 255, 185 / 255)
    page.draw_circle((210, 200), 58, color=lavender, width=3.5)
    page.draw_circle((210, 200), 54, color=lavender, width=1)
    for k, ch in enumerate("上海市第一人民医院"):
        page.insert_text((165 + 11 * k, 175), ch, fontname="china-s", fontsize=11, color=lavender)
    found = _found(page)
    assert len(found) == 1
    assert _iou(found[0], pymupdf.Rect(152, 142, 268, 258)) >= 0.7
