"""Numbers as reports write them: Arabic, full-width, Chinese (十二, 两, 一百零五), mixed (3千),
scaled by 万/千/百 (3.2万 -> 32000) and hedged (20余, 约30, 超过100: value as stated, approximate).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from extractors.counts.textflow import fold_width

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_UNITS = "十百千万亿"
NUMERAL_CHARS = _CN_DIGITS + _CN_UNITS  # what a written number is made of, besides digits
# Approximation words directly before a number (约30) or after it (20余, 三十多).
APPROX_BEFORE = ("大约", "将近", "接近", "超过", "约", "近", "逾", "超")
APPROX_AFTER = ("余", "多")

_CORE = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"  # 12, 1,200, 3.2
    rf"(?:[{_CN_UNITS}](?:[{_CN_DIGITS}\d][{_CN_UNITS}])*)?"  # 3千, 4千5百, 3.2万
    rf"|[{_CN_DIGITS}十][{_CN_DIGITS}{_CN_UNITS}]*"  # 十二, 一百零五, 两千
)
# Group names: pre (hedge before), core, mid (余 between number and 万), scale, post (hedge).
NUMBER_PATTERN = (
    rf"(?P<pre>{'|'.join(APPROX_BEFORE)})?\s*"
    rf"(?P<core>{_CORE})"
    rf"(?P<mid>{'|'.join(APPROX_AFTER)})?"
    r"(?P<scale>[万千亿](?![元])|)"
    rf"(?P<post>{'|'.join(APPROX_AFTER)})?"
)
_NUMBER = re.compile(NUMBER_PATTERN)
_SCALE = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}


@dataclass(frozen=True, slots=True)
class Numeral:
    """One number found in text: its integer value, whether hedged, and where it was."""

    value: int
    approximate: bool
    start: int
    end: int
    text: str


@cache
def _cn2an() -> Any:
    import cn2an  # imported on first use: it costs a quarter second

    return cn2an


def core_value(core: str) -> float | None:
    """Value of the bare number (no hedges): '3.2万' -> 32000.0, '一百零五' -> 105.0."""
    core = fold_width(core).replace(",", "")
    if not core:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", core):
        return float(core)
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千万亿])", core)
    if match:  # cn2an rounds 3.2万 fine but not 1.25千; do the plain case ourselves
        return float(match.group(1)) * _SCALE[match.group(2)]
    try:
        value = _cn2an().cn2an(core, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(value)


def _to_count(value: float | None) -> int | None:
    if value is None or value < 0:
        return None
    rounded = round(value)
    return rounded if abs(value - rounded) < 1e-6 else None


def numeral_from_match(match: re.Match[str], offset: int = 0) -> Numeral | None:
    """The Numeral of one `NUMBER_PATTERN` match; None when it is not a whole count."""
    base = core_value(match.group("core"))
    if base is None:
        return None
    value = _to_count(base * _SCALE[match.group("scale") or ""])
    if value is None:
        return None
    hedged = any(match.group(g) for g in ("pre", "mid", "post"))
    return Numeral(value, hedged, match.start() + offset, match.end() + offset, match.group(0))


def find_numbers(text: str) -> Iterator[Numeral]:
    """Every whole-count number in `text`, left to right."""
    folded = fold_width(text)
    for match in _NUMBER.finditer(folded):
        numeral = numeral_from_match(match)
        if numeral is not None:
            yield numeral


def parse_number(text: str) -> Numeral | None:
    """The number that is all of `text` (surrounding spaces aside), or None."""
    stripped = fold_width(text).strip()
    match = _NUMBER.fullmatch(stripped)
    return numeral_from_match(match) if match else None
