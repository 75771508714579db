"""Render whole submissions (PDF + truth) and corpora of them, deterministically per seed.

A corpus plan spreads the defects worth testing (missing seal, two ticks, upside-down page…)
over the submissions so that even a small corpus shows every one of them.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pymupdf

from samples.generate import evidence, form, report, reportpages, scan
from samples.generate.spec import FEATURES, SCAN_FEATURES, Spec, draw_spec
from samples.generate.summary import summary_text
from samples.generate.truth import PageTruth, Rendered, truth_dict

_FIXED_META = {
    "creator": "Microsoft® Word 2016",
    "producer": "pilotdoc samples",
    "creationDate": "D:20230915093000+08'00'",
    "modDate": "D:20230915093000+08'00'",
}


def _report(doc: pymupdf.Document, spec: Spec, rng: random.Random, out: Rendered) -> None:
    cover = report.draw_cover(doc, spec, rng)
    out.pages.append(PageTruth("report_cover"))
    flow, placed = report.draw_body(doc, spec, rng)
    for index in flow.pages:
        out.pages.append(PageTruth("report_body", text=flow.lines[index]))
    out.headings = dict(flow.headings)
    out.statements += [(section, f) for section, f in placed.statements]
    # the report's other pages from a generator of their own: the draws above stay put
    more = random.Random(spec.seed * 7919 + 31)
    if spec.signing_page:  # part of the report: page kind report_body, no scored text
        reportpages.draw_signing_page(doc, spec, more)
        out.pages.append(PageTruth("report_body"))
    if spec.toc:  # a contents page belongs to the report too (the contract has no own kind)
        reportpages.draw_toc(doc, cover + 1, flow, more)
        out.pages.insert(cover + 1, PageTruth("report_body"))
        out.headings = {k: p + 1 for k, p in out.headings.items()}


def _form(doc: pymupdf.Document, spec: Spec, rng: random.Random, out: Rendered) -> None:
    text, statement = summary_text(spec, rng, long=spec.summary_overflow)
    out.summary = text
    if statement is not None:
        out.stated_in_summary = sorted(statement.states)
        out.statements.append(("form", statement))
    for _ in form.draw_form(doc, spec, rng, text):
        out.pages.append(PageTruth("application_form"))


def render_born_digital(spec: Spec) -> tuple[pymupdf.Document, Rendered]:
    """The submission as a word processor would export it."""
    rng = random.Random(spec.seed * 7919 + 1)
    doc = pymupdf.open()
    out = Rendered()
    if "letter" in spec.extras:
        evidence.letter(doc.new_page(), spec, rng)
        out.pages.append(PageTruth("other"))
    parts = [_report, _form] if not spec.form_first else [_form, _report]
    for part in parts:
        if (part is _report and spec.has_report) or (part is _form and spec.has_form):
            part(doc, spec, rng, out)
    for item in spec.evidence:
        first = doc.page_count + 1
        added = evidence.draw(doc, item)
        out.evidence_pages.append(list(range(first, first + added)))
        out.pages += [PageTruth("attachment") for _ in range(added)]
    if "blank" in spec.extras:
        _insert_blank(doc, out, rng.randint(1, doc.page_count))
    backs = random.Random(spec.seed * 7919 + 37)
    for _ in range(spec.duplex_backs):  # a one-sided sheet through a duplex scanner
        fronts = [i for i, p in enumerate(out.pages) if p.kind != "blank" and i not in out.backs]
        front = backs.choice(fronts)
        _insert_blank(doc, out, front + 1)
        out.backs[front + 1] = front
    doc.set_metadata(_FIXED_META)
    return doc, out


def _insert_blank(doc: pymupdf.Document, out: Rendered, at: int) -> None:
    """A blank page at index `at`; the truth's page numbers after it move down by one."""
    doc.new_page(pno=at)
    out.pages.insert(at, PageTruth("blank"))
    out.headings = {k: p + 1 if p > at else p for k, p in out.headings.items()}
    out.evidence_pages = [[p + 1 if p > at else p for p in ps] for ps in out.evidence_pages]
    out.backs = {(b + 1 if b >= at else b): (f + 1 if f >= at else f) for b, f in out.backs.items()}


def render(spec: Spec) -> tuple[bytes, dict[str, Any]]:
    """PDF bytes and truth dict of one submission."""
    doc, out = render_born_digital(spec)
    if spec.scanned:
        scanned, rotations = scan.scan_document(doc, spec.scan, out.backs)
        for page, rot in zip(out.pages, rotations, strict=True):
            page.rotation = rot
        doc.close()
        doc = scanned
        doc.set_metadata({**_FIXED_META, "creator": "Scanner", "producer": "pilotdoc samples"})
    else:
        doc.subset_fonts()
    data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return data, truth_dict(spec, out)


def plan(n: int, seed: int, scanned_ratio: float) -> list[tuple[bool, set[str]]]:
    """Per submission: scanned or not, and the features it is forced to show."""
    rng = random.Random(seed)
    n_scanned = round(n * scanned_ratio)
    scanned = set(rng.sample(range(n), n_scanned))
    order = sorted(scanned)
    out: list[tuple[bool, set[str]]] = []
    for i in range(n):
        forced = {FEATURES[i % len(FEATURES)]} if i < len(FEATURES) or rng.random() < 0.5 else set()
        if i in scanned and order.index(i) < len(SCAN_FEATURES):
            forced.add(SCAN_FEATURES[order.index(i)])
        out.append((i in scanned, forced))
    return out


def member(
    i: int, seed: int, scanned: bool, forced: set[str], prefix: str = "sample"
) -> tuple[str, bytes, dict[str, Any]]:
    """The i-th submission of a corpus: (name, PDF bytes, truth)."""
    name = f"{prefix}-{seed}-{i + 1:03d}"
    data, truth = render(draw_spec(name, seed * 100003 + i, scanned, forced))
    truth["variant"]["forced"] = sorted(forced)
    return name, data, truth


def make_corpus(
    folder: Path, n: int, seed: int, scanned_ratio: float, prefix: str = "sample"
) -> list[Path]:
    """Write n NAME.pdf + NAME.truth.json pairs into `folder`; returns the PDF paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i, (scanned, forced) in enumerate(plan(n, seed, scanned_ratio)):
        name, data, truth = member(i, seed, scanned, forced, prefix)
        (folder / f"{name}.pdf").write_bytes(data)
        (folder / f"{name}.truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        written.append(folder / f"{name}.pdf")
    return written
