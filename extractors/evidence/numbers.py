"""Evidence numbers in their printed shape: OCR's letter-for-digit slips mended, spacing made
one form (专利号 ZL 2022 1 0123456.7, 登记号 2023SR0123456, T/SHWSHQ 001—2023)."""

from __future__ import annotations

import re
from functools import cache

from extractors.vocabulary import vocabulary


@cache
def _table() -> dict[int, str]:
    return str.maketrans(vocabulary().digit_confusions)


def digits(text: str) -> str:
    """OCR's letters in digit positions read as the digits they stand for."""
    return text.translate(_table())


def canonical(kind: str, raw: str) -> str:
    """One spelling of a matched number (pattern `kind` of rules/evidence.yaml)."""
    if kind in ("patent", "application"):
        body = digits(raw[2:] if kind == "patent" else raw).replace(".", "")
        y, t, serial, check = body[:4], body[4], body[5:12], body[12:]
        if kind == "patent":
            return f"ZL {y} {t} {serial}.{check}"
        return f"{y}{t}{serial}.{check}"
    if kind == "software":
        head, tail = raw[:4], raw[6:]
        return f"{digits(head)}SR{digits(tail)}"
    if kind == "standard":
        # the serial: the trailing run of digits (or O/I/l) after the code's last letter
        match = re.match(r"(.*[^0-9OoIl|.])([0-9OoIl|.]+)[-一~](.{4})$", raw)
        if match:
            code, num, year = match.groups()
            return f"{code} {digits(num)}—{digits(year)}"
        return raw
    if kind == "doi":
        return raw.rstrip(".;)")
    return raw


def key(number: str) -> str:
    """The form two numbers are compared in (a duplicate is the same number twice)."""
    return re.sub(r"[^0-9A-Z]", "", digits(number.upper().replace("ZL", "")))
