"""Reviewer experience in headless Chromium against the real service (issue 12): suggestions
that follow corrections, flags first, everything in Chinese, the evidence panel, an expired
session during an action. Submissions are seeded with hand-built results (tests/web/seed.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from models.result import Field as RField
from models.result import Result
from tests.web.conftest import Server, screenshot
from tests.web.seed import Doc, seed

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


def test_a_missing_seal_is_flagged_and_found_by_the_queue_filter(
    page: Page, web_server: Server
) -> None:
    def no_seal(result: Result, _doc: Doc) -> None:
        result.report.fields.unit_sealed = RField(value=False, confidence=0.85)

    unsealed = seed(web_server, "无盖章测试项目", patch=no_seal)
    sealed = seed(web_server, "已盖章测试项目")
    page.goto(f"{web_server.url}/queue")
    expect(page.locator(f"#row-{unsealed} .flag.fl-seal_missing")).to_have_text("缺少盖章")
    expect(page.locator(f"#row-{sealed} .flag.fl-seal_missing")).to_have_count(0)
    page.select_option("#flag-filter", "seal_missing")
    expect(page).to_have_url(re.compile(r"flag=seal_missing"))
    expect(page.locator(f"#row-{unsealed}")).to_be_visible()
    expect(page.locator(f"#row-{sealed}")).to_have_count(0)
    screenshot(page, "queue-flag-filter")

    page.locator(f"#row-{unsealed} a").first.click()
    flags = page.get_by_role("region", name="需要注意")
    expect(flags).to_contain_text("附件1 总结报告未见单位盖章")
    flags.locator(".fl-seal_missing .flag-go").click()
    expect(page.locator('[id="f-report.fields.unit_sealed"]')).to_have_class(
        re.compile(r"\bactive\b")
    )


def test_a_unit_other_than_the_uploaders_and_unevidenced_claims_are_flagged(
    page: Page, web_server: Server
) -> None:
    def claims(result: Result, _doc: Doc) -> None:
        result.counts.software_copyrights.value = 3
        result.counts.software_copyrights.evidenced = 1

    sid = seed(
        web_server,
        "单位不符测试项目",
        unit="上海市第一人民医院",
        doc_unit="上海市第十人民医院",
        patch=claims,
    )
    page.goto(f"{web_server.url}/queue?flag=unit_mismatch")
    row = page.locator(f"#row-{sid}")
    expect(row.locator(".fl-unit_mismatch")).to_be_visible()
    expect(row.locator(".fl-claim_unevidenced")).to_have_text("佐证不足")
    page.goto(f"{web_server.url}/submissions/{sid}")
    flags = page.get_by_role("region", name="需要注意")
    expect(flags).to_contain_text(
        "牵头单位为「上海市第十人民医院」，与上传账号的单位「上海市第一人民医院」不符"
    )
    expect(flags).to_contain_text("软件著作权：报告称3，所附佐证材料只证实1")
