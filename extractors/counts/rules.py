"""The counts vocabulary (`rules/counts.yaml`): pydantic schema, checks, and the compiled form
the statement reader uses. Loaded once, on first use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from extractors.counts.numerals import NUMERAL_CHARS
from models.template import COUNT_KEYS, SECTION_IDS

RULES_PATH = Path(__file__).parent.parent / "rules" / "counts.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_patterns(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"bad pattern {pattern!r}: {exc}") from exc
    return patterns


def _check_pattern(pattern: str) -> str:
    return _check_patterns([pattern])[0]


def _known_count(key: str) -> str:
    if key not in COUNT_KEYS:
        raise ValueError(f"unknown count {key!r}")
    return key


class KeyRule(_Strict):
    key: str
    cues: list[str] = Field(default_factory=list)

    _known = field_validator("key")(_known_count)
    _patterns = field_validator("cues")(_check_patterns)


class ImpliedZero(_Strict):
    pattern: str
    key: str

    _pattern = field_validator("pattern")(_check_pattern)
    _known = field_validator("key")(_known_count)


class FamilyRule(_Strict):
    nouns: list[str] = Field(min_length=1)
    units: list[str] = Field(min_length=1)
    keys: list[KeyRule] = Field(min_length=1)
    default: str | None = None
    requires: list[str] = Field(default_factory=list)
    excludes: list[str] = Field(default_factory=list)
    sub_cues: list[str] = Field(default_factory=list)
    named_after: list[str] = Field(default_factory=list)
    named_suffix: str | None = None
    bare_scaled: bool = False
    pending: list[str] = Field(default_factory=list)

    _patterns = field_validator(
        "nouns", "requires", "excludes", "sub_cues", "named_after", "pending"
    )(_check_patterns)

    @model_validator(mode="after")
    def _default_is_a_key(self) -> FamilyRule:
        if self.default is not None and self.default not in {k.key for k in self.keys}:
            raise ValueError(f"default {self.default!r} is not one of the family's keys")
        if len(self.keys) == 1 and self.default is None:
            # one key, nothing to choose: it is the default
            object.__setattr__(self, "default", self.keys[0].key)
        return self


class CountRules(_Strict):
    units: list[str] = Field(min_length=1)
    not_units: list[str] = Field(default_factory=list)
    vague_quantities: list[str] = Field(default_factory=list)
    fillers: list[str]
    sub_markers: list[str]
    total_cues: list[str]
    zero_cues: list[str] = Field(default_factory=list)
    zero_verbs: list[str] = Field(default_factory=list)
    zero_reach: int = Field(default=10, gt=0)
    implied_zero: list[ImpliedZero] = Field(default_factory=list)
    plan_cues: list[str]
    reset_cues: list[str]
    plan_sections: list[str]
    form_labels: list[str] = Field(default_factory=list)
    prefer_sections: dict[str, list[str]]
    table_row_max_chars: int = Field(gt=0)
    families: dict[str, FamilyRule]

    _patterns = field_validator(
        "fillers",
        "vague_quantities",
        "sub_markers",
        "total_cues",
        "zero_cues",
        "zero_verbs",
        "plan_cues",
        "reset_cues",
    )(_check_patterns)

    @model_validator(mode="after")
    def _consistent(self) -> CountRules:
        keys = [k.key for fam in self.families.values() for k in fam.keys]
        missing = set(COUNT_KEYS) - set(keys)
        if missing:
            raise ValueError(f"counts with no family: {sorted(missing)}")
        if len(keys) != len(set(keys)):
            raise ValueError("a count belongs to more than one family")
        for name, fam in self.families.items():
            unknown = set(fam.units) - set(self.units)
            if unknown:
                raise ValueError(f"family {name}: units not in the unit list: {sorted(unknown)}")
        for key, ids in self.prefer_sections.items():
            if key != "default" and key not in COUNT_KEYS:
                raise ValueError(f"prefer_sections: unknown count {key!r}")
            bad = set(ids) - set(SECTION_IDS)
            if bad:
                raise ValueError(f"prefer_sections.{key}: unknown section ids {sorted(bad)}")
        if "default" not in self.prefer_sections:
            raise ValueError("prefer_sections needs a default")
        if set(self.plan_sections) - set(SECTION_IDS):
            raise ValueError("plan_sections: unknown section ids")
        return self


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    # Longest first so that 人次 wins over 人 and 软件著作权 over 著作权.
    ordered = sorted(patterns, key=len, reverse=True)
    return re.compile("|".join(f"(?:{p})" for p in ordered)) if ordered else re.compile(r"(?!)")


@dataclass(frozen=True, slots=True)
class Family:
    """One family, compiled."""

    name: str
    nouns: re.Pattern[str]
    units: frozenset[str]
    key_cues: tuple[tuple[str, re.Pattern[str]], ...]
    default: str | None
    requires: re.Pattern[str] | None
    excludes: re.Pattern[str] | None
    sub_cues: re.Pattern[str]
    named_after: re.Pattern[str] | None
    named_suffix: str | None
    bare_scaled: bool
    pending: re.Pattern[str] | None

    def accepts(self, unit: str | None) -> bool:
        """Unit None is a table cell (any family); "" a bare scaled number (3.2万)."""
        if unit is None:
            return True
        return self.bare_scaled if unit == "" else unit in self.units


@dataclass(frozen=True, slots=True)
class Compiled:
    """The rules ready for matching."""

    rules: CountRules
    unit: re.Pattern[str]
    not_units: tuple[str, ...]
    vague: re.Pattern[str]  # a quantity without a number, with its unit: "若干名"
    families: tuple[Family, ...]
    fillers: re.Pattern[str]
    sub_marker: re.Pattern[str]
    total: re.Pattern[str]
    zero: re.Pattern[str]
    zero_verb: re.Pattern[str]
    implied_zero: tuple[tuple[re.Pattern[str], str], ...]
    plan: re.Pattern[str]
    reset: re.Pattern[str]

    def prefer(self, key: str) -> list[str]:
        return self.rules.prefer_sections.get(key, self.rules.prefer_sections["default"])


def compile_rules(rules: CountRules) -> Compiled:
    """Regexes built once from validated rules."""
    families = tuple(
        Family(
            name=name,
            nouns=_alternation(fam.nouns),
            units=frozenset(fam.units),
            key_cues=tuple((k.key, _alternation(k.cues)) for k in fam.keys if k.cues),
            default=fam.default,
            requires=_alternation(fam.requires) if fam.requires else None,
            excludes=_alternation(fam.excludes) if fam.excludes else None,
            sub_cues=_alternation(fam.sub_cues),
            named_after=_alternation(fam.named_after) if fam.named_after else None,
            named_suffix=fam.named_suffix,
            bare_scaled=fam.bare_scaled,
            pending=_alternation(fam.pending) if fam.pending else None,
        )
        for name, fam in rules.families.items()
    )
    units = "|".join(sorted(map(re.escape, rules.units), key=len)[::-1])
    vague = _alternation(rules.vague_quantities).pattern if rules.vague_quantities else "(?!)"
    return Compiled(
        rules=rules,
        unit=re.compile(r"\s*(" + units + ")"),
        not_units=tuple(rules.not_units),
        vague=re.compile(rf"(?<![\d{NUMERAL_CHARS}])(?:{vague})\s*(?:{units})"),
        families=families,
        fillers=_alternation(rules.fillers),
        sub_marker=_alternation(rules.sub_markers),
        total=_alternation(rules.total_cues),
        zero=_alternation(rules.zero_cues),
        zero_verb=_alternation(rules.zero_verbs),
        implied_zero=tuple((re.compile(z.pattern), z.key) for z in rules.implied_zero),
        plan=_alternation(rules.plan_cues),
        reset=_alternation(rules.reset_cues),
    )


def parse_rules(data: Any) -> Compiled:
    """Validate YAML data into compiled rules; raises pydantic.ValidationError when invalid."""
    return compile_rules(CountRules.model_validate(data))


@cache
def load_rules() -> Compiled:
    """counts.yaml, validated and compiled once."""
    return parse_rules(yaml.safe_load(RULES_PATH.read_text(encoding="utf-8")))
