"""The shared vocabulary (rules/vocabulary.yaml): unit suffixes, seal words, signing words and
OCR's letters for digits, that the cover, the form, the evidence reader, the marks and the
reconcile stage all use."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from extractors.rulefiles import load_rules


class Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    unit_suffixes: list[str] = Field(min_length=1)
    seal_words: list[str] = Field(min_length=1)
    seal_symbols: list[str]
    sign_words: list[str] = Field(min_length=1)
    stamp_words: list[str] = Field(min_length=1)
    digit_confusions: dict[str, str] = Field(min_length=1)

    @field_validator("digit_confusions")
    @classmethod
    def _one_to_one(cls, table: dict[str, str]) -> dict[str, str]:
        bad = {k: v for k, v in table.items() if len(k) != 1 or len(v) != 1 or not v.isdigit()}
        if bad:
            raise ValueError(f"digit_confusions: one character to one digit, not {bad}")
        return table


@cache
def vocabulary() -> Vocabulary:
    """vocabulary.yaml, validated once."""
    return load_rules("vocabulary.yaml", Vocabulary)
