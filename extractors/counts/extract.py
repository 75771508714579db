"""Achieved quantities (patents, papers, trainees, …): every sentence of the report read for
count statements, plans and sub-counts set aside, and one statement chosen per count, with its
evidence and a note on why when the report states the count more than once.

Matching is regex over the width-folded stream, not a spaCy pipeline: `spacy.blank("zh")`
segments Chinese into single characters, so a Matcher over it would be these regexes again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from extractors.counts.mentions import Mention
from extractors.counts.rules import Compiled, load_rules
from extractors.counts.section_map import SectionMap
from extractors.counts.statements import read_sentence
from extractors.counts.textflow import TextFlow, build_flow
from extractors.grade.confidence import count as count_confidence
from extractors.text.normalize import compact
from extractors.types import Line, PageView
from models.result import Count, Counts, PageKind, Section, Warning
from models.template import COUNT_KEYS, COUNTS, SECTION_TITLES

# Pages whose text may state the project's claims, and how much a statement there is trusted.
_PAGE_WEIGHT: dict[PageKind, float] = {"report_body": 1.0, "other": 0.8, "application_form": 0.6}
_COUNT_NAMES = dict(COUNTS)


@dataclass(slots=True)
class Statement:
    """One sentence's claim for one count (its mentions of that count summed)."""

    key: str
    value: int
    approximate: bool
    table: bool
    section: str | None
    page: int
    weight: float
    start: int  # sentence range in the stream
    end: int
    mention_start: int
    mention_end: int
    confidence: float  # of the source lines (OCR)


def _strip_label(text: str, labels: list[str]) -> str:
    """A form line without the Annex 2 label cell that shares its row with the summary."""
    if any(compact(text) in label for label in labels):
        return ""
    head, _, rest = text.strip().partition(" ")
    if rest and len(compact(head)) >= 2 and any(compact(head) in label for label in labels):
        return rest
    return text


def _reading_views(views: list[PageView], kinds: list[PageKind], rules: Compiled) -> list[PageView]:
    labels = [compact(label) for label in rules.rules.form_labels]
    reading = []
    for view, kind in zip(views, kinds, strict=True):
        if kind == "application_form":
            lines = [
                Line(text, ln.box, ln.confidence)
                for ln in view.lines
                if (text := _strip_label(ln.text, labels))
            ]
            view = dataclasses.replace(view, lines=lines)
        if kind in _PAGE_WEIGHT:
            reading.append(view)
    return reading


def _squeeze(text: str) -> tuple[str, list[int]]:
    """`text` without the spaces OCR puts between CJK characters ("软件 著作权"), and for
    each kept character its offset in `text`. Spaces next to digits stay: table cells."""
    kept: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() and kept and kept[-1] >= "\u2e80":
            nxt = text[i:].lstrip()[:1]
            if nxt >= "\u2e80":
                continue
        kept.append(ch)
        index.append(i)
    index.append(len(text))
    return "".join(kept), index


def _combine(mentions: list[Mention]) -> tuple[int, bool, bool, int, int]:
    """One sentence's mentions of one count: a stated total wins ("新增3项，累计8项" is 8),
    else distinct kinds are summed ("团体标准2项、行业规范1项" is 3). A total cue before a
    list covers the list ("共申请发明专利1项、实用新型专利1项" is 2)."""
    totals = [m for m in mentions if m.total]
    chosen = [m for m in mentions if m.run == totals[-1].run] if totals else mentions
    value = sum(m.value for m in chosen)
    return (
        value,
        any(m.approximate for m in chosen),
        all(m.table for m in chosen),
        min(m.start for m in chosen),
        max(m.end for m in chosen),
    )


def _statements(
    flow: TextFlow, sections: SectionMap, kinds: dict[int, PageKind], rules: Compiled
) -> list[Statement]:
    found: list[Statement] = []
    plan_sections = set(rules.rules.plan_sections)
    for start, end in flow.sentences():
        section = sections.section_at(start)
        if section is not None and sections.chapter(section) in plan_sections:
            continue
        sentence, index = _squeeze(flow.text[start:end])
        mentions = [m for m in read_sentence(sentence, rules) if m.key and not (m.sub or m.plan)]
        by_key: dict[str, list[Mention]] = {}
        for m in mentions:
            by_key.setdefault(m.key or "", []).append(m)
        for key, group in by_key.items():
            value, approx, table, m_start, m_end = _combine(group)
            m_start, m_end = index[m_start], index[m_end - 1] + 1
            lines = flow.lines_between(start + m_start, start + m_end)
            page = lines[0].view.number if lines else (flow.page_at(start) or 1)
            conf = min((fl.line.confidence for fl in lines), default=1.0)
            found.append(
                Statement(
                    key,
                    value,
                    approx,
                    table,
                    section,
                    page,
                    _PAGE_WEIGHT.get(kinds.get(page, "other"), 0.8),
                    start,
                    end,
                    start + m_start,
                    start + m_end,
                    conf,
                )
            )
    return found


def _rank(stmt: Statement, prefer: list[str], sections: SectionMap) -> tuple[float, ...]:
    """Higher is better: preferred chapter, trusted page, exact number, prose, later."""
    chapter_rank = len(prefer) + 1
    if stmt.section is not None:
        for i, sid in enumerate(prefer):
            if sections.within(stmt.section, sid):
                chapter_rank = i
                break
    return (-chapter_rank, stmt.weight, not stmt.approximate, not stmt.table, stmt.start)


def _agrees(chosen: Statement, other: Statement) -> bool:
    if other.value == chosen.value:
        return True
    if other.approximate:  # "20余场" and "23场" do not disagree
        return 0.8 * other.value <= chosen.value <= 2 * other.value
    return False


def _where(stmt: Statement) -> str:
    place = f"第{stmt.page}页"
    if stmt.section is not None:
        place += f"「{stmt.section} {SECTION_TITLES[stmt.section]}」"
    return place


def _confidence(chosen: Statement, conflict: bool, in_preferred: bool) -> float:
    features = [
        name
        for name, present in (
            ("approximate", chosen.approximate),
            ("in_table", chosen.table),
            ("off_preferred_section", not in_preferred),
            ("conflict", conflict),
        )
        if present
    ]
    return count_confidence(chosen.weight, chosen.confidence, features)


def _choose(
    key: str, stmts: list[Statement], flow: TextFlow, sections: SectionMap, rules: Compiled
) -> tuple[Count, Warning | None]:
    prefer = rules.prefer(key)
    ranked = sorted(stmts, key=lambda s: _rank(s, prefer, sections), reverse=True)
    chosen = ranked[0]
    in_preferred = _rank(chosen, prefer, sections)[0] > -(len(prefer) + 1)
    disagree = [s for s in ranked[1:] if not _agrees(chosen, s)]
    evidence = flow.evidence(chosen.start, chosen.end)
    note = None
    warning = None
    if len(ranked) > 1:
        why = "位于模板指定章节" if in_preferred else "陈述最具体"
        note = f"取{_where(chosen)}的陈述（{why}）；共{len(ranked)}处提及"
        if disagree:
            others = "、".join(f"{_where(s)}为{s.value}" for s in disagree)
            note += f"，其中{others}，与所取值不一致"
            warning = Warning(
                code="count_conflict",
                message=f"{_COUNT_NAMES[key]}（{key}）前后不一致：取{chosen.value}"
                f"（{_where(chosen)}），另有{others}",
                page=chosen.page,
            )
    if chosen.approximate:
        approx_note = "原文为约数，取所述数字"
        note = f"{note}；{approx_note}" if note else approx_note
    count = Count(
        value=chosen.value,
        confidence=_confidence(chosen, bool(disagree), in_preferred),
        evidence=evidence,
        note=note,
    )
    return count, warning


def extract_counts(
    views: list[PageView], kinds: list[PageKind], sections: list[Section]
) -> tuple[Counts, list[Warning]]:
    """The 14 achieved counts of the contract, each with evidence; null where not stated."""
    rules = load_rules()
    reading = _reading_views(views, kinds, rules)
    if not reading:
        return Counts(), []
    flow = build_flow(reading)
    section_map = SectionMap.build(flow, sections)
    page_kinds = {v.number: k for v, k in zip(views, kinds, strict=True)}
    by_key: dict[str, list[Statement]] = {}
    for stmt in _statements(flow, section_map, page_kinds, rules):
        by_key.setdefault(stmt.key, []).append(stmt)
    values: dict[str, Count] = {}
    warnings: list[Warning] = []
    for key in COUNT_KEYS:
        if key in by_key:
            values[key], warning = _choose(key, by_key[key], flow, section_map, rules)
            if warning is not None:
                warnings.append(warning)
    return Counts(**values), warnings
