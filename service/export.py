"""Export every scored submission, one row per project (fields, directions, counts claimed and
evidenced, the ten final scores and their comments, total, reviewer, which values a reviewer
corrected), as CSV (UTF-8 with BOM, so Excel reads the Chinese) or XLSX (corrected cells
filled)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from extractors.reconcile.evidence_claims import evidenced_keys
from models.template import COUNTS, DIRECTIONS, RUBRIC, SECTIONS
from service import overlay
from service.storage import review_comments, reviews, users
from service.storage import submissions as subs
from service.storage.tables import Score, Submission
from service.web.messages import path_label

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
MAX_SUBMISSIONS = 100_000
# Spreadsheet programs run text starting with these as formulas (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_FIELD_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("项目名称", "*", "project_name"),
    ("牵头单位", "*", "lead_unit"),
    ("项目负责人", "*", "leader"),
    ("职务/职称", "application", "leader_title"),
    ("联系人", "application", "contact_name"),
    ("联系电话", "application", "contact_phone"),
    ("联系邮箱", "application", "contact_email"),
    ("联合申报单位", "application", "partner_units"),
    ("报告日期", "report", "date"),
    ("填报时间", "application", "filled_date"),
    ("负责人签名(报告)", "report", "leader_signed"),
    ("单位盖章(报告)", "report", "unit_sealed"),
    ("负责人签名(申请表)", "application", "leader_signed"),
    ("单位盖章(申请表)", "application", "unit_sealed"),
    ("试点项目介绍", "application", "summary"),
)
# The counts evidence can back (the evidence rules' kinds), each exported beside its claim.
EVIDENCED_KEYS: tuple[str, ...] = tuple(key for key, _label in COUNTS if key in evidenced_keys())
HEADERS: tuple[str, ...] = (
    "提交编号",
    "文件名",
    "报告类型",
    *(c[0] for c in _FIELD_COLUMNS),
    "申报方向",
    "缺失章节",
    *(label for _key, label in COUNTS),
    *(f"{dict(COUNTS)[key]}(佐证)" for key in EVIDENCED_KEYS),
    *(f"{name}({top:g})" for _rid, name, top in RUBRIC),
    "总分",
    "评审员",
    "评审时间",
    "评审意见",
    *(f"{name}说明" for _rid, name, _top in RUBRIC),
    "人工更正",
    "流水线版本",
)
_KIND = {"annual": "年度总结报告", "acceptance": "验收总结报告"}


@dataclass(frozen=True)
class ExportRow:
    values: list[Any]  # in HEADERS order
    corrected: frozenset[int] = frozenset()  # indexes of the cells a reviewer changed


def _column_paths() -> dict[str, int]:
    """Correction path -> the column that shows its value."""
    out: dict[str, int] = {}
    for index, (_header, block, key) in enumerate(_FIELD_COLUMNS, start=3):
        for name in ("report", "application") if block == "*" else (block,):
            out[f"{name}.fields.{key}"] = index
    first_count = 3 + len(_FIELD_COLUMNS) + 2
    for offset, (key, _label) in enumerate(COUNTS):
        out[f"counts.{key}"] = first_count + offset
    return out


_COLUMN_OF = _column_paths()


def changed_paths(raw: dict[str, Any] | None, result: dict[str, Any]) -> list[str]:
    """The corrected paths whose value differs from the machine's (not mere confirmations)."""
    out = []
    for path in result.get("corrected_paths") or []:
        try:
            before = overlay.read(raw, path) if raw is not None else None
            after = overlay.read(result, path)
        except overlay.BadPath:
            continue
        if before != after:
            out.append(path)
    return out


def _value(result: dict[str, Any], block: str, key: str) -> Any:
    blocks = ("report", "application") if block == "*" else (block,)
    for name in blocks:
        node = (((result.get(name) or {}).get("fields") or {}).get(key)) or {}
        value = node.get("value")
        if value not in (None, "", []):
            return value
    return None


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)  # scores are stored as floats; 4.0 reads as 4
    return value


def _directions(result: dict[str, Any]) -> str:
    labels = dict(DIRECTIONS)
    ticked = []
    for item in (result.get("application") or {}).get("directions") or []:
        if item.get("checked") is True:
            label = labels.get(str(item.get("id")), str(item.get("label")))
            if item.get("id") == "other" and item.get("text"):
                label = f"{label}：{item['text']}"
            ticked.append(label)
    return "、".join(ticked)


def _missing_sections(result: dict[str, Any]) -> str:
    report = result.get("report") or {}
    if not report.get("present"):
        return ""
    found = {str(s.get("id")) for s in report.get("sections") or [] if s.get("found")}
    return "、".join(sid for sid, _title in SECTIONS if sid not in found)


def export_row(
    sub: Submission,
    result: dict[str, Any],
    scores: Sequence[Score],
    reviewer: str,
    comment: str,
    raw: dict[str, Any] | None = None,
) -> ExportRow:
    """One project's row; scores missing from `scores` are left blank (and so is the total).
    `raw` (the machine result) tells which values a reviewer changed."""
    counts = result.get("counts") or {}
    by_indicator = {s.indicator: s.score for s in scores}
    notes = {s.indicator: s.comment for s in scores}
    changed = changed_paths(raw, result)
    finals = [by_indicator.get(rid) for rid, _name, _top in RUBRIC]
    total = sum(s for s in finals if s is not None) if None not in finals else None
    reviewed = (
        sub.reviewed_at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M") if (sub.reviewed_at) else ""
    )
    values: list[Any] = [
        sub.id,
        sub.filename or "",
        _KIND.get(str((result.get("report") or {}).get("kind")), ""),
        *(_cell(_value(result, block, key)) for _h, block, key in _FIELD_COLUMNS),
        _directions(result),
        _missing_sections(result),
        *(_cell((counts.get(key) or {}).get("value")) for key, _label in COUNTS),
        *(_cell((counts.get(key) or {}).get("evidenced")) for key in EVIDENCED_KEYS),
        *(_cell(s) for s in finals),
        _cell(total),
        reviewer,
        reviewed,
        comment,
        *(notes.get(rid) or "" for rid, _name, _top in RUBRIC),
        "、".join(path_label(p) for p in changed),
        sub.pipeline_version or "",
    ]
    return ExportRow(values, frozenset(_COLUMN_OF[p] for p in changed if p in _COLUMN_OF))


def _reviewers(session: Session, scores: Sequence[Score]) -> str:
    names = []
    for user_id in dict.fromkeys(s.user_id for s in scores if s.user_id is not None):
        user = users.get(session, user_id)
        names.append(user.username if user is not None else f"#{user_id}")
    return "、".join(names)


def collect(session: Session) -> list[ExportRow]:
    """Every submission with final scores (reviewed), oldest first, corrections applied."""
    rows, _total = subs.list_page(
        session, None, subs.SubmissionFilter(needs_review=False), limit=MAX_SUBMISSIONS
    )
    out = []
    for sub in sorted(rows, key=lambda s: (s.created_at, s.id)):
        scores = reviews.scores(session, sub.id)
        if not scores:
            continue
        result = reviews.effective_result(session, sub) or {}
        record = subs.result(session, sub.id, sub.pipeline_version)
        reviewer = _reviewers(session, scores)
        comment = review_comments.text(session, sub.id)
        raw = record.data if record is not None else None
        out.append(export_row(sub, result, scores, reviewer, comment, raw))
    return out


def _safe_text(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: Sequence[ExportRow]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_safe_text(v) for v in row.values])
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Sequence[ExportRow], *, generated: datetime | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "评审结果"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")  # a reviewer changed this value
    for row in rows:
        sheet.append([_safe_text(v) for v in row.values])
        for index in row.corrected:
            sheet.cell(row=sheet.max_row, column=index + 1).fill = fill
    sheet.freeze_panes = "D2"
    for index, header in enumerate(HEADERS, start=1):
        width = max(10, min(40, len(header) * 2.2))  # CJK characters are about two wide
        sheet.column_dimensions[get_column_letter(index)].width = width
    if generated is not None:
        book.properties.created = generated
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
