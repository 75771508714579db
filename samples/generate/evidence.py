"""Evidence pages appended to a submission (certificates, a paper's first page), plus the
odd cover letter (kind "other") and blank page. Their numbers (ZL…, 2022SR…) are not counts.
"""

from __future__ import annotations

import random

import pymupdf

from samples.generate import ink, seal
from samples.generate.flow import A4, text_width, wrap, write
from samples.generate.spec import Spec
from samples.generate.vocab import vocab

_BOILER_PATENT = (
    "本发明经过本局依照中华人民共和国专利法进行审查，决定授予专利权，"
    "颁发发明专利证书并在专利登记簿上予以登记。专利权自授权公告之日起生效。"
    "专利权期限为二十年，自申请日起算。"
)
_BOILER_SOFT = (
    "根据《计算机软件保护条例》和《计算机软件著作权登记办法》的规定，"
    "经中国版权保护中心审核，"
    "对以上事项予以登记。"
)


def _centre(page: pymupdf.Page, y: float, text: str, size: float, bold: bool = False) -> None:
    write(page, ((A4.width - text_width(text, size)) / 2, y), text, size, bold=bold)


def _frame(page: pymupdf.Page, rng: random.Random) -> None:
    colour = rng.choice([(0.55, 0.4, 0.1), (0.1, 0.3, 0.55), (0.6, 0.1, 0.1)])
    page.draw_rect(pymupdf.Rect(40, 40, 555, 802), color=colour, width=3)
    page.draw_rect(pymupdf.Rect(48, 48, 547, 794), color=colour, width=0.8)


def _fields(page: pymupdf.Page, y: float, rows: list[tuple[str, str]], size: float) -> float:
    for label, value in rows:
        lines = wrap(value, 380, size)
        write(page, (90, y), label, size)
        for line in lines:
            write(page, (90 + text_width(label, size), y), line, size)
            y += size * 1.9
    return y


def _invention(spec: Spec, rng: random.Random) -> str:
    scene = rng.choice(vocab()["topics"][spec.topic]["scene"])
    return rng.choice(
        [
            f"一种基于5G网络的{scene}数据传输方法及系统",
            f"一种面向{scene}的远程协同装置",
            f"基于边缘计算的{scene}智能预警方法",
        ]
    )


def patent(page: pymupdf.Page, spec: Spec, rng: random.Random) -> None:
    _frame(page, rng)
    _centre(page, 120, "发明专利证书", 28, bold=True)
    _centre(page, 160, f"证书号第{rng.randint(4000000, 6999999)}号", 12)
    year = rng.choice([2021, 2022])
    rows = [
        ("发明名称：", _invention(spec, rng)),
        ("发明人：", "；".join([spec.leader] + [ink_name(rng) for _ in range(2)])),
        ("专利号：", f"ZL {year} 1 {rng.randint(0, 1999999):07d}.{rng.randint(0, 9)}"),
        ("专利申请日：", f"{year}年{rng.randint(1, 12):02d}月{rng.randint(1, 28):02d}日"),
        ("专利权人：", spec.lead_unit),
        (
            "地址：",
            "上海市"
            + rng.choice(
                [
                    "黄浦区瑞金二路197号",
                    "浦东新区东方路1630号",
                    "徐汇区宜山路600号",
                    "长宁区仙霞路1111号",
                ]
            ),
        ),
        ("授权公告日：", f"{year + 1}年{rng.randint(1, 12):02d}月{rng.randint(1, 28):02d}日"),
        ("授权公告号：", f"CN {rng.randint(110000000, 116999999)} B"),
    ]
    y = _fields(page, 220, rows, 12)
    for line in wrap(_BOILER_PATENT, 420, 11):
        write(page, (88, y + 20), line, 11)
        y += 20
    write(page, (360, 700), "局长", 12)
    ink.signature(page, pymupdf.Point(400, 702), 3, rng, 18)
    seal.stamp(page, pymupdf.Point(400, 640), "国家知识产权局", rng, 115)


def software(page: pymupdf.Page, spec: Spec, rng: random.Random) -> None:
    _frame(page, rng)
    _centre(page, 110, "中华人民共和国国家版权局", 16)
    _centre(page, 150, "计算机软件著作权登记证书", 24, bold=True)
    _centre(page, 185, f"证书号：软著登字第{rng.randint(5000000, 11999999)}号", 12)
    scene = rng.choice(vocab()["topics"][spec.topic]["scene"])
    year = rng.choice([2021, 2022, 2023])
    rows = [
        ("软件名称：", f"5G{scene}管理平台V{rng.randint(1, 3)}.0"),
        ("著作权人：", spec.lead_unit),
        ("开发完成日期：", f"{year}年{rng.randint(1, 12):02d}月{rng.randint(1, 28):02d}日"),
        ("首次发表日期：", "未发表"),
        ("权利取得方式：", "原始取得"),
        ("权利范围：", "全部权利"),
        ("登记号：", f"{year}SR{rng.randint(0, 1999999):07d}"),
    ]
    y = _fields(page, 240, rows, 12)
    for line in wrap(_BOILER_SOFT, 420, 11):
        write(page, (88, y + 20), line, 11)
        y += 20
    write(page, (330, 720), f"{year}年{rng.randint(1, 12):02d}月{rng.randint(1, 28):02d}日", 12)
    seal.stamp(page, pymupdf.Point(390, 660), "中华人民共和国国家版权局", rng, 120)


def award(page: pymupdf.Page, spec: Spec, rng: random.Random) -> None:
    _frame(page, rng)
    _centre(page, 150, "荣 誉 证 书", 32, bold=True)
    year = rng.choice([2021, 2022])
    level = rng.choice(["一等奖", "二等奖", "三等奖"])
    text = (
        f"为表彰{year}年度上海市科学技术奖获得者，特颁发此证书。项目名称：{spec.project_name}，"
        f"奖励等级：{level}，获奖单位：{spec.lead_unit}。"
    )
    y = 260.0
    for line in wrap(text, 400, 15, 30):
        write(page, (95, y), line, 15)
        y += 32
    write(page, (95, y + 30), f"证书号：{year}-{rng.choice('JKZ')}-{rng.randint(1, 299):03d}", 12)
    write(page, (330, 680), "上海市人民政府", 15)
    write(page, (330, 710), f"{year + 1}年{rng.randint(1, 12)}月", 15)
    seal.stamp(page, pymupdf.Point(385, 680), "上海市人民政府", rng, 120)


def paper(page: pymupdf.Page, spec: Spec, rng: random.Random) -> None:
    v = vocab()
    write(
        page,
        (60, 50),
        f"{rng.choice(v['journals'])}  {rng.choice([2022, 2023])}年第{rng.randint(1, 12)}期",
        9,
    )
    page.draw_line((60, 56), (535, 56), color=(0, 0, 0), width=0.6)
    scene = rng.choice(v["topics"][spec.topic]["scene"])
    _centre(page, 110, f"5G技术在{scene}中的应用研究", 18, bold=True)
    _centre(page, 145, f"{spec.leader}1，{ink_name(rng)}2，{ink_name(rng)}1", 12)
    affiliations = f"（1. {spec.lead_unit}，上海 200025；2. {spec.partner_units[0]}）"
    _centre(page, 168, affiliations, 9)
    abstract = (
        f"摘要：目的 探讨5G技术在{scene}中的应用效果。"
        f"方法 选取2021年1月至2022年6月收治的患者{rng.randint(80, 400)}例，"
        f"分为观察组和对照组。结果 观察组的平均响应时间较对照组缩短"
        f"{rng.randint(10, 40)}%，差异有统计学意义（P<0.05）。"
        f"结论 5G技术能够有效提升{scene}的效率和质量。"
    )
    y = 205.0
    for line in wrap(abstract, 440, 10):
        write(page, (78, y), line, 10)
        y += 16
    write(page, (78, y + 6), f"关键词：5G；{scene}；远程医疗；效果评价", 10)
    y += 44
    body = "随着第五代移动通信技术的快速发展，5G在医疗健康领域的应用不断拓展。" * 6
    for col_x in (60, 305):
        yy = y
        for line in wrap(body, 228, 10, 20):
            write(page, (col_x, yy), line, 10)
            yy += 15
            if yy > 780:
                break


def letter(page: pymupdf.Page, spec: Spec, rng: random.Random) -> None:
    _centre(page, 120, "关于项目验收材料的说明", 20, bold=True)
    text = (
        f"中国信通院上海工创中心：我单位牵头承担的“{spec.project_name}”已按计划完成建设任务。"
        f"现将项目验收总结报告及相关佐证材料一并报送，请予审核。联系人：{spec.contact_name}，"
        f"联系电话：{spec.contact_phone}。"
    )
    write(page, (80, 190), text[: text.index("：") + 1], 14)
    y = 225.0
    for line in wrap(text[text.index("：") + 1 :], 430, 14, 28):
        write(page, (80, y), line, 14)
        y += 28
    write(page, (515 - text_width(spec.lead_unit, 13), y + 60), spec.lead_unit, 13)
    write(
        page,
        (350, y + 90),
        f"{spec.report_date.year}年{spec.report_date.month}月{spec.report_date.day}日",
        13,
    )
    seal.stamp(page, pymupdf.Point(400, y + 70), spec.lead_unit, rng)


def ink_name(rng: random.Random) -> str:
    v = vocab()
    return rng.choice(v["surnames"]) + "".join(rng.sample(v["given_chars"], 2))


DRAWERS = {"patent": patent, "software": software, "award": award, "paper": paper, "letter": letter}
