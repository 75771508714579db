"""Claims against evidence: which evidence items repeat an earlier one, which belong to this
project's units, how many distinct related items back each count, and the warnings a
reviewer needs (a claim beyond its evidence, unrelated evidence, a duplicate).

Self-contained: it reads the evidence items, the counts and the units/leader the other
readers found, and changes only `duplicate_of`, `related` and `counts.*.evidenced`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import cache

from rapidfuzz import fuzz

from extractors.evidence.numbers import key as number_key
from extractors.evidence.rules import evidence_rules
from extractors.text.normalize import comparable
from models.result import Application, Counts, EvidenceItem, Report, Warning
from models.template import COUNTS, EVIDENCE_KINDS

# A holder is this project's unit when its name matches one this closely (0-100, rapidfuzz
# ratio): one or two OCR slips in a long name pass, 上海市第一/第六人民医院 (one of nine) do not.
UNIT_MATCH = 90.0
# A short form of a unit (瑞金医院 for …附属瑞金医院) counts when it is this share of the name.
SHORT_FORM = 0.45
_NAMES = dict(COUNTS)
_KIND_NAMES = dict(EVIDENCE_KINDS)


@cache
def evidenced_keys() -> frozenset[str]:
    """The counts some evidence kind counts toward (the others keep `evidenced` null)."""
    rules = evidence_rules()
    keys = {k.counts_toward for k in rules.kinds.values()}
    keys |= set(rules.awards.counts_toward.values())
    return frozenset(k for k in keys if k)


def project_names(report: Report, application: Application) -> list[str]:
    """Lead unit, partner units and leader as the cover and the form give them."""
    names: list[str] = []
    for value in (
        report.fields.lead_unit.value,
        application.fields.lead_unit.value,
        report.fields.leader.value,
        application.fields.leader.value,
    ):
        if isinstance(value, str):
            names.append(value)
    partners = application.fields.partner_units.value
    if isinstance(partners, list):
        names += [p for p in partners if isinstance(p, str)]
    return [n for n in (comparable(n) for n in names) if n]


def matches(holder: str, names: Iterable[str]) -> bool:
    h = comparable(holder)
    if not h:
        return False
    for name in names:
        if fuzz.ratio(h, name) >= UNIT_MATCH:
            return True
        short, long = sorted((h, name), key=len)
        if len(short) >= 4 and short in long and len(short) / len(long) >= SHORT_FORM:
            return True
    return False


def mark_duplicates(items: list[EvidenceItem], skip: Collection[int] = ()) -> None:
    """Set `duplicate_of`: the index of an earlier item of the same kind and number. Items at
    `skip` (set aside by a reviewer) neither repeat nor are repeated."""
    first: dict[tuple[str, str], int] = {}
    for index, item in enumerate(items):
        number = item.number.value
        if index in skip or not isinstance(number, str) or not number_key(number):
            item.duplicate_of = None
            continue
        seen = first.setdefault((item.kind, number_key(number)), index)
        item.duplicate_of = seen if seen != index else None


def mark_items(items: list[EvidenceItem], names: list[str]) -> None:
    """Set `duplicate_of` (same number as an earlier item) and `related` on every item."""
    mark_duplicates(items)
    for item in items:
        holders = item.holders.value if isinstance(item.holders.value, list) else []
        if not holders or not names:
            item.related = None
        else:
            item.related = any(matches(h, names) for h in holders if isinstance(h, str))


def count_evidenced(items: list[EvidenceItem], counts: Counts, skip: Collection[int] = ()) -> None:
    """`counts.K.evidenced`: items toward K, neither duplicate nor unrelated (nor at `skip`)."""
    keys = evidenced_keys()
    for key, _ in COUNTS:
        count = counts.get(key)
        if key not in keys:
            count.evidenced = None
            continue
        count.evidenced = sum(
            1
            for index, item in enumerate(items)
            if item.counts_toward == key
            and item.duplicate_of is None
            and item.related is not False
            and index not in skip
        )


def _label(item: EvidenceItem) -> str:
    number = item.number.value
    return _KIND_NAMES[item.kind] + (f"（{number}）" if number else "")


def claim_warnings(
    items: list[EvidenceItem], counts: Counts, source: str, units: str
) -> list[Warning]:
    out: list[Warning] = []
    for item in items:
        page = item.pages[0]
        if item.duplicate_of is not None:
            earlier = items[item.duplicate_of].pages[0]
            out.append(
                Warning(
                    code="evidence_duplicate",
                    message=f"第{page}页的{_label(item)}与第{earlier}页重复附上，只计一次。",
                    page=page,
                )
            )
        if item.related is False:
            holders = "、".join(str(h) for h in item.holders.value or [])
            out.append(
                Warning(
                    code="evidence_unrelated",
                    message=(
                        f"第{page}页的{_label(item)}所列权利人/完成单位「{holders}」"
                        f"与本项目的{units}均不符，未计入佐证。"
                    ),
                    page=page,
                )
            )
    claimed = [(k, counts.get(k)) for k in sorted(evidenced_keys(), key=list(_NAMES).index)]
    short = [(k, c) for k, c in claimed if c.value and c.value > (c.evidenced or 0)]
    if short and not items:
        said = "、".join(f"{_NAMES[k]}{c.value}" for k, c in short)
        out.append(
            Warning(
                code="evidence_none",
                message=f"{source}称{said}，但材料未附任何证书、论文或标准等佐证材料。",
            )
        )
    elif short:
        for k, c in short:
            out.append(
                Warning(
                    code="evidence_short",
                    message=f"{source}称{_NAMES[k]}{c.value}，所附佐证材料只能核实{c.evidenced}。",
                )
            )
    return out


def reconcile(
    items: list[EvidenceItem], counts: Counts, report: Report, application: Application
) -> list[Warning]:
    """Mark duplicates and related items, fill `counts.*.evidenced`; the warnings."""
    mark_items(items, project_names(report, application))
    count_evidenced(items, counts)
    source = "报告" if report.present else "材料"
    return claim_warnings(items, counts, source, "牵头单位、参与单位及负责人")
