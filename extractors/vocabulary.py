"""The shared vocabulary (rules/vocabulary.yaml): unit suffixes, seal words and signing words
that the cover, the form, the marks and the reconcile stage all use."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from extractors.rulefiles import load_rules


class Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    unit_suffixes: list[str] = Field(min_length=1)
    seal_words: list[str] = Field(min_length=1)
    seal_symbols: list[str]
    sign_words: list[str] = Field(min_length=1)
    stamp_words: list[str] = Field(min_length=1)


@cache
def vocabulary() -> Vocabulary:
    """vocabulary.yaml, validated once."""
    return load_rules("vocabulary.yaml", Vocabulary)
