"""Dates as people write them on these forms -> ISO `YYYY-MM-DD`.

Handles 2023年9月15日, 2023.9.15, 2023-09-15, 2023/9/15, full-width digits, OCR's stray
spaces, Chinese numerals (二〇二三年九月十五日) and the two scripts mixed (2023年九月十六日).
A date that does not exist is no date.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

_NUMERIC = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:年|[.\-/／．])\s*(?P<m>\d{1,2})\s*(?:月|[.\-/／．])\s*(?P<d>\d{1,2})"
)
# 年/月/日 with Chinese numerals in any part (二〇二三年九月十五日, 2023年九月十六日)
_CN_OR_DIGITS = r"(?:[一二三四五六七八九十]{1,3}|\d{1,2})"
_WRITTEN = re.compile(
    rf"(?P<y>(?:19|20)\d{{2}}|[〇○零O一二三四五六七八九]{{4}})\s*年\s*(?P<m>{_CN_OR_DIGITS})\s*月"
    rf"\s*(?P<d>{_CN_OR_DIGITS})\s*[日号]"
)


def _cn_small(text: str) -> int:
    """一..三十一 (or Arabic digits) -> int."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first real date in `text` as (ISO, (start, end)) in the NFKC-normalised text."""
    norm = unicodedata.normalize("NFKC", text)
    for match in _NUMERIC.finditer(norm):
        iso = _valid(int(match["y"]), int(match["m"]), int(match["d"]))
        if iso:
            return iso, match.span()
    for match in _WRITTEN.finditer(norm):
        y = match["y"]
        year = int(y) if y.isdigit() else int("".join(str(_CN_DIGITS[c]) for c in y))
        iso = _valid(year, _cn_small(match["m"]), _cn_small(match["d"]))
        if iso:
            return iso, match.span()
    return None


def parse_date(text: str) -> str | None:
    """ISO date of the first date in `text`, or None."""
    found = find_date(text)
    return found[0] if found else None
