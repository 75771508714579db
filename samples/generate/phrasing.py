"""Sentences that state the achieved counts, and the distractors that must not be counted.

`place_counts` picks, per category of counts (catalogue.py), one phrase that states exactly the
non-null counts of that category, fills it (fill.py) and decides where it goes (mostly 3.4;
roll-out and reach in 3.2). Truth is always the integer drawn for the submission.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from samples.generate.catalogue import CATEGORIES, Category, Phrase
from samples.generate.fill import Filled, Num, fill, fits
from samples.generate.numerals import small


@dataclass
class Placed:
    """Sentences per section id, the statements among them, and an optional results table."""

    sentences: dict[str, list[str]] = field(default_factory=dict)
    table: list[tuple[str, str]] = field(default_factory=list)
    statements: list[tuple[str, Filled]] = field(default_factory=list)

    def add(self, section: str, sentence: str) -> None:
        self.sentences.setdefault(section, []).append(sentence)

    def state(self, section: str, filled: Filled, intro: str = "") -> None:
        self.add(section, intro + filled.text + "。")
        self.statements.append((section, filled))


def choices(cat: Category, counts: dict[str, int | None]) -> list[Phrase]:
    """The phrases of `cat` that state exactly its non-null counts."""
    stated = {k for k in cat.keys if counts.get(k) is not None}
    return [p for p in cat.phrases if set(p.keys) | set(p.fixed) == stated and fits(p, counts)]


def state_category(
    name: str, counts: dict[str, int | None], rng: random.Random, words: dict[str, list[str]]
) -> Filled | None:
    """One statement of category `name`, or None when it states nothing."""
    options = choices(CATEGORIES[name], counts)
    return fill(rng.choice(options), counts, rng, words) if options else None


_TABLE_LABELS = (
    ("patents_filed", "申请专利", "项"),
    ("patents_granted", "授权专利", "项"),
    ("software_copyrights", "软件著作权", "项"),
    ("papers", "发表论文", "篇"),
    ("monographs", "出版专著", "部"),
    ("standards", "技术标准/规范", "项"),
    ("phd_trainees", "培养博士生", "名"),
    ("master_trainees", "培养硕士生", "名"),
    ("awards_national", "国家级奖项", "项"),
    ("awards_provincial", "省部级奖项", "项"),
)
_OUTPUTS = ("patents", "software", "papers", "books", "standards", "talent", "awards")


def place_counts(
    c: dict[str, int | None], rng: random.Random, words: dict[str, list[str]]
) -> Placed:
    """Statements of every non-null count, each stated so that its value is unambiguous."""
    p = Placed()
    if rng.random() < 0.22:  # a ruled results table replaces the 3.4 prose
        for key, label, unit in _TABLE_LABELS:
            if (value := c[key]) is not None:
                qty = f"{value}{unit if rng.random() < 0.6 else ''}"
                p.table.append((label, qty))
                row = f"{label} {qty}"  # as the page's truth text has it
                number = Num(key, "count", str(value), len(label) + 1)
                p.statements.append(("3.4", Filled(row, {key: value}, [number])))
        outputs: tuple[str, ...] = ()
    else:
        outputs = _OUTPUTS
    for name in (*outputs, "media", "trainings", "institutions", "reach"):
        filled = state_category(name, c, rng, words)
        if filled is not None:
            cat = CATEGORIES[name]
            p.state(rng.choice(cat.where), filled, rng.choice(cat.intros))
    return p


def summary_restatement(
    c: dict[str, int | None], rng: random.Random, words: dict[str, list[str]]
) -> Filled | None:
    """Chapter 1 repeating two or three categories with the same values."""
    names = [
        n
        for n in ("patents", "papers", "institutions", "software", "reach")
        if choices(CATEGORIES[n], c)
    ]
    if len(names) < 2:
        return None
    said = [
        state_category(n, c, rng, words)
        for n in rng.sample(names, rng.randint(2, 3) if len(names) > 2 else 2)
    ]
    return join_statements(
        [f for f in said if f],
        "截至目前，项目已",
        rng.choice(["，完成了申报书确定的主要目标", "，总体达到预期", ""]),
    )


def join_statements(parts: list[Filled], lead: str, tail: str) -> Filled:
    """Several statements as one sentence, numbers moved to their place in it."""
    text, numbers, states = lead, [], {}
    for i, f in enumerate(parts):
        if i:
            text += "，"
        numbers += [Num(n.key, n.role, n.text, n.start + len(text)) for n in f.numbers]
        states.update(f.states)
        text += f.text
    return Filled(text + tail, states, numbers)


def distractors(c: dict[str, int | None], rng: random.Random, p: Placed, n_bs: int = 20) -> None:
    """Numbers that look like results but are not: targets, plans, money, network, teams."""
    t = lambda: rng.randint(2, 15)  # noqa: E731
    p.add(
        "1",
        rng.choice(
            [
                f"项目申报书目标为发表论文{t()}篇、申请专利{t()}项、推广至{t() * 3}家医疗机构。",
                f"按照申报书，项目计划培养博士生{t()}名、硕士生{t()}名。",
                f"项目于2021年9月正式启动，建设周期为两年，申报书设定的目标为形成技术规范{t()}项。",
                f"对照申报书，项目原定目标为申请专利{t()}项、获得软件著作权{t()}项、"
                f"服务患者{rng.randint(1, 9)}万人次，各项指标均已完成或超额完成。",
                f"根据任务书要求，项目应完成{t()}个应用场景建设，覆盖不少于{t() * 2}家医疗机构。",
            ]
        ),
    )
    plans = [
        f"计划新申请专利{small(rng, t())}项",
        f"预计再培养博士生{small(rng, rng.randint(1, 5))}名",
        f"力争再发表高水平论文{small(rng, t())}篇",
        f"拟进一步推广至{t() * 4}家医疗卫生机构",
        f"计划开展专题培训{t()}场",
        f"争取获得省部级奖项{small(rng, rng.randint(1, 3))}项",
        f"力争服务患者突破{rng.randint(2, 50)}万人次",
        f"计划牵头制定团体标准{small(rng, rng.randint(1, 4))}项",
    ]
    p.add(
        "6",
        rng.choice(["预计到项目结束后一年内，", "下一阶段，", "未来两年，"])
        + "，".join(rng.sample(plans, 3))
        + "。",
    )
    money = rng.randint(300, 5000)
    p.add(
        "3.3",
        rng.choice(
            [
                f"据测算，项目实施以来新增产值约{money}万元，节约医疗费用{rng.randint(50, 800)}万元。",
                f"项目带动相关产业投资{rng.randint(2, 9)}.{rng.randint(1, 9)}亿元，"
                f"新增就业岗位{t() * 10}个。",
                f"患者平均等待时间缩短{rng.randint(15, 60)}%，急危重症抢救成功率提高"
                f"{rng.randint(2, 12)}个百分点。",
                f"试点科室平均住院日由{rng.randint(8, 12)}.{rng.randint(1, 9)}天下降至"
                f"{rng.randint(5, 7)}.{rng.randint(1, 9)}天，床位周转率提升{rng.randint(5, 30)}%。",
            ]
        ),
    )
    p.add(
        "4",
        rng.choice(
            [
                f"项目总投资{rng.randint(800, 6000)}万元，其中自筹资金{rng.randint(300, 700)}万元。",
                f"项目团队共有成员{rng.randint(20, 80)}人，其中高级职称{rng.randint(5, 19)}人。",
                f"项目组现有成员{rng.randint(20, 80)}名，博士学位{rng.randint(3, 15)}名，"
                f"硕士学位{rng.randint(5, 25)}名。",
                f"累计召开项目推进会和专题协调会{rng.randint(6, 30)}次。",
            ]
        ),
    )
    if rng.random() < 0.7:
        p.add(
            "2.1",
            rng.choice(
                [
                    f"项目累计接入各类医疗设备{rng.randint(50, 600)}台，日均传输数据约"
                    f"{rng.randint(20, 500)}GB。",
                    f"共部署5G基站{n_bs}个、边缘计算节点{rng.randint(1, 4)}套，"
                    f"配置5G医疗终端{rng.randint(30, 300)}台。",
                    f"平台已完成与{rng.randint(3, 12)}个院内业务系统的接口对接，接口调用成功率达"
                    f"{rng.randint(95, 99)}.{rng.randint(1, 9)}%。",
                ]
            ),
        )
    if rng.random() < 0.4:
        p.add(
            "3.1",
            rng.choice(
                [
                    "项目入选工信部、国家卫生健康委5G+医疗健康应用典型案例。",
                    f"项目获评{rng.randint(2021, 2023)}年度上海市5G应用优秀案例。",
                    "项目被评为上海市智慧医院建设示范项目。",
                ]
            ),
        )
