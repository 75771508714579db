"""What the reconcile stage changed, and why: one record per changed value or confidence, so a
reviewer sees which values came from another part of the document."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from models.result import Evidence, Field


@dataclass(frozen=True, slots=True)
class Change:
    """`path` in the result (report.fields.lead_unit.value), the value before and after, and
    the reason in words a reviewer reads."""

    path: str
    old: Any
    new: Any
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class ChangeLog:
    """Collects the changes of one document as the checks make them."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def set_value(
        self,
        path: str,
        field: Field,
        value: Any,
        confidence: float,
        reason: str,
        evidence: Evidence | None = None,
    ) -> None:
        """Replace `field`'s value (and confidence), recording both, and add `evidence`."""
        if field.value != value:
            self.changes.append(Change(f"{path}.value", field.value, value, reason))
        self.set_confidence(path, field, confidence, reason)
        field.value = value
        if evidence is not None:
            field.evidence.append(evidence)

    def set_confidence(self, path: str, field: Field, confidence: float, reason: str) -> None:
        confidence = round(confidence, 3)
        if field.confidence != confidence:
            self.changes.append(Change(f"{path}.confidence", field.confidence, confidence, reason))
        field.confidence = confidence
