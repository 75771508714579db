"""Reviewer experience in headless Chromium against the real service (issue 12): suggestions
that follow corrections, flags first, everything in Chinese, the evidence panel, an expired
session during an action. Submissions are seeded with hand-built results (tests/web/seed.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from models.result import Field as RField
from models.result import Result, Warning
from tests.web.conftest import PASSWORD, VIEWPORT, Server, login, screenshot
from tests.web.seed import Doc, certificate, seed

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
    screenshot(page, "queue-flags")
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


# Latin words a page may show: formats and tools people know by these names, the keyboard's
# Esc and Ctrl, the accounts' user names, the uploaded files' .pdf.
_ALLOWED = {
    "pdf",
    "csv",
    "excel",
    "ocr",
    "id",
    "esc",
    "ctrl",
    "mb",
    "reviewer1",
    "submitter1",
    "5g",
}
# Letters only: a token with digits in it is an identifier read from the document
# (2023SR0100001, ZL 2022 1 …), not a word of the interface.
_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])")


def _english(tab: Page) -> list[str]:
    """Latin words in what people read on the page: its text and its tooltips/labels, less
    what users typed or named themselves (file names, marked data-user-text)."""
    text = tab.evaluate(
        """() => [document.title,
          (() => { const body = document.body.cloneNode(true);
                   body.querySelectorAll('[data-user-text]').forEach(e => e.remove());
                   document.documentElement.appendChild(body);
                   const text = body.innerText; body.remove(); return text; })(),
          ...Array.from(document.querySelectorAll('[title],[placeholder],[aria-label],[alt]'))
            .flatMap(e => ['title', 'placeholder', 'aria-label', 'alt']
              .map(a => e.getAttribute(a) || ''))
        ].join('\\n')"""
    )
    return sorted({w for w in _WORD.findall(text) if w.lower() not in _ALLOWED})


def test_every_page_a_reviewer_or_submitter_reaches_is_chinese(
    browser: Browser, page: Page, web_server: Server
) -> None:
    def english_warnings(result: Result, _doc: Doc) -> None:
        result.report.sections[4].found = False
        result.counts.papers.value = 3
        result.warnings = [
            Warning(
                code="section_missing", message="outline heading 2.2 「典型应用场景」 not found"
            ),
            # the reconcile stage writes its warnings in Chinese itself
            Warning(code="cover_field_missing", message="报告封面未找到报告日期", page=1),
            Warning(code="count_conflict", message="发表论文（papers）前后不一致：取3", page=1),
            Warning(code="checkbox_uncertain", message="direction boxes to check by eye: other"),
            Warning(code="brand_new_code", message="a message nobody translated yet"),
        ]

    def patch(result: Result, doc: Doc) -> None:
        _certificates(result, doc)
        result.evidence[1].related = False
        english_warnings(result, doc)

    sid = seed(
        web_server,
        "中文界面测试项目",
        unit="上海市第一人民医院",
        extra_pages=CERT_PAGES,
        patch=patch,
    )
    seen: dict[str, list[str]] = {}

    def visit(tab: Page, path: str, status: int = 200) -> None:
        response = tab.goto(f"{web_server.url}{path}")
        assert response is not None and response.status == status, (path, response)
        tab.wait_for_load_state("load")
        seen[path] = _english(tab)

    for path in (
        "/queue",
        "/queue?tab=review&flag=section_missing",
        f"/submissions/{sid}",
        f"/submissions/{sid}/scoring",
        "/cohort",
        "/upload",
    ):
        visit(page, path)
    visit(page, "/no-such-page", 404)
    visit(page, "/submissions/nonexistent", 404)
    visit(page, "/queue?sort=nonsense", 422)
    expect(page.locator("h1")).to_have_text("输入有误")
    # The warnings are shown in Chinese, by code.
    page.goto(f"{web_server.url}/submissions/{sid}")
    warnings = page.locator(".warnings")
    expect(warnings).to_contain_text("未找到报告提纲章节 2.2「典型应用场景」")
    expect(warnings).to_contain_text("报告封面未找到报告日期")
    expect(warnings).to_contain_text("系统提示")

    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    submitter = context.new_page()
    login(submitter, web_server.url, "submitter1")
    for path in ("/queue", f"/submissions/{sid}", f"/submissions/{sid}/scoring", "/upload"):
        visit(submitter, path)
    visit(submitter, "/cohort", 403)
    expect(submitter.locator(".error-page")).to_contain_text("只有评审员可以查看此页面")
    screenshot(submitter, "error-403")
    submitter.goto(f"{web_server.url}/queue")
    submitter.click("button:has-text('退出')")
    visit(submitter, "/login")
    context.close()
    english = {path: words for path, words in seen.items() if words}
    assert english == {}, english


def _certificates(result: Result, doc: Doc) -> None:
    result.evidence = [
        certificate(doc, 2, "2023SR0100001", "远程超声会诊系统", "上海市第六人民医院"),
        certificate(doc, 3, "2023SR0100002", "影像云平台", "上海市第六人民医院"),
        certificate(doc, 4, "2023SR0100001", "远程超声会诊系统", "上海市第六人民医院"),
    ]
    result.evidence[2].duplicate_of = 0
    result.counts.software_copyrights.value = 3
    result.counts.software_copyrights.evidenced = 2


def _cert_page(number: str, title: str) -> list[str]:
    return [f"登记号：{number}", f"软件名称：{title}", "著作权人：上海市第六人民医院"]


CERT_PAGES = [
    _cert_page("2023SR0100001", "远程超声会诊系统"),
    _cert_page("2023SR0100002", "影像云平台"),
    _cert_page("2023SR0100001", "远程超声会诊系统"),
]


def test_evidence_panel_box_correction_and_reprocessing(page: Page, web_server: Server) -> None:
    sid = seed(web_server, "佐证面板测试项目", extra_pages=CERT_PAGES, patch=_certificates)
    page.goto(f"{web_server.url}/submissions/{sid}")
    panel = page.locator("#evidence-panel")
    expect(panel.locator(".ev-item")).to_have_count(3)
    expect(panel.locator("#ev-p4 .ev-dup")).to_have_text("重复（同第2页）")
    link = page.locator('.count-link[data-count="software_copyrights"]')
    expect(link.locator(".cl-figures")).to_have_text("报告称 3 · 佐证 2")

    # A click on an item shows its number's box on its page, on the words.
    page.wait_for_function("() => document.querySelector('#page-3 img').naturalWidth > 0")
    panel.locator("#ev-p3 .ev-open").click()
    highlight = page.locator("#page-3 .hl")
    expect(highlight).to_be_visible()
    page.wait_for_timeout(700)  # the smooth scroll settles
    box, fig = highlight.bounding_box(), page.locator("#page-3").bounding_box()
    assert box is not None and fig is not None
    scale = fig["width"] / 595
    assert abs(box["x"] - (fig["x"] + 100 * scale)) < 3
    assert abs(box["y"] - (fig["y"] + (160 - 16) * scale)) < 3
    screenshot(page, "evidence-panel")

    # Correct the title of p2 and mark p3 as not evidence.
    page.locator("#ev-p2 .ev-fields > summary").click()
    _correct(page, "evidence[p2].title", "远程超声会诊系统V2.0")
    page.locator("#ev-p3 .ev-fields > summary").click()
    field = page.locator('[id="f-evidence[p3].not_evidence"]')
    field.locator(".fld-value").click()
    page.keyboard.press("e")
    field.locator("select[name=value]").select_option("true")
    field.locator("button[type=submit]").click()
    expect(page.locator('[id="f-evidence[p3].not_evidence"] .badge.corrected')).to_be_visible()
    page.reload()
    expect(link.locator(".cl-figures")).to_have_text("报告称 3 · 佐证 1")
    expect(page.locator("#ev-p3 .ev-not")).to_be_visible()

    # Reprocessing stores a new machine result, its items found in another order: the
    # corrections follow each item by its first page, not its place in the list.
    _store_machine_result(web_server, sid, order=[2, 1, 0])
    page.reload()
    expect(page.locator("#ev-p2 .ev-label")).to_have_text("2023SR0100001")
    expect(page.locator('[id="f-evidence[p2].title"] .fld-value')).to_have_text(
        "远程超声会诊系统V2.0"
    )
    expect(page.locator("#ev-p3 .ev-not")).to_be_visible()
    expect(link.locator(".cl-figures")).to_have_text("报告称 3 · 佐证 1")

    # The scoring page shows the same claim beside its evidence, each item a click away.
    page.goto(f"{web_server.url}/submissions/{sid}/scoring")
    claim = page.locator('.count-link[data-count="software_copyrights"]')
    expect(claim.locator(".cl-figures")).to_have_text("报告称 3 · 佐证 1")
    claim.locator('.cl-item[data-key="p2"]').click()
    expect(page).to_have_url(re.compile(r"#ev-p2$"))
    expect(page.locator("#ev-p2")).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator("#page-2 .hl")).to_be_visible()


def _store_machine_result(server: Server, sid: str, order: list[int]) -> None:
    """What the worker does after reprocessing: store the machine result of the version."""
    from service.storage import submissions as subs
    from service.storage.db import session_scope

    with session_scope(server.settings) as session:
        sub = subs.get(session, sid)
        assert sub is not None and sub.pipeline_version
        record = subs.result(session, sid, sub.pipeline_version)
        assert record is not None
        data = dict(record.data)
        data["evidence"] = [data["evidence"][i] for i in order]
        data["evidence"][0]["duplicate_of"] = 2  # p4 now repeats the item listed third (p2)
        data["evidence"][2]["duplicate_of"] = None
        subs.store_result(session, sid, sub.pipeline_version, data, 0.1)


def _sign_out_elsewhere(page: Page, base: str) -> None:
    other = page.context.new_page()
    other.goto(f"{base}/queue")
    other.click("button:has-text('退出')")
    other.wait_for_url(re.compile(r"/login"))
    other.close()


def _sign_in_again(page: Page) -> None:
    dialog = page.locator("dialog.relogin")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("登录已过期")
    dialog.locator("input[name=username]").fill("reviewer1")
    dialog.locator("input[name=password]").fill(PASSWORD)
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_have_count(0)


def test_an_expired_session_during_an_action_signs_in_again_and_saves(
    page: Page, web_server: Server
) -> None:
    sid = seed(web_server, "会话过期测试项目")
    page.goto(f"{web_server.url}/submissions/{sid}")

    # 确认 after signing out in another tab: asked to sign in, then the confirmation is saved.
    _sign_out_elsewhere(page, web_server.url)
    field = page.locator('[id="f-report.fields.leader"]')
    field.locator(".fld-value").click()
    page.keyboard.press("c")
    _sign_in_again(page)
    expect(page.locator('[id="f-report.fields.leader"] .badge.confirmed')).to_be_visible()

    # A typed correction survives the same: the box keeps the text until it is saved.
    _sign_out_elsewhere(page, web_server.url)
    field = page.locator('[id="f-report.fields.project_name"]')
    field.locator(".fld-value").click()
    page.keyboard.press("e")
    box = field.locator("input[name=value]")
    box.fill("会话过期测试项目（更正）")
    box.press("Enter")
    expect(page.locator("dialog.relogin")).to_be_visible()
    expect(box).to_have_value("会话过期测试项目（更正）")
    _sign_in_again(page)
    expect(page.locator('[id="f-report.fields.project_name"] .badge.corrected')).to_be_visible()

    page.reload()
    expect(page.locator('[id="f-report.fields.leader"] .badge.confirmed')).to_be_visible()
    expect(page.locator('[id="f-report.fields.project_name"] .fld-value')).to_have_text(
        "会话过期测试项目（更正）"
    )


def test_a_submission_in_processing_shows_its_progress(page: Page, web_server: Server) -> None:
    from extractors.options import PIPELINE_VERSION
    from service.ingest import ingest
    from service.storage import submissions as subs
    from service.storage.db import session_scope
    from tests.web.seed import base_result, make_pdf

    pages = [["项目名称：进度显示测试项目", "牵头单位：上海市第六人民医院", "项目负责人：李明"]]
    doc = make_pdf(pages * 3, tag="progress")
    with session_scope(web_server.settings) as session:
        sub = ingest(
            session, web_server.settings, doc.data, filename="进度.pdf", unit=None, user_id=None
        ).submission
        sid, sha = sub.id, sub.sha256
    page.goto(f"{web_server.url}/submissions/{sid}")
    progress = page.locator("#progress")
    expect(progress).to_contain_text("排队等待处理")
    expect(page.locator(".tag.missing")).to_have_count(0)  # no empty result shown as missing
    expect(page.locator(".data")).not_to_contain_text("报告提纲")

    with session_scope(web_server.settings) as session:
        row = subs.get(session, sid)
        assert row is not None
        subs.mark_processing(row)
        row.progress = {"stage": "perception", "done": 2, "total": 3}
    expect(progress.locator(".pages")).to_have_text("已完成 2/3 页", timeout=10_000)
    expect(progress.locator(".stage")).to_have_text("正在识别页面")
    screenshot(page, "processing-progress")

    with session_scope(web_server.settings) as session:
        row = subs.get(session, sid)
        assert row is not None
        result = base_result(doc, sha, pages * 3)
        subs.store_result(session, sid, PIPELINE_VERSION, result.to_json_dict(), 0.1)
        subs.mark_done(row, pipeline_version=PIPELINE_VERSION, project="进度显示测试项目")
        row.progress = None
    expect(page.locator("#progress")).to_have_count(0, timeout=10_000)  # reloaded by itself
    expect(page.locator('[id="f-report.fields.project_name"] .fld-value')).to_have_text(
        "进度显示测试项目"
    )


def test_history_names_reasons_draft_and_export_marks(page: Page, web_server: Server) -> None:
    import csv
    import io

    sid = seed(web_server, "修改记录测试项目")
    page.goto(f"{web_server.url}/submissions/{sid}")
    field = page.locator('[id="f-report.fields.leader"]')
    field.locator(".fld-value").click()
    page.keyboard.press("e")
    field.locator("input[name=value]").fill("王芳")
    field.locator("input[name=reason]").fill("封面负责人与申请表不一致，以申请表为准")
    field.locator("input[name=reason]").press("Enter")
    expect(page.locator('[id="f-report.fields.leader"] .badge.corrected')).to_be_visible()
    page.locator('[id="f-report.fields.lead_unit"] .fld-value').click()
    page.keyboard.press("c")
    expect(page.locator('[id="f-report.fields.lead_unit"] .badge.confirmed')).to_be_visible()

    # A draft score is told apart from a submitted one, in the queue and on the scoring page.
    page.goto(f"{web_server.url}/submissions/{sid}/scoring")
    page.fill('[id="score_output.talent"]', "3")
    page.fill('input[name="comment_output.talent"]', "培养人数材料齐全")
    page.click("button[value=draft]")
    expect(page.locator("#score-state")).to_have_text("草稿")
    page.goto(f"{web_server.url}/queue")
    expect(page.locator(f"#row-{sid} .badge.draft")).to_have_text("草稿 1/10")
    page.goto(f"{web_server.url}/submissions/{sid}/scoring")
    page.click("#use-all")
    page.click("button[value=submit]")
    expect(page.locator("#score-state")).to_have_text("已提交")

    page.goto(f"{web_server.url}/submissions/{sid}")
    history = page.locator("#history")
    history.locator("summary").click()
    corrected = history.locator("li.h-corrected")
    expect(corrected).to_have_count(1)
    expect(corrected).to_contain_text("reviewer1")
    expect(corrected).to_contain_text("附件1 · 项目负责人")
    expect(corrected).to_contain_text("李明 → 王芳")
    expect(corrected).to_contain_text("原因：封面负责人与申请表不一致，以申请表为准")
    expect(history.locator("li.h-confirmed")).to_contain_text("附件1 · 牵头单位")
    expect(history.locator("li.h-draft")).to_contain_text("人才培养情况")
    expect(history.locator("li.h-final").first).to_be_visible()
    screenshot(page, "history")

    body = page.request.get(f"{web_server.url}/export.csv").body().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    row = dict(zip(rows[0], next(r for r in rows[1:] if r and r[0] == sid), strict=True))
    assert row["人才培养情况说明"] == "培养人数材料齐全"
    assert row["人工更正"] == "附件1 · 项目负责人"  # the confirmation is not a change
    assert row["项目负责人"] == "王芳"


def _box_on_page(page: Page, number: int) -> tuple[float, float, float, float]:
    """The highlight's place on its page, as fractions of the page's width and height."""
    box = page.locator(f"#page-{number} .hl").bounding_box()
    fig = page.locator(f"#page-{number}").bounding_box()
    assert box is not None and fig is not None
    return (
        (box["x"] - fig["x"]) / fig["width"],
        (box["y"] - fig["y"]) / fig["height"],
        box["width"] / fig["width"],
        box["height"] / fig["height"],
    )


def test_wheel_zoom_keeps_boxes_on_their_words_and_the_counter_follows(
    page: Page, web_server: Server
) -> None:
    sid = seed(web_server, "缩放测试项目", extra_pages=CERT_PAGES, patch=_certificates)
    page.goto(f"{web_server.url}/submissions/{sid}")
    page.wait_for_function("() => document.querySelector('#page-3 img').naturalWidth > 0")
    page.locator("#ev-p3 .ev-open").click()
    expect(page.locator("#page-3 .hl")).to_be_visible()
    page.wait_for_timeout(700)
    # 登记号 line of page 3: x 100 pt, baseline 160 pt on a 595 x 842 pt page.
    expected = (100 / 595, (160 - 16) / 842)
    before = _box_on_page(page, 3)
    assert abs(before[0] - expected[0]) < 0.005 and abs(before[1] - expected[1]) < 0.005

    hl = page.locator("#page-3 .hl").bounding_box()
    assert hl is not None
    page.mouse.move(hl["x"] + 5, hl["y"] + 5)
    page.keyboard.down("Control")
    for _ in range(4):
        page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    expect(page.locator(".zoom-level")).not_to_have_text("100%")
    zoomed = float(page.locator(".zoom-level").inner_text().rstrip("%")) / 100
    assert zoomed > 2
    after = _box_on_page(page, 3)
    for was, now in zip(before, after, strict=True):
        assert abs(was - now) < 0.003, (before, after)
    # The box is still under the pointer (zoom about the pointer) and drawn at the new scale.
    now = page.locator("#page-3 .hl").bounding_box()
    assert now is not None and now["width"] > hl["width"] * 1.8
    assert now["x"] <= hl["x"] + 5 <= now["x"] + now["width"]
    screenshot(page, "viewer-zoomed")

    # At this zoom a page is taller than the pane: the counter still follows the page in view.
    page.evaluate(
        "() => { const p = document.querySelector('.pages'); p.style.scrollBehavior = 'auto';"
        " p.scrollTop = document.getElementById('page-2').offsetTop + 50; }"
    )
    expect(page.locator(".page-at b")).to_have_text("2")
    expect(page.locator('.thumb[data-page="2"]')).to_have_class(re.compile(r"\bon\b"))

    # Drag pans the pages.
    top = page.evaluate("() => document.querySelector('.pages').scrollTop")
    pane = page.locator(".pages").bounding_box()
    assert pane is not None
    page.mouse.move(pane["x"] + 200, pane["y"] + 300)
    page.mouse.down()
    page.mouse.move(pane["x"] + 200, pane["y"] + 150, steps=5)
    page.mouse.up()
    assert page.evaluate("() => document.querySelector('.pages').scrollTop") > top + 100


def test_queue_keyboard_and_prev_next_in_queue_order(page: Page, web_server: Server) -> None:
    seeded = {seed(web_server, "导航测试项目甲"), seed(web_server, "导航测试项目乙")}
    page.goto(f"{web_server.url}/queue?q=导航测试&sort=project")
    rows = page.locator("#queue tbody tr[data-id]")
    expect(rows).to_have_count(2)
    first, second = (rows.nth(i).get_attribute("data-id") for i in range(2))
    assert {first, second} == seeded
    on = re.compile(r"\bkbd-on\b")
    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class(on)
    page.keyboard.press("j")  # each key's effect is awaited before the next is pressed
    expect(rows.nth(1)).to_have_class(on)
    expect(rows.nth(0)).not_to_have_class(on)
    page.keyboard.press("k")
    expect(rows.nth(0)).to_have_class(on)
    expect(rows.nth(1)).not_to_have_class(on)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/submissions/{first}\?"))
    expect(page.locator(".prevnext")).to_contain_text("第 1/2 份")
    expect(page.locator("#prev-sub")).to_have_count(0)
    page.keyboard.press("]")
    expect(page).to_have_url(re.compile(rf"/submissions/{second}\?"))
    expect(page.locator(".prevnext")).to_contain_text("第 2/2 份")
    page.click("#prev-sub")
    expect(page).to_have_url(re.compile(rf"/submissions/{first}\?"))
    page.goto(f"{web_server.url}/queue")
    page.keyboard.press("/")
    expect(page.locator("input[name=q]")).to_be_focused()


def test_reprocess_from_the_page_keeps_corrections(page: Page, web_server: Server) -> None:
    sid = seed(web_server, "重新处理测试项目")
    page.goto(f"{web_server.url}/submissions/{sid}")
    _correct(page, "report.fields.leader", "赵六")
    page.click("#reprocess")
    # The real pipeline runs again in the server; the page follows it and reloads when done.
    expect(page.locator("#sub-status")).to_have_text("已完成", timeout=90_000)
    expect(page.locator("#progress")).to_have_count(0, timeout=90_000)
    expect(page.locator('[id="f-report.fields.leader"] .fld-value')).to_have_text("赵六")
    page.locator("#history summary").click()
    expect(page.locator("#history")).to_contain_text("重新处理")
    expect(page.locator("#history")).to_contain_text("处理完成")


def test_search_over_page_text_and_the_text_overlay(page: Page, web_server: Server) -> None:
    sid = seed(web_server, "搜索测试项目", extra_pages=CERT_PAGES, patch=_certificates)
    page.goto(f"{web_server.url}/submissions/{sid}")
    page.wait_for_function("() => document.querySelector('#page-3 img').naturalWidth > 0")
    search = page.locator(".page-search input")
    search.fill("影像云平台")
    search.press("Enter")
    expect(page.locator(".page-search .hits")).to_have_text("1/1 处")
    hit = page.locator("#page-3 .search-hit")
    expect(hit).to_have_count(1)
    page.wait_for_timeout(700)
    box, fig = hit.bounding_box(), page.locator("#page-3").bounding_box()
    assert box is not None and fig is not None
    # 软件名称：影像云平台 on line 2 (baseline 200 pt); the hit is its last five characters.
    assert abs((box["y"] - fig["y"]) / fig["height"] - (200 - 16) / 842) < 0.01
    assert (box["x"] - fig["x"]) / fig["width"] > 150 / 595
    search.fill("著作权人")
    search.press("Enter")
    expect(page.locator(".search-hit")).to_have_count(3)  # once on each certificate page

    page.click(".text-toggle")
    lines = page.locator("#page-2 .text-line")
    expect(lines.first).to_be_visible()
    expect(page.locator("#page-2 .boxes")).to_contain_text("登记号：2023SR0100001")
    screenshot(page, "viewer-text-layer")
    page.click(".text-toggle")
    expect(page.locator(".text-line")).to_have_count(0)
