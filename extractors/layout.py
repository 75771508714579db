"""Page kinds: report cover, report body, application form, attachment, blank or other.

Each page gets a score per kind from cue words (rules/page_kinds.yaml) and outline headings;
a Viterbi pass over the document then lets neighbours settle pages with no cues of their own
(a paragraph-only page continues the report or the form's introduction before it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from extractors.report.headings import (
    is_report_title,
    is_toc_page,
    row_candidates,
    toc_outline_entries,
)
from extractors.rulefiles import load_rules
from extractors.text.normalize import char_overlap, compact, partial_similarity, prefix_similarity
from extractors.text.rows import Row, page_rows
from extractors.types import PageView
from extractors.vocabulary import vocabulary
from models.result import PageKind


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CoverCues(_Strict):
    labels: list[str] = Field(min_length=1)
    title_weight: float
    label_weight: float
    max_chars: int = Field(gt=0)


class FormCues(_Strict):
    strong: list[str] = Field(min_length=1)
    weak: list[str]
    strong_weight: float
    weak_weight: float
    continuation: list[str]
    continuation_heads: list[str] = []
    head_weight: float = 0.0


class TitledCues(_Strict):
    title: list[str]
    anywhere: list[str]
    title_weight: float
    weight: float
    max_weight: float = 99.0
    sparse_chars: int = 0
    sparse_weight: float = 0.0
    two_column_weight: float = 0.0


class BlankRule(_Strict):
    max_chars: int = Field(ge=0)
    max_ink: float = Field(ge=0, le=1)


class PageKindRules(_Strict):
    report_cover: CoverCues
    application_form: FormCues
    attachment: TitledCues
    other: TitledCues
    title_row_chars: int = Field(gt=0)
    title_row_top: float = Field(gt=0, le=1)
    blank: BlankRule


@cache
def rules() -> PageKindRules:
    """page_kinds.yaml, validated once."""
    return load_rules("page_kinds.yaml", PageKindRules)


# Viterbi states: the page kinds, with the form's continuation page as its own state so that
# only one prose page after a form is taken as part of it.
_STATES: tuple[str, ...] = (
    "report_cover",
    "report_body",
    "application_form",
    "form_more",
    "attachment",
    "other",
)
_KIND_OF: dict[str, PageKind] = {
    "report_cover": "report_cover",
    "report_body": "report_body",
    "application_form": "application_form",
    "form_more": "application_form",
    "attachment": "attachment",
    "other": "other",
}
_START = {
    "report_cover": 0.5,
    "other": 0.3,
    "application_form": 0.3,
    "attachment": -0.5,
    "form_more": -9.0,
}
# Bonuses for what usually follows what; unlisted pairs score 0. Soft, so that an unusual
# order with clear cues still reads right.
_TRANSITION: dict[tuple[str, str], float] = {
    ("report_cover", "report_body"): 1.0,
    ("report_cover", "report_cover"): -1.0,
    ("report_body", "report_body"): 1.0,
    ("report_body", "application_form"): 0.3,
    ("report_body", "attachment"): 0.3,
    ("report_body", "report_cover"): -0.5,
    ("report_body", "other"): -0.3,
    ("application_form", "application_form"): 0.6,
    ("application_form", "form_more"): 0.6,
    ("application_form", "attachment"): 0.3,
    ("application_form", "report_body"): -0.5,
    ("form_more", "attachment"): 0.3,
    # only a form is continued: a signing page after a report is the report's
    ("report_cover", "form_more"): -1.0,
    ("report_body", "form_more"): -1.0,
    ("attachment", "form_more"): -1.0,
    ("other", "form_more"): -1.0,
    ("form_more", "form_more"): -2.0,
    ("form_more", "report_body"): -0.5,
    ("attachment", "attachment"): 1.0,
    ("attachment", "report_body"): -1.0,
    ("other", "other"): 0.3,
    ("other", "report_cover"): 0.3,
    ("other", "application_form"): 0.3,
}


_HEADING_WEIGHT = 2.5  # per outline heading on the page (two at most)
# [real] A 目录 page whose entries are outline headings belongs to the report (the contract
# has no kind of its own for it); a contents list of the package's parts stays `other`.
_TOC_ENTRIES = 2
# [real] A page holding only the last lines of a chapter (a sentence run over, the page
# footer) is the report's body going on, not an attachment: a little for running prose.
_PROSE_TAIL = 0.4
_COVER_ANCHOR = 3.0  # a title, or two labels and a half: enough to call a page a cover


@dataclass(frozen=True, slots=True)
class PageEvidence:
    """What one page says about its own kind, before its neighbours are heard."""

    blank: bool
    scores: dict[str, float]


def classify_pages(views: list[PageView]) -> list[PageKind]:
    """One kind per page, in page order."""
    evidence = [page_evidence(v) for v in views]
    kinds: list[PageKind] = ["blank"] * len(views)
    inked = [i for i, e in enumerate(evidence) if not e.blank]
    for i, state in zip(inked, _viterbi([evidence[i].scores for i in inked]), strict=True):
        kinds[i] = _KIND_OF[state]
    return _without_unanchored_report(kinds, evidence)


def _without_unanchored_report(
    kinds: list[PageKind], evidence: list[PageEvidence]
) -> list[PageKind]:
    """Prose pages are a report only if something says so: a title page or an outline
    heading somewhere. A PDF that is no submission at all has neither."""
    anchored = any(
        not e.blank
        and (
            e.scores["report_cover"] >= _COVER_ANCHOR or e.scores["report_body"] >= _HEADING_WEIGHT
        )
        for e in evidence
    )
    if anchored:
        return kinds
    return ["other" if k in ("report_cover", "report_body") else k for k in kinds]


def _viterbi(emissions: list[dict[str, float]]) -> list[str]:
    if not emissions:
        return []
    score = {s: _START.get(s, 0.0) + emissions[0][s] for s in _STATES}
    back: list[dict[str, str]] = []
    for emission in emissions[1:]:
        step: dict[str, str] = {}
        new: dict[str, float] = {}
        for s in _STATES:
            prev = max(_STATES, key=lambda p: score[p] + _TRANSITION.get((p, s), 0.0))
            step[s] = prev
            new[s] = score[prev] + _TRANSITION.get((prev, s), 0.0) + emission[s]
        back.append(step)
        score = new
    state = max(_STATES, key=lambda s: score[s])
    path = [state]
    for step in reversed(back):
        state = step[state]
        path.append(state)
    return path[::-1]


def page_evidence(view: PageView) -> PageEvidence:
    """Cue scores of one page, or blank."""
    r = rules()
    rows = page_rows(view)
    text = "".join(row.text for row in rows)
    if len(text) <= r.blank.max_chars and ink_share(view) <= r.blank.max_ink:
        return PageEvidence(True, {})
    _, page_h = view.upright_size
    titles = [
        row.text
        for row in rows
        if len(row.text) <= r.title_row_chars and row.box[1] <= r.title_row_top * page_h
    ]
    prose = sum(1 for row in rows if len(row.text) >= 20)
    # Two columns of running text: a journal paper, never this report's own layout.
    columns = sum(1 for row in rows if sum(len(compact(ln.text)) >= 10 for ln in row.lines) >= 2)
    two_column = columns >= 5
    dense = prose >= 4 and not two_column
    toc = is_toc_page(rows)
    if toc:  # its entries name headings but are none: the report if they are the outline's
        headings = 2 if toc_outline_entries(rows) >= _TOC_ENTRIES else 0
    else:
        headings = min(_heading_rows(rows), 2)
    signing = _signing_only(rows, text, prose)
    scores = {
        "report_cover": _cover_score(rows, text),
        "report_body": _HEADING_WEIGHT * headings
        + (0.8 if dense else (_PROSE_TAIL if prose and not (two_column or toc) else 0.0))
        + (_SIGNING_TAIL if signing else 0.0),
        "application_form": _form_score(rows, text),
        "form_more": _SIGNING_TAIL if signing else _form_more_score(text, prose),
        "attachment": _titled_score(r.attachment, titles, text)
        + (r.attachment.two_column_weight if two_column else 0.0),
        "other": _titled_score(r.other, titles, text),
    }
    return PageEvidence(False, scores)


def ink_share(view: PageView) -> float:
    """Share of dark pixels on the page image, margins left out (scanner edges); 0 without
    an image."""
    if view.image is None or view.image.size == 0:
        return 0.0
    h, w = view.image.shape
    inner = view.image[h // 20 : h - h // 20, w // 20 : w - w // 20]
    return float(np.count_nonzero(inner < 128)) / max(1, inner.size)


def _cover_score(rows: list[Row], text: str) -> float:
    cues = rules().report_cover
    has_title = any(is_report_title(row.text) for row in rows)
    labels = sum(1 for label in cues.labels if _has_label(rows, label))
    score = cues.title_weight * has_title + cues.label_weight * labels
    if not has_title and not _has_label(rows, cues.labels[0]):
        # signing lines alone (项目负责人（签字） / 牵头单位（盖章）) carry two of the labels
        # but no title and no project name: a report's or form's last page, not a cover
        score = min(score, cues.label_weight)
    if len(text) > cues.max_chars:
        score -= 4.0
    return score


def _has_label(rows: list[Row], label: str) -> bool:
    return any(
        label in row.text or prefix_similarity(row.text, label, 1)[0] >= 0.75 for row in rows
    )


def _heading_rows(rows: list[Row]) -> int:
    """Rows that read as an outline heading on their own merit (numbered, close title)."""
    count = 0
    for row in rows:
        if len(row.text) > 80:
            continue
        cands = row_candidates(row)
        if cands and cands[0].similarity >= 0.8:
            count += 1
    return count


def _form_score(rows: list[Row], text: str) -> float:
    cues = rules().application_form
    # [real] Labels are short and end no sentence: a line of prose that mentions 验收申请 is
    # no 验收申请书 label read with a character lost.
    short = [row.text for row in rows if len(row.text) <= 40 and "。" not in row.text]
    strong = sum(1 for c in cues.strong if _has_cue(compact(c), text, short))
    weak = sum(1 for c in cues.weak if _has_cue(compact(c), text, short))
    return min(6.0, cues.strong_weight * strong + cues.weak_weight * weak)


def _has_cue(cue: str, text: str, short_rows: list[str]) -> bool:
    """Exactly anywhere, or with one OCR error in a short row (form labels are short)."""
    if cue in text:
        return True
    if len(cue) < 4:
        return False
    return any(
        char_overlap(row, cue) >= 0.7 and partial_similarity(row, cue) >= 0.75 for row in short_rows
    )


# [real] Signing and stamp lines alone on a page: the form's last rows broken onto the next
# page, or a report's closing signatures after its body. Either continues what it follows.
_SIGNING_TAIL = 1.2


def _signing_only(rows: list[Row], text: str, prose: int) -> bool:
    """Little more than signing or stamping lines (no title, no running text)."""
    if prose >= 2 or any(is_report_title(row.text) for row in rows):
        return False
    return any(w in text for w in vocabulary().sign_words + vocabulary().stamp_words)


_HEAD_CHARS = 60  # where a page says it continues (附页（续）), before its text


def _form_more_score(text: str, prose: int) -> float:
    """A continuation of the form's introduction: prose, perhaps saying it continues, or its
    last line or two under a heading that says so (附页（续）)."""
    form = rules().application_form
    cues = form.continuation
    if prose < 2 and not any(c in text[:_HEAD_CHARS] for c in cues):
        return -1.0
    headed = any(h in text[:_HEAD_CHARS] for h in form.continuation_heads)
    return 0.6 + 0.4 * sum(1 for c in cues if c in text) + (form.head_weight if headed else 0.0)


def _titled_score(cues: TitledCues, titles: list[str], text: str) -> float:
    in_title = sum(1 for c in cues.title if any(c in t for t in titles))
    anywhere = sum(1 for c in cues.anywhere if compact(c) in text)
    score = min(cues.max_weight, cues.title_weight * in_title + cues.weight * anywhere)
    if cues.sparse_chars and len(text) < cues.sparse_chars:
        score += cues.sparse_weight
    return score
