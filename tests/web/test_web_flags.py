"""Flags (what a reviewer sees first) and the Chinese message table, without a browser."""

from __future__ import annotations

from typing import Any

import pytest

from models.result import Document, Result
from service.web import messages
from service.web.flags import flags


def _result(**patch: Any) -> dict[str, Any]:
    result = Result(document=Document(sha256="b" * 64, page_count=3))
    for block in (result.report, result.application):
        block.present = True
        block.fields.leader_signed.value = True
        block.fields.unit_sealed.value = True
        block.fields.lead_unit.value = "上海市第六人民医院"
    result.report.kind = "acceptance"
    for section in result.report.sections:
        section.found = True
    data = result.to_json_dict()
    for path, value in patch.items():
        node: Any = data
        *walk, last = path.split(".")
        for key in walk:
            node = node[key]
        node[last] = value
    return data


def _codes(result: dict[str, Any], unit: str | None = "上海市第六人民医院") -> list[str]:
    return [f.code for f in flags(result, unit)]


def test_a_complete_submission_has_no_flags() -> None:
    assert _codes(_result()) == []
    assert _codes(_result(), unit="第六人民医院") == []  # the same unit written shorter
    assert _codes(None) == []


def test_each_missing_thing_raises_its_flag() -> None:
    assert _codes(_result(**{"report.fields.unit_sealed.value": False})) == ["seal_missing"]
    assert _codes(_result(**{"application.fields.leader_signed.value": None})) == [
        "signature_missing"
    ]
    assert _codes(_result(**{"application.present": False})) == ["annex_missing"]
    # A yearly report comes without an acceptance form.
    assert _codes(_result(**{"application.present": False, "report.kind": "annual"})) == []
    missing = _result()
    missing["report"]["sections"][3]["found"] = False
    (flag,) = flags(missing, None)
    assert flag.code == "section_missing" and "「" in flag.detail
    assert _codes(_result(), unit="上海市第十人民医院") == ["unit_mismatch"] * 2
    claimed = _result(**{"counts.papers.value": 5, "counts.papers.evidenced": 4})
    assert _codes(claimed) == ["claim_unevidenced"]
    assert _codes(_result(**{"counts.papers.value": 5, "counts.papers.evidenced": None})) == []


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        (
            "section_missing",
            "outline heading 2.2 「典型应用场景」 not found",
            "未找到报告提纲章节 2.2",
        ),
        ("report_missing", "no summary report (附件1) found", "未找到总结报告（附件1）"),
        # the reconcile stage writes these in Chinese; a result stored before it did reads
        # as the code's sentence
        ("cover_field_missing", "报告封面未找到项目负责人", "报告封面未找到项目负责人"),
        ("cover_field_missing", "report cover: no value for leader", "报告封面缺少一项信息"),
        (
            "seal_unit_mismatch",
            "封面印章印文为「甲医院」，与牵头单位「乙医院」不符",
            "封面印章印文为「甲医院」，与牵头单位「乙医院」不符",
        ),
        ("seal_unit_mismatch", "cover seal reads 「甲医院」 but …", "封面印章与牵头单位不符"),
        ("count_conflict", "发表论文（papers）前后不一致：取5", "发表论文前后不一致：取5"),
        ("summary_too_long", "试点项目介绍 has 900 characters (the form allows 800)", "共 900 字"),
        ("checkbox_uncertain", "direction boxes to check by eye: other", "其他"),
        (
            "report_kind_uncertain",
            "report title says neither 年度 nor 验收; taken as annual",
            "年度",
        ),
        ("page_error", "cannot render page: broken stream", "本页处理出错"),
        ("claim_exceeds_evidence", "papers: 5 claimed, 3 evidenced", "佐证材料"),
        ("evidence_short", "报告称发表论文5，所附佐证材料只能核实3。", "只能核实3"),
        ("some_new_code", "something happened", "系统提示"),
        ("some_new_code", "已是中文的提示", "已是中文的提示"),
    ],
)
def test_every_warning_reads_in_chinese(code: str, message: str, expected: str) -> None:
    text = messages.warning_text(code, message)
    assert expected in text
    assert messages.is_chinese_text(text), text
    assert messages.is_chinese_text(messages.warning_label(code))


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("page_too_large: 第 1 页尺寸过大（7200×7200 pt）", "页面尺寸过大"),
        ("invalid_pdf: PDF 文件已损坏", "不是有效的 PDF"),
        ("internal error: KeyError('x')", "系统内部错误"),
        ("something nobody foresaw", "处理未能完成"),
    ],
)
def test_a_failure_reason_reads_in_chinese(reason: str, expected: str) -> None:
    assert expected in messages.failure_text(reason)
