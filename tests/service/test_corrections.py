"""Correction paths against the result contract: list items by id in brackets (ids with dots
too), the older dotted spelling still accepted and stored canonically, values typed by the
contract; and the same through the API on a processed upload."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from models.result import Document, Result
from service import overlay
from service.correction_paths import BadPath, canonical, check
from service.settings import Settings
from tests.service.conftest import submission_pdf, token_for


@pytest.mark.parametrize(
    ("path", "spelled"),
    [
        ("report.sections[2.2].page", "report.sections[2.2].page"),
        ("report.sections.3.found", "report.sections[3].found"),
        ("application.directions[other].checked", "application.directions[other].checked"),
        ("application.directions.3.checked", "application.directions[3].checked"),
        ("application.directions.other.text", "application.directions[other].text"),
        ("counts.papers.value", "counts.papers"),
        ("application.fields.leader", "application.fields.leader"),
        ("report.kind", "report.kind"),
    ],
)
def test_paths_are_spelled_one_way(path: str, spelled: str) -> None:
    assert check(path).canonical == spelled
    assert canonical(path) == spelled


@pytest.mark.parametrize(
    "path",
    [
        "nope.x",
        "document.sha256",
        "rubric.output.talent.suggested",  # scores are their own records
        "report.sections[9.9].page",  # not a section of the template
        "report.sections.2.2.page",  # a dotted id needs brackets
        "report.sections[2.2]",
        "report.sections[2.2].title",  # template text, not a finding
        "counts.papers.evidence",
        "report..kind",
        "report[fields].leader",
        "application.directions[3].checked.x",
    ],
)
def test_paths_outside_the_contract_are_refused(path: str) -> None:
    with pytest.raises(BadPath):
        check(path)


def test_values_are_typed_by_the_contract() -> None:
    page = check("report.sections[2.2].page")
    assert page.check_value(3, page_count=5) == 3 and page.check_value(None) is None
    for bad in (0, 6, "3", 2.5):
        with pytest.raises(BadPath):
            page.check_value(bad, page_count=5)
    with pytest.raises(BadPath):
        check("counts.papers").check_value(-1)
    with pytest.raises(BadPath):
        check("application.directions[1].checked").check_value("yes")
    with pytest.raises(BadPath):
        check("report.kind").check_value("weekly")
    assert check("application.fields.partner_units").check_value(["甲", "乙"]) == ["甲", "乙"]


def test_overlay_applies_both_spellings_and_flags_stale_ones() -> None:
    doc = Result(document=Document(sha256="0" * 64, page_count=4)).to_json_dict()
    doc["report"]["sections"] = [s for s in doc["report"]["sections"] if s["id"] != "7"]
    out = overlay.apply(
        doc,
        [
            ("report.sections[2.2].page", 3),
            ("application.directions.other.checked", True),
            ("report.sections[7].found", True),  # this result has no section 7
        ],
    )
    sections = {s["id"]: s for s in out["report"]["sections"]}
    assert sections["2.2"]["page"] == 3
    assert [d["checked"] for d in out["application"]["directions"] if d["id"] == "other"] == [True]
    assert out["corrected_paths"] == [
        "application.directions[other].checked",
        "report.sections[2.2].page",
    ]
    assert out["stale_corrections"] == ["report.sections[7].found"]
    assert overlay.read(out, "application.directions[other].checked") is True


@pytest.fixture
def uploaded(
    configure: Callable[..., Settings], make_user: Callable[..., Any], client: Any
) -> tuple[TestClient, str, dict[str, str]]:
    configure("sqlite")
    make_user("alice", "submitter", "甲医院")
    make_user("rita", "reviewer", None)
    c: TestClient = client()
    files = {"file": ("sub.pdf", submission_pdf(), "application/pdf")}
    r = c.post("/api/submissions", files=files, headers=token_for("alice"))
    assert r.status_code == 202, r.text
    return c, str(r.json()["id"]), token_for("rita")


def test_api_corrects_an_outline_section(uploaded: tuple[TestClient, str, dict[str, str]]) -> None:
    c, sid, rita = uploaded
    base = f"/api/submissions/{sid}"
    for path, value in (("report.sections[2.2].found", True), ("report.sections[2.2].page", 1)):
        r = c.post(f"{base}/corrections", json={"path": path, "value": value}, headers=rita)
        assert r.status_code == 201, r.text
        assert r.json()["path"] == path
    # the older spelling is accepted, stored canonically, and wins as the latest
    r = c.post(
        f"{base}/corrections",
        json={"path": "application.directions.other.checked", "value": True},
        headers=rita,
    )
    assert r.status_code == 201 and r.json()["path"] == "application.directions[other].checked"
    result = c.get(f"{base}/result", headers=rita).json()
    section = next(s for s in result["report"]["sections"] if s["id"] == "2.2")
    assert (section["found"], section["page"]) == (True, 1)
    assert "report.sections[2.2].page" in result["corrected_paths"]
    assert [d["checked"] for d in result["application"]["directions"] if d["id"] == "other"] == [
        True
    ]
    raw = c.get(f"{base}/result?raw=true", headers=rita).json()
    assert "corrected_paths" not in raw  # the machine result itself is never changed


@pytest.mark.parametrize(
    ("path", "value", "says"),
    [
        ("report.sections[2.2].page", 2, "only 1 pages"),
        ("report.sections[2.2].page", "1", "not allowed"),
        ("report.sections[2.2].title", "x", "not a correctable value"),
        ("report.sections.2.2.page", 1, "not a correctable value"),
        ("counts.papers", -3, "not allowed"),
    ],
)
def test_api_refuses_paths_and_values_outside_the_contract(
    uploaded: tuple[TestClient, str, dict[str, str]], path: str, value: Any, says: str
) -> None:
    c, sid, rita = uploaded
    r = c.post(
        f"/api/submissions/{sid}/corrections", json={"path": path, "value": value}, headers=rita
    )
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "bad_correction" and says in r.json()["error"]["message"]
    assert c.get(f"/api/submissions/{sid}/corrections", headers=rita).json() == []


def test_a_correction_recomputes_the_rubric_and_keeps_the_machines_beside() -> None:
    from extractors.grade.rubric import suggest
    from models.result import Document, Result
    from service import overlay

    result = Result(document=Document(sha256="a" * 64, page_count=1))
    result.report.present = True
    result.rubric = suggest(result)
    doc = result.to_json_dict()
    before = {r["id"]: r for r in doc["rubric"]}["output.standards"]
    assert before["suggested"] == 0

    out = overlay.apply(doc, [("counts.standards", 2)])
    item = {r["id"]: r for r in out["rubric"]}["output.standards"]
    assert item["suggested"] == 4 and "技术标准/规范2项" in item["rationale"]
    assert item["machine_suggested"] == 0 and item["machine_rationale"] == before["rationale"]
    assert doc["rubric"][6]["suggested"] == 0  # the stored machine result is left as it was
    assert "machine_suggested" not in overlay.apply(doc, [])["rubric"][0]


def _evidence_doc() -> dict[str, Any]:
    from models.result import EvidenceItem
    from models.result import Field as RField

    result = Result(document=Document(sha256="c" * 64, page_count=6))
    result.report.present = True
    result.counts.papers.value = 3
    result.counts.papers.evidenced = 3
    result.evidence = [
        EvidenceItem(
            kind="paper",
            pages=[p],
            number=RField(value=f"10.1/{p}"),
            counts_toward="papers",
            related=True,
        )
        for p in (2, 3, 5)
    ]
    result.evidence.append(EvidenceItem(kind="other", pages=[5]))  # a second item on page 5
    return result.to_json_dict()


@pytest.mark.parametrize(
    ("path", "spelled"),
    [
        ("evidence[p5].number", "evidence[p5].number"),
        ("evidence[p5b].kind", "evidence[p5b].kind"),
        ("evidence.p2.not_evidence", "evidence[p2].not_evidence"),
        ("evidence[p2].holders.value", "evidence[p2].holders"),
    ],
)
def test_evidence_items_are_named_by_first_page(path: str, spelled: str) -> None:
    assert check(path).canonical == spelled


@pytest.mark.parametrize("path", ["evidence[0].number", "evidence[p2].pages", "evidence[x5].kind"])
def test_evidence_paths_by_index_or_to_provenance_are_refused(path: str) -> None:
    with pytest.raises(BadPath):
        check(path)


def test_evidence_corrections_follow_items_and_recount_evidence() -> None:
    doc = _evidence_doc()
    assert check("evidence[p2].kind").check_value("standard") == "standard"
    with pytest.raises(BadPath):
        check("evidence[p2].kind").check_value("certificate")
    out = overlay.apply(
        doc,
        [
            ("evidence[p3].not_evidence", True),
            ("evidence[p5b].number", "X-1"),
            ("evidence[p2].kind", "standard"),
        ],
    )
    by_page = {(i["pages"][0], i.get("kind")): i for i in out["evidence"]}
    assert by_page[(5, "other")]["number"]["value"] == "X-1"
    assert by_page[(2, "standard")]["counts_toward"] == "standards"
    assert out["counts"]["papers"]["evidenced"] == 1  # p3 is not evidence, p2 is a standard now
    assert out["counts"]["standards"]["evidenced"] == 1
    # The same corrections over a result listing the items in another order.
    doc["evidence"].reverse()
    again = overlay.apply(doc, [("evidence[p3].not_evidence", True)])
    assert [i.get("not_evidence") for i in again["evidence"] if i["pages"] == [3]] == [True]
    assert again["counts"]["papers"]["evidenced"] == 2
