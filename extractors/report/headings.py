"""Recognise Annex 1 outline headings on one page's rows, each with the sections it may be.

A row is a heading candidate when it starts with a numbering prefix (一、 （一） 1. 2.1 第一章,
and OCR's misreadings of them) followed by a title, or is a title alone. The document-level
choice among candidates (template order) is `outline`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from extractors.rulefiles import load_rules, require_keys
from extractors.text.normalize import char_overlap, prefix_similarity
from extractors.text.rows import Row
from models.template import SECTION_IDS, SECTIONS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TitleRules(_Strict):
    title: list[str] = Field(min_length=1)
    annual: list[str] = Field(min_length=1)
    acceptance: list[str] = Field(min_length=1)
    acceptance_context: list[str] = Field(default_factory=list)


class Thresholds(_Strict):
    numbered: float = Field(gt=0, le=1)
    bare: float = Field(gt=0, le=1)
    loose_overlap: float = Field(gt=0, le=1)


class OutlineRules(_Strict):
    report_title: TitleRules
    sections: dict[str, list[str]]
    numeral_confusions: dict[str, int]
    thresholds: Thresholds

    @field_validator("sections")
    @classmethod
    def _known_ids(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        require_keys(value, set(), known=set(SECTION_IDS))
        return value


@cache
def rules() -> OutlineRules:
    """outline.yaml, validated once."""
    return load_rules("outline.yaml", OutlineRules)


@cache
def _variants() -> dict[str, tuple[str, ...]]:
    """Per section id: the template title first, then the extra spellings (compact form)."""
    extra = rules().sections
    return {sid: (title, *(v for v in extra.get(sid, []) if v != title)) for sid, title in SECTIONS}


def is_report_title(text: str) -> bool:
    """A compact row that reads as the report's title: a title word near its end, no
    sentence punctuation (a letter that mentions "总结报告" in a sentence is no title)."""
    if len(text) > 40 or any(p in text for p in "。,;"):
        return False
    for cue in rules().report_title.title:
        at = text.rfind(cue)
        if at >= 0 and len(text) - (at + len(cue)) <= 10:
            return True
    return False


@cache
def _variant_chars() -> dict[str, tuple[frozenset[str], ...]]:
    return {sid: tuple(frozenset(v) for v in variants) for sid, variants in _variants().items()}


@cache
def _longest_variant() -> int:
    return max(len(v) for variants in _variants().values() for v in variants)


_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_NUM = r"[一二三四五六七八九十\d\-_~=lI|]{1,3}"
_PREFIX = re.compile(
    rf"^(?:第(?P<chapter>{_NUM})(?:章|部分|节|、|\.)"
    rf"|[(\[](?P<paren>{_NUM})[)\]]?"
    r"|(?P<bare_paren>[(\[][)\]])"  # OCR lost the numeral: （）
    r"|(?P<bare_sep>[、,.])(?=\D)"  # ... or everything but its 、
    r"|(?P<major>\d{1,2})[.,、](?P<minor>\d{1,2})(?![\d])[.,、]?"
    r"|(?P<arabic>\d{1,2})(?:[.,、:)]|(?=\D))"
    r"|(?P<cn>[一二三四五六七八九十]{1,2}|[\-_~=])[、,.:]?"
    rf"|(?P<circled>[{_CIRCLED}])"
    r")[\s、,.:]*"
)


@dataclass(frozen=True, slots=True)
class Numbering:
    style: str  # chapter | paren | dotted | arabic | cn | circled | none
    value: int | None
    major: int | None = None  # for dotted 2.1


def _numeral(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    confusions = rules().numeral_confusions
    if len(token) == 1:
        return _CN.get(token, confusions.get(token))
    if token.startswith("十"):  # 十一..十九
        return 10 + (_CN.get(token[1], 0) if len(token) > 1 else 0)
    if len(token) == 2 and token[1] == "十":
        return _CN.get(token[0], 0) * 10
    return None


def parse_numbering(text: str) -> tuple[Numbering, str]:
    """Split a compact row into its numbering prefix and the rest."""
    match = _PREFIX.match(text)
    if not match:
        return Numbering("none", None), text
    rest = text[match.end() :]
    if match["bare_paren"]:
        return Numbering("paren", None), rest
    if match["bare_sep"]:
        return Numbering("cn", None), rest
    for style in ("chapter", "paren", "arabic", "cn", "circled"):
        token = match[style]
        if token:
            value = _CIRCLED.index(token) + 1 if style == "circled" else _numeral(token)
            return Numbering(style, value), rest
    return Numbering("dotted", int(match["minor"]), int(match["major"])), rest


@dataclass(frozen=True, slots=True)
class Candidate:
    """One way to read one row as a heading."""

    section: str
    score: float  # similarity adjusted for numbering; compare within a document
    similarity: float  # title similarity alone, 0..1
    title_len: int  # characters of the row taken by numbering + title
    numbered: bool


def _numbering_fit(num: Numbering, section: str) -> float:
    """Bonus (or penalty) for how well the numbering agrees with the section's place."""
    if num.style == "none":
        return 0.0
    major, _, minor = section.partition(".")
    if num.value is None:  # a numbering whose numeral OCR lost: the level still tells
        return -0.1 if (num.style == "cn") == bool(minor) else 0.05
    if num.style == "dotted":
        if not minor:
            return -0.15
        return 0.25 if (num.major, num.value) == (int(major), int(minor)) else -0.05
    level1_only = num.style in ("cn", "chapter")
    if minor:
        fit = 0.1 if num.value == int(minor) else -0.05
        return fit - (0.12 if level1_only else 0.0)
    fit = 0.15 if num.value == int(major) else -0.05
    return fit - (0.05 if num.style == "circled" else 0.0)


def row_candidates(row: Row) -> list[Candidate]:
    """Every section this row may be the heading of, best first (empty: not a heading)."""
    return text_candidates(row.text)


def text_candidates(text: str) -> list[Candidate]:
    """As `row_candidates`, for compact text."""
    if len(text) < 2 or _looks_like_toc_entry(text):
        return []
    num, rest = parse_numbering(text)
    if not rest or (num.style == "none" and len(rest) > _longest_variant() + 2):
        return []  # unnumbered, a heading must be the title alone
    th = rules().thresholds
    found: list[Candidate] = []
    head = set(rest[: _longest_variant() + 3])
    for section, variants in _variants().items():
        best: tuple[float, int] | None = None
        for i, (variant, chars) in enumerate(zip(variants, _variant_chars()[section], strict=True)):
            if len(head & chars) < 0.5 * len(chars):  # cheap pre-filter
                continue
            sim, length = prefix_similarity(rest, variant, floor=th.numbered)
            sim *= 1.0 if i == 0 else 0.98  # the template's spelling wins a tie
            if best is None or sim > best[0]:
                best = (sim, length)
        if (best is None or best[0] < th.numbered) and _number_agrees(num, section):
            # a reworded title under the right number: the close spellings all fell short
            loose = _loose_match(rest, variants)
            best = loose if loose and (best is None or loose[0] > best[0]) else best
        if best is None:
            continue
        sim, length = best
        alone = len(rest) - length <= 1  # the row is the title (perhaps plus a colon)
        if num.style == "none" and not (alone and sim >= th.bare):
            continue
        if sim < th.numbered:
            continue
        score = sim + _numbering_fit(num, section) + (0.05 if alone else 0.0)
        found.append(
            Candidate(
                section,
                round(score, 4),
                round(sim, 4),
                len(text) - len(rest) + length,
                num.style != "none",
            )
        )
    return sorted(found, key=lambda c: -c.score)


def _number_agrees(num: Numbering, section: str) -> bool:
    """The prefix is exactly this section's number at its level (一、 for 1, 2.1 for 2.1)."""
    major, _, minor = section.partition(".")
    if num.value is None:
        return False
    if num.style == "dotted":
        return (num.major, num.value) == (int(major), int(minor or 0))
    if minor:  # 1. and (一) number sub-sections too; template order picks which chapter
        return num.style not in ("cn", "chapter") and num.value == int(minor)
    return num.style != "circled" and num.value == int(major)


def _loose_match(rest: str, variants: tuple[str, ...]) -> tuple[float, int] | None:
    """A reworded title under the right number ("七、其他需要说明的情况"): enough of the
    template's characters, in a heading-length line, make a weak candidate."""
    if len(rest) > 2 * len(variants[0]) + 4:
        return None
    overlap = max(char_overlap(rest, v) for v in variants)
    if overlap < rules().thresholds.loose_overlap:
        return None
    return 0.45 + 0.4 * overlap, len(rest)


_TOC_ENTRY = re.compile(r"(?:\.{3,}|…+|-{3,}|_{3,})\s*\d{1,3}$")
_ENDS_IN_PAGE_NUMBER = re.compile(r"\D\d{1,3}$")


def is_toc_page(rows: list[Row]) -> bool:
    """A table of contents: titled 目录, or several heading-like rows ending in page numbers.
    Its entries name the headings; the headings themselves are on later pages."""
    if any(row.text in ("目录", "目次") for row in rows[:5]):
        return True
    entries = 0
    for row in rows:
        if _TOC_ENTRY.search(row.text):
            entries += 1
        elif _ENDS_IN_PAGE_NUMBER.search(row.text):
            entries += bool(text_candidates(row.text.rstrip("0123456789")))
    return entries >= 3


def toc_outline_entries(rows: list[Row]) -> int:
    """Entries of a contents page that name outline headings (leaders and page numbers
    taken off): a report's own 目录, not a list of the package's parts."""
    count = 0
    for row in rows:
        entry = _TOC_ENTRY.sub("", row.text)
        entry = entry.rstrip("0123456789").rstrip(".…-_ ")
        count += bool(entry) and bool(text_candidates(entry))
    return count


def _looks_like_toc_entry(text: str) -> bool:
    """A table-of-contents line (title, dot leaders, page number) names a heading, is not one."""
    return bool(_TOC_ENTRY.search(text))
