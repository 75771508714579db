"""Annex 3 suggestions: the rules file's checks and the scoring over a constructed Result."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from extractors.grade.rubric import suggest
from models.result import Count, Counts, Document, Evidence, Report, Result, empty_sections
from models.rubric_rules import RULES_PATH, load_rubric_rules, parse_rubric_rules
from models.template import RUBRIC, RUBRIC_IDS

SHA = "0" * 64


def rules_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    return data


def test_rules_file_loads() -> None:
    rules = load_rubric_rules()
    assert tuple(i.id for i in rules.indicators) == RUBRIC_IDS


def _broken(change: str) -> dict[str, Any]:
    data = rules_data()
    inds = data["indicators"]
    if change == "order":
        inds[0], inds[1] = inds[1], inds[0]
    elif change == "missing":
        del inds[-1]
    elif change == "max":
        inds[0]["max"] = 6
    elif change == "points_over_max":
        inds[6]["counts"][0]["levels"][-1]["points"] = 7
    elif change == "thresholds":
        inds[6]["counts"][0]["levels"] = [{"min": 3, "points": 2}, {"min": 1, "points": 4}]
    elif change == "points_fall":
        inds[6]["counts"][0]["levels"] = [{"min": 1, "points": 4}, {"min": 3, "points": 2}]
    elif change == "unknown_count":
        inds[6]["counts"][0]["keys"] = ["patents"]
    elif change == "unknown_section":
        inds[0]["sections"][0]["id"] = "3.9"
    elif change == "extra_key":
        inds[0]["weight"] = 2
    return data


@pytest.mark.parametrize(
    "change",
    [
        "order",
        "missing",
        "max",
        "points_over_max",
        "thresholds",
        "points_fall",
        "unknown_count",
        "unknown_section",
        "extra_key",
    ],
)
def test_bad_rules_are_rejected(change: str) -> None:
    with pytest.raises(ValidationError):
        parse_rubric_rules(_broken(change))


def _count(value: int | None, page: int = 3) -> Count:
    ev = [Evidence(page=page, bbox=(1, 2, 3, 4), text=f"原文{value}")] if value is not None else []
    return Count(value=value, confidence=0.9, evidence=ev)


def _result(present: bool = True, **counts: int | None) -> Result:
    sections = empty_sections()
    if present:
        for s in sections:
            s.found, s.page, s.bbox, s.text_chars = True, 2, (10, 10, 100, 20), 450
    return Result(
        document=Document(sha256=SHA, page_count=5),
        report=Report(present=present, kind="acceptance" if present else None, sections=sections),
        counts=Counts(**{k: _count(v) for k, v in counts.items()}),
    )


def test_ten_indicators_in_order_within_max() -> None:
    items = suggest(_result(papers=12, patents_granted=2, software_copyrights=3))
    assert [i.id for i in items] == list(RUBRIC_IDS)
    for item, (_, name, mx) in zip(items, RUBRIC, strict=True):
        assert item.name == name and item.max == mx
        assert item.suggested is not None and 0 <= item.suggested <= mx
        assert item.rationale


def test_publications_rationale_cites_counts_and_evidence() -> None:
    items = {i.id: i for i in suggest(_result(papers=12, patents_granted=2, software_copyrights=3))}
    item = items["output.publications_ip"]
    # papers ≥5: 2, granted 1..2: 1, software ≥3: 1
    assert item.suggested == 4
    for phrase in ("发表论文12篇", "授权专利2项", "软件著作权3项", "满分6分", "未述及"):
        assert phrase in item.rationale
    assert {e.text for e in item.evidence} == {"原文12", "原文2", "原文3"}


def test_section_indicators_use_text_length() -> None:
    items = {i.id: i for i in suggest(_result())}
    item = items["construction.completion"]
    assert item.suggested == 4 + 7  # 450 chars: chapter 1 at 200+, 2.1 at 200+
    assert "「2.1 项目建设情况」正文约450字" in item.rationale
    assert [e.page for e in item.evidence] == [2, 2]


def test_stated_zero_scores_zero_with_a_rationale() -> None:
    items = {i.id: i for i in suggest(_result(awards_national=0))}
    item = items["output.awards"]
    assert item.suggested == 0
    assert "国家级奖项0项" in item.rationale and "省部级奖项" in item.rationale


def test_caps_at_max() -> None:
    items = {i.id: i for i in suggest(_result(institutions=500, beneficiaries=10**6))}
    assert items["benefit.adoption"].suggested == 12 + 8 + 5  # exactly the max of 25
    items = {i.id: i for i in suggest(_result(awards_national=5, awards_provincial=5))}
    assert items["output.awards"].suggested == 4


def test_no_report_means_no_suggestion_where_nothing_was_found() -> None:
    items = {i.id: i for i in suggest(_result(present=False, papers=14))}
    assert items["construction.completion"].suggested is None
    assert "未识别到总结报告" in items["construction.completion"].rationale
    assert items["output.publications_ip"].suggested == 2
    assert "材料称发表论文14篇" in items["output.publications_ip"].rationale
