"""The report cover against the rest of the document: its names against their repeats (the
form, "由…牵头", certificates), its leader against the form's leader cell, its lead unit
against the seal's text. Runs after every reader; each change is logged with its reason."""

from __future__ import annotations

import re

from extractors.reconcile.changes import ChangeLog
from extractors.reconcile.repeats import (
    Check,
    Person,
    check_name,
    complete_name,
    form_leader,
    other_text,
    person_elsewhere,
)
from extractors.report.cover import CoverRead, rules
from extractors.text.dates import nearest_year
from extractors.text.normalize import compact, partial_similarity
from extractors.types import PageView, SealFind
from extractors.vocabulary import vocabulary
from models.result import Application, Evidence, Field, ReportFields, Warning
from models.template import REPORT_FIELDS

_PATH = "report.fields"
_KEYS = ("project_name", "leader", "lead_unit")
_NAMES = dict(REPORT_FIELDS)  # the warnings are the reviewer's, in Chinese at the source


def reconcile_cover(
    views: list[PageView], cover: CoverRead, application: Application, log: ChangeLog
) -> list[Warning]:
    """Repair the cover's fields in place from the rest of the document; warnings for a seal
    naming another unit and for values still missing."""
    if cover.page is None:
        return []
    fields = cover.fields
    _check_names(views, cover.page, fields, log)
    _missing_from_form(fields, application, log)
    _year_from_form(cover, application, log)
    leader = form_leader(application) or person_elsewhere(
        views, cover.page, rules().labels["leader"]
    )
    _check_leader(leader, fields, cover.signed_over, log)
    view = views[cover.page]
    warnings = [
        Warning(
            code="cover_field_missing",
            page=view.number,
            message=f"报告封面未找到{_NAMES[key]}",
        )
        for key in _KEYS
        if getattr(fields, key).value is None
    ]
    return warnings + _seal_check(view, fields, log)


def _check_names(views: list[PageView], page: int, fields: ReportFields, log: ChangeLog) -> None:
    """The project name and lead unit against their repeats elsewhere in the document."""
    text = other_text(views, page)
    for key in ("project_name", "lead_unit"):
        field: Field = getattr(fields, key)
        if not isinstance(field.value, str) or field.confidence is None:
            continue
        check = check_name(field.value, text)
        longer = complete_name(field.value, text, vocabulary().unit_suffixes)
        if key == "lead_unit" and longer:
            check = Check(longer, text.count(longer), True)
        if check.restored:
            where = next(
                v.number
                for i, v in enumerate(views)
                if i != page and check.value in compact(v.text)
            )
            log.set_value(
                f"{_PATH}.{key}",
                field,
                check.value,
                min(field.confidence, 0.8),
                f"封面所读有误字，以第{where}页重复出现的名称更正"
                if check.corrected
                else f"封面所读缺字，以第{where}页重复出现的名称补全",
                Evidence(page=where, bbox=None, text=check.value),
            )
        elif check.repeats:
            log.set_confidence(
                f"{_PATH}.{key}",
                field,
                min(0.99, field.confidence + 0.04),
                f"名称在文档其他处重复出现{check.repeats}次",
            )


# The cover's names the form repeats in a cell of its own (its 申报主体单位 is the lead unit).
_FORM_REPEATS = ("project_name", "lead_unit")
_FROM_FORM_CONFIDENCE = 0.75


def _missing_from_form(fields: ReportFields, application: Application, log: ChangeLog) -> None:
    """A name the cover gives no value for (its row lost under a seal or a signature) is the
    form's value for the same thing, a little less sure than the form's own reading."""
    if not application.present:
        return
    for key in _FORM_REPEATS:
        field: Field = getattr(fields, key)
        form: Field = getattr(application.fields, key)
        if field.value is not None or not isinstance(form.value, str) or not form.evidence:
            continue
        where = form.evidence[0].model_copy()
        log.set_value(
            f"{_PATH}.{key}",
            field,
            form.value,
            min(form.confidence or 0.0, _FROM_FORM_CONFIDENCE),
            f"封面未读出{_NAMES[key]}，取第{where.page}页申请表所填",
            where,
        )


def _year_from_form(cover: CoverRead, application: Application, log: ChangeLog) -> None:
    """A cover date whose year is unreadable takes the year of the form's date, the one that
    puts it nearest (a report and its form are signed within days of each other)."""
    partial, filled = cover.month_day, application.fields.filled_date
    if partial is None or cover.fields.date.value is not None or not application.present:
        return
    if not isinstance(filled.value, str):
        return
    date = nearest_year(partial.month, partial.day, filled.value)
    if date is None:
        return
    page = filled.evidence[0].page if filled.evidence else partial.evidence.page
    log.set_value(
        f"{_PATH}.date",
        cover.fields.date,
        date,
        _YEAR_FROM_FORM_CONFIDENCE,
        f"封面日期的年份未读清，按第{page}页申请表填报时间取{date[:4]}年",
        partial.evidence,
    )


_YEAR_FROM_FORM_CONFIDENCE = 0.6


def _check_leader(
    other: Person | None, fields: ReportFields, signed_over: bool, log: ChangeLog
) -> None:
    """A leader's name a signature is written over (OCR reads strokes as extra or wrong
    characters: 宋静颖 -> 宋静颖源) is taken from where the document repeats it (`other`: the
    form reader's leader, else a 项目负责人 row on another page); a matching repeat makes the
    cover's surer."""
    leader = fields.leader
    if other is None:
        return
    path = f"{_PATH}.leader"
    value = leader.value if isinstance(leader.value, str) else ""
    if value == other.name and leader.confidence is not None:
        log.set_confidence(
            path, leader, min(0.99, leader.confidence + 0.04), f"与第{other.page}页负责人一致"
        )
    elif (
        len(value) < 2
        or (leader.confidence or 0.0) < 0.6
        or signed_over
        or value.startswith(other.name)  # strokes after the name read as characters
        # characters lost under the strokes, at the end or inside (郭霞卓 -> 郭卓)
        or (len(other.name) - len(value) <= 2 and _is_subsequence(value, other.name))
    ):
        log.set_value(
            path,
            leader,
            other.name,
            0.75,
            f"封面负责人姓名被签字覆盖或未读清，取第{other.page}页所填姓名",
            Evidence(page=other.page, bbox=other.bbox, text=other.name),
        )


def seal_core(text: str) -> str:
    """A seal's text without the words seals add around a unit's name."""
    core = compact(text)
    words = (*vocabulary().seal_words, *vocabulary().seal_symbols)
    for word in sorted(words, key=len, reverse=True):
        core = core.replace(compact(word), "")
    # A rim's border or star read as a symbol ("\\上海市…") is no part of a unit's name.
    return _NOT_NAME.sub("", core)


_NOT_NAME = re.compile(r"[^\w()（）]")


def _seal_check(view: PageView, fields: ReportFields, log: ChangeLog) -> list[Warning]:
    """Repair a unit name a seal covered a character of; warn when a seal names another."""
    unit = fields.lead_unit.value
    if not isinstance(unit, str) or not unit:
        return []
    warnings: list[Warning] = []
    for seal in _legible(view.seals):
        core = seal_core(seal.text or "")
        if 0 < len(core) - len(unit) <= 2 and _is_subsequence(unit, core):
            log.set_value(
                f"{_PATH}.lead_unit",
                fields.lead_unit,
                core,
                0.7,
                "印章压住了单位名称的字，以印章文字补全",
                Evidence(page=view.number, bbox=view.to_page_bbox(seal.box), text=seal.text or ""),
            )
            return []
        longer, shorter = (core, unit) if len(core) >= len(unit) else (unit, core)
        if partial_similarity(longer, shorter) < rules().seal_match:
            warnings.append(
                Warning(
                    code="seal_unit_mismatch",
                    page=view.number,
                    message=f"封面印章印文为「{seal.text}」，与牵头单位「{unit}」不符",
                )
            )
    return warnings


def _legible(seals: list[SealFind]) -> list[SealFind]:
    return [s for s in seals if s.text and len(seal_core(s.text)) >= 4 and s.confidence >= 0.5]


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)
