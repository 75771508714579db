"""Walk the reviewable values of a result (fields, directions, counts) by correction path, and
count the ones still needing a look: low confidence and not yet confirmed or corrected."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from extractors.grade.confidence import needs_review
from models.template import COUNT_KEYS, DIRECTION_IDS
from service.correction_paths import item_path
from service.web.labels import APPLICATION as APPLICATION_FIELDS
from service.web.labels import REPORT_FIELDS


def _fields(block: dict[str, Any], prefix: str, keys: list[str]) -> Iterator[tuple[str, Any]]:
    fields = block.get("fields") or {}
    for key in keys:
        node = fields.get(key)
        if isinstance(node, dict):
            yield f"{prefix}.fields.{key}", node


def nodes(result: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, node) for every value a reviewer may check. A node has value/checked and
    confidence; absent annexes contribute nothing (there is nothing on the pages to check)."""
    report = result.get("report") or {}
    if report.get("present"):
        yield from _fields(report, "report", [k for k, _ in REPORT_FIELDS])
    application = result.get("application") or {}
    if application.get("present"):
        yield from _fields(application, "application", [k for k, _ in APPLICATION_FIELDS])
        by_id = {str(d.get("id")): d for d in application.get("directions") or []}
        for did in DIRECTION_IDS:
            if did in by_id:
                yield item_path("application.directions", did, "checked"), by_id[did]
    counts = result.get("counts") or {}
    for key in COUNT_KEYS:
        node = counts.get(key)
        if isinstance(node, dict):
            yield f"counts.{key}", node


def needs_look(path: str, node: dict[str, Any], reviewed: set[str]) -> bool:
    """Found by the machine with low confidence and not yet settled by a reviewer."""
    confidence = node.get("confidence")
    return path not in reviewed and needs_review(confidence)


def low_confidence_count(result: dict[str, Any]) -> int:
    reviewed = set(result.get("corrected_paths") or [])
    return sum(1 for path, node in nodes(result) if needs_look(path, node, reviewed))
