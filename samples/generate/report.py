"""Annex 1, the annual/acceptance summary report: a signed and sealed cover, then the body.

The body follows the template outline (models.template.SECTIONS) with the numbering and small
title variations real authors use; missing chapters are skipped and the rest renumbered.
"""

from __future__ import annotations

import random

import pymupdf

from models.template import SECTIONS
from samples.generate import content, ink, phrasing, seal
from samples.generate.flow import A4, Flow, Style, text_width, wrap, write
from samples.generate.numerals import chinese, date_text
from samples.generate.spec import Spec
from samples.generate.vocab import vocab

TITLE_VARIANTS: dict[str, tuple[str, ...]] = {
    "1": ("试点项目总体进展情况", "项目总体进展情况", "试点项目总体进展情况", "试点项目总体进展"),
    "2": ("试点项目建设应用情况", "项目建设应用情况", "试点项目建设及应用情况"),
    "2.1": ("项目建设情况", "项目建设情况", "项目建设总体情况"),
    "2.2": ("典型应用场景", "典型应用场景情况", "典型应用场景", "典型应用场景建设情况"),
    "3": ("试点项目成效推广情况", "项目成效推广情况", "试点项目成效及推广情况"),
    "3.1": ("项目创新情况", "创新情况"),
    "3.2": ("项目复制推广情况", "复制推广情况"),
    "3.3": ("经济和社会效益情况", "经济效益和社会效益情况"),
    "3.4": (
        "重要成果产出情况",
        "重要成果产出",
        "重要成果产出情况（包括技术规范、公开出版物、知识产权、人才培养及获奖等方面）",
    ),
    "4": ("组织实施和保障情况", "组织实施与保障情况", "组织实施及保障情况"),
    "5": (
        "组织实施中的重大问题及建议",
        "存在的重大问题及建议",
        "组织实施中的重大问题及建议（包括项目实施过程中遇到的困难、存在的问题及相关政策建议）",
    ),
    "6": ("后续有关计划安排", "后续计划安排", "后续有关计划安排（含验收后的运营维护及推广计划）"),
    "7": ("其他补充说明", "其他需要说明的情况"),
}

# Further rewordings real authors make, drawn from a generator of their own (`_wording`), so
# that a seed's older draws, and the committed samples, stay what they were.
MORE_TITLES: dict[str, tuple[str, ...]] = {
    "1": ("试点项目的总体进展情况", "项目总体进展情况："),
    "2": ("试点项目建设与应用情况",),
    "2.1": ("项目建设内容",),
    "2.2": ("典型应用场景介绍", "典型应用场景建设与应用情况"),
    "3": ("试点项目成效与推广情况",),
    "3.1": ("主要创新点",),
    "3.2": ("项目的复制推广情况",),
    "3.3": ("经济与社会效益情况",),
    "3.4": ("项目重要成果产出情况",),
    "4": ("组织保障情况",),
    "5": ("组织实施中的重大问题和建议",),
    "6": ("下一步计划安排",),
    "7": ("其它补充说明", "其他补充说明事项"),
}


def report_title(spec: Spec) -> str:
    kind = "年度总结报告" if spec.report_kind == "annual" else "验收总结报告"
    return "5G+医疗健康应用试点项目" + kind


def draw_cover(doc: pymupdf.Document, spec: Spec, rng: random.Random) -> int:
    """The cover page; returns its page index."""
    page = doc.new_page(width=A4.width, height=A4.height)
    if rng.random() < 0.3:
        write(page, (72, 70), "附件1", 14, bold=rng.random() < 0.5)
    title = report_title(spec)
    size = rng.choice([20.0, 22.0, 24.0])
    y = rng.uniform(190, 240)
    head = "5G+医疗健康应用试点项目"
    pieces = [title] if rng.random() < 0.4 else [head, title[len(head) :]]
    for piece in pieces:
        write(page, ((A4.width - text_width(piece, size)) / 2, y), piece, size, bold=True)
        y += size * 1.8
    if spec.report_kind == "annual" and rng.random() < 0.5:
        sub = f"（{spec.report_date.year}年度）"
        write(page, ((A4.width - text_width(sub, 16)) / 2, y), sub, 16)
        y += 30
    y += rng.uniform(100, 160)
    fs = rng.choice([14.0, 15.0, 16.0])
    x = rng.uniform(85, 110)
    colon = rng.choice(["：", "：", " ："])
    underline = rng.random() < 0.3
    lines = [("项目名称" + colon, spec.project_name, "")]
    lines.append(("项目负责人" + colon, spec.leader, "（签字）"))
    lines.append(("项目牵头单位" + colon, spec.lead_unit, "（盖章）"))
    unit_line_y = y
    for label, value, tail in lines:
        lw = text_width(label, fs)
        avail = A4.width - x - lw - 60
        chunks = wrap(value, avail, fs)
        for i, chunk in enumerate(chunks):
            if i == 0:
                write(page, (x, y), label, fs)
            write(page, (x + lw, y), chunk, fs)
            if underline:
                page.draw_line(
                    (x + lw - 2, y + 5), (A4.width - 70, y + 5), color=(0, 0, 0), width=0.5
                )
            end = x + lw + text_width(chunk, fs)
            y_line = y
            y += fs * 2.2
        if tail:
            write(page, (end + 6, y_line), tail, fs)
        if tail == "（签字）" and spec.report_signed:
            after = end + 6 + text_width(tail, fs) + rng.uniform(4, 20)
            at = pymupdf.Point(
                after if rng.random() < 0.6 else x + lw + rng.uniform(-5, 15),
                y_line + rng.uniform(-2, 4),
            )
            ink.signature(page, at, len(spec.leader), rng, height=fs * rng.uniform(1.8, 2.4))
        if tail == "（盖章）":
            unit_line_y = y_line
            unit_end = end
    y += rng.uniform(30, 80)
    stamp_date = date_text(rng, spec.report_date.year, spec.report_date.month, spec.report_date.day)
    dx = (A4.width - text_width(stamp_date, fs)) / 2 if rng.random() < 0.5 else A4.width - 250
    write(page, (dx, y), stamp_date, fs)
    if spec.report_sealed:
        cx = rng.uniform(min(unit_end, dx + 60) - 40, max(unit_end, dx + 60))
        cy = rng.uniform(unit_line_y, y)
        seal.stamp(page, pymupdf.Point(cx, cy), spec.lead_unit, rng)
    return page.number


def _numberer(rng: random.Random) -> tuple[str, str]:
    chapter = rng.choice(["cn", "cn", "cn", "arabic", "zhang", "bufen"])
    sub = rng.choice(
        {
            "cn": ["paren", "dot", "dunhao", "decimal"],
            "arabic": ["decimal", "paren"],
            "zhang": ["cn", "paren", "decimal"],
            "bufen": ["cn", "paren"],
        }[chapter]
    )
    return chapter, sub


def _wording(rng: random.Random) -> tuple[float, tuple[str, str] | None]:
    """The newer heading choices: how often a title is reworded further, and numbering
    styles the older draw lacks (1、 chapters, (1) and 1） sub-sections), or None."""
    styles = None
    if rng.random() < 0.3:
        chapter = rng.choice(["arabic_dunhao", "arabic", "cn", "bufen"])
        sub = rng.choice(
            {
                "arabic_dunhao": ["decimal", "paren", "half_paren"],
                "arabic": ["half_paren", "close_paren"],
                "cn": ["half_paren"],
                "bufen": ["decimal"],
            }[chapter]
        )
        styles = (chapter, sub)
    return rng.uniform(0.1, 0.4), styles


def _label(kind: str, style: str, ch: int, sub: int) -> str:
    if kind == "chapter":
        return {
            "cn": f"{chinese(ch)}、",
            "arabic": f"{ch}. ",
            "arabic_dunhao": f"{ch}、",
            "zhang": f"第{chinese(ch)}章 ",
            "bufen": f"第{chinese(ch)}部分 ",
        }[style]
    return {
        "paren": f"（{chinese(sub)}）",
        "dot": f"{sub}. ",
        "dunhao": f"{sub}、",
        "decimal": f"{ch}.{sub} ",
        "cn": f"{chinese(sub)}、",
        "half_paren": f"({sub})",
        "close_paren": f"{sub}）",
    }[style]


def draw_body(
    doc: pymupdf.Document, spec: Spec, rng: random.Random
) -> tuple[Flow, phrasing.Placed]:
    """The report body: the flow (each heading's page, each page's lines) and the counts
    as placed (their statements)."""
    st = Style(
        size=rng.choice([10.5, 12.0, 12.0, 14.0]),
        leading=rng.uniform(1.5, 1.9),
        left=rng.uniform(72, 90),
        right=rng.uniform(72, 90),
        top=rng.uniform(72, 90),
        bottom=rng.uniform(72, 85),
        header=spec.project_name if rng.random() < 0.3 else None,
        footer=rng.choice(["plain", "dash", "of", "dash"]),
        first_number=rng.choice([1, 2]),
    )
    flow = Flow(doc, st, rng)
    flow.new_page()
    if rng.random() < 0.5:
        title = report_title(spec)
        flow.y += 10
        write(
            flow.page,
            ((A4.width - text_width(title, st.size + 4)) / 2, flow.y + st.size),
            title,
            st.size + 4,
            bold=True,
        )
        flow.lines[flow.pages[-1]].append(title)
        flow.y += (st.size + 4) * 2.5
    v = vocab()
    topic = v["topics"][spec.topic]
    scenes = rng.sample(topic["scene"], 2)
    facts = {
        "proj": spec.project_name,
        "lead": spec.lead_unit,
        "partner": spec.partner_units[0],
        "scene": scenes[0],
        "scene2": scenes[1],
        "company": rng.choice(v["companies"]),
        "n_bs": str(rng.randint(8, 60)),
        "latency": str(rng.choice([10, 15, 20, 30])),
        "rate": str(rng.choice([100, 150, 200])),
        "start": f"{rng.choice([2020, 2021])}年{rng.randint(1, 12)}月",
        "district": rng.choice(content.DISTRICTS),
    }
    words = {"journal": v["journals"], "m": v["media"], "scene": topic["scene"]}
    placed = phrasing.place_counts(spec.counts, rng, words)
    phrasing.distractors(spec.counts, rng, placed, int(facts["n_bs"]))
    restate = phrasing.summary_restatement(spec.counts, rng, words)
    if restate and rng.random() < 0.6:
        placed.state("1", restate)
    ch_style, sub_style = _numberer(rng)
    more = random.Random(spec.seed * 7919 + 41)
    reword, newer = _wording(more)
    if newer:
        ch_style, sub_style = newer
    head_size = st.size + rng.choice([0, 1.5, 2, 4])
    head_bold = rng.random() < 0.8
    sub_bold = rng.random() < 0.6
    space = rng.choice([(0.4, 0.0), (0.4, 0.0), (1.0, 0.5), (1.4, 0.8)])  # airy bold headings
    runin = rng.random() < 0.25  # "（一）项目建设情况。本项目…" on one line
    sub_indent = st.size * 2 if rng.random() < 0.5 else 0
    ch = sub = 0
    for sid, _title in SECTIONS:
        if sid in spec.missing_sections or sid.split(".")[0] in spec.missing_sections:
            continue
        title = rng.choice(TITLE_VARIANTS[sid])
        if more.random() < reword:
            title = more.choice(MORE_TITLES[sid])
        paras: list[str] = []
        if sid not in ("2", "3"):  # parent chapters carry no text of their own
            paras = _section_text(sid, facts, placed, rng, spec.topic)
        if "." not in sid:
            ch, sub = ch + 1, 0
            flow.heading(
                _label("chapter", ch_style, ch, 0) + title,
                head_size,
                head_bold,
                sid,
                space_before=space[0],
                space_after=space[1],
            )
        else:
            sub += 1
            head = _label("sub", sub_style, ch, sub) + title
            if runin and len(title) < 16 and paras:
                flow.runin(
                    head + "。", paras.pop(0), sub_bold, sid, indent_chars=sub_indent / st.size
                )
            else:
                flow.heading(
                    head, st.size, sub_bold, sid, indent=sub_indent, space_before=0.2 + space[1] / 2
                )
        for para in paras:
            flow.paragraph(para)
        for caption, header, rows in _tables(sid, placed, rng, int(facts["n_bs"])):
            flow.paragraph(caption)
            flow.table(rows, header)
    flow.finish()
    return flow, placed


def _section_text(
    sid: str, facts: dict[str, str], placed: phrasing.Placed, rng: random.Random, topic: str
) -> list[str]:
    """The section's narrative with its count statements and distractors worked in."""
    paras = content.paragraphs(sid, facts, rng, topic)
    extra = placed.sentences.get(sid, [])
    if sid == "3.4" and extra and rng.random() < 0.5:
        marks = rng.choice(
            [
                lambda i: f"（{chinese(i)}）",
                lambda i: f"{i}. ",
                lambda i: f"{'一二三四五六七八九十'[i - 1]}是",
                lambda i: "",
            ]
        )
        paras += [marks(i + 1) + s for i, s in enumerate(extra)]
    elif extra:
        at = rng.randint(0, len(paras)) if rng.random() < 0.5 else len(paras)
        paras.insert(at, "".join(extra))
    return paras


_EQUIPMENT = (
    ("5G基站", "个", 8, 60),
    ("5G医疗终端", "台", 20, 300),
    ("边缘计算节点", "套", 1, 4),
    ("高清音视频终端", "台", 10, 120),
    ("物联网传感器", "个", 50, 800),
    ("5G CPE", "台", 10, 90),
)
_BENEFITS = (
    ("平均响应时间缩短", "%"),
    ("患者平均等待时间缩短", "%"),
    ("诊断报告出具时间缩短", "%"),
    ("医护人员文书工作量下降", "%"),
    ("节约医疗费用", "万元"),
    ("新增产值", "万元"),
)


def _tables(
    sid: str, placed: phrasing.Placed, rng: random.Random, n_bs: int
) -> list[tuple[str, tuple[str, str], list[tuple[str, str]]]]:
    """Ruled tables: the results table in 3.4, sometimes equipment (2.1) or benefits (3.3)."""
    if sid == "3.4" and placed.table:
        caption = rng.choice(
            [
                "项目主要成果产出情况如下表所示：",
                "项目主要成果汇总见下表。",
                "表1 项目重要成果产出情况",
            ]
        )
        header = rng.choice([("成果类型", "数量"), ("成果名称", "数量"), ("指标", "完成情况")])
        return [(caption, header, placed.table)]
    if sid == "2.1" and rng.random() < 0.3:
        rows = [
            (label, f"{n_bs if label == '5G基站' else rng.randint(lo, hi)}{unit}")
            for label, unit, lo, hi in rng.sample(_EQUIPMENT, rng.randint(3, 5))
        ]
        return [("项目主要设备部署情况如下：", ("设备名称", "部署数量"), rows)]
    if sid == "3.3" and rng.random() < 0.25:
        rows = [
            (label, f"{rng.randint(10, 60) if unit == '%' else rng.randint(50, 900)}{unit}")
            for label, unit in rng.sample(_BENEFITS, rng.randint(2, 4))
        ]
        return [("主要效益指标如下表：", ("效益指标", "数值"), rows)]
    return []
