"""Rubric suggestions that follow the reviewer: once corrections are laid over a machine
result, the ten suggestions and their rationale are computed again from the corrected facts
(counts, sections, evidence), while the machine's own suggestion stays beside each one."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from extractors.rubric import suggest
from models.result import Result

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
