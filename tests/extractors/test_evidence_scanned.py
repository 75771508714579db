"""Evidence read end to end through perception (OCR) on scanned certificates: the issuing
office's seal pressed over the number, and a certificate scanned turned 90°."""

from __future__ import annotations

import datetime as dt
import random

import pymupdf
import pytest

from extractors.pipeline import process
from extractors.text.normalize import levenshtein
from models.result import EvidenceItem
from samples.generate import certificates, scan, seal
from samples.generate.evidence_plan import EvidenceSpec

pytestmark = [pytest.mark.ocr, pytest.mark.slow]

PARAMS = {
    "dpi": 200,
    "grayscale": False,
    "upside_down": False,
    "sideways": False,
    "garbage_text": False,
    "max_skew": 0.8,
    "jpeg_quality": 55,
    "tint": True,
    "seed": 7,
}


def _software(seed: int) -> EvidenceSpec:
    return EvidenceSpec(
        kind="software_copyright_certificate",
        number="2023SR0456789",
        title="5G远程会诊管理平台V2.0",
        holders=["上海市第六人民医院"],
        date=dt.date(2023, 6, 7),
        seed=seed,
    )


def _patent(seed: int) -> EvidenceSpec:
    return EvidenceSpec(
        kind="patent_certificate",
        number="ZL 2022 1 0123456.7",
        title="一种基于5G网络的远程超声数据传输方法及系统",
        holders=["上海市第六人民医院"],
        date=dt.date(2023, 5, 6),
        seed=seed,
        subtype="发明",
    )


def _scanned(
    item: EvidenceSpec, draw: str, params: dict[str, object], over_number: bool = True
) -> tuple[bytes, list[int]]:
    doc = pymupdf.open()
    getattr(certificates, draw)(doc, item, random.Random(item.seed))
    page = doc[0]
    assert item.number is not None
    hits = page.search_for(item.number)
    assert hits, "the number is printed"
    # the issuing office's seal over the number: its ring and the top of its arc text cross
    # the digits (nearer its middle, strokes would erase them: the generator composites seals
    # by alpha, see certificates._seal_over)
    # (off the number: where patent offices print theirs, below the text, right of centre)
    at = (hits[0].tl + hits[0].br) / 2 + (0, 50) if over_number else pymupdf.Point(400, 700)
    seal.stamp(page, at, "中华人民共和国国家版权局", random.Random(3), 118)
    scanned, rotations = scan.scan_document(doc, params)
    data = scanned.tobytes()
    return data, rotations


def _item(data: bytes) -> tuple[EvidenceItem, dict[str, object]]:
    result = process(data, filename="cert.pdf")
    assert result.pages[0].kind == "attachment"
    [item] = result.evidence
    return item, {"source": result.pages[0].source, "rotation": result.pages[0].rotation}


def test_seal_over_the_number_is_read_through() -> None:
    item_spec = _software(11)
    data, _ = _scanned(item_spec, "software_certificate", PARAMS)
    item, page = _item(data)
    assert page["source"] == "ocr"
    assert item.kind == "software_copyright_certificate"
    assert item.number.value == "2023SR0456789"
    assert item.holders.value == ["上海市第六人民医院"]
    assert item.date.value == "2023-06-07"
    assert item.number.evidence and item.number.evidence[0].bbox is not None


def test_certificate_turned_90_degrees() -> None:
    params = {**PARAMS, "sideways": True}
    for seed in range(20):  # the scanner turns the page 90 or 270 degrees: take a 90
        params["seed"] = seed
        if scan._rotations(1, params, random.Random(seed), set()) == [90]:
            break
    item_spec = _patent(5)
    # The seal is pressed below the text here: this test is about the turn; reading through a
    # seal over the number is the test above (strokes across digits can flip one: 3 -> 2).
    data, rotations = _scanned(item_spec, "patent_certificate", params, over_number=False)
    assert rotations == [90]
    item, page = _item(data)
    assert page == {"source": "ocr", "rotation": 90}
    assert item.kind == "patent_certificate"
    assert item.number.value == "ZL 2022 1 0123456.7"
    # this layout's own issuer seal lies over the title's 超声 (an alpha-blended generator
    # seal erases what real, multiplying ink leaves legible): one character may go
    assert levenshtein(str(item.title.value), "一种基于5G网络的远程超声数据传输方法及系统") <= 1
    assert item.date.value == "2023-05-06"
    # boxes are on the page as displayed (sideways): inside its width and height
    x0, y0, x1, y1 = item.number.evidence[0].bbox or (0, 0, 0, 0)
    assert 0 <= x0 < x1 <= 842 and 0 <= y0 < y1 <= 595
