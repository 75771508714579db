"""Chinese names for what the UI shows (statuses, kinds, fields) and the confidence bands that
colour every value (the grades are extractors.grade.confidence's). Template names come from
models.template so they are spelled once."""

from __future__ import annotations

from typing import Final

from extractors.grade.confidence import grade
from models.template import APPLICATION_FIELDS, COUNTS, EVIDENCE_KINDS
from models.template import REPORT_FIELDS as TEMPLATE_REPORT_FIELDS

STATUS: Final[dict[str, str]] = {
    "queued": "排队中",
    "processing": "处理中",
    "done": "已完成",
    "failed": "处理失败",
}
REPORT_KIND: Final[dict[str | None, str]] = {
    "annual": "年度总结报告",
    "acceptance": "验收总结报告",
    None: "未识别",
}
PAGE_KIND: Final[dict[str, str]] = {
    "report_cover": "报告封面",
    "report_body": "报告正文",
    "application_form": "申请表",
    "attachment": "附件",
    "blank": "空白页",
    "other": "其他",
}
REPORT_FIELDS: Final = TEMPLATE_REPORT_FIELDS
APPLICATION: Final = APPLICATION_FIELDS
COUNT_LABELS: Final[dict[str, str]] = dict(COUNTS)

# How a value is typed and edited, by the last key of its path.
BOOLEAN_KEYS: Final = frozenset({"leader_signed", "unit_sealed", "related", "not_evidence"})
DATE_KEYS: Final = frozenset({"date", "filled_date"})
LIST_KEYS: Final = frozenset({"partner_units", "holders"})
EVIDENCE_KIND: Final[dict[str, str]] = dict(EVIDENCE_KINDS)
EVIDENCE_FIELDS: Final[tuple[tuple[str, str], ...]] = (
    ("number", "编号"),
    ("title", "名称"),
    ("holders", "权利人/完成单位"),
    ("date", "日期"),
)
LONG_TEXT_KEYS: Final = frozenset({"summary"})


def confidence_band(confidence: float | None) -> str:
    """CSS band for a confidence: its grade (high, mid, low, or none: not found / not stated)."""
    return grade(confidence)
