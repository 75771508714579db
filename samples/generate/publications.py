"""A paper's pages (first page with title, authors, affiliations, abstract, DOI; sometimes a
second page of body text) and a standard (cover; sometimes a foreword naming 起草单位 and a
first page of text)."""

from __future__ import annotations

import random

import pymupdf

from samples.generate.certificates import ink_names
from samples.generate.evidence_plan import EvidenceSpec
from samples.generate.pagekit import A4W, FACES, centre, put, width, wrap

_BODY = (
    "随着第五代移动通信技术的快速发展，5G在医疗健康领域的应用不断拓展。"
    "本研究依托区域医疗协同网络，构建院前院内一体化的信息平台，实现患者数据实时共享。"
)


def _columns(page: pymupdf.Page, y: float, face: str, rng: random.Random) -> None:
    body = _BODY * 8
    for col_x in (60, 305):
        yy = y
        for line in wrap(body[rng.randint(0, 30) :], 228, 10, face):
            put(page, (col_x, yy), line, 10, face)
            yy += 15
            if yy > 780:
                break


def paper(doc: pymupdf.Document, item: EvidenceSpec, rng: random.Random) -> None:
    page = doc.new_page()
    face = rng.choice(FACES)
    day = item.extra["day"]
    header = f"{item.subtype}  {day.year}年第{day.month}期"
    doi_on_header = item.number is not None and rng.random() < 0.5
    if doi_on_header:
        header += f"   DOI:{item.number}"
    put(page, (60, 50), header, 9, face)
    page.draw_line((60, 56), (535, 56), color=(0, 0, 0), width=0.6)
    title_size = rng.uniform(16, 20)
    title_lines = wrap(item.title, 420, title_size, face)
    y = 105.0
    for line in title_lines:
        centre(page, y, line, title_size, face, bold=True)
        y += title_size * 1.5
    many = len(item.holders) > 1
    names = ink_names(rng, 3)
    marks = ["1", "2" if many else "1", "1"] if many else ["", "", ""]
    centre(page, y + 8, "，".join(n + m for n, m in zip(names, marks, strict=True)), 12, face)
    if many:
        aff = "；".join(
            f"{i}. {u}，上海 2000{rng.randint(10, 99)}" for i, u in enumerate(item.holders, 1)
        )
    else:
        aff = f"{item.holders[0]}，上海 2000{rng.randint(10, 99)}"
    y += 32
    for line in wrap(f"（{aff}）", 470, 9, face):
        centre(page, y, line, 9, face)
        y += 14
    abstract = (
        "摘要：目的 探讨5G技术在临床中的应用效果。方法 选取收治的患者"
        f"{rng.randint(80, 400)}例，分为观察组和对照组。结果 观察组平均响应时间缩短"
        f"{rng.randint(10, 40)}%，差异有统计学意义（P<0.05）。结论 5G技术能够提升服务效率。"
    )
    y += 14
    for line in wrap(abstract, 440, 10, face):
        put(page, (78, y), line, 10, face)
        y += 16
    put(page, (78, y + 4), "关键词：5G；远程医疗；效果评价", 10, face)
    y += 20
    put(page, (78, y + 4), "中图分类号：R197.3    文献标志码：A", 10, face)
    y += 20
    if item.number and not doi_on_header:
        put(page, (78, y + 4), f"DOI：{item.number}", 10, face)
        y += 20
    _columns(page, y + 20, face, rng)
    received = day.replace(day=1)
    foot = f"收稿日期：{received.year - 1}-{received.month:02d}-{rng.randint(10, 28)}"
    if item.extra["dated"]:
        label = rng.choice(["网络首发日期", "出版日期"])
        foot += f"   {label}：{day.isoformat()}"
    page.draw_line((60, 790), (250, 790), color=(0, 0, 0), width=0.4)
    put(page, (60, 805), foot, 8, face)
    for _ in range(item.pages - 1):
        more = doc.new_page()
        put(more, (60, 50), f"{item.subtype}  第{rng.randint(20, 45)}卷", 9, face)
        more.draw_line((60, 56), (535, 56), color=(0, 0, 0), width=0.6)
        _columns(more, 80, face, rng)


def standard(doc: pymupdf.Document, item: EvidenceSpec, rng: random.Random) -> None:
    assert item.date is not None and item.number is not None
    page = doc.new_page()
    face = rng.choice(FACES)
    put(page, (60, 70), f"ICS {rng.choice(['11.020', '35.240.80', '33.060'])}", 11, face, bold=True)
    put(page, (60, 88), rng.choice(["C 07", "M 36", "C 50"]), 11, face, bold=True)
    local = item.number.startswith("DB")
    head = (
        rng.choice(["上海市地方标准", "地方标准"])
        if local
        else rng.choice(["团 体 标 准", "团体标准"])
    )
    centre(page, 190, head, rng.uniform(28, 34), face, True)
    put(page, (A4W - 60 - width(item.number, 13, face), 230), item.number, 13, face)
    page.draw_line((60, 242), (535, 242), color=(0, 0, 0), width=1.0)
    title_size = rng.uniform(20, 24)
    y = 340.0
    for line in wrap(item.title, 440, title_size, face):
        centre(page, y, line, title_size, face, bold=True)
        y += title_size * 1.6
    centre(page, y + 20, "Specification for 5G-enabled medical services", 12, face)
    later = item.date.replace(day=min(28, item.date.day)).toordinal() + rng.randint(15, 60)
    from datetime import date as _date

    start = _date.fromordinal(later)
    page.draw_line((60, 700), (535, 700), color=(0, 0, 0), width=1.0)
    put(page, (60, 690), f"{item.date.isoformat()} 发布", 13, face)
    put(page, (400, 690), f"{start.isoformat()} 实施", 13, face)
    centre(page, 760, f"{item.subtype}  发 布", 15, face)
    if item.pages >= 2:
        fw = doc.new_page()
        put(fw, (A4W - 60 - width(item.number, 10, face), 50), item.number, 10, face)
        centre(fw, 110, "前    言", 16, face, True)
        units = "、".join(item.holders)
        text = [
            "本文件按照GB/T 1.1—2020《标准化工作导则 第1部分：标准化文件的结构和起草规则》"
            "的规定起草。",
            f"本文件由{item.subtype}提出并归口。",
            f"本文件{rng.choice(['起草单位', '主要起草单位'])}：{units}。",
            "本文件主要起草人：" + "、".join(ink_names(rng, 4)) + "。",
        ]
        y = 160.0
        for para in text:
            for i, line in enumerate(wrap(para, 430, 12, face)):
                put(fw, (82 if i == 0 else 70, y), line, 12, face)
                y += 22
            y += 6
    if item.pages >= 3:
        body = doc.new_page()
        put(body, (A4W - 60 - width(item.number, 10, face), 50), item.number, 10, face)
        centre(body, 110, item.title, 16, face, True)
        y = 160.0
        put(body, (70, y), "1  范围", 13, face, bold=True)
        for line in wrap(
            "本文件规定了" + item.title + "的总体要求、服务内容与质量控制。" * 3, 440, 12, face
        ):
            y += 22
            put(body, (82, y), line, 12, face)
