"""Certificate pages (专利证书, 专利申请受理通知书, 软件著作权登记证书, 获奖证书) in varied
layouts: label wordings and order, faces, frames, date spellings, the issuer's seal sometimes
pressed over the number."""

from __future__ import annotations

import datetime as dt
import random

import pymupdf

from samples.generate import ink, seal
from samples.generate.evidence_plan import EvidenceSpec
from samples.generate.pagekit import FACES, centre, frame, put, rows, wrap

_CN = "〇一二三四五六七八九"


def cn_date(day: dt.date, with_day: bool = True) -> str:
    """二〇二三年五月十日 (or without the day)."""

    def small(n: int) -> str:
        if n < 10:
            return _CN[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")

    year = "".join(_CN[int(c)] for c in str(day.year))
    text = f"{year}年{small(day.month)}月"
    return text + (f"{small(day.day)}日" if with_day else "")


def date_text(day: dt.date, rng: random.Random) -> str:
    return rng.choice(
        [
            f"{day.year}年{day.month:02d}月{day.day:02d}日",
            f"{day.year}年{day.month}月{day.day}日",
            f"{day.year}年{day.month}月{day.day}日",
            f"{day.year}.{day.month:02d}.{day.day:02d}",
        ]
    )


def _joined(names: list[str], rng: random.Random) -> str:
    return rng.choice(["；", "、", "；"]).join(names)


def _seal_over(page: pymupdf.Page, y: float, name: str, rng: random.Random) -> None:
    """The issuing office's seal pressed over a printed row (its number): its ring and the
    outer part of its arc text cross the row. Not its middle: this generator lays seals on by
    alpha, so seal strokes over digits erase them and perception's red suppression cannot give
    them back, where real ink (multiplying) leaves the print dark and legible."""
    dy = rng.choice([-1, 1]) * rng.uniform(50, 58)  # stamp() adds up to 8 of jitter
    centre = pymupdf.Point(rng.uniform(230, 330), y - 4 + dy)
    seal.stamp(page, centre, name, rng, rng.uniform(105, 125))


def patent_certificate(doc: pymupdf.Document, item: EvidenceSpec, rng: random.Random) -> None:
    page = doc.new_page()
    face = rng.choice(FACES)
    frame(page, rng)
    centre(page, rng.uniform(110, 135), f"{item.subtype}专利证书", rng.uniform(24, 30), face, True)
    if rng.random() < 0.7:
        centre(page, 165, f"证书号第{rng.randint(4000000, 6999999)}号", 12, face)
    name_label = {
        "发明": "发明名称",
        "实用新型": rng.choice(["实用新型名称", "发明名称"]),
        "外观设计": rng.choice(["外观设计名称", "使用外观设计的产品名称"]),
    }[item.subtype]
    filed = item.date - dt.timedelta(days=rng.randint(200, 700)) if item.date else None
    people = "设计人" if item.subtype == "外观设计" else "发明人"
    fields = [
        (name_label, item.title),
        (people, "；".join(ink_names(rng, 3))),
        ("专利号", item.number or ""),
        ("专利申请日", date_text(filed, rng) if filed else ""),
        ("专利权人", _joined(item.holders, rng)),
        (
            "地址",
            "上海市"
            + rng.choice(["黄浦区瑞金二路197号", "徐汇区宜山路600号", "长宁区仙霞路1111号"]),
        ),
        ("授权公告日", date_text(item.date, rng) if item.date else ""),
        ("授权公告号", f"CN {rng.randint(110000000, 116999999)} {rng.choice('BUS')}"),
    ]
    if rng.random() < 0.35:  # some certificates print the number first
        fields.insert(0, fields.pop(2))
    size = rng.uniform(11.5, 13)
    y, at = rows(page, rng.uniform(205, 235), fields, size, face, rng)
    boiler = (
        f"本{item.subtype}经过本局依照中华人民共和国专利法进行审查，决定授予专利权，"
        "颁发专利证书并在专利登记簿上予以登记。专利权自授权公告之日起生效。"
    )
    for line in wrap(boiler, 420, 11, face):
        put(page, (88, y + 20), line, 11, face)
        y += 20
    put(page, (360, 720), "局长", 12, face)
    ink.signature(page, pymupdf.Point(400, 722), 3, rng, 18)
    if rng.random() < 0.5:
        _seal_over(page, at["专利号"], "国家知识产权局", rng)
    else:
        seal.stamp(page, pymupdf.Point(400, 660), "国家知识产权局", rng, 115)


def patent_application(doc: pymupdf.Document, item: EvidenceSpec, rng: random.Random) -> None:
    assert item.date is not None
    page = doc.new_page()
    face = rng.choice(FACES)
    put(page, (70, 80), "国家知识产权局", rng.uniform(14, 18), face, bold=True)
    centre(page, 140, rng.choice(["专利申请受理通知书", "发明专利申请受理通知书"]), 20, face, True)
    fields = [
        (rng.choice(["申请号或专利号", "申请号"]), item.number or ""),
        ("发明创造名称", item.title),
        (rng.choice(["申请人", "第一署名申请人"]), _joined(item.holders, rng)),
        ("申请日", date_text(item.date, rng)),
        (
            "发文日",
            date_text(item.date + dt.timedelta(days=rng.randint(3, 20)), rng) if item.date else "",
        ),
    ]
    y, at = rows(page, 200, fields, 12, face, rng)
    text = (
        "根据专利法第28条及其实施细则第38条、第39条的规定，申请人提出的专利申请已由"
        "国家知识产权局受理。申请人应当在收到本通知书后及时缴纳申请费。"
    )
    for line in wrap(text, 440, 11.5, face):
        put(page, (80, y + 24), line, 11.5, face)
        y += 21
    put(page, (330, 700), "审查员：" + ink_names(rng, 1)[0], 12, face)
    centre_y = at[fields[0][0]] if rng.random() < 0.4 else 690
    seal.stamp(page, pymupdf.Point(420, centre_y), "国家知识产权局专利局受理处", rng, 110)


def software_certificate(doc: pymupdf.Document, item: EvidenceSpec, rng: random.Random) -> None:
    page = doc.new_page()
    face = rng.choice(FACES)
    frame(page, rng)
    centre(page, 105, "中华人民共和国国家版权局", 16, face)
    centre(page, 148, "计算机软件著作权登记证书", rng.uniform(21, 25), face, True)
    centre(page, 182, f"证书号：软著登字第{rng.randint(5000000, 11999999)}号", 12, face)
    done = item.date - dt.timedelta(days=rng.randint(30, 300)) if item.date else None
    fields = [
        ("软件名称", item.title),
        ("著作权人", _joined(item.holders, rng)),
        ("开发完成日期", date_text(done, rng) if done else ""),
        ("首次发表日期", rng.choice(["未发表", date_text(done, rng) if done else "未发表"])),
        ("权利取得方式", "原始取得"),
        ("权利范围", "全部权利"),
        ("登记号", item.number or ""),
    ]
    y, at = rows(page, 235, fields, 12, face, rng)
    boiler = (
        "根据《计算机软件保护条例》和《计算机软件著作权登记办法》的规定，"
        "经中国版权保护中心审核，对以上事项予以登记。"
    )
    for line in wrap(boiler, 420, 11, face):
        put(page, (88, y + 20), line, 11, face)
        y += 20
    if item.date:
        shown = date_text(item.date, rng)
        if rng.random() < 0.3:
            shown = "登记日期：" + shown
        put(page, (330, 725), shown, 12, face)
    if rng.random() < 0.5:
        _seal_over(page, at["登记号"], "中华人民共和国国家版权局", rng)
    else:
        seal.stamp(page, pymupdf.Point(390, 680), "中华人民共和国国家版权局", rng, 120)


_ISSUERS = {
    "国家科学技术进步奖": "中华人民共和国国务院",
    "上海市科学技术进步奖": "上海市人民政府",
    "上海市科技进步奖": "上海市人民政府",
    "上海医学科技奖": "上海市医学会",
    "教育部科学技术进步奖": "中华人民共和国教育部",
    "中华医学科技奖": "中华医学会",
    "中国医院协会医院科技创新奖": "中国医院协会",
    "华夏医学科技奖": "华夏医学科技奖励委员会",
    "中国通信学会科学技术奖": "中国通信学会",
}


def award_certificate(doc: pymupdf.Document, item: EvidenceSpec, rng: random.Random) -> None:
    page = doc.new_page()
    face = rng.choice(FACES)
    frame(page, rng)
    centre(
        page, 150, rng.choice(["荣 誉 证 书", "获奖证书", "荣誉证书", "证    书"]), 30, face, True
    )
    printed: dt.date = item.extra["printed"]
    prize, award = item.extra["prize"], item.subtype
    holders = _joined(item.holders, rng)
    title_label = rng.choice(["项目名称", "获奖项目", "获奖项目名称"])
    holder_label = rng.choice(["获奖单位", "完成单位"])
    y = 250.0
    if rng.random() < 0.5:
        text = (
            f"为表彰{printed.year - 1}年度{award}获得者，特颁发此证书。"
            f"{title_label}：{item.title}，"
            f"奖励等级：{prize}，{holder_label}：{holders}。"
        )
        for line in wrap(text, 400, 15, face):
            put(page, (95, y), line, 15, face)
            y += 32
        y += 20
        put(page, (95, y), f"证书编号：{item.number}", 12, face)
    else:
        centre(page, y, f"{printed.year - 1}年度{award}", 17, face)
        fields = [
            (title_label, item.title),
            ("奖励等级", prize),
            (holder_label, holders),
            (rng.choice(["证书编号", "证书号"]), item.number or ""),
        ]
        rows(page, y + 50, fields, 14, face, rng)
    issuer = _ISSUERS[award]
    put(page, (330, 680), issuer, 15, face)
    when = date_text(printed, rng) if item.date else cn_date(printed, with_day=False)
    if item.date and rng.random() < 0.3:
        when = cn_date(printed)
    put(page, (330, 712), when, 15, face)
    seal.stamp(page, pymupdf.Point(390, 685), issuer, rng, 120)


def ink_names(rng: random.Random, n: int) -> list[str]:
    from samples.generate.vocab import vocab

    v = vocab()
    return [rng.choice(v["surnames"]) + "".join(rng.sample(v["given_chars"], 2)) for _ in range(n)]
