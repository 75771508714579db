"""Pages of the summary report besides its cover and body: a 目录 (contents) page listing the
headings with dot leaders and page numbers, and the signing and stamp lines standing alone on
a page after the body, as Word leaves them when the last paragraph fills the page.
"""

from __future__ import annotations

import random

import pymupdf

from samples.generate import ink, seal
from samples.generate.flow import A4, Flow, text_width, write
from samples.generate.numerals import date_text
from samples.generate.spec import Spec

_LEADERS = ("…", ".", "·", "rule", "none")


def draw_toc(doc: pymupdf.Document, at: int, flow: Flow, rng: random.Random) -> None:
    """A contents page inserted at page index `at`; entries name the headings the flow set,
    with the numbers the body's footers print (the headings stay on the body pages)."""
    page = doc.new_page(pno=at, width=A4.width, height=A4.height)
    title = rng.choice(["目  录", "目录", "目 录"])
    write(page, ((A4.width - text_width(title, 18)) / 2, 110), title, 18, bold=True)
    size = rng.choice([11.0, 12.0, 14.0])
    leader = rng.choice(_LEADERS)
    with_subs = rng.random() < 0.6
    left, right = rng.uniform(80, 100), A4.width - rng.uniform(80, 100)
    y = 160.0
    for sid, text in flow.heading_text.items():
        if "." in sid and not with_subs:
            continue
        x = left + (size * 2 if "." in sid else 0)
        number = str(flow.printed_number(flow.headings[sid] - 1))
        w = write(page, (x, y), text, size)
        nw = text_width(number, size)
        write(page, (right - nw, y), number, size)
        gap0, gap1 = x + w + size * 0.5, right - nw - size * 0.5
        if leader == "rule":  # a dotted tab leader drawn, not typed
            page.draw_line((gap0, y), (gap1, y), color=(0, 0, 0), width=0.8, dashes="[1 3] 0")
        elif leader != "none":
            step = text_width(leader, size)
            write(page, (gap0, y), leader * max(3, int((gap1 - gap0) / step)), size)
        y += size * rng.uniform(2.0, 2.4)


def draw_signing_page(doc: pymupdf.Document, spec: Spec, rng: random.Random) -> None:
    """The report's closing signing block on a page of its own (signed and stamped as the
    cover is)."""
    page = doc.new_page(width=A4.width, height=A4.height)
    fs = rng.choice([12.0, 14.0])
    x, y = rng.uniform(250, 300), rng.uniform(120, 260)
    rows = [("项目负责人（签字）：", "sign"), ("项目牵头单位（盖章）：", "stamp")]
    if rng.random() < 0.4:
        rows = [("负责人签字：", "sign"), ("单位（盖章）：", "stamp")]
    stamp_at = pymupdf.Point(x + 120, y)
    for label, role in rows:
        w = write(page, (x, y), label, fs)
        if role == "sign" and spec.report_signed:
            at = pymupdf.Point(x + w + rng.uniform(2, 10), y + rng.uniform(-2, 4))
            ink.signature(page, at, len(spec.leader), rng, height=fs * rng.uniform(1.8, 2.4))
        if role == "stamp":
            stamp_at = pymupdf.Point(x + w + rng.uniform(10, 50), y + rng.uniform(10, 40))
        y += fs * rng.uniform(3.0, 4.0)
    d = spec.report_date
    write(page, (x + rng.uniform(20, 60), y), date_text(rng, d.year, d.month, d.day), fs)
    if spec.report_sealed:
        seal.stamp(page, stamp_at, spec.lead_unit, rng)
