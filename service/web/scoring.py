"""The Annex 3 scoring form: read the reviewer's ten scores (each within [0, its maximum]) and
comment, and build the scoring view (suggestions, final scores, totals). Saving goes through
service.storage.reviews, which checks the bounds again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from models.rubric_rules import load_rubric_rules
from models.template import RUBRIC
from service.storage import reviews
from service.storage.tables import Score
from service.web import evidence_view
from service.web.submission_view import ReviewContext, evidence_views
from service.web.views import RubricRowView, ScoringView

MAX_COMMENT = 4000


@dataclass
class ScoreForm:
    items: list[reviews.ScoreInput] = field(default_factory=list)
    comment: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    entered: dict[str, str] = field(default_factory=dict)  # what was typed, to show it again


def parse_form(form: Mapping[str, Any], *, final: bool) -> ScoreForm:
    """Validate the posted form; `final` (提交) needs all ten scores, a draft any subset."""
    out = ScoreForm(comment=str(form.get("comment") or "").strip()[:MAX_COMMENT])
    for rid, _name, top in RUBRIC:
        text = str(form.get(f"score_{rid}") or "").strip()
        note = str(form.get(f"comment_{rid}") or "").strip()[:MAX_COMMENT] or None
        out.entered[rid] = text
        out.entered[f"comment_{rid}"] = note or ""
        if not text:
            if final:
                out.errors[rid] = "请填写得分"
            continue
        try:
            score = float(text)
        except ValueError:
            out.errors[rid] = "请输入数字"
            continue
        if score != score or not 0 <= score <= top:  # NaN fails the first test
            out.errors[rid] = f"得分应在 0 到 {top:g} 之间"
            continue
        out.items.append(reviews.ScoreInput(rid, score, note))
    return out


def build(
    result: dict[str, Any] | None,
    scores: Sequence[Score],
    comment: str,
    reviewed_at: datetime | None,
    reviewer: str | None,
    entered: Mapping[str, str] | None = None,
) -> ScoringView:
    suggested = {str(r.get("id")): r for r in (result or {}).get("rubric") or []}
    finals = {s.indicator: s for s in scores}
    panel = evidence_view.items(result or {}, ReviewContext(raw=None, latest={}, usernames={}))
    links = evidence_view.count_links(result or {}, panel)
    keys_of = {
        ind.id: [k for part in ind.counts for k in part.keys]
        for ind in load_rubric_rules().indicators
    }
    rows = []
    for rid, name, top in RUBRIC:
        item = suggested.get(rid, {})
        final = finals.get(rid)
        rows.append(
            RubricRowView(
                id=rid,
                name=str(item.get("name") or name),
                max=top,
                suggested=item.get("suggested"),
                rationale=str(item.get("rationale") or ""),
                evidence=evidence_views(item.get("evidence")),
                final=final.score if final is not None else None,
                comment=final.comment if final is not None else None,
                machine_suggested=item.get("machine_suggested"),
                machine_rationale=item.get("machine_rationale"),
                claims=[links[k] for k in keys_of.get(rid, []) if k in links],
                changed="machine_rationale" in item
                and (
                    item.get("machine_suggested") != item.get("suggested")
                    or item.get("machine_rationale") != item.get("rationale")
                ),
            )
        )
    scored = sum(1 for r in rows if r.final is not None)
    return ScoringView(
        rows=rows,
        suggested_total=sum(r.suggested or 0 for r in rows),
        final_total=sum(r.final or 0 for r in rows) if scored == len(rows) else None,
        scored=scored,
        comment=comment,
        reviewed_at=reviewed_at,
        reviewer=reviewer,
    )
