"""The generator's report pages beyond cover and body (a 目录 page, a signing page of its own),
duplex blank backs and steep skew: each drawn with truth that says exactly what is there."""

from __future__ import annotations

import random
import re

import pymupdf

from samples.generate import scan
from samples.generate.make import render, render_born_digital
from samples.generate.spec import Spec, draw_spec


def _report_spec(seed: int) -> Spec:
    spec = draw_spec("x", seed, False, {"form_first"})
    spec.missing_sections = []
    return spec


def test_a_contents_page_lists_the_headings_with_the_pages_their_footers_print() -> None:
    spec = _report_spec(31)
    spec.toc = True
    doc, out = render_born_digital(spec)
    cover = next(i for i, p in enumerate(out.pages) if p.kind == "report_cover")
    toc = doc[cover + 1].get_text()
    assert out.pages[cover + 1].kind == "report_body" and out.pages[cover + 1].text is None
    assert re.sub(r"\s", "", toc).startswith("目录")
    printed = [int(n) for n in re.findall(r"(\d+)\s*$", toc, flags=re.M)]
    assert len(printed) >= 7  # every chapter, perhaps the sub-sections too
    for page in out.headings.values():  # headings stay on the body pages, after the toc
        assert page > cover + 2
        assert out.pages[page - 1].text is not None
    # each listed number is the one printed at the foot of that heading's page
    chapters = [p for sid, p in out.headings.items() if "." not in sid]
    feet = [
        int(re.findall(r"\d+", doc[p - 1].get_text().strip().splitlines()[-1])[0]) for p in chapters
    ]
    assert set(printed) <= set(feet) and feet == sorted(feet)


def test_a_signing_page_after_the_body_is_the_reports() -> None:
    spec = _report_spec(32)
    spec.signing_page, spec.report_signed = True, True
    doc, out = render_born_digital(spec)
    last_body = max(i for i, p in enumerate(out.pages) if p.kind == "report_body")
    text = doc[last_body].get_text()
    assert "签字" in text and "盖章" in text
    assert out.pages[last_body].text is None  # under the seal: no OCR truth claimed
    assert last_body + 1 not in out.headings.values()


def test_duplex_backs_are_blank_upright_and_show_their_front() -> None:
    spec = draw_spec("x", 33, True, set())
    spec.duplex_backs = 2
    spec.scan["upside_down"] = True
    data, truth = render(spec)
    backs = truth["variant"]["duplex_backs"]
    assert len(backs) == 2
    doc = pymupdf.open(stream=data, filetype="pdf")
    for number in backs:
        page = truth["pages"][number - 1]
        assert page["kind"] == "blank" and page["rotation"] == 0 and "text" not in page
        gray = doc[number - 1].get_pixmap(dpi=50, colorspace=pymupdf.csGRAY)
        assert gray.samples and min(gray.samples) < max(gray.samples)  # scanner noise, ghost


def test_some_pages_of_a_steep_scan_lean_three_to_five_degrees() -> None:
    rng = random.Random(1)
    p = {"steep_skew": True, "max_skew": 1.0}
    skews = [scan._page_params(p, i, rng, {}).get("page_skew") for i in range(40)]
    steep = [abs(s) for s in skews if s is not None]
    assert 5 <= len(steep) < 40 and all(3.0 <= s <= 5.0 for s in steep)
    assert scan._page_params(p, 0, random.Random(1), {0: 1}).get("page_skew") is None
    assert all(
        scan._page_params({"max_skew": 1.0}, i, rng, {}).get("page_skew") is None for i in range(10)
    )
