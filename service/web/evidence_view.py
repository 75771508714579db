"""The evidence panel: each evidence item of the effective result with its reviewable facts
(kind, number, title, holders, date, related, not evidence), its page and box, its marks
(duplicate, unrelated), and for every count the items that back it, claimed beside evidenced."""

from __future__ import annotations

from typing import Any

from models.template import COUNTS
from service.correction_paths import NOT_EVIDENCE, evidence_key
from service.suggestions import counts_item
from service.web import labels
from service.web.views import CountLinkView, EvidenceItemView, EvidenceView, FieldView

_COUNT_NAMES = dict(COUNTS)


def _box(item: dict[str, Any]) -> list[EvidenceView]:
    """The item's page, with the box of its number (else its title) when the reader found one."""
    from service.web.submission_view import evidence_views

    for key in ("number", "title"):
        found = evidence_views((item.get(key) or {}).get("evidence"))
        if found:
            return found[:1]
    pages = item.get("pages") or []
    return [EvidenceView(page=pages[0], bbox=None, text="")] if pages else []


def items(result: dict[str, Any], ctx: Any) -> list[EvidenceItemView]:
    from service.web.submission_view import field_view

    raw = [i for i in result.get("evidence") or [] if isinstance(i, dict)]
    out = []
    for item in raw:
        key = evidence_key(raw, item)
        if not key:
            continue
        path = f"evidence[{key}]"
        box = _box(item)
        fields: list[FieldView] = [
            field_view(f"{path}.kind", "类别", item, ctx, value_key="kind"),
            *(
                field_view(f"{path}.{name}", label, item.get(name) or {}, ctx)
                for name, label in labels.EVIDENCE_FIELDS
            ),
            field_view(f"{path}.related", "属于本项目单位", item, ctx, value_key="related"),
            field_view(f"{path}.{NOT_EVIDENCE}", "不作为佐证", item, ctx, value_key=NOT_EVIDENCE),
        ]
        for f in fields:
            if f.path.endswith((".kind", ".related", f".{NOT_EVIDENCE}")):
                f.evidence = box  # the item's own page: where to look to decide
                if f.state == "machine" and f.path.endswith(f".{NOT_EVIDENCE}"):
                    f.band = "none"
        dup = item.get("duplicate_of")
        dup_page = None
        if isinstance(dup, int) and 0 <= dup < len(raw):
            dup_page = (raw[dup].get("pages") or [None])[0]
        toward = item.get("counts_toward")
        number = (item.get("number") or {}).get("value")
        title = (item.get("title") or {}).get("value")
        kind_label = labels.EVIDENCE_KIND.get(str(item.get("kind")), "其他佐证材料")
        out.append(
            EvidenceItemView(
                key=key,
                path=path,
                pages=list(item.get("pages") or []),
                kind_label=kind_label,
                label=str(number or title or kind_label),
                counts_toward=toward,
                counts_label=_COUNT_NAMES.get(str(toward)) if toward else None,
                duplicate_of_page=dup_page if dup is not None else None,
                unrelated=item.get("related") is False,
                not_evidence=item.get(NOT_EVIDENCE) is True,
                counted=counts_item(item),
                confidence=item.get("confidence"),
                band=labels.confidence_band(item.get("confidence")),
                evidence=box,
                fields=fields,
            )
        )
    return out


def count_links(result: dict[str, Any], panel: list[EvidenceItemView]) -> dict[str, CountLinkView]:
    """Per count that evidence can back: claimed, evidenced, and the items toward it."""
    counts = result.get("counts") or {}
    out = {}
    for key, label in COUNTS:
        node = counts.get(key) or {}
        toward = [i for i in panel if i.counts_toward == key]
        if node.get("evidenced") is None and not toward:
            continue
        out[key] = CountLinkView(
            key=key,
            label=label,
            claimed=node.get("value"),
            evidenced=node.get("evidenced"),
            items=toward,
        )
    return out
