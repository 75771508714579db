"""An unfilled template is not a submission. The programme's notice carries Annex 1's outline
and Annex 2's form with nothing written in them, and an empty template is sometimes uploaded by
mistake; the readers find the headings and labels all the same. After every reader has run,
a report whose cover names no project and whose sections hold only a line of guidance each, and
a form with no value written and no box ticked, are set back to "not there"; when neither is
left, the document is no submission and states no counts."""

from __future__ import annotations

import statistics

from extractors.reconcile.changes import Change, ChangeLog
from models.result import (
    Application,
    ApplicationFields,
    Counts,
    PageKind,
    Report,
    Warning,
    empty_directions,
    empty_sections,
)
from models.template import COUNT_KEYS

# [template][real] A template's sections hold a line of guidance each (the notice's Annex 1:
# median 33 characters); written sections, even a short annual report's, hold paragraphs
# (our generator: medians 200-250; real reports run longer). Sections with no text of their
# own (a chapter whose sub-sections follow at once) are left out of the median.
TEMPLATE_SECTION_CHARS = 80
# What a filler writes on the form: every field but the signature and the seal, which are
# read from marks, not written.
_FORM_TEXT = tuple(
    k for k in ApplicationFields.model_fields if k not in ("leader_signed", "unit_sealed")
)
_REPORT_UNFILLED = "附件1为未填写的模板（封面无项目名称，各章节仅有提示语），不作为总结报告处理"
_FORM_UNFILLED = "附件2为未填写的空白申请书（无填写内容，方向均未勾选），不作为验收申请书处理"


def unfilled_report(report: Report) -> bool:
    """The outline is there but nothing is written to it: no project named on the cover and
    only guidance-length text under the headings."""
    if not report.present or report.fields.project_name.value:
        return False
    chars = [s.text_chars for s in report.sections if s.found and s.text_chars]
    return not chars or statistics.median(chars) < TEMPLATE_SECTION_CHARS


def unfilled_form(application: Application) -> bool:
    """The form's labels are there but no value is written and no direction ticked."""
    if not application.present:
        return False
    fields = application.fields
    written = any(getattr(fields, key).value for key in _FORM_TEXT)
    return not written and not any(d.checked for d in application.directions)


def drop_unfilled(
    report: Report,
    application: Application,
    counts: Counts,
    kinds: list[PageKind],
    log: ChangeLog,
) -> list[Warning]:
    """Set an unfilled report or form back to absent, in place (their pages become `other`);
    with neither left, clear the counts. One warning per template set aside."""
    warnings: list[Warning] = []
    if unfilled_report(report):
        _reset_report(report, kinds, log)
        warnings.append(Warning(code="report_unfilled", message=_REPORT_UNFILLED))
    if unfilled_form(application):
        _reset_application(application, kinds, log)
        warnings.append(Warning(code="application_unfilled", message=_FORM_UNFILLED))
    if warnings and not report.present and not application.present:
        for key in COUNT_KEYS:
            count = counts.get(key)
            if count.value is not None:
                change = Change(f"counts.{key}.value", count.value, None, _NOT_SUBMISSION)
                log.changes.append(change)
            setattr(counts, key, type(count)())
    return warnings


_NOT_SUBMISSION = "文件中只有未填写的模板，不是试点项目的提交材料"


def _reset_report(report: Report, kinds: list[PageKind], log: ChangeLog) -> None:
    log.changes.append(Change("report.present", True, False, _NOT_SUBMISSION))
    report.present, report.kind = False, None
    report.fields = type(report.fields)()
    report.sections = empty_sections()
    _pages_to_other(kinds, ("report_cover", "report_body"))


def _reset_application(application: Application, kinds: list[PageKind], log: ChangeLog) -> None:
    log.changes.append(Change("application.present", True, False, _NOT_SUBMISSION))
    application.present = False
    application.fields = type(application.fields)()
    application.directions = empty_directions()
    _pages_to_other(kinds, ("application_form",))


def _pages_to_other(kinds: list[PageKind], which: tuple[PageKind, ...]) -> None:
    for i, kind in enumerate(kinds):
        if kind in which:
            kinds[i] = "other"


# What the readers said of a part that turned out an unfilled template no longer applies.
_SUPERSEDED = {
    "report_unfilled": {
        "section_missing",
        "report_kind_uncertain",
        "cover_field_missing",
        "seal_unit_mismatch",
    },
    "application_unfilled": {"checkbox_uncertain", "directions_not_found", "summary_too_long"},
}


def without_superseded(warnings: list[Warning]) -> list[Warning]:
    """`warnings` less those about a part set aside as an unfilled template."""
    gone = set().union(*(_SUPERSEDED[w.code] for w in warnings if w.code in _SUPERSEDED))
    return [w for w in warnings if w.code not in gone]
