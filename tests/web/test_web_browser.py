"""The reviewer UI in headless Chromium against a real server: sign in, the queue, evidence
highlighting, an audited correction that survives a reload, scoring, CSV export."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from models.template import RUBRIC
from tests.web.conftest import Server, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_login_rejects_a_wrong_password(browser: Browser, web_server: Server) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{web_server.url}/queue")
    expect(tab).to_have_url(re.compile(r"/login\?next=/queue"))
    tab.fill("input[name=username]", "reviewer1")
    tab.fill("input[name=password]", "wrong")
    tab.click("button[type=submit]")
    expect(tab.get_by_role("alert")).to_have_text("用户名或密码错误")
    context.close()


def test_queue_lists_the_processed_sample(page: Page, web_server: Server, sample_id: str) -> None:
    page.goto(f"{web_server.url}/queue")
    row = page.locator(f"#row-{sample_id}")
    expect(row).to_be_visible()
    expect(row.locator(".status")).to_have_text(re.compile("待审核|已评分"))
    expect(page.get_by_role("tab", name=re.compile("待审核"))).to_be_visible()
    screenshot(page, "queue")


def test_evidence_click_highlights_the_box(page: Page, web_server: Server, sample_id: str) -> None:
    page.goto(f"{web_server.url}/submissions/{sample_id}")
    page.wait_for_function("() => document.querySelector('#page-1 img').naturalWidth > 0")
    screenshot(page, "submission-overview")
    fields = page.locator(".fld")
    with_box = None
    for index in range(fields.count()):
        evidence = json.loads(fields.nth(index).get_attribute("data-evidence") or "[]")
        if evidence and evidence[0].get("bbox") and evidence[0]["page"] > 1:
            with_box = fields.nth(index)
            break
    assert with_box is not None, "the sample has no value with a located box beyond page 1"
    page_number = json.loads(with_box.get_attribute("data-evidence") or "[]")[0]["page"]
    with_box.locator(".fld-value").click()
    highlight = page.locator(f"#page-{page_number} .hl").first
    expect(highlight).to_be_visible()
    expect(with_box).to_have_class(re.compile(r"\bactive\b"))
    page.wait_for_timeout(700)  # the smooth scroll settles
    box = highlight.bounding_box()
    pane = page.locator(".pages").bounding_box()
    assert box is not None and pane is not None
    assert pane["y"] <= box["y"] and box["y"] + box["height"] <= pane["y"] + pane["height"]
    assert box["width"] > 20, "the box should be drawn at page scale, not in raw points"
    screenshot(page, "submission")


def test_correction_is_saved_audited_and_shown(
    page: Page, web_server: Server, sample_id: str
) -> None:
    page.goto(f"{web_server.url}/submissions/{sample_id}")
    field = page.locator('[id="f-report.fields.leader"]')
    field.locator(".fld-value").click()
    page.keyboard.press("e")
    box = field.locator("input[name=value]")
    expect(box).to_be_focused()
    box.fill("王审核")
    box.press("Enter")
    field = page.locator('[id="f-report.fields.leader"]')
    expect(field.locator(".badge.corrected")).to_be_visible()

    # j moves to the next value; c confirms it (recorded as who/when like any correction).
    page.keyboard.press("j")
    confirmed = page.locator(".fld.active")
    confirmed_path = confirmed.get_attribute("data-path")
    page.keyboard.press("c")
    expect(page.locator(f'[id="f-{confirmed_path}"] .badge.confirmed')).to_be_visible()

    page.reload()
    field = page.locator('[id="f-report.fields.leader"]')
    expect(field.locator(".fld-value")).to_have_text("王审核")
    expect(field.locator(".fld-audit")).to_contain_text("reviewer1")
    audit = page.request.get(f"{web_server.url}/api/submissions/{sample_id}/audit").json()
    changes = [e for e in audit if e["action"] == "correction"]
    assert any(
        e["detail"]["path"] == "report.fields.leader" and e["detail"]["new"] == "王审核"
        for e in changes
    )
    assert any(e["detail"]["path"] == confirmed_path for e in changes)


def test_scoring_total_bounds_and_export(page: Page, web_server: Server, sample_id: str) -> None:
    page.goto(f"{web_server.url}/submissions/{sample_id}/scoring")
    expected = 0.0
    for rid, _name, top in RUBRIC:
        score = top - 1
        expected += score
        page.fill(f'[id="score_{rid}"]', f"{score:g}")
    expect(page.locator("#total")).to_have_text(f"{expected:g}")

    # Over the maximum: the server refuses it and keeps what was typed.
    page.fill('[id="score_output.awards"]', "9")
    page.click("button[value=submit]")
    expect(page.get_by_role("alert")).to_contain_text("1 处需要修正")
    expect(page.locator("tr.has-err .err")).to_have_text("得分应在 0 到 4 之间")

    page.fill('[id="score_output.awards"]', "3")
    page.fill("textarea[name=comment]", "材料完整，建议通过验收")
    page.click("button[value=submit]")
    expect(page.get_by_role("status")).to_contain_text(f"共 {expected:g} 分")
    screenshot(page, "scoring")

    response = page.request.get(f"{web_server.url}/export.csv")
    assert response.ok
    rows = list(csv.reader(io.StringIO(response.body().decode("utf-8-sig"))))
    header, body = rows[0], [r for r in rows[1:] if r and r[0] == sample_id]
    assert len(body) == 1
    row = dict(zip(header, body[0], strict=True))
    assert row["总分"] == f"{expected:g}"
    result = page.request.get(f"{web_server.url}/api/submissions/{sample_id}/result").json()
    leader = result["report"]["fields"]["leader"]["value"]
    assert row["项目负责人"] == (leader or "")  # corrections included
    assert row["评审员"] == "reviewer1"
    assert row["评审意见"] == "材料完整，建议通过验收"


def test_queue_status_updates_live(
    page: Page, web_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A queued row turns 待审核 by itself when processing finishes (no reload)."""
    from service.ingest import ingest
    from service.queue import jobs
    from service.settings import get_settings
    from service.storage.db import session_scope
    from tests.web.test_web_pages import report_pdf

    for key in ("PILOTDOC_DATA_DIR", "PILOTDOC_SECRET_KEY"):
        monkeypatch.setenv(key, web_server.env[key])
    monkeypatch.delenv("PILOTDOC_DATABASE_URL", raising=False)
    monkeypatch.delenv("PILOTDOC_REDIS_URL", raising=False)
    get_settings.cache_clear()
    try:
        with session_scope(web_server.settings) as session:
            done = ingest(
                session,
                web_server.settings,
                report_pdf("5G远程超声实时会诊平台"),
                filename="live.pdf",
                unit="上海市第六人民医院",
                user_id=None,
            )
            sid = done.submission.id
        page.goto(f"{web_server.url}/queue")
        status = page.locator(f"#row-{sid} .status")
        expect(status).to_have_text("排队中")
        jobs.process_submission(sid)
        expect(status).to_have_text("待审核", timeout=20_000)
        expect(page.locator(f"#row-{sid} a")).to_contain_text("5G远程超声实时会诊平台")
        expect(page.get_by_role("tab", name=re.compile("处理中"))).to_contain_text("0")
        screenshot(page, "queue")
    finally:
        get_settings.cache_clear()
