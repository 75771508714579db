"""The scorer follows the contract's comparison rules to the letter."""

from __future__ import annotations

from typing import Any

from evaluation.normalize import char_error_rate
from evaluation.scoring import field_equal, score_document
from models.result import Document, Result


def test_text_rule_ignores_nfkc_space_and_listed_punctuation() -> None:
    assert field_equal("project_name", "5G+急诊（院前）救治", "５Ｇ+急诊(院前) 救治")
    assert field_equal("lead_unit", "上海市第一人民医院", "上海市第一人民医院。")
    assert not field_equal("lead_unit", "上海市第一人民医院", "上海市第二人民医院")
    # only the listed punctuation is ignored
    assert not field_equal("project_name", "5G+急诊", "5G急诊")


def test_phone_email_units_dates_booleans() -> None:
    assert field_equal("contact_phone", "021-6080 1181", "02160801181")
    assert field_equal("contact_email", "Li.Ming@Hospital.cn", "li.ming@hospital.cn")
    assert field_equal("partner_units", ["甲医院", "乙公司"], ["乙公司", "甲医院"])
    assert not field_equal("partner_units", ["甲医院", "乙公司"], ["甲医院"])
    assert field_equal("filled_date", "2023-09-15", "2023-09-15")
    assert not field_equal("filled_date", "2023-09-15", "2023-9-15")
    assert field_equal("leader_signed", True, True)
    assert not field_equal("leader_signed", True, "true")
    assert field_equal("filled_date", None, None)
    assert not field_equal("filled_date", None, "2023-09-15")


def test_summary_is_judged_by_character_error_rate() -> None:
    truth = "本项目" * 100  # 300 characters
    assert field_equal("summary", truth, truth[:-6])  # 6/300 = 2 %
    assert not field_equal("summary", truth, truth[:-7])
    assert char_error_rate("abc", "abd") == (1, 3)


def _result(**overrides: Any) -> dict[str, Any]:
    data = Result(document=Document(sha256="0" * 64, page_count=2)).to_json_dict()
    data.update(overrides)
    return data


def test_checkbox_form_is_right_only_when_all_nine_are() -> None:
    result = _result()
    for d in result["application"]["directions"]:
        d["checked"] = d["id"] == "2"
    truth = {
        "application": {
            "directions": [
                {"id": d["id"], "checked": d["id"] == "2"}
                for d in result["application"]["directions"]
            ]
        }
    }
    score = score_document("x", truth, result)
    assert [c.ok for c in score.checks if c.category == "checkbox_form"] == [True]
    result["application"]["directions"][8]["checked"] = None
    score = score_document("x", truth, result)
    assert [c.ok for c in score.checks if c.category == "checkbox_form"] == [False]


def test_sections_need_found_and_page() -> None:
    result = _result()
    result["report"]["sections"][0].update(found=True, page=2)
    result["report"]["sections"][1].update(found=True, page=3)
    truth = {
        "report": {
            "sections": [
                {"id": "1", "found": True, "page": 2},
                {"id": "2", "found": True, "page": 4},
                {"id": "2.1", "found": False, "page": None},
            ]
        }
    }
    score = score_document("x", truth, result)
    oks = {c.key: c.ok for c in score.checks if c.category == "section"}
    assert oks == {
        "report.sections.1": True,
        "report.sections.2": False,
        "report.sections.2.1": True,
    }
    assert (score.section_tp, score.section_pred, score.section_true) == (1, 2, 2)


def test_counts_null_means_not_stated() -> None:
    result = _result()
    result["counts"]["papers"]["value"] = 12
    truth = {
        "counts": {
            "papers": {"value": 12},
            "monographs": {"value": None},
            "standards": {"value": 2},
        }
    }
    oks = {c.key: c.ok for c in score_document("x", truth, result).checks if c.category == "count"}
    assert oks == {"counts.papers": True, "counts.monographs": True, "counts.standards": False}


def test_only_keys_in_truth_are_scored() -> None:
    score = score_document("x", {}, _result())
    assert [c.category for c in score.checks] == ["rubric_valid"]
