"""Which kind of evidence a page shows, and whether it starts a new item, from its own text:
a certificate's title row, a standard cover's "团体标准", a paper's DOI/摘要/关键词."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.evidence.lines import Row
from extractors.evidence.rules import KINDS, EvidenceRules
from extractors.text.normalize import similarity


@dataclass(frozen=True, slots=True)
class PageKind:
    kind: str  # one of KINDS or "other"
    score: float
    titled: bool  # a title row of this kind was found: the page starts an item


def _title_hit(row: Row, titles: list[str], rules: EvidenceRules) -> bool:
    text = row.text
    if len(text) > rules.title_rows.max_chars:
        return False
    for title in titles:
        if text == title or (text.endswith(title) and len(title) >= 4):
            return True
        near = len(title) >= 4 and len(text) <= len(title) + 2
        if near and similarity(text[-len(title) :], title) >= rules.title_rows.fuzzy_min:
            return True
    return False


def classify_page(rows: list[Row], height: float, rules: EvidenceRules) -> PageKind:
    """The best kind for a page (`other` when nothing speaks for one)."""
    top = height * rules.title_rows.top_share
    text = "".join(r.text for r in rows)
    best = PageKind("other", 0.0, False)
    for kind in KINDS:
        kr = rules.kinds[kind]
        titled = any(r.box[1] <= top and _title_hit(r, kr.titles, rules) for r in rows)
        score = rules.cue_weight * sum(cue in text for cue in kr.cues)
        score += rules.title_weight if titled else 0.0
        if score > best.score:
            best = PageKind(kind, score, titled)
    return best


def starts_item(page: PageKind, rows: list[Row], rules: EvidenceRules) -> bool:
    """Whether a page after a paper or a standard begins a new item rather than continuing it
    (a paper's second page, a standard's foreword): a title row, a paper's own first-page
    marks, or a certificate's cues."""
    if page.titled:
        return True
    if page.kind == "paper":
        text = "".join(r.text for r in rows)
        return sum(cue in text for cue in rules.paper_start) >= rules.paper_start_min
    return page.kind not in ("standard", "other") and page.score >= rules.start_min_cues
