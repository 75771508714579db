"""Annex 1, the summary report: whether it is there, annual or acceptance, and where each of
the template's 13 outline headings is. Heading candidates come from `headings`; one pass of
dynamic programming keeps the best set that follows the template's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.grade.confidence import weighed
from extractors.report.headings import (
    Candidate,
    is_report_title,
    is_toc_page,
    row_candidates,
    rules,
    text_candidates,
)
from extractors.text.normalize import compact
from extractors.text.rows import Row, page_rows, span_box, union_box
from extractors.types import Box, PageView
from models.result import PageKind, Report, ReportKind, Section, Warning, empty_sections
from models.template import SECTION_IDS

_REPORT_KINDS: frozenset[PageKind] = frozenset({"report_cover", "report_body"})
# Page furniture that is not body text: "- 3 -", "第3页", "第3页共8页", "3/8".
_PAGE_NUMBER = re.compile(r"^[-_]*(?:第)?\d{1,3}(?:页)?(?:/\d{1,3}|共\d{1,3}页)?[-_]*$")


@dataclass(frozen=True, slots=True)
class _Hit:
    """A candidate placed in the document: which page, which rows."""

    page: int  # index into views
    row: int
    rows_used: int
    cand: Candidate


def read_report(views: list[PageView], kinds: list[PageKind]) -> tuple[Report, list[Warning]]:
    """The report's presence, kind and sections (template order), with warnings."""
    report = Report()
    pages = [i for i, kind in enumerate(kinds) if kind in _REPORT_KINDS]
    if not pages:
        return report, [Warning(code="report_missing", message="no summary report (附件1) found")]
    report.present = True
    warnings: list[Warning] = []
    rows = {i: page_rows(views[i]) for i in pages}

    kind, kind_note = report_kind(views, kinds, rows)
    report.kind = kind
    if kind_note:
        warnings.append(
            Warning(code="report_kind_uncertain", message=kind_note, page=views[pages[0]].number)
        )

    hits = _choose(_candidates(pages, rows))
    report.sections = _sections(views, pages, rows, hits)
    for section in report.sections:
        if not section.found:
            warnings.append(
                Warning(
                    code="section_missing",
                    message=f"outline heading {section.id} 「{section.title}」 not found",
                )
            )
    return report, warnings


def report_kind(
    views: list[PageView], kinds: list[PageKind], rows: dict[int, list[Row]]
) -> tuple[ReportKind | None, str | None]:
    """annual / acceptance from the report title; (kind, note when it had to be guessed)."""
    cues = rules().report_title
    for i in sorted(rows)[:3]:  # the title is on the cover or the first body page
        for r, row in enumerate(rows[i][:15]):
            if not is_report_title(row.text):
                continue
            # A title wrapped over two rows ("…项目年度" / "总结报告"), or followed by a
            # short subtitle ("（2022年度）").
            before = rows[i][r - 1].text if r else ""
            after = rows[i][r + 1].text if r + 1 < len(rows[i]) else ""
            text = before + row.text + (after if len(after) <= 12 else "")
            annual = any(c in text for c in cues.annual)
            acceptance = any(c in text for c in cues.acceptance)
            if annual != acceptance:
                return ("annual" if annual else "acceptance"), None
            if not annual:  # OCR garbled the word: look at the two characters before 总结
                guess = _kind_from_garbled(text)
                if guess:
                    return guess, f"report kind read from a garbled title 「{text}」"
    whole = "".join(compact(v.text) for v in views)
    if any(c in whole for c in cues.acceptance_context) or "application_form" in kinds:
        return "acceptance", "report title says neither 年度 nor 验收; an application form is there"
    return "annual", "report title says neither 年度 nor 验收; taken as annual"


def _kind_from_garbled(text: str) -> ReportKind | None:
    at = text.find("总结")
    if at < 2:
        return None
    before = set(text[at - 2 : at])
    if before & set("验收") and not before & set("年度"):
        return "acceptance"
    if before & set("年度") and not before & set("验收"):
        return "annual"
    return None


def _candidates(pages: list[int], rows: dict[int, list[Row]]) -> list[_Hit]:
    """Every row that may be a heading, in reading order; a heading wrapped onto a second
    short row is tried joined."""
    hits: list[_Hit] = []
    for page in pages:
        page_rows_ = rows[page]
        if is_toc_page(page_rows_):
            continue
        for r, row in enumerate(page_rows_):
            cands = row_candidates(row)
            used = 1
            nxt = page_rows_[r + 1] if r + 1 < len(page_rows_) else None
            if nxt is not None and len(nxt.text) <= 8 and (not cands or cands[0].similarity < 0.9):
                joined = text_candidates(row.text + nxt.text)
                if joined and (not cands or joined[0].score > cands[0].score + 0.05):
                    cands, used = joined, 2
            hits.extend(_Hit(page, r, used, c) for c in cands)
    return hits


def _choose(hits: list[_Hit]) -> dict[str, _Hit]:
    """The best-scoring set of hits whose sections follow template order, one per row."""
    order = {sid: i for i, sid in enumerate(SECTION_IDS)}
    n = len(SECTION_IDS)
    # best[k]: (total, chain) of the best chain whose last section has template index k.
    best: list[tuple[float, tuple[_Hit, ...]]] = [(0.0, ())] * (n + 1)  # slot 0: empty chain
    position = 0
    while position < len(hits):
        key = (hits[position].page, hits[position].row)
        group = []
        while position < len(hits) and (hits[position].page, hits[position].row) == key:
            group.append(hits[position])
            position += 1
        updates: dict[int, tuple[float, tuple[_Hit, ...]]] = {}
        for hit in group:
            k = order[hit.cand.section] + 1
            gain = hit.cand.score - 0.5
            prev = max(best[:k], key=lambda entry: entry[0])
            total = prev[0] + gain
            if total > best[k][0] and total > updates.get(k, (float("-inf"), ()))[0]:
                updates[k] = (total, (*prev[1], hit))
        for k, entry in updates.items():
            best[k] = entry
    chain = max(best, key=lambda entry: entry[0])[1]
    return {hit.cand.section: hit for hit in chain}


def _heading_box(rows: list[Row], hit: _Hit) -> Box:
    """Box of the heading's own characters (a merged row keeps only its first part)."""
    if hit.rows_used == 2:
        return union_box([rows[hit.row].box, rows[hit.row + 1].box])
    return span_box(rows[hit.row], 0, hit.cand.title_len) or rows[hit.row].box


def _sections(
    views: list[PageView], pages: list[int], rows: dict[int, list[Row]], hits: dict[str, _Hit]
) -> list[Section]:
    sections = empty_sections()
    starts = {(h.page, h.row): h for h in hits.values()}
    chars: dict[str, int] = {}
    current: str | None = None
    skip = 0
    for page in pages:
        for r, row in enumerate(rows[page]):
            hit = starts.get((page, r))
            if hit:
                current = hit.cand.section
                rest = len(row.text) - hit.cand.title_len
                chars[current] = max(0, rest) if hit.rows_used == 1 else 0
                skip = hit.rows_used - 1
                continue
            if skip:
                skip -= 1
                continue
            if current and not _PAGE_NUMBER.match(row.text):
                chars[current] += len(row.text)
    by_id = {s.id: s for s in sections}
    for sid, hit in hits.items():
        view = views[hit.page]
        section: Section = by_id[sid]
        section.found = True
        section.page = view.number
        section.bbox = view.to_page_bbox(_heading_box(rows[hit.page], hit))
        section.confidence = _confidence(hit.cand)
        section.text_chars = chars.get(sid, 0)
    return sections


def _confidence(cand: Candidate) -> float:
    # Title similarity dominates; an unnumbered heading could still be a stray short line.
    return weighed(cand.similarity, [] if cand.numbered else ["unnumbered_heading"])
