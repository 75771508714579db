"""Read the evidence material: attachment pages -> items (kind, pages, fields with boxes).

A reader in the read stage: it reports only what its own pages say. Whether an item is a
duplicate, related to the project or backs a claim is the reconcile step's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from extractors.evidence.classify import PageKind, classify_page, starts_item
from extractors.evidence.fields import Read, read_date, read_holders, read_number, read_title
from extractors.evidence.lines import Row, rows_of
from extractors.evidence.rules import EvidenceRules, counts_toward, evidence_rules
from extractors.types import PageView
from models.result import Evidence, EvidenceItem, Field

_CONTINUED = ("paper", "standard")  # kinds that may run over several pages


@dataclass(slots=True)
class _Group:
    kind: PageKind
    views: list[PageView] = field(default_factory=list)


def group_pages(views: list[PageView], kinds: Sequence[str], rules: EvidenceRules) -> list[_Group]:
    """Attachment pages in order, grouped into items by each page's own start signals."""
    groups: list[_Group] = []
    for view, kind in zip(views, kinds, strict=True):
        if kind != "attachment":
            continue
        _, uh = view.upright_size
        rows = rows_of(view)
        page = classify_page(rows, uh, rules)
        last = groups[-1] if groups else None
        continues = (
            last is not None
            and last.kind.kind in _CONTINUED
            and last.views[-1].number == view.number - 1
            and not starts_item(page, rows, rules)
        )
        if continues and last is not None:
            last.views.append(view)
        else:
            groups.append(_Group(page, [view]))
    return groups


def award_level(
    rows: list[Row], holders: list[str], rules: EvidenceRules
) -> Literal["national", "provincial", "other"]:
    """national / provincial / other, from the certificate's wording (not its addresses)."""
    text = "".join(r.text for r in rows if not r.text.startswith("地址"))
    for name in holders:
        text = text.replace(name, "")
    if any(w in text for w in rules.awards.national):
        return "national"
    if any(w in text for w in rules.awards.provincial):
        return "provincial"
    return "other"


def _field(read: Read, view_of: dict[int, PageView]) -> Field:
    if read.value is None or read.value == []:
        return Field(value=read.value)
    conf = read.how * min(r.confidence for r in read.rows) if read.rows else read.how
    evidence = [
        Evidence(page=r.page, bbox=view_of[r.page].to_page_bbox(r.box), text=r.raw)
        for r in read.rows
    ]
    return Field(value=read.value, confidence=round(conf, 3), evidence=evidence)


def read_item(group: _Group, rules: EvidenceRules) -> EvidenceItem:
    pages = [v.number for v in group.views]
    kind = group.kind.kind
    if kind == "other":
        conf = 0.5 if group.kind.score == 0 else 0.4
        return EvidenceItem(kind="other", pages=pages, confidence=conf)
    kr = rules.kinds[kind]
    view_of = {v.number: v for v in group.views}
    rows = [r for v in group.views for r in rows_of(v)]
    first_rows = [r for r in rows if r.page == pages[0]]
    _, height = group.views[0].upright_size
    number = read_number(rows, kr, rules)
    title = read_title(first_rows, kr, rules, height)
    holders = read_holders(rows if kind == "standard" else first_rows, kr, rules, height)
    date = read_date(rows, kr, rules)
    level = None
    if kind == "award_certificate":
        names = holders.value if isinstance(holders.value, list) else []
        level = award_level(first_rows, names, rules)
    found = sum(f.value not in (None, []) for f in (number, title, holders, date))
    conf = min(1.0, 0.45 + 0.1 * group.kind.score) * (0.6 + 0.1 * found)
    return EvidenceItem(
        kind=kind,
        pages=pages,
        title=_field(title, view_of),
        number=_field(number, view_of),
        holders=_field(holders, view_of) if holders.value else Field(value=[]),
        date=_field(date, view_of),
        level=level,
        counts_toward=counts_toward(kind, level),
        confidence=round(min(1.0, conf), 3),
    )


def read_evidence(views: list[PageView], kinds: Sequence[str]) -> list[EvidenceItem]:
    """Every evidence item among the attachment pages, in page order."""
    rules = evidence_rules()
    return [read_item(g, rules) for g in group_pages(views, kinds, rules)]
