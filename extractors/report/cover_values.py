"""Cleaning a cover value read from its row: the printed signing and stamping markers, blanks,
separators and stray strokes around it; a unit's name cut after its kind."""

from __future__ import annotations

import re
from functools import cache

from extractors.vocabulary import vocabulary


@cache
def _marker_pattern() -> re.Pattern[str]:
    words = "|".join(sorted((re.escape(m) for m in _markers()), key=len, reverse=True))
    return re.compile(rf"[(\[]?(?:{words})[)\]]?")


def clean_value(text: str) -> str:
    """A value without the printed markers, blanks and separators around it.

    A marker ends the value: what follows it ("张三（签字）" + a signature OCR tried to
    read) is not part of it; a marker before the value ("（签字）：张三") is dropped."""
    text = text.replace("_", "").lstrip(":：- ")
    lead = _marker_pattern().match(text)
    if lead:
        text = text[lead.end() :]
    marker = _marker_pattern().search(text)
    if marker:
        text = text[: marker.start()]
    # A marker OCR half-read ("(签字" -> "(字"): a trailing bracket holding marker characters.
    tail = _TRAILING_BRACKET.search(text)
    if tail and set(tail[1]) & _marker_chars():
        text = text[: tail.start()]
    text = text.strip(_EDGE).lstrip(")）").rstrip("(（")
    if text.endswith((")", "）")) and not any(b in text for b in "(（"):
        text = text[:-1]
    return text.strip(_EDGE)


# Separators, and strokes of a signature or a seal's rim that OCR reads as a symbol at a value's
# edge ("\上海市第一人民医院"): no name, unit or date starts or ends with one.
_EDGE = ":：-—.,，;； \\/|`'\"*~^"


_TRAILING_BRACKET = re.compile(r"[(\[]([^()\[\]]{0,4})[)\]]?$")


@cache
def _marker_chars() -> frozenset[str]:
    return frozenset("".join(_markers()))


def _markers() -> list[str]:
    """Printed after a value, not part of it: the signing and stamping words."""
    return [*vocabulary().sign_words, *vocabulary().stamp_words]


def marker_leaked(value: str) -> bool:
    """The 签字 marker's own characters inside a name (苏字）, 丁食签): OCR mixed the name,
    the marker and strokes written across both."""
    return any(c in value for c in "签字")


def trim_unit(value: str) -> str:
    """A unit's name ends with its kind (公司, 医院, 中心 …); up to three characters after
    the last such ending are taken for stray ink and dropped."""
    best = -1
    for suffix in vocabulary().unit_suffixes:
        at = value.rfind(suffix)
        if at >= 0:
            best = max(best, at + len(suffix))
    if best > 0 and 0 < len(value) - best <= 3:
        return value[:best]
    return value
