"""The NAME.truth.json of a rendered submission, in the result contract's keys.

Only what the generator knows for certain goes in; every section id, direction id and count
key is always listed, in template order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.template import COUNT_KEYS, DIRECTIONS, SECTIONS
from samples.generate.evidence_plan import EVIDENCED
from samples.generate.fill import Filled
from samples.generate.spec import Spec


@dataclass
class PageTruth:
    kind: str
    rotation: int = 0
    text: list[str] | None = None


@dataclass
class Rendered:
    """What the renderers report back: page kinds, heading pages, form facts."""

    pages: list[PageTruth] = field(default_factory=list)
    headings: dict[str, int] = field(default_factory=dict)
    summary: str | None = None
    stated_in_summary: list[str] = field(default_factory=list)
    statements: list[tuple[str, Filled]] = field(default_factory=list)  # (section | form, …)
    evidence_pages: list[list[int]] = field(default_factory=list)  # per spec.evidence item
    backs: dict[int, int] = field(default_factory=dict)  # blank back's index -> its front's


def _f(value: Any) -> dict[str, Any]:
    return {"value": value}


def _report(spec: Spec, r: Rendered) -> dict[str, Any]:
    if not spec.has_report:
        return {"present": False}
    fields = {
        "project_name": _f(spec.project_name),
        "leader": _f(spec.leader),
        "lead_unit": _f(spec.lead_unit),
        "date": _f(spec.report_date.isoformat()),
        "leader_signed": _f(spec.report_signed),
        "unit_sealed": _f(spec.report_sealed),
    }
    sections = [
        {"id": sid, "title": title, "found": sid in r.headings, "page": r.headings.get(sid)}
        for sid, title in SECTIONS
    ]
    return {"present": True, "kind": spec.report_kind, "fields": fields, "sections": sections}


def _application(spec: Spec, r: Rendered) -> dict[str, Any]:
    if not spec.has_form:
        return {"present": False}
    fields = {
        "project_name": _f(spec.project_name),
        "lead_unit": _f(spec.lead_unit),
        "leader": _f(spec.leader),
        "leader_title": _f(spec.leader_title),
        "contact_name": _f(spec.contact_name),
        "contact_phone": _f(spec.contact_phone),
        "contact_email": _f(spec.contact_email),
        "partner_units": _f(list(spec.partner_units)),
        "summary": _f(r.summary),
        "filled_date": _f(spec.form_date.isoformat() if spec.form_date else None),
        "leader_signed": _f(spec.form_signed),
        "unit_sealed": _f(spec.form_sealed),
    }
    directions = []
    for did, label in DIRECTIONS:
        item: dict[str, Any] = {"id": did, "label": label, "checked": did in spec.checked}
        if did == "other":
            item["text"] = spec.other_text if "other" in spec.checked else None
        directions.append(item)
    return {"present": True, "fields": fields, "directions": directions}


def _counts(spec: Spec, r: Rendered) -> dict[str, Any]:
    if spec.has_report:
        out = {key: _f(spec.counts[key]) for key in COUNT_KEYS}
    else:  # form only: the summary is the one place counts are stated
        out = {
            key: _f(spec.counts[key] if key in r.stated_in_summary else None) for key in COUNT_KEYS
        }
    for key in COUNT_KEYS:
        out[key]["evidenced"] = (
            sum(
                1
                for item in spec.evidence
                if item.counts_toward == key and item.duplicate_of is None and item.related
            )
            if key in EVIDENCED
            else None
        )
    return out


def _evidence(spec: Spec, r: Rendered) -> list[dict[str, Any]]:
    out = []
    for item, pages in zip(spec.evidence, r.evidence_pages, strict=True):
        out.append(
            {
                "kind": item.kind,
                "pages": pages,
                "title": _f(item.title),
                "number": _f(item.number),
                "holders": _f(list(item.holders)),
                "date": _f(item.date.isoformat() if item.date else None),
                "level": item.level,
                "counts_toward": item.counts_toward,
                "duplicate_of": item.duplicate_of,
                "related": (item.related if item.holders else None),
            }
        )
    return out


def truth_dict(spec: Spec, r: Rendered) -> dict[str, Any]:
    """The whole truth file for `spec` as rendered."""
    pages = []
    for i, p in enumerate(r.pages, start=1):
        entry: dict[str, Any] = {
            "number": i,
            "kind": p.kind,
            "rotation": p.rotation,
            "source": "ocr" if spec.scanned else "text",
        }
        if p.text is not None:
            entry["text"] = "\n".join(p.text)
        pages.append(entry)
    variant: dict[str, Any] = {
        "scanned": spec.scanned,
        "seed": spec.seed,
        "topic": spec.topic,
        "missing_sections": spec.missing_sections,
    }
    variant.update({k: v for k, v in spec.scan.items() if k != "seed"})
    variant["toc"], variant["signing_page"] = spec.toc, spec.signing_page
    variant["duplex_backs"] = sorted(i + 1 for i in r.backs)
    # where each count is stated and how (not scored; the generator's tests check it)
    variant["statements"] = [
        {
            "where": where,
            "states": f.states,
            "numbers": [[n.key, n.role, n.text] for n in f.numbers if n.key],
        }
        for where, f in r.statements
    ]
    return {
        "schema_version": "2",
        "document": {"page_count": len(r.pages), "filename": f"{spec.name}.pdf"},
        "variant": variant,
        "pages": pages,
        "report": _report(spec, r),
        "application": _application(spec, r),
        "counts": _counts(spec, r),
        "evidence": _evidence(spec, r),
    }
