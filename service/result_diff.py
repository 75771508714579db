"""What changed between two machine results, as the list of paths a reviewer would care about
(field values, counts, ticks, sections, rubric suggestions), not provenance or timings."""

from __future__ import annotations

from typing import Any

from service.correction_paths import item_path


def facts(result: dict[str, Any] | None) -> dict[str, Any]:
    """The comparable facts of a result keyed by the same paths corrections use."""
    if not result:
        return {}
    out: dict[str, Any] = {}
    for part in ("report", "application"):
        block = result.get(part) or {}
        out[f"{part}.present"] = block.get("present")
        for key, field in (block.get("fields") or {}).items():
            out[f"{part}.fields.{key}"] = field.get("value") if isinstance(field, dict) else field
    out["report.kind"] = (result.get("report") or {}).get("kind")
    for section in (result.get("report") or {}).get("sections") or []:
        item = item_path("report.sections", str(section.get("id")))
        out[f"{item}.found"] = section.get("found")
        out[f"{item}.page"] = section.get("page")
    for box in (result.get("application") or {}).get("directions") or []:
        out[item_path("application.directions", str(box.get("id")), "checked")] = box.get("checked")
    for key, count in (result.get("counts") or {}).items():
        out[f"counts.{key}"] = count.get("value") if isinstance(count, dict) else count
    for item in result.get("rubric") or []:
        out[f"rubric.{item.get('id')}.suggested"] = item.get("suggested")
    return out


def changed_paths(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    before, after = facts(old), facts(new)
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
