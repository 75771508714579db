"""Evidence scoring by the contract's rules: items matched to truth by first page (found when
the kind agrees too: evidence F1), the fields of matched items, and `counts.*.evidenced`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evaluation.normalize import norm_text, norm_units

FIELDS = ("number", "title", "holders", "date", "level", "counts_toward")


@dataclass(frozen=True, slots=True)
class EvidenceCheck:
    category: str  # evidence_item, evidence_extra, evidence_field, evidenced_count
    key: str
    expected: Any
    got: Any
    ok: bool


def _value(node: Any) -> Any:
    return node.get("value") if isinstance(node, dict) else node


def field_ok(name: str, expected: Any, got: Any) -> bool:
    """number/title by the text rule, holders as a set, date ISO, level/counts_toward equal."""
    if name == "holders":
        return norm_units(expected) == norm_units(got)
    if name in ("number", "title"):
        if expected is None or got is None:
            return expected is None and not got
        return norm_text(expected) == norm_text(got)
    return expected == got


def _first_page(item: dict[str, Any]) -> int | None:
    pages = item.get("pages") or []
    return min(pages) if pages else None


def score_evidence(
    truth_items: list[dict[str, Any]], result_items: list[dict[str, Any]]
) -> tuple[list[EvidenceCheck], int, int, int]:
    """The checks and (true positives, predicted, true) for evidence F1."""
    checks: list[EvidenceCheck] = []
    mine: dict[int, dict[str, Any]] = {}
    for item in result_items:
        page = _first_page(item)
        if page is not None:
            mine.setdefault(page, item)
    matched: set[int] = set()
    tp = 0
    for item in truth_items:
        page = _first_page(item)
        got = mine.get(page) if page is not None else None
        kind = item.get("kind")
        found = got is not None and got.get("kind") == kind
        where = f"evidence.p{page}"
        checks.append(
            EvidenceCheck("evidence_item", where, kind, got.get("kind") if got else None, found)
        )
        if not found or got is None or page is None:
            continue
        tp += 1
        matched.add(page)
        for name in FIELDS:
            if name not in item:
                continue
            expected, value = _value(item[name]), _value(got.get(name))
            ok = field_ok(name, expected, value)
            checks.append(EvidenceCheck("evidence_field", f"{where}.{name}", expected, value, ok))
    for page, item in sorted(mine.items()):
        if page not in matched and not any(_first_page(t) == page for t in truth_items):
            key = f"evidence.p{page}"
            checks.append(EvidenceCheck("evidence_extra", key, None, item.get("kind"), False))
    return checks, tp, len(mine), len(truth_items)


def score_evidenced(
    truth_counts: dict[str, Any], result_counts: dict[str, Any]
) -> list[EvidenceCheck]:
    out = []
    for key, node in truth_counts.items():
        if isinstance(node, dict) and "evidenced" in node:
            expected = node["evidenced"]
            got = (result_counts.get(key) or {}).get("evidenced")
            out.append(
                EvidenceCheck(
                    "evidenced_count", f"counts.{key}.evidenced", expected, got, expected == got
                )
            )
    return out
