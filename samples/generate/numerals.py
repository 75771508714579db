"""Write integers the ways people write them in these reports: 12, 十二, １２, 3.2万, 两.

Every writer returns the text only; the truth is always the integer that was passed in.
"""

from __future__ import annotations

import random

_DIGITS = "零一二三四五六七八九"
_FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def chinese(n: int, *, liang: bool = False) -> str:
    """0..9999 in Chinese numerals (十二, 一百零五, 两千三百); `liang` writes a lone 2 as 两."""
    if n == 2 and liang:
        return "两"
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out = ""
    zero_pending = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = (n // unit_value) % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out += "零"
            zero_pending = False
        out += _DIGITS[digit] + unit
    return out


def fullwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


def small(rng: random.Random, n: int, *, chinese_ok: bool = True) -> str:
    """A small count in a random but plausible style (Arabic mostly)."""
    roll = rng.random()
    if chinese_ok and n <= 20 and roll < 0.22:
        return chinese(n, liang=rng.random() < 0.6)
    if roll > 0.93:
        return fullwidth(str(n))
    return str(n)


def large(rng: random.Random, n: int) -> str:
    """A large count (beneficiaries) as 32000, 3.2万, 32,000; `n` must be what the text means."""
    if n >= 10000 and n % 1000 == 0 and rng.random() < 0.65:
        wan = n / 10000
        text = f"{wan:.1f}".rstrip("0").rstrip(".") if n % 10000 else str(n // 10000)
        return text + "万"
    if n >= 10000 and rng.random() < 0.3:
        return f"{n:,}"
    return str(n)


def year(rng: random.Random, y: int, *, chinese_ok: bool = True, always: bool = False) -> str:
    """2022 or 二〇二二."""
    if always or (chinese_ok and rng.random() < 0.5):
        return "".join("〇一二三四五六七八九"[int(c)] for c in str(y))
    return str(y)


def date_text(rng: random.Random, y: int, m: int, d: int, *, style: str | None = None) -> str:
    """A date line: 2022年9月28日, 二〇二二年九月二十八日, 2022年09月28日."""
    style = style or rng.choice(["arabic", "arabic", "padded", "chinese"])
    if style == "chinese":
        return f"{year(rng, y, chinese_ok=True, always=True)}年{chinese(m)}月{chinese(d)}日"
    if style == "padded":
        return f"{y}年{m:02d}月{d:02d}日"
    return f"{y}年{m}月{d}日"


_CN_VALUE = {c: i for i, c in enumerate(_DIGITS)} | {"两": 2, "〇": 0}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def parse(text: str) -> int:
    """The integer a written count means: the inverse of `small` and `large`.

    "12", "１２", "十二", "两", "3.2万", "32,000" -> 12, 12, 12, 2, 32000, 32000. Used by the
    generator's own checks, never by the extractors.
    """
    import unicodedata

    t = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    scale = 1
    if t.endswith("万"):
        t, scale = t[:-1], 10000
    if t.replace(".", "", 1).isdigit():
        return round(float(t) * scale)
    total, digit = 0, None
    for ch in t:
        if ch in _CN_VALUE:
            digit = _CN_VALUE[ch]
        elif ch in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
        else:
            raise ValueError(f"not a count: {text!r}")
    return (total + (digit or 0)) * scale
