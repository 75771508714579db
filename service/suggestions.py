"""What follows the reviewer's corrections. Corrected evidence items (kind, number, related,
"not evidence") give the counts' `evidenced` figures again; then the ten rubric suggestions and
their rationale are computed again from the corrected facts (counts, sections, evidence), while
the machine's own suggestion stays beside each one."""

from __future__ import annotations

import logging
import re
from typing import Any, Final

from pydantic import ValidationError

from extractors.grade.rubric import suggest
from models.result import Result
from service.correction_paths import NOT_EVIDENCE

# The count each evidence kind backs (extractors/rules/evidence.yaml says the same for the
# reader; awards by level). Only used to follow a reviewer's change of an item's kind.
COUNTS_TOWARD: Final[dict[str, str | None]] = {
    "patent_certificate": "patents_granted",
    "patent_application": "patents_filed",
    "software_copyright_certificate": "software_copyrights",
    "paper": "papers",
    "standard": "standards",
    "other": None,
}
AWARD_COUNTS: Final[dict[str, str]] = {
    "national": "awards_national",
    "provincial": "awards_provincial",
}
_NUMBER_NOISE = re.compile(r"[^0-9A-Za-z]")

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


def _toward(item: dict[str, Any]) -> str | None:
    kind = str(item.get("kind") or "other")
    if kind == "award_certificate":
        return AWARD_COUNTS.get(str(item.get("level")))
    return COUNTS_TOWARD.get(kind)


def _number_key(item: dict[str, Any]) -> str:
    number = (item.get("number") or {}).get("value")
    return _NUMBER_NOISE.sub("", str(number)).upper() if number else ""


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
    which items repeat an earlier number, and every count's `evidenced` figure."""
    items = [i for i in doc.get("evidence") or [] if isinstance(i, dict)]
    if kind_changed:
        for item in items:
            item["counts_toward"] = _toward(item)
    first: dict[tuple[str, str], int] = {}
    for index, item in enumerate(items):
        key = _number_key(item)
        if not key or item.get(NOT_EVIDENCE) is True:
            continue
        seen = first.setdefault((str(item.get("kind")), key), index)
        item["duplicate_of"] = seen if seen != index else None
    counts = doc.get("counts") or {}
    backed = {str(i.get("counts_toward")) for i in items if i.get("counts_toward")}
    for key, node in counts.items():
        if not isinstance(node, dict):
            continue
        if node.get("evidenced") is None and key not in backed:
            continue  # no evidence kind backs this count
        node["evidenced"] = sum(
            1 for i in items if i.get("counts_toward") == key and counts_item(i)
        )
