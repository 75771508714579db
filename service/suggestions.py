"""What follows the reviewer's corrections. Corrected evidence items (kind, number, related,
"not evidence") give the counts' `evidenced` figures again; then the ten rubric suggestions and
their rationale are computed again from the corrected facts (counts, sections, evidence), while
the machine's own suggestion stays beside each one."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from extractors.evidence.rules import counts_toward
from extractors.grade.rubric import suggest
from extractors.reconcile.evidence_claims import count_evidenced, mark_duplicates
from models.result import Counts, EvidenceItem, Result
from service.correction_paths import NOT_EVIDENCE

log = logging.getLogger(__name__)


def recompute(doc: dict[str, Any]) -> None:
    """Replace doc["rubric"] in place by the suggestion over `doc`; each item keeps the machine's
    `machine_suggested` and `machine_rationale`. A result the contract cannot read (a stored
    result from an older, looser pipeline) keeps its machine rubric untouched."""
    try:
        result = Result.model_validate(doc)
    except ValidationError as exc:
        log.warning("rubric not recomputed: the corrected result does not validate: %s", exc)
        return
    machine = {str(r.get("id")): r for r in doc.get("rubric") or [] if isinstance(r, dict)}
    items = []
    for item in suggest(result):
        data = item.model_dump(mode="json")
        before = machine.get(item.id, {})
        data["machine_suggested"] = before.get("suggested")
        data["machine_rationale"] = before.get("rationale")
        items.append(data)
    doc["rubric"] = items


def counts_item(item: dict[str, Any]) -> bool:
    """Whether an evidence item backs its count: not a duplicate, not unrelated, not marked
    "not evidence" by a reviewer."""
    return (
        item.get(NOT_EVIDENCE) is not True
        and item.get("duplicate_of") is None
        and item.get("related") is not False
    )


def recompute_evidence(doc: dict[str, Any], kind_changed: bool) -> None:
    """After evidence corrections: the count each item backs (when a kind or level changed),
    which items repeat an earlier number, and every count's `evidenced` figure, by the same
    rules the pipeline's reconcile stage uses (items marked "not evidence" are set aside)."""
    raw = [i for i in doc.get("evidence") or [] if isinstance(i, dict)]
    try:
        items = [EvidenceItem.model_validate(i) for i in raw]
        counts = Counts.model_validate(doc.get("counts") or {})
    except ValidationError as exc:
        log.warning("evidence not recounted: the corrected result does not validate: %s", exc)
        return
    if kind_changed:
        for item in items:
            item.counts_toward = counts_toward(item.kind, item.level)
    aside = {n for n, i in enumerate(raw) if i.get(NOT_EVIDENCE) is True}
    mark_duplicates(items, aside)
    count_evidenced(items, counts, aside)
    for node, item in zip(raw, items, strict=True):
        node["counts_toward"] = item.counts_toward
        node["duplicate_of"] = item.duplicate_of
    for key, node in (doc.get("counts") or {}).items():
        if isinstance(node, dict) and key in type(counts).model_fields:
            node["evidenced"] = counts.get(key).evidenced
