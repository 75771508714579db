"""Evidence pages appended to a submission (certificates, papers, standards: drawn by
certificates.py and publications.py from the plan in evidence_plan.py), plus the odd cover
letter (kind "other"). Their numbers (ZL…, 2022SR…) are not counts.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pymupdf

from samples.generate import certificates, publications, seal
from samples.generate.evidence_plan import EvidenceSpec
from samples.generate.flow import A4, text_width, wrap, write
from samples.generate.spec import Spec


def _centre(page: pymupdf.Page, y: float, text: str, size: float, bold: bool = False) -> None:
    write(page, ((A4.width - text_width(text, size)) / 2, y), text, size, bold=bold)


def letter(page: pymupdf.Page, spec: Spec, rng: random.Random) -> None:
    _centre(page, 120, "关于项目验收材料的说明", 20, bold=True)
    text = (
        f"中国信通院上海工创中心：我单位牵头承担的“{spec.project_name}”已按计划完成建设任务。"
        f"现将项目验收总结报告及相关佐证材料一并报送，请予审核。联系人：{spec.contact_name}，"
        f"联系电话：{spec.contact_phone}。"
    )
    write(page, (80, 190), text[: text.index("：") + 1], 14)
    y = 225.0
    for line in wrap(text[text.index("：") + 1 :], 430, 14, 28):
        write(page, (80, y), line, 14)
        y += 28
    write(page, (515 - text_width(spec.lead_unit, 13), y + 60), spec.lead_unit, 13)
    write(
        page,
        (350, y + 90),
        f"{spec.report_date.year}年{spec.report_date.month}月{spec.report_date.day}日",
        13,
    )
    seal.stamp(page, pymupdf.Point(400, y + 70), spec.lead_unit, rng)


DRAWERS: dict[str, Callable[[pymupdf.Document, EvidenceSpec, random.Random], None]] = {
    "patent_certificate": certificates.patent_certificate,
    "patent_application": certificates.patent_application,
    "software_copyright_certificate": certificates.software_certificate,
    "award_certificate": certificates.award_certificate,
    "paper": publications.paper,
    "standard": publications.standard,
}


def draw(doc: pymupdf.Document, item: EvidenceSpec) -> int:
    """Append `item`'s pages to `doc` (its own seeded layout); returns how many."""
    before = doc.page_count
    DRAWERS[item.kind](doc, item, random.Random(item.seed))
    return doc.page_count - before
