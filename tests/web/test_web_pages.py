"""Fast checks of the UI's server side without a browser: sign-in redirects and CSRF, the
value parser, score bounds (form and storage), correction paths, export rows."""

from __future__ import annotations

import csv
import io
from typing import Any

import pymupdf
import pytest

from models.template import RUBRIC
from service import export
from service.web import values
from service.web.routes.login import safe_next
from service.web.scoring import parse_form
from tests.web.conftest import PASSWORD, App, session_for, sign_in


def report_pdf(project: str, unit: str = "上海市第六人民医院") -> bytes:
    """A one-page born-digital summary-report cover (PyMuPDF's built-in Chinese font)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines = [
        "上海市5G+医疗健康应用试点项目",
        "验收总结报告",
        f"项目名称：{project}",
        f"牵头单位：{unit}",
        "项目负责人：李明",
        "2023年9月1日",
    ]
    y = 160.0
    for line in lines:
        page.insert_text((100, y), line, fontname="china-s", fontsize=16)
        y += 40
    data: bytes = doc.tobytes()
    doc.close()
    return data


def _result(sha: str = "0" * 64) -> dict[str, Any]:
    from models.result import Document, Result

    result = Result(document=Document(sha256=sha, page_count=2)).to_json_dict()
    result["report"]["present"] = True
    result["report"]["kind"] = "acceptance"
    result["report"]["fields"]["project_name"] = {
        "value": "=HYPERLINK(1)",
        "confidence": 0.99,
        "evidence": [{"page": 1, "bbox": [72, 100, 300, 120], "text": "项目名称"}],
    }
    result["report"]["fields"]["leader"] = {"value": "李明", "confidence": 0.6, "evidence": []}
    result["counts"]["papers"] = {"value": 21, "confidence": 0.95, "evidence": []}
    result["pages"] = [
        {
            "number": 1,
            "source": "text",
            "kind": "report_cover",
            "rotation": 0,
            "seals": [],
            "width": 595,
            "height": 842,
        },
    ]
    return result


def _scores_form(csrf: str, **overrides: str) -> dict[str, str]:
    form = {"csrf_token": csrf, "action": "submit", "comment": "同意"}
    for rid, _name, top in RUBRIC:
        form[f"score_{rid}"] = f"{top:g}"
    form.update({f"score_{k.replace('__', '.')}": v for k, v in overrides.items()})
    return form


def test_pages_send_strangers_to_the_login(app: App) -> None:
    app.client.cookies.clear()
    response = app.client.get("/queue?tab=review", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/queue%3Ftab%3Dreview"


def test_login_form_signs_in(app: App) -> None:
    sign_in(app.client, "rev")
    assert "审核队列" in app.client.get("/queue").text
    assert app.client.get("/login", follow_redirects=False).status_code == 303


def test_login_needs_the_forms_token(app: App) -> None:
    app.client.cookies.clear()
    app.client.get("/login")
    response = app.client.post(
        "/login", data={"username": "rev", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 403
    assert safe_next("//evil.example/x") == "/queue"
    assert safe_next("/submissions/1") == "/submissions/1"


def test_changes_without_the_csrf_token_are_refused(app: App) -> None:
    sid = app.add_done_submission(_result())
    response = app.client.post(
        f"/submissions/{sid}/values", data={"path": "report.fields.leader", "value": "王五"}
    )
    assert response.status_code == 403


def test_correction_is_parsed_by_kind_and_recorded(app: App) -> None:
    sid = app.add_done_submission(_result())
    headers = {"X-CSRF-Token": app.csrf, "X-Requested-With": "fetch"}
    bad = app.client.post(
        f"/submissions/{sid}/values",
        data={"path": "counts.papers", "value": "二十"},
        headers=headers,
    )
    assert bad.status_code == 422 and "请输入非负整数" in bad.text
    ok = app.client.post(
        f"/submissions/{sid}/values",
        data={"path": "counts.papers", "value": "22"},
        headers=headers,
    )
    assert ok.status_code == 200 and "已修改" in ok.text and "原识别值：21" in ok.text
    result = app.client.get(f"/api/submissions/{sid}/result").json()
    assert result["counts"]["papers"]["value"] == 22
    frozen = app.client.post(
        f"/submissions/{sid}/values",
        data={"path": "rubric.output.talent.suggested", "value": "4"},
        headers=headers,
    )
    assert frozen.status_code == 400


def test_low_confidence_counts_until_confirmed(app: App) -> None:
    sid = app.add_done_submission(_result())
    page = app.client.get("/queue").text
    assert '<span class="pill low">1</span>' in page  # the leader at 60 %
    app.client.post(
        f"/submissions/{sid}/values",
        data={"path": "report.fields.leader", "action": "confirm"},
        headers={"X-CSRF-Token": app.csrf, "X-Requested-With": "fetch"},
    )
    assert '<span class="pill low">' not in app.client.get("/queue").text
    page = app.client.get(f"/submissions/{sid}").text
    assert "已确认" in page


def test_scores_over_the_maximum_are_refused_server_side(app: App) -> None:
    sid = app.add_done_submission(_result())
    form = _scores_form(app.csrf, output__standards="7")
    response = app.client.post(f"/submissions/{sid}/scoring", data=form)
    assert response.status_code == 422
    assert "得分应在 0 到 6 之间" in response.text
    assert app.client.get(f"/api/submissions/{sid}/scores").json() == []
    form = _scores_form(app.csrf, output__standards="-1", output__talent="abc")
    assert app.client.post(f"/submissions/{sid}/scoring", data=form).status_code == 422


def test_a_draft_may_be_partial_but_a_submission_needs_all_ten(app: App) -> None:
    sid = app.add_done_submission(_result())
    form = {"csrf_token": app.csrf, "action": "draft", "score_output.talent": "3.5"}
    response = app.client.post(f"/submissions/{sid}/scoring", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert app.client.get(f"/api/submissions/{sid}").json()["submission"]["reviewed_at"] is None
    form["action"] = "submit"
    assert app.client.post(f"/submissions/{sid}/scoring", data=form).status_code == 422
    done = app.client.post(f"/submissions/{sid}/scoring", data=_scores_form(app.csrf))
    assert done.status_code == 200 and "共 100 分" in done.text


def test_submitters_may_look_but_not_score(app: App) -> None:
    sid = app.add_done_submission(_result())
    csrf = session_for(app.client, app.settings, "sub")
    assert app.client.get(f"/submissions/{sid}").status_code == 200
    response = app.client.post(f"/submissions/{sid}/scoring", data=_scores_form(csrf))
    assert response.status_code == 403
    assert app.client.get("/export.csv").status_code == 403


def test_score_form_parsing() -> None:
    form = parse_form({"score_output.awards": "4", "score_output.talent": "nan"}, final=False)
    assert [i.indicator for i in form.items] == ["output.awards"]
    assert form.errors == {"output.talent": "得分应在 0 到 4 之间"}
    assert len(parse_form({}, final=True).errors) == 10


def test_values_parse_and_display() -> None:
    assert values.parse("int", "1,200") == 1200
    assert values.parse("int", "") is None
    assert values.parse("date", "2023-08-02") == "2023-08-02"
    assert values.parse("bool", "是") is True
    assert values.parse("list", "甲医院\n乙医院、丙公司") == ["甲医院", "乙医院", "丙公司"]
    with pytest.raises(values.BadValue):
        values.parse("date", "2023年8月")
    assert values.display("list", ["甲", "乙"]) == "甲、乙"
    assert values.display("bool", None) == "—"


def test_export_csv_and_xlsx_rows(app: App) -> None:
    sid = app.add_done_submission(_result(), name="export")
    app.add_done_submission(_result(), name="unscored")
    assert app.client.post(f"/submissions/{sid}/scoring", data=_scores_form(app.csrf)).is_success
    response = app.client.get("/export.csv")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == list(export.HEADERS)
    assert len(rows) == 2  # the unscored submission is not exported
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["提交编号"] == sid
    assert row["项目名称"].startswith("'=")  # a formula in a cell is defused
    assert row["发表论文"] == "21"
    assert row["项目获奖情况(4)"] == "4"
    assert row["总分"] == "100"
    assert row["评审员"] == "rev"
    assert row["评审意见"] == "同意"

    from openpyxl import load_workbook

    xlsx = app.client.get("/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    assert cells[0] == list(export.HEADERS)
    assert cells[1][0] == sid and cells[1][export.HEADERS.index("总分")] == 100


def test_cohort_marks_the_recommendation_cap(app: App) -> None:
    ids = [app.add_done_submission(_result(), name=f"p{n}") for n in range(4)]
    for n, sid in enumerate(ids):
        form = _scores_form(app.csrf, output__awards=str(n))
        assert app.client.post(f"/submissions/{sid}/scoring", data=form).is_success
    page = app.client.get("/cohort?pilots=7").text  # 30 % of 7 -> at most 2
    assert "最多 <b>2</b> 项" in page
    assert page.count("可推荐") == 2
    first = page.index(ids[3])
    assert first < page.index(ids[2]) < page.index(ids[0])  # best total first
