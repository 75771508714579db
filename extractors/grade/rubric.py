"""Annex 3 suggestion: per indicator a score within its max, a rationale in Chinese naming the
counts and sections it rests on, and their evidence. Rules are data (models/rubric.yaml)."""

from __future__ import annotations

from models.result import Count, Evidence, Result, RubricItem, Section
from models.rubric_rules import Indicator, Level, RubricRules, load_rubric_rules
from models.template import COUNTS, RUBRIC, SECTION_TITLES

_COUNT_NAMES = dict(COUNTS)


def level_points(value: float, levels: list[Level]) -> float:
    """Points of the highest level whose threshold `value` reaches; 0 below the first."""
    points = 0.0
    for level in levels:
        if value >= level.min:
            points = level.points
    return points


def _fmt(points: float) -> str:
    return f"{points:g}"


def _section_label(sid: str) -> str:
    return f"「{sid} {SECTION_TITLES[sid]}」"


class _Findings:
    """What one indicator's parts found and missed, in rationale phrases."""

    def __init__(self) -> None:
        self.total = 0.0
        self.counts: list[str] = []
        self.no_counts: list[str] = []
        self.sections: list[str] = []
        self.no_sections: list[str] = []
        self.evidence: list[Evidence] = []
        self.informed = False

    def rationale(self, source: str, suggested: float, mx: float) -> str:
        parts = []
        if self.counts:
            parts.append(f"{source}称" + "、".join(self.counts))
        if self.no_counts:
            parts.append("未述及" + "、".join(self.no_counts))
        if self.sections:
            parts.append("、".join(self.sections))
        if self.no_sections:
            parts.append("未找到" + "、".join(self.no_sections) + "章节")
        parts.append(f"按规则得{_fmt(suggested)}分（满分{_fmt(mx)}分）")
        return "；".join(parts) + "。"


def _scored(count: Count, rules: RubricRules) -> int:
    """The figure a count scores with: as claimed, or (rule `unevidenced_claims: evidenced`)
    only as far as the attached evidence backs it, where evidence can back it at all."""
    claimed = count.value or 0
    if rules.unevidenced_claims == "evidenced" and count.evidenced is not None:
        return min(claimed, count.evidenced)
    return claimed


def _claim_phrase(key: str, count: Count, rules: RubricRules) -> str:
    unit = rules.count_units[key]
    said = f"{_COUNT_NAMES[key]}{count.value}{unit}"
    if count.evidenced is not None and count.value:
        backed = min(count.value, count.evidenced)
        said += f"（其中{backed}{unit}有佐证材料）" if backed else "（均未见佐证材料）"
    return said


def _score(
    ind: Indicator, result: Result, sections: dict[str, Section], rules: RubricRules
) -> _Findings:
    out = _Findings()
    for part in ind.counts:
        stated = [(k, result.counts.get(k)) for k in part.keys]
        stated = [(k, c) for k, c in stated if c.value is not None]
        if not stated:
            out.no_counts.append("、".join(_COUNT_NAMES[k] for k in part.keys))
            continue
        out.informed = True
        value = sum(_scored(c, rules) for _, c in stated)
        points = level_points(value, part.levels)
        out.total += points
        said = "、".join(_claim_phrase(k, c, rules) for k, c in stated)
        out.counts.append(f"{said}（{_fmt(points)}分）")
        for _, c in stated:
            out.evidence.extend(c.evidence)
    for spart in ind.sections:
        section = sections.get(spart.id)
        if section is None or not section.found:
            out.no_sections.append(_section_label(spart.id))
            continue
        out.informed = True
        if section.text_chars is None:
            points, said = spart.levels[0].points, "已撰写"
        else:
            points = level_points(section.text_chars, spart.levels)
            said = f"正文约{section.text_chars}字"
        out.total += points
        out.sections.append(f"{_section_label(spart.id)}{said}（{_fmt(points)}分）")
        if section.page is not None:
            out.evidence.append(Evidence(page=section.page, bbox=section.bbox, text=section.title))
    return out


def suggest(result: Result, rules: RubricRules | None = None) -> list[RubricItem]:
    """The ten Annex 3 indicators, in order, each with a suggested score and why."""
    rules = rules or load_rubric_rules()
    sections = {s.id: s for s in result.report.sections}
    source = "报告" if result.report.present else "材料"
    items = []
    for ind, (rid, name, mx) in zip(rules.indicators, RUBRIC, strict=True):
        findings = _score(ind, result, sections, rules)
        if not findings.informed and not result.report.present:
            items.append(
                RubricItem(
                    id=rid,
                    name=name,
                    max=mx,
                    suggested=None,
                    rationale="未识别到总结报告（附件1），材料中也未见本指标所依据的内容，无法给出建议分，请评审人员据实评分。",
                )
            )
            continue
        suggested = round(min(float(mx), findings.total), 1)
        items.append(
            RubricItem(
                id=rid,
                name=name,
                max=mx,
                suggested=suggested,
                rationale=findings.rationale(source, suggested, mx),
                evidence=findings.evidence,
            )
        )
    return items
