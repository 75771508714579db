"""Evidence numbers in their printed shape: OCR's letter-for-digit slips mended, spacing made
one form (专利号 ZL 2022 1 0123456.7, 登记号 2023SR0123456, T/SHWSHQ 001—2023)."""

from __future__ import annotations

import re

_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})


def digits(text: str) -> str:
    return text.translate(_DIGITS)


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
        match = re.match(r"(.*?[A-Z/]+)([0-9OoIl|.]+)[-一~](.{4})$", raw)
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
