"""Dates as people write them on these forms -> ISO `YYYY-MM-DD`.

Handles 2023年9月15日, 2023.9.15, 2023-09-15, 2023/9/15, full-width digits, OCR's stray
spaces, Chinese numerals (二〇二三年九月十五日) and the two scripts mixed (2023年九月十六日).
A date that does not exist is no date.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache

from extractors.vocabulary import vocabulary

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


# OCR's letters for digits (the shared vocabulary) inside a 年…月…日 date, where the
# characters around them say they are digits (2023年C9月07日). The table reads a round letter
# as 6 (a 6 whose loop broke); in a date it may as well be a 0, and the calendar decides.
@cache
def _readings() -> tuple[re.Pattern[str], tuple[dict[int, str], ...]]:
    table = vocabulary().digit_confusions
    digit = "[\\d" + "".join(re.escape(c) for c in table) + "]"
    shape = re.compile(rf"{digit}{{4}}\s*年\s*{digit}{{1,2}}\s*月\s*{digit}{{1,2}}")
    zero = {ord(k): "0" if v == "6" else v for k, v in table.items()}
    return shape, ({ord(k): v for k, v in table.items()}, zero)


def find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first real date in `text` as (ISO, (start, end)) in the NFKC-normalised text."""
    norm = unicodedata.normalize("NFKC", text)
    found = _find_clean(norm)
    if found:
        return found
    shape, tables = _readings()
    for match in shape.finditer(norm):
        for table in tables:
            fixed = _find_clean(match.group().translate(table))
            if fixed:
                return fixed[0], match.span()
    return None


def _find_clean(norm: str) -> tuple[str, tuple[int, int]] | None:
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


_MONTH_DAY = re.compile(
    rf"(?P<y>[^年\s]{{0,4}})\s*年\s*(?P<m>{_CN_OR_DIGITS})\s*月\s*(?P<d>{_CN_OR_DIGITS})\s*[日号]?"
)


def find_month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of a 年…月…日 date whose year is unreadable (20..年7月21日: a seal over
    the year's digits); None when there is none, or when the whole date reads."""
    norm = unicodedata.normalize("NFKC", text)
    if find_date(norm):
        return None
    for match in _MONTH_DAY.finditer(norm):
        month, day = _cn_small(match["m"]), _cn_small(match["d"])
        if _valid(2000, month, day):  # 2000: a leap year, so 2月29日 is a month and day
            return month, day
    return None


# The years a programme's documents can carry: what a written year with a lost numeral may be.
_YEARS = range(2015, 2036)


def lost_numeral_date(text: str) -> str | None:
    """ISO date of a written 年…月…日 date whose year lost one numeral to OCR (the 〇 of
    二〇二二 is a thin ring; the first 二 sits at a line's edge): 二二二年九月二十一日 and
    〇二二年九月二十三日 are 2022. Only where exactly one year in _YEARS fits."""
    norm = unicodedata.normalize("NFKC", text)
    for match in _MONTH_DAY.finditer(norm):
        y = match["y"][-3:]
        if len(y) != 3 or any(c not in _CN_DIGITS or c == "O" for c in y):
            continue
        years = set()
        for at in range(4):
            for c in "〇二":
                digits = "".join(str(_CN_DIGITS[ch]) for ch in y[:at] + c + y[at:])
                if int(digits) in _YEARS:
                    years.add(int(digits))
        month, day = _cn_small(match["m"]), _cn_small(match["d"])
        if len(years) == 1:
            return _valid(years.pop(), month, day)
    return None


def nearest_year(month: int, day: int, near: str) -> str | None:
    """The ISO date of `month`/`day` in the year that puts it closest to ISO date `near`,
    when that is within a quarter of a year (a report and its form are signed together)."""
    try:
        anchor = dt.date.fromisoformat(near)
    except ValueError:
        return None
    best: dt.date | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        iso = _valid(year, month, day)
        if iso is None:
            continue
        date = dt.date.fromisoformat(iso)
        if best is None or abs(date - anchor) < abs(best - anchor):
            best = date
    if best is None or abs(best - anchor) > dt.timedelta(days=92):
        return None
    return best.isoformat()
