"""Page kinds from cue words, headings and neighbouring pages."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from extractors.layout import classify_pages, page_evidence
from extractors.types import Line, PageView
from tests.extractors.viewkit import corpus_names, corpus_views, document, prose, view

COVER = [
    "5G+医疗健康应用试点项目验收总结报告",
    "项目名称：远程超声诊断示范",
    "项目负责人：张伟（签字）",
    "项目牵头单 位：上海市第六人民医院（盖章）",
    "2023年9月15日",
]
BODY_1 = [
    "一、试点项目总体进展情况",
    *prose(6),
    "二、试点项目建设应用情况",
    "1.项目建设情况",
    *prose(5),
]
BODY_2 = ["三、试点项目成效推广情况", "1.项目创新情况", *prose(8)]
BODY_3 = ["四、组织实施和保障情况", *prose(3), "七、其他补充说明", "无。"]
FORM = [
    "5G+医疗健康应用试点项目验收申请书",
    "填报时间：2023年9月1日",
    ["项目名称", "远程超声诊断示范"],
    ["申报主体单位", "上海市第六人民医院"],
    ["项目申报方向", "□方向1：5G+急诊救治"],
    ["项目负责人", "张伟", "职务/职称", "主任医师"],
    ["项目联系人", "姓名", "联系电话", "联系邮箱"],
    "联合申报单位（可扩行）",
    ["试点项目介绍", "本项目由上海市第六人民医院牵头实施。"],
    *prose(4),
]
CERT = [
    "发明专利证书",
    "发明名称：一种基于5G的远程超声方法",
    "专利号：ZL 2021 1 0000000.1",
    "专利权人：上海市第六人民医院",
    "授权公告日：2022年3月1日",
    "国家知识产权局",
]
AWARD = [
    "荣 誉 证 书",
    "为表彰2021年度上海市科学技术奖获得者，颁发此证书。",
    "证书号：2021-J-046",
    "上海市人民政府",
]
PAPER = [
    "中国数字医学 2023年第5期",
    "基于5G网络的远程超声诊断研究",
    "张伟1，李明2",
    "摘要：目的 探讨5G技术在远程超声诊断中的应用效果。方法 选取患者287例。",
    "关键词：5G；远程超声；效果评价",
    *[[p[:20], p[20:40]] for p in prose(8)],
]  # two columns of running text
LETTER = [
    "关于项目验收材料的说明",
    "中国信通院上海工创中心：",
    "我单位牵头承担的项目已按计划完成建设任务。现将项目验收总结报告及相关佐证材料一并报送，请予审核。",
    "上海市第六人民医院",
    "2023年8月5日",
]


def test_a_whole_submission() -> None:
    pages = [
        LETTER,
        COVER,
        BODY_1,
        prose(20),
        BODY_2,
        BODY_3,
        FORM,
        prose(9),
        CERT,
        [],
        AWARD,
        PAPER,
    ]
    assert classify_pages(document(pages)) == [
        "other",
        "report_cover",
        "report_body",
        "report_body",
        "report_body",
        "report_body",
        "application_form",
        "application_form",
        "attachment",
        "blank",
        "attachment",
        "attachment",
    ]


def test_form_first_then_report() -> None:
    pages = [FORM, COVER, BODY_1, BODY_2, BODY_3, CERT]
    assert classify_pages(document(pages)) == [
        "application_form",
        "report_cover",
        "report_body",
        "report_body",
        "report_body",
        "attachment",
    ]


def test_a_blank_page_does_not_break_the_report() -> None:
    pages = [COVER, BODY_1, [], prose(20), BODY_3]
    assert classify_pages(document(pages)) == [
        "report_cover",
        "report_body",
        "blank",
        "report_body",
        "report_body",
    ]


def test_body_page_listing_patents_stays_body() -> None:
    listing = [
        "（一）知识产权",
        "1. 一种远程超声方法，专利号：ZL202110000000.1，已获发明专利证书。",
        "2. 远程会诊系统，登记号：2022SR0000001，计算机软件著作权登记证书。",
        *prose(10),
    ]
    pages = [COVER, BODY_1, listing, BODY_3, CERT]
    assert classify_pages(document(pages)) == [
        "report_cover",
        "report_body",
        "report_body",
        "report_body",
        "attachment",
    ]


def test_ocr_noise_on_cues() -> None:
    noisy_form = [r.replace("申报", "申极") if isinstance(r, str) else r for r in FORM]
    noisy_cover = [
        "5G+医疗健康应用试点项目验收总结报吿",
        "项 目 名 称 : 远程超声诊断示范",
        ["项目负责人:", "张伟(签字)"],
        ["项目牵头单", "位:上海市第六人民医院(盖章)"],
    ]
    pages = [noisy_cover, ["-、试点项目总体进展情况", *prose(12)], BODY_3, noisy_form, CERT]
    assert classify_pages(document(pages)) == [
        "report_cover",
        "report_body",
        "report_body",
        "application_form",
        "attachment",
    ]


def test_signature_block_overflow_page_belongs_to_the_form() -> None:
    tail = [["负责人（签名）：", "申报主体单位（盖章）："], ["2023年9月1日", "2023年9月1日"]]
    pages = [COVER, BODY_1, BODY_3, FORM, tail, CERT, AWARD]
    assert classify_pages(document(pages))[3:5] == ["application_form", "application_form"]


def test_a_signing_page_whose_stamp_covered_its_label_belongs_to_the_form() -> None:
    # the 申报主体单位（盖章） label lies under the seal: OCR read the seal's words instead
    tail = [["负责人（签名）："], "2023年8月7日", "业务专用2023年8月7日"]
    pages = [COVER, BODY_1, BODY_3, FORM, tail, CERT, AWARD]
    assert classify_pages(document(pages))[3:] == [
        "application_form",
        "application_form",
        "attachment",
        "attachment",
    ]


def test_the_introductions_last_lines_on_a_continued_page_belong_to_the_form() -> None:
    # 附页（续）: one line and a half of the introduction carried over, nothing else.
    tail = [
        "附页（续）",
        "式。项目同步建立了网络安全防护体系，通过专网隔离、数据加密等措施保障",
        "医疗数据安全。",
    ]
    pages = [COVER, BODY_1, BODY_3, FORM, tail, CERT, AWARD]
    assert classify_pages(document(pages))[3:] == [
        "application_form",
        "application_form",
        "attachment",
        "attachment",
    ]


def test_a_page_headed_fuye_continues_the_form_whatever_its_prose_names() -> None:
    # The form said 见附页; the page names certificates and reports in its prose, and a paper
    # follows it.
    annex = [
        "附页",
        *prose(6),
        "截至目前，获新民晚报等主流媒体报道43次，参与编制行业技术规范3项，取得",
        "计算机软件著作权登记证书3份，项目累计惠及群众4.9万人。社会效益方面，项目有效缓解了",
        *prose(5),
    ]
    assert classify_pages(document([LETTER, FORM, annex, PAPER])) == [
        "other",
        "application_form",
        "application_form",
        "attachment",
    ]


REPORT_SIGNING = ["项目负责人（签字）：", "项目牵头单位（盖章）：", "2023年10月8日"]


@pytest.mark.parametrize(
    "signing",
    [REPORT_SIGNING, ["负责人签字：", "单位（盖章）：", "2023年10月8日"]],
)
@pytest.mark.parametrize("after", [[FORM, CERT], [CERT], []])
def test_a_signing_page_after_the_body_belongs_to_the_report(
    signing: list[str | list[str]], after: list[list[str | list[str]]]
) -> None:
    kinds = classify_pages(document([COVER, BODY_1, BODY_3, signing, *after]))
    assert kinds[:4] == ["report_cover", "report_body", "report_body", "report_body"]
    expected = ["application_form", "attachment"] if after == [FORM, CERT] else ["attachment"]
    assert kinds[4:] == expected[: len(after)]


TOC = [
    "目  录",
    "一、试点项目总体进展情况 .................. 1",
    "二、试点项目建设应用情况 .................. 2",
    "（一）项目建设情况 ........................ 2",
    "三、试点项目成效推广情况 …………………… 3",
    "四、组织实施和保障情况 .................. 4",
    "七、其他补充说明 .......................... 5",
]
CONTENTS = [  # the package's parts, not the report's outline
    "目  录",
    "附件1  5G+医疗健康应用试点项目验收总结报告 ........ 1",
    "附件2  验收申请书 ........ 9",
    "附件3  佐证材料 ........ 12",
]


def test_a_contents_page_is_part_of_the_report() -> None:
    assert classify_pages(document([COVER, TOC, BODY_1, BODY_2, BODY_3])) == [
        "report_cover",
        *["report_body"] * 4,
    ]
    assert page_evidence(view(TOC)).scores["report_body"] > page_evidence(view(TOC)).scores["other"]


def test_the_package_contents_list_is_not_the_report() -> None:
    kinds = classify_pages(document([CONTENTS, COVER, BODY_1, BODY_3, FORM]))
    assert kinds[0] not in ("report_cover", "report_body")
    assert kinds[1:] == ["report_cover", "report_body", "report_body", "application_form"]
    assert page_evidence(view(CONTENTS)).scores["report_body"] == 0


def test_blank_needs_little_text_and_little_ink() -> None:
    empty = view([])
    assert page_evidence(empty).blank
    numbered = view(["- 3 -"])
    assert page_evidence(numbered).blank
    photo = view([])
    photo.image = np.full((1170, 827), 255, dtype=np.uint8)
    photo.image[200:900, 100:700] = 40  # a photograph: ink, no text
    photo.dpi = 100.0
    assert not page_evidence(photo).blank


def test_no_pages() -> None:
    assert classify_pages([]) == []


def test_letter_mentioning_the_report_is_not_its_cover() -> None:
    kinds = classify_pages(document([LETTER, COVER, BODY_1]))
    assert kinds == ["other", "report_cover", "report_body"]


def test_lines_in_any_order() -> None:
    # reading order from OCR may be off; rows are rebuilt from the boxes
    page = view(COVER)
    page.lines = list(reversed(page.lines))
    body = view(BODY_1, number=2)
    assert classify_pages([page, body]) == ["report_cover", "report_body"]


def test_rotated_page_box_is_upright() -> None:
    page = PageView(
        number=1,
        width=842,
        height=595,
        source="ocr",
        rotation=90,
        lines=[Line("发明专利证书", (200, 80, 380, 110))],
    )
    assert classify_pages([page]) == ["attachment"]


def test_prose_that_is_no_submission_is_other() -> None:
    assert classify_pages(document([prose(20), prose(20)])) == ["other", "other"]


def _corpus_params() -> list[Any]:
    return [
        *(pytest.param(n, marks=pytest.mark.slow) for n in corpus_names(scanned=False)),
        *(
            pytest.param(n, marks=[pytest.mark.slow, pytest.mark.ocr])
            for n in corpus_names(scanned=True)
        ),
    ]


@pytest.mark.parametrize("name", _corpus_params())
def test_corpus_page_kinds(name: str) -> None:
    views, truth = corpus_views(name)
    assert classify_pages(views) == [p["kind"] for p in truth["pages"]]


def test_a_page_with_only_a_chapter_s_last_lines_goes_on_with_the_report() -> None:
    tail = ["目验收后，将由牵头单位负责平台的持续运营和维护，确保系统长期稳定运行。", "—4-"]
    # the signing page after it as OCR read it on a scan: 盖章 misread, the date cut short
    signing = ["项目负责人（签字）：KE行", "项目牵头单位（盖意）", "二〇二二年九月十三"]
    kinds = classify_pages(document([COVER, BODY_1, tail, signing, CERT]))
    assert kinds[:3] == ["report_cover", "report_body", "report_body"]
    assert kinds[4] == "attachment"
    # running prose alone speaks for the body (a scanned tail page also drew attachment and
    # form cues from its footer and noise: sample 012 of seed 20261203)
    assert page_evidence(view(tail)).scores["report_body"] > 0
    assert (
        page_evidence(view(CERT)).scores["attachment"]
        > 2 * page_evidence(view(CERT)).scores["report_body"]
    )


def test_prose_that_mentions_the_application_is_no_form() -> None:
    # A news item on the programme: one line ends in 递交验收申请 (the form's title, less 书).
    page = [
        *prose(3),
        "通知还要求，做好项目验收准备。各试点项目单位在项目到期后一个月内递交验收申请",
        *prose(3),
    ]
    assert classify_pages(document([page])) == ["other"]
