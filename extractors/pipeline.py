"""Compose the stages: open -> perceive (text layer or OCR, seals; cached) -> read (page kinds,
outline, cover, form, counts) -> reconcile (cross-document repairs) -> grade (rubric) ->
contract `Result`.

A stage that fails on a page records a warning and the rest goes on: a partial result is data,
never a lost submission.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from extractors import layout
from extractors.counts import extract as counts
from extractors.evidence import read as evidence
from extractors.form import read as form
from extractors.grade import rubric
from extractors.options import PIPELINE_VERSION, PipelineOptions
from extractors.perception import perceive as perception
from extractors.perception.cache import PerceptionCache
from extractors.perception.pdf import open_pdf, sha256_hex
from extractors.reconcile import evidence_claims, unfilled
from extractors.reconcile.stage import reconcile
from extractors.report import cover, outline
from extractors.types import PageView
from models.result import Document, Page, Result, Seal, Warning

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def process(
    data: bytes,
    *,
    filename: str | None = None,
    options: PipelineOptions | None = None,
    cache: PerceptionCache | None = None,
    progress: Progress | None = None,
) -> Result:
    """Read one submitted PDF into a contract Result. Raises only input errors."""
    options = options or PipelineOptions()
    doc = open_pdf(data, options)
    try:
        started = time.perf_counter()
        stats = perception.PerceptionStats()
        views = perception.perceive_document(
            doc, options, cache=cache, progress=progress, stats=stats
        )
        perceived = time.perf_counter()
        result = interpret(views, sha256=sha256_hex(data), filename=filename)
        result.timings = {  # type: ignore[attr-defined]
            "perception_s": round(perceived - started, 3),
            "interpretation_s": round(time.perf_counter() - perceived, 3),
        }
        engine = stats.engine()  # which OCR engine and precision read (or would read) it
        result.pipeline = engine.to_json() if engine else {}  # type: ignore[attr-defined]
        return result
    finally:
        doc.close()  # type: ignore[no-untyped-call]


def interpret(views: list[PageView], *, sha256: str, filename: str | None = None) -> Result:
    """The cheap half of the pipeline: everything after perception. Pure over `views`."""
    warnings: list[Warning] = []
    for view in views:
        warnings.extend(
            Warning(code="page_error", message=e, page=view.number) for e in view.errors
        )

    kinds = layout.classify_pages(views)
    report, w = outline.read_report(views, kinds)
    warnings += w
    cover_read = cover.read_cover(views, kinds, report.fields)
    application, w = form.read_application(views, kinds)
    warnings += w
    found_counts, w = counts.extract_counts(views, kinds, report.sections)
    warnings += w
    items = evidence.read_evidence(views, kinds)
    reconciled = reconcile(
        views, cover_read, application, report=report, counts=found_counts, kinds=kinds
    )
    warnings += reconciled.warnings
    # after the cover is repaired: the evidence's holders are matched to its units
    warnings += evidence_claims.reconcile(items, found_counts, report, application)
    warnings = unfilled.without_superseded(warnings)

    result = Result(
        pipeline_version=PIPELINE_VERSION,
        document=Document(sha256=sha256, page_count=len(views), filename=filename),
        pages=[
            Page(
                number=v.number,
                source=v.source,
                kind=kind,
                rotation=v.rotation,
                ocr_confidence=v.ocr_confidence,
                seals=[
                    Seal(bbox=v.to_page_bbox(s.box), text=s.text, confidence=s.confidence)
                    for s in v.seals
                ],
                width=round(v.width / v.scale, 2),
                height=round(v.height / v.scale, 2),
                text=v.text,
            )
            for v, kind in zip(views, kinds, strict=True)
        ],
        report=report,
        application=application,
        counts=found_counts,
        warnings=warnings,
        evidence=items,
    )
    result.reconciled = [c.as_dict() for c in reconciled.changes]  # type: ignore[attr-defined]
    result.rubric = rubric.suggest(result)
    return result
