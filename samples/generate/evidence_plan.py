"""Which evidence a submission attaches and the facts each item carries (number, title,
holders, dates, level), decided from one seeded generator so the truth can be written from
the plan alone. Some items repeat an earlier one (attached twice), some belong to another
project's units; the distinct, related items toward a count never exceed the count stated."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from samples.generate.vocab import vocab

# old draw (spec.py) -> kind
LEGACY = {
    "patent": "patent_certificate",
    "software": "software_copyright_certificate",
    "award": "award_certificate",
    "paper": "paper",
}
TOWARD = {
    "patent_certificate": "patents_granted",
    "patent_application": "patents_filed",
    "software_copyright_certificate": "software_copyrights",
    "paper": "papers",
    "standard": "standards",
}
AWARD_TOWARD = {"national": "awards_national", "provincial": "awards_provincial", "other": None}
EVIDENCED = frozenset(TOWARD.values()) | {"awards_national", "awards_provincial"}
# generator rule: an unrelated holder is never this close to a project unit (0-100), so the
# truth "unrelated" is not a matter of one character
_FAR = 75.0


@dataclass
class EvidenceSpec:
    kind: str
    number: str | None
    title: str
    holders: list[str]
    date: dt.date | None  # the truth date; None when the page prints none (or no day)
    seed: int
    related: bool = True
    level: str | None = None
    pages: int = 1
    subtype: str = ""  # 发明 / 实用新型 / 外观设计; award name; journal; issuer
    extra: dict[str, Any] = field(default_factory=dict)
    duplicate_of: int | None = None

    @property
    def counts_toward(self) -> str | None:
        if self.kind == "award_certificate":
            return AWARD_TOWARD[self.level or "other"]
        return TOWARD.get(self.kind)


def _date(rng: random.Random, years: tuple[int, int]) -> dt.date:
    return dt.date(rng.randint(*years), rng.randint(1, 12), rng.randint(1, 28))


def _scene(rng: random.Random, topic: str) -> str:
    return str(rng.choice(vocab()["topics"][topic]["scene"]))


def _outside(rng: random.Random, own: list[str]) -> str:
    far = [u for u in vocab()["outside_units"] if all(fuzz.ratio(u, o) < _FAR for o in own)]
    return str(rng.choice(far))


def _holders(rng: random.Random, lead: str, partners: list[str]) -> list[str]:
    holders = [lead]
    if partners and rng.random() < 0.35:
        holders.append(rng.choice(partners))
    if rng.random() < 0.15:
        holders.reverse()
    return holders


def _patent(rng: random.Random, scene: str, kind: str) -> tuple[str, str, str]:
    subtype = (
        "发明"
        if kind == "patent_application"
        else rng.choice(["发明", "发明", "实用新型", "外观设计"])
    )
    code = {"发明": 1, "实用新型": 2, "外观设计": 3}[subtype]
    year = rng.choice([2021, 2022, 2023])
    serial = f"{rng.randint(0, 9999999):07d}"
    check = rng.choice("0123456789X")
    if kind == "patent_certificate":
        number = f"ZL {year} {code} {serial}.{check}"
    else:
        number = f"{year}{code}{serial}.{check}"
    titles = {
        "发明": [
            f"一种基于5G网络的{scene}数据传输方法及系统",
            f"基于边缘计算的{scene}智能预警方法",
        ],
        "实用新型": [f"一种面向{scene}的远程协同装置", f"一种用于{scene}的便携式5G终端"],
        "外观设计": [f"{scene}用5G移动终端", "远程会诊显示屏"],
    }
    return subtype, number, rng.choice(titles[subtype])


def draw_item(kind: str, rng: random.Random, spec: Any, level: str | None = None) -> EvidenceSpec:
    scene = _scene(rng, spec.topic)
    holders = _holders(rng, spec.lead_unit, spec.partner_units)
    seed = rng.getrandbits(32)
    if kind in ("patent_certificate", "patent_application"):
        subtype, number, title = _patent(rng, scene, kind)
        years = (2022, 2023) if kind == "patent_certificate" else (2021, 2023)
        return EvidenceSpec(kind, number, title, holders, _date(rng, years), seed, subtype=subtype)
    if kind == "software_copyright_certificate":
        day = _date(rng, (2021, 2023))
        number = f"{day.year}SR{rng.randint(0, 1999999):07d}"
        title = rng.choice([f"5G{scene}管理平台", f"{scene}远程协同系统", f"5G{scene}数据分析软件"])
        title += f"V{rng.randint(1, 3)}.{rng.randint(0, 9)}"
        return EvidenceSpec(kind, number, title, holders, day, seed)
    if kind == "award_certificate":
        level = level or "other"
        name = rng.choice(vocab()["awards"][level])
        day = _date(rng, (2021, 2023))
        printed_day = rng.random() < 0.7
        number = f"{day.year}-{rng.choice('JKZ')}-{rng.randint(1, 299):03d}-{rng.randint(1, 3)}"
        title = str(spec.project_name) if rng.random() < 0.5 else f"5G{scene}关键技术研究与应用"
        item = EvidenceSpec(kind, number, title, holders, day if printed_day else None, seed)
        item.level, item.subtype = level, name
        item.extra = {"printed": day, "prize": rng.choice(["一等奖", "二等奖", "三等奖"])}
        return item
    if kind == "paper":
        journal = rng.choice(vocab()["journals"])
        day = _date(rng, (2022, 2023))
        doi = None
        if rng.random() < 0.8:
            issn = f"{rng.randint(1000, 1999)}-{rng.randint(1000, 9999)}"
            serial = f"{day.month:02d}.{rng.randint(1, 40):03d}"
            doi = f"10.{rng.randint(3760, 3969)}/j.issn.{issn}.{day.year}.{serial}"
        title = rng.choice(
            [
                f"5G技术在{scene}中的应用研究",
                f"基于5G的{scene}模式探索与实践",
                f"5G网络下{scene}效果评价",
            ]
        )
        dated = rng.random() < 0.5
        item = EvidenceSpec(kind, doi, title, holders, day if dated else None, seed)
        item.subtype, item.pages = journal, rng.choice([1, 1, 2])
        item.extra = {"day": day, "dated": dated}
        return item
    # standard
    pick = rng.choice(vocab()["standard_issuers"])
    day = _date(rng, (2022, 2023))
    code = pick["code"]
    number = f"{code} {rng.randint(1, 40):03d}—{day.year}"
    if code == "DB31/T":
        number = f"{code} {rng.randint(1000, 1499)}—{day.year}"
    title = rng.choice([f"5G{scene}服务规范", f"基于5G的{scene}建设指南", f"5G{scene}技术要求"])
    pages = rng.choice([1, 2, 2, 3])
    holders = holders if pages > 1 else []  # 起草单位 are in the foreword
    item = EvidenceSpec(kind, number, title, holders, day, seed, pages=pages)
    item.subtype = pick["issuer"]
    return item


def plan_evidence(spec: Any, legacy: list[str], rng: random.Random) -> list[EvidenceSpec]:
    """The items a submission attaches, in page order (see the module docstring)."""
    counts = spec.counts
    kinds: list[tuple[str, str | None]] = []
    for old in legacy:
        kind = LEGACY[old]
        if kind == "award_certificate":
            kinds.append((kind, "provincial"))
        else:
            kinds.append((kind, None))
    extra_p = {"patent_application": 0.3, "standard": 0.4, "patent_certificate": 0.15, "paper": 0.2}
    for kind, p in extra_p.items():
        if rng.random() < p:
            kinds.append((kind, None))
    if rng.random() < 0.25:
        kinds.append(("award_certificate", rng.choice(["national", "other", "other"])))
    order = [
        "patent_certificate",
        "patent_application",
        "software_copyright_certificate",
        "paper",
        "standard",
        "award_certificate",
    ]
    kinds.sort(key=lambda k: order.index(k[0]))
    items: list[EvidenceSpec] = []
    backed: dict[str, int] = {}
    own = [spec.lead_unit, *spec.partner_units]
    for kind, level in kinds:
        item = draw_item(kind, rng, spec, level)
        key = item.counts_toward
        if key is not None and (counts.get(key) or 0) <= backed.get(key, 0):
            continue  # evidence never exceeds the stated count
        if rng.random() < 0.1 and item.holders:
            item.holders = [_outside(rng, own)]
            item.related = False
        elif key is not None:
            backed[key] = backed.get(key, 0) + 1
        items.append(item)
    if items and rng.random() < 0.15:  # one certificate attached twice
        candidates = [i for i, it in enumerate(items) if it.number and it.pages == 1]
        if candidates:
            at = rng.choice(candidates)
            copy = EvidenceSpec(**{**items[at].__dict__, "seed": rng.getrandbits(32)})
            copy.duplicate_of = at
            items.append(copy)
    return items
