"""Claims against evidence: duplicates, related holders, evidenced counts, warnings, rubric."""

from __future__ import annotations

from extractors.grade import rubric
from extractors.reconcile.evidence_claims import reconcile
from models.result import (
    Application,
    Count,
    Counts,
    Document,
    EvidenceItem,
    Field,
    Report,
    Result,
)
from models.rubric_rules import load_rubric_rules

LEAD = "上海交通大学医学院附属瑞金医院"
PARTNER = "中国移动通信集团上海有限公司"


def _item(
    kind: str, page: int, number: str | None, holders: list[str], key: str | None
) -> EvidenceItem:
    return EvidenceItem(
        kind=kind,  # type: ignore[arg-type]
        pages=[page],
        number=Field(value=number),
        holders=Field(value=holders),
        counts_toward=key,
    )


def _parts() -> tuple[Report, Application]:
    report = Report(present=True)
    report.fields.lead_unit = Field(value=LEAD)
    report.fields.leader = Field(value="张伟")
    app = Application(present=True)
    app.fields.partner_units = Field(value=[PARTNER])
    return report, app


def test_duplicates_related_and_evidenced_counts() -> None:
    items = [
        _item("patent_certificate", 10, "ZL 2022 1 0123456.7", [LEAD], "patents_granted"),
        # the same certificate again, OCR spacing differs
        _item("patent_certificate", 11, "ZL202210123456.7", [LEAD], "patents_granted"),
        # one OCR slip in the partner's name still matches
        _item(
            "patent_certificate",
            12,
            "ZL 2021 2 0765432.X",
            ["中国移动通信集团上海有眼公司"],
            "patents_granted",
        ),
        # another project's hospital, one character from a real one: unrelated
        _item(
            "software_copyright_certificate",
            13,
            "2023SR0123456",
            ["上海交通大学医学院附属仁济医院"],
            "software_copyrights",
        ),
        _item("paper", 14, None, [], "papers"),  # no holder read: related unknown, still counts
        _item("award_certificate", 15, "2022-J-1", ["张伟"], None),  # other level: no count
    ]
    counts = Counts(patents_granted=Count(value=3), software_copyrights=Count(value=2))
    report, app = _parts()
    warnings = reconcile(items, counts, report, app)
    assert [i.duplicate_of for i in items] == [None, 0, None, None, None, None]
    assert [i.related for i in items] == [True, True, True, False, None, True]
    assert counts.patents_granted.evidenced == 2
    assert counts.software_copyrights.evidenced == 0
    assert counts.papers.evidenced == 1 and counts.patents_filed.evidenced == 0
    assert counts.monographs.evidenced is None and counts.beneficiaries.evidenced is None
    codes = [(w.code, w.page) for w in warnings]
    assert ("evidence_duplicate", 11) in codes
    assert ("evidence_unrelated", 13) in codes
    short = [w.message for w in warnings if w.code == "evidence_short"]
    assert short == [
        "报告称授权专利3，所附佐证材料只能核实2。",
        "报告称软件著作权2，所附佐证材料只能核实0。",
    ]


def test_no_evidence_one_warning_and_zero_counts() -> None:
    counts = Counts(papers=Count(value=5))
    report, app = _parts()
    warnings = reconcile([], counts, report, app)
    assert counts.papers.evidenced == 0
    assert [w.code for w in warnings] == ["evidence_none"]


def test_related_unknown_without_project_units() -> None:
    items = [_item("patent_certificate", 3, "ZL 2022 1 0123456.7", [LEAD], "patents_granted")]
    reconcile(items, Counts(), Report(), Application())
    assert items[0].related is None


def test_rubric_says_how_many_claims_are_evidenced() -> None:
    result = Result(document=Document(sha256="0" * 64, page_count=1))
    result.report.present = True
    result.counts.patents_granted = Count(value=3, evidenced=1)
    result.counts.papers = Count(value=6, evidenced=6)
    item = next(i for i in rubric.suggest(result) if i.id == "output.publications_ip")
    assert "授权专利3项（其中1项有佐证材料）" in item.rationale
    assert "发表论文6篇（其中6篇有佐证材料）" in item.rationale
    claimed = item.suggested
    # the same claims under the `evidenced` rule score lower: 1 patent instead of 3
    rules = load_rubric_rules().model_copy(update={"unevidenced_claims": "evidenced"})
    strict = next(i for i in rubric.suggest(result, rules) if i.id == "output.publications_ip")
    assert claimed is not None and strict.suggested is not None
    assert strict.suggested == claimed - 1
