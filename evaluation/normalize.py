"""How the contract compares values: text after NFKC without white space and the listed
punctuation, phones as digit strings, e-mails case-insensitively, unit lists as sets."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

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
    return edit_distance(t, h), len(t)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions all cost 1)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1]
