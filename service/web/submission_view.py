"""Build the submission page's view from the effective result (machine + corrections), the raw
machine result (to tell a confirmation from a change) and the corrections with their authors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from models.template import COUNTS, DIRECTIONS
from service import correction_paths, overlay
from service.correction_paths import item_path
from service.storage.tables import Correction, Submission
from service.web import evidence_view, labels, messages, outline_view, values
from service.web.flags import flags
from service.web.reviewable import low_confidence_count
from service.web.views import (
    EvidenceView,
    FieldView,
    PageView,
    SealView,
    SubmissionSummary,
    SubmissionView,
    ValueKind,
    WarningView,
)

SIGNATURE_KEYS = ("leader_signed", "unit_sealed")


@dataclass(frozen=True)
class ReviewContext:
    raw: dict[str, Any] | None  # machine result, no corrections
    latest: dict[str, Correction]  # the newest correction per path
    usernames: dict[int, str]


def latest_corrections(rows: Sequence[Correction]) -> dict[str, Correction]:
    latest: dict[str, Correction] = {}
    for row in sorted(rows, key=lambda r: r.id):
        latest[correction_paths.canonical(row.path)] = row  # rows may use the older spelling
    return latest


def evidence_views(items: Any) -> list[EvidenceView]:
    out = []
    for item in items or []:
        if isinstance(item, dict) and isinstance(item.get("page"), int):
            bbox = item.get("bbox")
            out.append(
                EvidenceView(
                    page=item["page"],
                    bbox=tuple(bbox) if bbox and len(bbox) == 4 else None,
                    text=str(item.get("text") or ""),
                )
            )
    return out


def _located(node: dict[str, Any]) -> list[EvidenceView]:
    """Evidence of a direction or a section: its own page and box."""
    page = node.get("page")
    if not isinstance(page, int):
        return []
    bbox = node.get("bbox")
    text = str(node.get("text") or node.get("title") or node.get("label") or "")
    return [EvidenceView(page=page, bbox=tuple(bbox) if bbox else None, text=text)]


def kind_for(path: str) -> ValueKind:
    key = path.rsplit(".", 1)[-1]
    if path.startswith("counts."):
        return "int"
    if key == "checked":
        return "check"
    if key == "kind" and path.startswith("evidence["):
        return "evkind"
    if key in labels.BOOLEAN_KEYS:
        return "bool"
    if key in labels.DATE_KEYS:
        return "date"
    if key in labels.LIST_KEYS:
        return "list"
    if key in labels.LONG_TEXT_KEYS:
        return "long"
    return "text"


def field_view(
    path: str, label: str, node: dict[str, Any], ctx: ReviewContext, *, value_key: str = "value"
) -> FieldView:
    kind = kind_for(path)
    value = node.get(value_key)
    evidence = evidence_views(node.get("evidence")) if "evidence" in node else _located(node)
    view = FieldView(
        path=path,
        label=label,
        kind=kind,
        display=values.display(kind, value),
        edit_value=values.edit_text(kind, value),
        confidence=node.get("confidence"),
        band=labels.confidence_band(node.get("confidence")),
        evidence=evidence,
        note=node.get("note"),
    )
    row = ctx.latest.get(path)
    if row is None:
        return view
    machine = _machine_value(ctx.raw, path)
    view.state = "confirmed" if row.new_value == machine else "corrected"
    view.reviewed_by = ctx.usernames.get(row.user_id or -1, "未知用户")
    view.reviewed_at = row.created_at
    if view.state == "corrected":
        view.machine_display = values.display(kind, machine)
    view.band = "reviewed"
    return view


def _machine_value(raw: dict[str, Any] | None, path: str) -> Any:
    if raw is None:
        return None
    try:
        return overlay.read(raw, path)
    except overlay.BadPath:
        return None


def _field_list(
    result: dict[str, Any], block: str, names: Sequence[tuple[str, str]], ctx: ReviewContext
) -> list[FieldView]:
    fields = (result.get(block) or {}).get("fields") or {}
    return [
        field_view(f"{block}.fields.{key}", label, fields.get(key) or {}, ctx)
        for key, label in names
        if key not in SIGNATURE_KEYS
    ]


def _directions(result: dict[str, Any], ctx: ReviewContext) -> list[FieldView]:
    by_id = {str(d.get("id")): d for d in (result.get("application") or {}).get("directions", [])}
    out = []
    for did, label in DIRECTIONS:
        node = by_id.get(did, {})
        out.append(
            field_view(
                item_path("application.directions", did, "checked"),
                label,
                node,
                ctx,
                value_key="checked",
            )
        )
        if did == "other":
            other = field_view(
                item_path("application.directions", "other", "text"),
                "其他方向（说明）",
                node,
                ctx,
                value_key="text",
            )
            other.confidence, other.band = None, "none" if other.state == "machine" else "reviewed"
            out.append(other)
    return out


def _signatures(result: dict[str, Any], ctx: ReviewContext) -> list[FieldView]:
    out = []
    for block, prefix in (("report", "附件1"), ("application", "附件2")):
        fields = (result.get(block) or {}).get("fields") or {}
        for key in SIGNATURE_KEYS:
            label = dict(labels.REPORT_FIELDS)[key]
            out.append(
                field_view(f"{block}.fields.{key}", f"{prefix} {label}", fields.get(key) or {}, ctx)
            )
    return out


def _pages(sub: Submission, result: dict[str, Any] | None) -> list[PageView]:
    known = {p.get("number"): p for p in (result or {}).get("pages") or []}
    out = []
    for number in range(1, sub.page_count + 1):
        page = known.get(number, {})
        kind = str(page.get("kind") or "other") if page else "unknown"
        seals = [
            SealView(
                page=number,
                bbox=tuple(s["bbox"]),
                text=s.get("text"),
                confidence=float(s.get("confidence") or 0),
                band=labels.confidence_band(s.get("confidence")),
            )
            for s in page.get("seals") or []
            if isinstance(s, dict) and s.get("bbox")
        ]
        out.append(
            PageView(
                number=number,
                kind=kind,
                kind_label=labels.PAGE_KIND.get(kind, "处理中"),
                source=str(page.get("source") or ""),
                # 0 = unknown: the viewer then derives points from the image size and DPI
                width=float(page.get("width") or 0),
                height=float(page.get("height") or 0),
                image_url=f"/api/submissions/{sub.id}/pages/{number}",
                seals=seals,
            )
        )
    return out


def summary(sub: Submission, result: dict[str, Any] | None) -> SubmissionSummary:
    report = (result or {}).get("report") or {}
    application = (result or {}).get("application") or {}
    title = _first_value(result, "project_name") or sub.project or sub.filename or sub.id
    progress: dict[str, Any] = sub.progress or {}
    done, total = int(progress.get("done") or 0), int(progress.get("total") or 0)
    return SubmissionSummary(
        id=sub.id,
        title=str(title),
        filename=sub.filename,
        unit=sub.unit,
        lead_unit=_first_value(result, "lead_unit") or sub.unit,
        status=sub.status,
        status_label=labels.STATUS.get(sub.status, sub.status),
        reason=sub.reason,
        reason_text=messages.failure_text(sub.reason) if sub.status == "failed" else None,
        stage=messages.stage_text(progress.get("stage"), done, total)
        if sub.status == "processing"
        else None,
        pages_done=done if total else None,
        pages_total=total or None,
        report_kind=labels.REPORT_KIND.get(report.get("kind"), "未识别"),
        has_report=bool(report.get("present")),
        has_application=bool(application.get("present")),
        page_count=sub.page_count,
        pipeline_version=sub.pipeline_version,
        created_at=sub.created_at,
        reviewed_at=sub.reviewed_at,
    )


def _first_value(result: dict[str, Any] | None, key: str) -> str | None:
    """A field from the report, else from the application form (either may be missing)."""
    for block in ("report", "application"):
        node = (((result or {}).get(block) or {}).get("fields") or {}).get(key) or {}
        if node.get("value"):
            return str(node["value"])
    return None


def build(sub: Submission, result: dict[str, Any] | None, ctx: ReviewContext) -> SubmissionView:
    data = result or {}
    counts = data.get("counts") or {}
    report_fields = _field_list(data, "report", labels.REPORT_FIELDS, ctx)
    application_fields = _field_list(data, "application", labels.APPLICATION, ctx)
    directions = _directions(data, ctx)
    count_views = [
        field_view(f"counts.{key}", label, counts.get(key) or {}, ctx) for key, label in COUNTS
    ]
    sections = outline_view.sections(data, ctx)
    pages = _pages(sub, result)
    panel = evidence_view.items(data, ctx)
    return SubmissionView(
        summary=summary(sub, result),
        has_result=result is not None,
        pages=pages,
        report_fields=report_fields,
        application_fields=application_fields,
        directions=directions,
        sections=sections,
        missing_sections=sum(1 for s in sections if not s.found),
        counts=count_views,
        signatures=_signatures(data, ctx),
        seals=[seal for page in pages for seal in page.seals],
        warnings=[
            WarningView(
                code=str(w.get("code")),
                label=messages.warning_label(str(w.get("code"))),
                message=messages.warning_text(str(w.get("code")), str(w.get("message") or "")),
                page=w.get("page"),
            )
            for w in data.get("warnings") or []
        ],
        flags=flags(result, sub.unit),
        evidence_items=panel,
        count_links=evidence_view.count_links(data, panel),
        stale_corrections=list(data.get("stale_corrections") or []),
        low_confidence=low_confidence_count(data),
    )
