"""Compare one result with its truth file. Only keys present in the truth are scored, each
by the contract's rule for its kind; every comparison is kept so misses can be listed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evaluation.evidence import score_evidence, score_evidenced
from evaluation.normalize import char_error_rate, norm_email, norm_phone, norm_text, norm_units
from models.template import RUBRIC_IDS

SUMMARY_MAX_CER = 0.02
DATE_FIELDS = {"date", "filled_date"}
BOOL_FIELDS = {"leader_signed", "unit_sealed"}


@dataclass(frozen=True, slots=True)
class Check:
    """One scored comparison. `category` groups the headline figures."""

    category: str  # field, checkbox, checkbox_form, section, count, page_kind, report_kind, ...
    key: str  # where in the result, e.g. application.fields.leader
    expected: Any
    got: Any
    ok: bool


@dataclass(slots=True)
class DocScore:
    name: str
    checks: list[Check] = field(default_factory=list)
    cer_errors: int = 0  # OCR character errors on pages with truth text
    cer_chars: int = 0
    section_tp: int = 0
    section_pred: int = 0
    section_true: int = 0
    evidence_tp: int = 0
    evidence_pred: int = 0
    evidence_true: int = 0
    pages: int = 0
    seconds: float = 0.0
    error: str | None = None


def _value(node: Any) -> Any:
    return node.get("value") if isinstance(node, dict) else node


def field_equal(name: str, expected: Any, got: Any) -> bool:
    """The contract's rule for one field, chosen by the field's kind."""
    if expected is None or got is None:
        return expected is None and (got is None or got == "" or got == [])
    if name == "partner_units":
        return norm_units(expected) == norm_units(got)
    if name == "contact_phone":
        return norm_phone(expected) == norm_phone(got)
    if name == "contact_email":
        return norm_email(expected) == norm_email(got)
    if name in BOOL_FIELDS:
        return bool(expected) is got if isinstance(got, bool) else False
    if name in DATE_FIELDS:
        return str(expected) == str(got)
    if name == "summary":
        errors, chars = char_error_rate(str(expected), str(got))
        return chars > 0 and errors / chars <= SUMMARY_MAX_CER
    return norm_text(expected) == norm_text(got)


def _score_fields(
    score: DocScore, part: str, truth: dict[str, Any], result: dict[str, Any]
) -> None:
    for name, node in (truth.get("fields") or {}).items():
        expected = _value(node)
        got = _value((result.get("fields") or {}).get(name))
        ok = field_equal(name, expected, got)
        score.checks.append(Check("field", f"{part}.fields.{name}", expected, got, ok))


def _score_report(score: DocScore, truth: dict[str, Any], result: dict[str, Any]) -> None:
    if "present" in truth:
        got = result.get("present")
        score.checks.append(
            Check("presence", "report.present", truth["present"], got, truth["present"] is got)
        )
    if "kind" in truth:
        got = result.get("kind")
        score.checks.append(
            Check("report_kind", "report.kind", truth["kind"], got, truth["kind"] == got)
        )
    _score_fields(score, "report", truth, result)
    got_sections = {s.get("id"): s for s in result.get("sections") or []}
    for sec in truth.get("sections") or []:
        mine = got_sections.get(sec["id"], {})
        found = bool(mine.get("found"))
        exp_found = bool(sec.get("found"))
        page_ok = not exp_found or mine.get("page") == sec.get("page")
        ok = found == exp_found and page_ok
        got = {"found": found, "page": mine.get("page")}
        score.checks.append(
            Check(
                "section",
                f"report.sections.{sec['id']}",
                {"found": exp_found, "page": sec.get("page")},
                got,
                ok,
            )
        )
        score.section_true += exp_found
        score.section_pred += found
        score.section_tp += exp_found and found and page_ok


def _score_application(score: DocScore, truth: dict[str, Any], result: dict[str, Any]) -> None:
    if "present" in truth:
        got = result.get("present")
        score.checks.append(
            Check("presence", "application.present", truth["present"], got, truth["present"] is got)
        )
    _score_fields(score, "application", truth, result)
    if truth.get("directions"):
        mine = {d.get("id"): d for d in result.get("directions") or []}
        all_right = True
        for box in truth["directions"]:
            got = mine.get(box["id"], {}).get("checked")
            ok = got is box.get("checked")
            all_right &= ok
            score.checks.append(
                Check(
                    "checkbox", f"application.directions.{box['id']}", box.get("checked"), got, ok
                )
            )
        score.checks.append(
            Check("checkbox_form", "application.directions", "all nine right", all_right, all_right)
        )


def score_document(name: str, truth: dict[str, Any], result: dict[str, Any]) -> DocScore:
    """Score `result` (contract JSON) against `truth` (the same keys)."""
    score = DocScore(name=name, pages=int((result.get("document") or {}).get("page_count") or 0))
    if "report" in truth:
        _score_report(score, truth["report"], result.get("report") or {})
    if "application" in truth:
        _score_application(score, truth["application"], result.get("application") or {})
    for key, node in (truth.get("counts") or {}).items():
        expected = _value(node)
        got = _value((result.get("counts") or {}).get(key))
        score.checks.append(Check("count", f"counts.{key}", expected, got, expected == got))
    if "evidence" in truth:
        found, tp, pred, true = score_evidence(truth["evidence"], result.get("evidence") or [])
        score.checks += [Check(c.category, c.key, c.expected, c.got, c.ok) for c in found]
        score.evidence_tp, score.evidence_pred, score.evidence_true = tp, pred, true
    for c in score_evidenced(truth.get("counts") or {}, result.get("counts") or {}):
        score.checks.append(Check(c.category, c.key, c.expected, c.got, c.ok))
    my_pages = {p.get("number"): p for p in result.get("pages") or []}
    for page in truth.get("pages") or []:
        mine = my_pages.get(page["number"], {})
        if "kind" in page:
            score.checks.append(
                Check(
                    "page_kind",
                    f"pages.{page['number']}.kind",
                    page["kind"],
                    mine.get("kind"),
                    page["kind"] == mine.get("kind"),
                )
            )
        if "rotation" in page:
            got = mine.get("rotation")
            score.checks.append(
                Check(
                    "rotation",
                    f"pages.{page['number']}.rotation",
                    page["rotation"],
                    got,
                    page["rotation"] == got,
                )
            )
        if page.get("text"):
            errors, chars = char_error_rate(page["text"], mine.get("text") or "")
            score.cer_errors += errors
            score.cer_chars += chars
    rubric = result.get("rubric") or []
    ids_ok = [r.get("id") for r in rubric] == list(RUBRIC_IDS)
    bounded = all(
        r.get("suggested") is None or 0 <= r["suggested"] <= r.get("max", 0) for r in rubric
    )
    score.checks.append(
        Check(
            "rubric_valid",
            "rubric",
            "ten ids in order, bounded",
            ids_ok and bounded,
            ids_ok and bounded,
        )
    )
    return score
