"""Outline sections on the submission page without a browser: each section is a reviewable row
whose confirm or save records `report.sections[ID].found|page` (ids with a dot included)."""

from __future__ import annotations

import re
from typing import Any

from tests.web.conftest import App, session_for
from tests.web.test_web_pages import _result

FETCH = {"X-Requested-With": "fetch"}


def _with_sections() -> dict[str, Any]:
    result = _result()
    for node in result["report"]["sections"]:
        if node["id"] == "2.2":
            node.update(found=True, page=2, confidence=0.9, bbox=[72, 90, 300, 110])
    return result


def _post(app: App, sid: str, **form: str) -> Any:
    headers = {**FETCH, "X-CSRF-Token": app.csrf}
    return app.client.post(f"/submissions/{sid}/values", data=form, headers=headers)


def test_outline_rows_are_reviewable(app: App) -> None:
    sid = app.add_done_submission(_with_sections())
    page = app.client.get(f"/submissions/{sid}").text
    row = re.search(r'<li class="fld sec lvl2 found[^"]*"\s+id="f-report.sections\[2.2\]"', page)
    assert row, "section 2.2 is not a reviewable row"
    assert 'data-path="report.sections[2.2]"' in page
    assert '"page": 2' in page  # its evidence points at page 2
    assert page.count('data-kind="section"') == 13


def test_confirm_and_correct_a_dotted_section(app: App) -> None:
    sid = app.add_done_submission(_with_sections())
    confirmed = _post(app, sid, path="report.sections[2.2]", action="confirm")
    assert confirmed.status_code == 200, confirmed.text
    assert "已确认" in confirmed.text and confirmed.text.lstrip().startswith("<li")
    corrections = app.client.get(f"/api/submissions/{sid}/corrections").json()
    assert {(c["path"], c["new_value"]) for c in corrections} == {
        ("report.sections[2.2].found", True),
        ("report.sections[2.2].page", 2),
    }
    moved = _post(app, sid, path="report.sections[2.2]", found="true", value="1")
    assert moved.status_code == 200 and "已修改" in moved.text and "原识别：第 2 页" in moved.text
    missing = _post(app, sid, path="report.sections[3.1]", found="true", value="1")
    assert missing.status_code == 200 and "已修改" in missing.text
    result = app.client.get(f"/api/submissions/{sid}/result").json()
    sections = {s["id"]: s for s in result["report"]["sections"]}
    assert (sections["2.2"]["found"], sections["2.2"]["page"]) == (True, 1)
    assert (sections["3.1"]["found"], sections["3.1"]["page"]) == (True, 1)
    assert "report.sections[2.2].page" in result["corrected_paths"]
    gone = _post(app, sid, path="report.sections[2.2]", found="false", value="2")
    assert gone.status_code == 200
    result = app.client.get(f"/api/submissions/{sid}/result").json()
    assert next(s for s in result["report"]["sections"] if s["id"] == "2.2")["page"] is None


def test_bad_section_input_is_explained(app: App) -> None:
    sid = app.add_done_submission(_with_sections())
    no_page = _post(app, sid, path="report.sections[2.2]", found="true", value="")
    assert no_page.status_code == 422 and "请填写章节所在页码" in no_page.text
    too_far = _post(app, sid, path="report.sections[2.2]", found="true", value="9")
    assert too_far.status_code == 422 and "页码应在 1–2 之间" in too_far.text
    assert 'value="9"' in too_far.text  # what the reviewer typed stays in the box
    unknown = _post(app, sid, path="report.sections[9.9]", action="confirm")
    assert unknown.status_code == 400
    assert app.client.get(f"/api/submissions/{sid}/corrections").json() == []


def test_plain_form_post_returns_to_the_section(app: App) -> None:
    sid = app.add_done_submission(_with_sections())
    response = app.client.post(
        f"/submissions/{sid}/values",
        data={"csrf_token": app.csrf, "path": "report.sections[2.2]", "action": "confirm"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith("#f-report.sections[2.2]")


def test_submitters_cannot_review_sections(app: App) -> None:
    sid = app.add_done_submission(_with_sections())
    csrf = session_for(app.client, app.settings, "sub")
    page = app.client.get(f"/submissions/{sid}").text
    assert 'data-path="report.sections[2.2]"' in page and 'data-act="confirm"' not in page
    response = app.client.post(
        f"/submissions/{sid}/values",
        data={"csrf_token": csrf, "path": "report.sections[2.2]", "action": "confirm"},
    )
    assert response.status_code == 403
