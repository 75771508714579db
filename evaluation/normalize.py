"""How the contract compares values: text after NFKC without white space and the listed
punctuation, phones as digit strings, e-mails case-insensitively, unit lists as sets."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from extractors.text.normalize import levenshtein

_DROP = re.compile(r"[\s，,。.：:；;、()（）]")


def norm_text(value: Any) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", str(value)))


def norm_phone(value: Any) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", str(value)))


def norm_email(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip().lower()


def norm_units(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    items = value if isinstance(value, list) else [value]
    return frozenset(n for n in (norm_text(v) for v in items) if n)


def char_error_rate(truth: str, hypothesis: str) -> tuple[int, int]:
    """(edit distance, truth length) over characters, ignoring white space."""
    t = re.sub(r"\s", "", unicodedata.normalize("NFKC", truth))
    h = re.sub(r"\s", "", unicodedata.normalize("NFKC", hypothesis))
    return levenshtein(t, h), len(t)
