"""The evidence vocabulary (rules/evidence.yaml) as validated models, loaded once."""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from extractors.rulefiles import load_rules
from extractors.vocabulary import vocabulary
from models.template import COUNT_KEYS, EVIDENCE_KINDS

# The kinds a reader tells apart; anything else is "other".
KINDS = tuple(kind for kind, _ in EVIDENCE_KINDS if kind != "other")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldRule(_Strict):
    labels: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    pattern: str | None = None
    by: Literal["largest", "affiliations"] | None = None
    fallback: Literal["last_bare"] | None = None
    suffix: str | None = None


class KindRules(_Strict):
    titles: list[str]
    cues: list[str] = Field(min_length=1)
    number: FieldRule
    title: FieldRule
    holders: FieldRule
    date: FieldRule
    counts_toward: str | None

    @field_validator("counts_toward")
    @classmethod
    def _known(cls, key: str | None) -> str | None:
        if key is not None and key not in COUNT_KEYS:
            raise ValueError(f"unknown count {key!r}")
        return key


class TitleRows(_Strict):
    max_chars: int = Field(gt=0)
    top_share: float = Field(gt=0, le=1)
    fuzzy_min: float = Field(gt=0, le=1)


class AwardRules(_Strict):
    national: list[str] = Field(min_length=1)
    provincial: list[str] = Field(min_length=1)
    counts_toward: dict[Literal["national", "provincial", "other"], str | None]


class EvidenceRules(_Strict):
    title_rows: TitleRows
    cue_weight: float = Field(gt=0)
    title_weight: float = Field(gt=0)
    start_min_cues: float = Field(gt=0)
    paper_start: list[str] = Field(min_length=1)
    paper_start_min: int = Field(ge=1)
    kinds: dict[str, KindRules]
    patterns: dict[str, str]
    awards: AwardRules
    other_labels: list[str]
    holder_separators: list[str] = Field(min_length=1)
    holder_trailing: list[str]
    glue_endings: list[str]
    glue_branches: list[str]
    glue_min: int = Field(ge=2)

    @model_validator(mode="after")
    def _complete(self) -> EvidenceRules:
        if tuple(self.kinds) != KINDS:
            raise ValueError(f"kinds must be {KINDS} in this order")
        for name, kind in self.kinds.items():
            pattern = kind.number.pattern
            if pattern is None or pattern not in self.patterns:
                raise ValueError(f"{name}: number.pattern must name one of `patterns`")
        for name, source in self.patterns.items():
            try:
                re.compile(self.expand(source))
            except re.error as exc:
                raise ValueError(f"patterns.{name}: {exc}") from exc
        return self

    def expand(self, source: str) -> str:
        """`#` -> a digit as OCR may print it."""
        digit = "[0-9" + re.escape("".join(vocabulary().digit_confusions)) + "]"
        return source.replace("#", digit)

    def pattern(self, name: str) -> re.Pattern[str]:
        return _compiled(self.expand(self.patterns[name]))


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


@cache
def evidence_rules() -> EvidenceRules:
    return load_rules("evidence.yaml", EvidenceRules)


def counts_toward(kind: str, level: str | None) -> str | None:
    """The count an item of `kind` (an award: at `level`) evidences, as the rules say."""
    rules = evidence_rules()
    if kind == "award_certificate":
        levels = rules.awards.counts_toward
        return next((v for k, v in levels.items() if k == (level or "other")), None)
    kr = rules.kinds.get(kind)
    return kr.counts_toward if kr else None
