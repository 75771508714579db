"""Reviewer experience in headless Chromium against the real service (issue 12): suggestions
that follow corrections, flags first, everything in Chinese, the evidence panel, an expired
session during an action. Submissions are seeded with hand-built results (tests/web/seed.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import Server, screenshot
from tests.web.seed import seed

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _correct(page: Page, path: str, value: str) -> None:
    field = page.locator(f'[id="f-{path}"]')
    field.locator(".fld-value").click()
    page.keyboard.press("e")
    box = field.locator("input[name=value]")
    expect(box).to_be_focused()
    box.fill(value)
    box.press("Enter")
    expect(page.locator(f'[id="f-{path}"] .badge.corrected')).to_be_visible()


def test_a_corrected_count_moves_the_suggestion(page: Page, web_server: Server) -> None:
    sid = seed(web_server, "标准更正测试项目")
    page.goto(f"{web_server.url}/submissions/{sid}/scoring")
    row = page.locator("tr", has=page.locator('[id="score_output.standards"]'))
    expect(row.locator(".rationale")).to_contain_text("未述及技术标准/规范")
    expect(row.locator(".use-suggested")).to_have_text("0")

    page.goto(f"{web_server.url}/submissions/{sid}")
    _correct(page, "counts.standards", "2")

    page.goto(f"{web_server.url}/submissions/{sid}/scoring")
    row = page.locator("tr", has=page.locator('[id="score_output.standards"]'))
    expect(row.locator(".use-suggested")).to_have_text("4")
    expect(row.locator(".rationale")).to_contain_text("技术标准/规范2项（4分）")
    expect(row.locator(".rationale .now")).not_to_contain_text("未述及")
    # The machine's own suggestion stays visible beside the new one.
    expect(row.locator(".machine-said")).to_contain_text("建议 0 分")
    expect(row.locator(".machine-said")).to_contain_text("未述及技术标准/规范")
    page.click("#use-all")
    expect(page.locator('[id="score_output.standards"]')).to_have_value("4")
    screenshot(page, "scoring-follows-correction")
