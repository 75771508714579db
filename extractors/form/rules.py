"""The Annex 2 vocabulary (rules/form.yaml): form cues, field labels, template instructions and
the direction-box settings, validated once on first use.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from extractors.text.normalize import compact
from models.template import APPLICATION_FIELDS

RULES_PATH = Path(__file__).parent.parent / "rules" / "form.yaml"
# Row labels that are not contract fields but steer the reading.
_EXTRA_LABELS = {"contact", "directions"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FormCues(_Strict):
    title: list[str] = Field(min_length=1)
    labels: list[str] = Field(min_length=1)
    min_labels: int = Field(ge=1)


class DirectionRules(_Strict):
    other: list[str] = Field(min_length=1)
    box_glyphs: str
    tick_glyphs: str
    ticked: float = Field(gt=0, lt=1)
    clear: float = Field(ge=0, lt=1)
    halo_ticked: float = Field(gt=0, lt=1)

    @model_validator(mode="after")
    def _ordered(self) -> DirectionRules:
        if self.clear >= self.ticked:
            raise ValueError("directions.clear must be below directions.ticked")
        return self


class FormRules(_Strict):
    form_cues: FormCues
    continuation: list[str] = Field(min_length=1)
    labels: dict[str, list[str]]
    stamp_word_garbles: list[str]
    instructions: list[str]
    attachment_note: str
    attachment_titles: list[str] = Field(min_length=1)
    unit_separators: list[str] = Field(min_length=1)
    unit_continuations: list[str]
    directions: DirectionRules
    email_endings: dict[str, str]

    @field_validator("labels")
    @classmethod
    def _known_fields(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        known = {key for key, _ in APPLICATION_FIELDS} | _EXTRA_LABELS
        unknown = set(value) - known
        missing = known - set(value)
        if unknown or missing:
            raise ValueError(f"labels: unknown {sorted(unknown)}, missing {sorted(missing)}")
        if any(not spellings for spellings in value.values()):
            raise ValueError("labels: every field needs at least one spelling")
        # Compared in compact form: store them so, longest first (一 label may hold another).
        return {
            key: sorted({compact(s) for s in spellings}, key=len, reverse=True)
            for key, spellings in value.items()
        }

    @field_validator("attachment_note")
    @classmethod
    def _compiles(cls, value: str) -> str:
        re.compile(value)  # a broken pattern fails at load, not mid-document
        return value

    @field_validator("instructions", "continuation")
    @classmethod
    def _compact(cls, value: list[str]) -> list[str]:
        return sorted({compact(s) for s in value}, key=len, reverse=True)


@cache
def rules() -> FormRules:
    """form.yaml, validated once."""
    return FormRules.model_validate(yaml.safe_load(RULES_PATH.read_text(encoding="utf-8")))
