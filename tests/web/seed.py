"""Submissions for the reviewer-UI tests without running the pipeline: a born-digital PDF
(known text at known places) stored through ingest, and a hand-built contract result saved
through the same storage calls the worker uses (store_result, mark_done)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pymupdf

from extractors.grade.rubric import suggest
from extractors.options import PIPELINE_VERSION
from models.result import Document, Evidence, EvidenceItem, Page, Result
from models.result import Field as RField
from service.ingest import ingest
from service.storage import submissions as subs
from service.storage.db import session_scope
from tests.web.conftest import Server

FONT_SIZE = 16.0
Box = tuple[float, float, float, float]


@dataclass
class Doc:
    """A PDF and where each line was drawn: boxes[(page, line index)] in PDF points."""

    data: bytes
    boxes: dict[tuple[int, int], Box]


def make_pdf(pages: list[list[str]], tag: str) -> Doc:
    """One A4 page per list of lines; `tag` makes the bytes (hence the submission) unique."""
    doc = pymupdf.open()
    boxes: dict[tuple[int, int], Box] = {}
    for number, lines in enumerate(pages, start=1):
        page = doc.new_page(width=595, height=842)
        y = 160.0
        for index, line in enumerate(lines):
            page.insert_text((100, y), line, fontname="china-s", fontsize=FONT_SIZE)
            width = pymupdf.get_text_length(line, fontname="china-s", fontsize=FONT_SIZE)
            boxes[(number, index)] = (100.0, y - FONT_SIZE, 100.0 + width, y + 4)
            y += 40
        page.insert_text((100, 800), tag, fontname="helv", fontsize=6)
    data: bytes = doc.tobytes()
    doc.close()
    return Doc(data, boxes)


def base_result(doc: Doc, sha: str, pages: list[list[str]]) -> Result:
    """A report with its cover fields read from page 1 (lines: 项目名称, 牵头单位, 负责人)."""
    result = Result(
        document=Document(sha256=sha, page_count=len(pages)),
        pages=[
            Page(
                number=n,
                source="text",
                kind="report_cover" if n == 1 else "attachment",
                width=595,
                height=842,
                text="\n".join(lines),
            )
            for n, lines in enumerate(pages, start=1)
        ],
    )
    result.report.present = True
    result.report.kind = "acceptance"
    fields = result.report.fields
    for key, index in (("project_name", 0), ("lead_unit", 1), ("leader", 2)):
        text = pages[0][index]
        setattr(
            fields,
            key,
            RField(
                value=text.split("：", 1)[1],
                confidence=0.99,
                evidence=[Evidence(page=1, bbox=doc.boxes[(1, index)], text=text)],
            ),
        )
    fields.leader_signed = RField(value=True, confidence=0.9)
    fields.unit_sealed = RField(value=True, confidence=0.9)
    for section in result.report.sections:
        section.found, section.page, section.confidence, section.text_chars = True, 1, 0.9, 600
    return result


def seed(
    server: Server,
    name: str,
    *,
    unit: str = "上海市第六人民医院",
    doc_unit: str | None = None,
    extra_pages: list[list[str]] | None = None,
    patch: Callable[[Result, Doc], None] | None = None,
    uploaded_by: str | None = None,
) -> str:
    """Ingest a cover (+ extra pages) for `name` and store a result; `patch` edits it first."""
    pages = [
        [f"项目名称：{name}", f"牵头单位：{doc_unit or unit}", "项目负责人：李明"],
        *(extra_pages or []),
    ]
    doc = make_pdf(pages, tag=f"{name}-{unit}")
    with session_scope(server.settings) as session:
        from service.storage import users

        uploader = users.require(session, uploaded_by).id if uploaded_by else None
        done = ingest(
            session, server.settings, doc.data, filename=f"{name}.pdf", unit=unit, user_id=uploader
        )
        sub = done.submission
        result = base_result(doc, sub.sha256, pages)
        if patch is not None:
            patch(result, doc)
        result.rubric = suggest(result)
        subs.store_result(session, sub.id, PIPELINE_VERSION, result.to_json_dict(), 0.1)
        subs.mark_done(sub, pipeline_version=PIPELINE_VERSION, project=name)
        return sub.id


def certificate(doc: Doc, page: int, number: str, title: str, holder: str) -> EvidenceItem:
    """An evidence item whose number, title and holder sit on lines 0, 1, 2 of `page`."""

    def fld(value: object, line: int, text: str) -> RField:
        box = doc.boxes[(page, line)]
        return RField(
            value=value, confidence=0.95, evidence=[Evidence(page=page, bbox=box, text=text)]
        )

    return EvidenceItem(
        kind="software_copyright_certificate",
        pages=[page],
        number=fld(number, 0, f"登记号：{number}"),
        title=fld(title, 1, f"软件名称：{title}"),
        holders=fld([holder], 2, f"著作权人：{holder}"),
        counts_toward="software_copyrights",
        related=True,
        confidence=0.95,
    )
