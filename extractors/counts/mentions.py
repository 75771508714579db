"""Count mentions and the numbers they stand on: each number of a sentence with its unit
(or none, for a table cell; or "" for a bare 3.2万), and the cue lookup the readers share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.counts.numerals import NUMBER_PATTERN, numeral_from_match
from extractors.counts.rules import Compiled, Family

_NUMBER = re.compile(NUMBER_PATTERN)
# Before a number: part of a code, a version or an ordinal, never a count.
_GLUED = re.compile(r"[0-9A-Za-z.\-/_#第]$")
RIGHT_STOP = re.compile(r"[，,。；;：:、（）()\n]")


@dataclass(slots=True)
class Mention:
    """A number read as a count. Offsets are into the sentence."""

    key: str | None
    family: str
    value: int
    approximate: bool
    start: int
    end: int  # end of the number and unit, or of the noun after them when that named it
    noun: str
    total: bool = False
    run: int = 0  # mentions listed together ("发明专利1项、实用新型专利1项") share a run
    table: bool = False
    sub: bool = False
    plan: bool = False


@dataclass(slots=True)
class Number:
    """A number with its unit, offsets into the sentence."""

    value: int
    approximate: bool
    start: int
    end: int  # after the unit
    unit: str | None


def counted_numbers(sentence: str, rules: Compiled) -> list[Number]:
    """Numbers that may be counts: followed by a unit, closing a table row, or scaled."""
    found = []
    for match in _NUMBER.finditer(sentence):
        numeral = numeral_from_match(match)
        core_start = match.start("core")
        start = match.start("pre") if match.group("pre") else core_start
        if numeral is None or _GLUED.search(sentence[:core_start]):
            continue
        unit_match = rules.unit.match(sentence, match.end())
        if unit_match:
            rest = sentence[unit_match.start(1) :]
            if any(rest.startswith(block) for block in rules.not_units):
                continue
            found.append(
                Number(
                    numeral.value, numeral.approximate, start, unit_match.end(), unit_match.group(1)
                )
            )
        elif _is_table_cell(sentence, match, rules):
            found.append(Number(numeral.value, False, start, match.end(), None))
        elif (match.group("scale") or re.search(r"[万亿]$", match.group("core"))) and re.match(
            r"\s*(?:[，,。；;、）)]|$)", sentence[match.end() :]
        ):
            found.append(Number(numeral.value, numeral.approximate, start, match.end(), ""))
    return found


def _is_table_cell(sentence: str, match: re.Match[str], rules: Compiled) -> bool:
    """A bare number closing a short row: "授权发明专利  2" or "发表论文 | 12"."""
    if len(sentence.strip()) > rules.rules.table_row_max_chars or match.group("pre"):
        return False
    if any(match.group(g) for g in ("mid", "scale", "post")):
        return False
    before = sentence[: match.start("core")]
    return bool(re.search(r"[\s|:：]$", before)) and not sentence[match.end() :].strip(" |\t")


def last_cue(family: Family, text: str) -> str | None:
    """The count whose cue ends last in `text`."""
    best: tuple[int, str] | None = None
    for key, cue in family.key_cues:
        for m in cue.finditer(text):
            if best is None or m.end() > best[0]:
                best = (m.end(), key)
    return best[1] if best else None


def family_named(rules: Compiled, name: str) -> Family:
    """The compiled family called `name`."""
    return next(f for f in rules.families if f.name == name)
