"""Evidence is scored by the contract's rows: F1 by first page + kind, fields, evidenced."""

from __future__ import annotations

from typing import Any

from evaluation.run import Evaluation
from evaluation.scoring import score_document
from models.result import Document, Result


def _item(kind: str, pages: list[int], **fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"kind": kind, "pages": pages}
    for name in ("number", "title", "holders", "date"):
        if name in fields:
            item[name] = {"value": fields[name]}
    for name in ("level", "counts_toward"):
        if name in fields:
            item[name] = fields[name]
    return item


def _result(evidence: list[dict[str, Any]], **evidenced: int | None) -> dict[str, Any]:
    data = Result(document=Document(sha256="0" * 64, page_count=9)).to_json_dict()
    data["evidence"] = evidence
    for key, value in evidenced.items():
        data["counts"][key]["evidenced"] = value
    return data


TRUTH = {
    "evidence": [
        _item(
            "patent_certificate",
            [5],
            number="ZL 2022 1 0123456.7",
            title="一种远程（超声）方法",
            holders=["甲医院", "乙公司"],
            date="2023-05-06",
            level=None,
            counts_toward="patents_granted",
        ),
        _item("paper", [6, 7], number=None, title="5G研究", holders=["甲医院"], date=None),
        _item("award_certificate", [8], level="provincial", counts_toward="awards_provincial"),
    ],
    "counts": {
        "patents_granted": {"value": 2, "evidenced": 1},
        "papers": {"value": 3, "evidenced": 1},
    },
}


def test_matched_by_first_page_and_kind_fields_by_their_rules() -> None:
    result = _result(
        [
            _item(
                "patent_certificate",
                [5],
                number="ZL202210123456.7",  # spaces and the dot do not matter
                title="一种远程(超声)方法",
                holders=["乙公司", "甲医院"],  # a set
                date="2023-05-06",
                level=None,
                counts_toward="patents_granted",
            ),
            _item("paper", [6], number=None, title="5G研究", holders=["丙大学"], date=None),
            _item("standard", [8], level=None, counts_toward="standards"),  # wrong kind
            _item("other", [9]),  # nothing there in truth
        ],
        patents_granted=1,
        papers=0,
    )
    score = score_document("x", TRUTH, result)
    items = {c.key: c.ok for c in score.checks if c.category == "evidence_item"}
    assert items == {"evidence.p5": True, "evidence.p6": True, "evidence.p8": False}
    fields = {c.key: c.ok for c in score.checks if c.category == "evidence_field"}
    assert all(v for k, v in fields.items() if k.startswith("evidence.p5."))
    assert len([k for k in fields if k.startswith("evidence.p5.")]) == 6
    assert fields["evidence.p6.holders"] is False and fields["evidence.p6.title"] is True
    assert [c.key for c in score.checks if c.category == "evidence_extra"] == ["evidence.p9"]
    counted = {c.key: c.ok for c in score.checks if c.category == "evidenced_count"}
    assert counted == {"counts.patents_granted.evidenced": True, "counts.papers.evidenced": False}
    # F1: 2 found of 3 true and 4 predicted
    assert (score.evidence_tp, score.evidence_pred, score.evidence_true) == (2, 4, 3)
    head = Evaluation(docs=[score]).headline()
    assert head["evidence_f1"] == round(4 / 7, 4)
    assert head["evidenced_count_accuracy"] == 0.5
    misses = {key for _, key, _, _ in Evaluation(docs=[score]).misses()}
    assert {"evidence.p8", "evidence.p9", "evidence.p6.holders"} <= misses


def test_no_evidence_in_truth_is_not_scored() -> None:
    score = score_document(
        "x", {"counts": {"papers": {"value": 3}}}, _result([_item("paper", [2])])
    )
    assert not [c for c in score.checks if c.category.startswith("evidence")]
    assert Evaluation(docs=[score]).headline()["evidence_f1"] is None
