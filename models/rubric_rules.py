"""The Annex 3 scoring rules (`models/rubric.yaml`) as validated pydantic models: the ten
indicators in template order, each scored from count levels and section text levels."""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.template import COUNT_KEYS, RUBRIC, SECTION_IDS

RULES_PATH = Path(__file__).parent / "rubric.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(_Strict):
    """From `min` upward (count value or body characters), `points`."""

    min: float = Field(ge=0)
    points: float = Field(ge=0)


def _check_levels(levels: list[Level]) -> list[Level]:
    for lower, higher in pairwise(levels):
        if higher.min <= lower.min:
            raise ValueError("level thresholds must strictly increase")
        if higher.points < lower.points:
            raise ValueError("points must not fall as the threshold rises")
    return levels


class CountPart(_Strict):
    keys: list[str] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)

    _levels = field_validator("levels")(_check_levels)

    @field_validator("keys")
    @classmethod
    def _known(cls, keys: list[str]) -> list[str]:
        unknown = set(keys) - set(COUNT_KEYS)
        if unknown:
            raise ValueError(f"unknown counts {sorted(unknown)}")
        return keys


class SectionPart(_Strict):
    id: str
    levels: list[Level] = Field(min_length=1)

    _levels = field_validator("levels")(_check_levels)

    @field_validator("id")
    @classmethod
    def _known(cls, sid: str) -> str:
        if sid not in SECTION_IDS:
            raise ValueError(f"unknown section id {sid!r}")
        return sid


class Indicator(_Strict):
    id: str
    max: float = Field(gt=0)
    counts: list[CountPart] = Field(default_factory=list)
    sections: list[SectionPart] = Field(default_factory=list)

    @model_validator(mode="after")
    def _within_max(self) -> Indicator:
        if not self.counts and not self.sections:
            raise ValueError(f"{self.id}: no counts and no sections to score from")
        parts: list[CountPart | SectionPart] = [*self.counts, *self.sections]
        for part in parts:
            if part.levels[-1].points > self.max:
                raise ValueError(f"{self.id}: a level gives more points than the max {self.max}")
        return self


class RubricRules(_Strict):
    count_units: dict[str, str]
    # How a claimed count scores against its evidence (佐证材料): `claimed` as stated, or
    # `evidenced` only as far as distinct, related evidence items back it.
    unevidenced_claims: Literal["claimed", "evidenced"] = "claimed"
    indicators: list[Indicator]

    @model_validator(mode="after")
    def _the_ten(self) -> RubricRules:
        ids = tuple(ind.id for ind in self.indicators)
        expected = tuple(r[0] for r in RUBRIC)
        if ids != expected:
            raise ValueError(f"indicators must be the ten of Annex 3 in order: {expected}")
        for ind, (_, name, mx) in zip(self.indicators, RUBRIC, strict=True):
            if ind.max != mx:
                raise ValueError(f"{ind.id} ({name}): max {ind.max} differs from Annex 3's {mx}")
        missing = set(COUNT_KEYS) - set(self.count_units)
        if missing or set(self.count_units) - set(COUNT_KEYS):
            raise ValueError("count_units must name each count exactly")
        return self


def parse_rubric_rules(data: Any) -> RubricRules:
    """Validate YAML data; raises pydantic.ValidationError when invalid."""
    return RubricRules.model_validate(data)


@cache
def load_rubric_rules() -> RubricRules:
    """rubric.yaml, validated once."""
    return parse_rubric_rules(yaml.safe_load(RULES_PATH.read_text(encoding="utf-8")))
