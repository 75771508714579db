"""Text normalisation and fuzzy matching shared by the interpretation stages.

Text-layer and OCR lines differ in width forms, punctuation and stray spaces; every comparison
goes through `compact` first, then an edit-distance ratio (rapidfuzz's Levenshtein) tolerates
OCR's dropped characters.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

# After NFKC, the dashes, dots and colons OCR and typists mix up, mapped to one spelling each.
_PUNCT = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "－": "-",
        "‐": "-",
        "‑": "-",
        "―": "-",
        "─": "-",
        "﹣": "-",
        "‒": "-",
        "．": ".",
        "·": ".",
        "•": ".",
        "・": ".",
        "﹕": ":",
        "︰": ":",
        "，": ",",
        "﹐": ",",
        "；": ";",
        "【": "[",
        "】": "]",
        "〔": "[",
        "〕": "]",
        "［": "[",
        "］": "]",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "（": "(",
        "）": ")",
        "：": ":",
    }
)
_SPACE = re.compile(r"\s+")
# Characters the contract's text comparison ignores (besides white space).
_IGNORED = re.compile(r"[，,。.：:；;、()（）\s]")


def nfkc(text: str) -> str:
    """NFKC plus one spelling per punctuation mark; runs of white space become one space."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(_PUNCT)).strip()


def compact(text: str) -> str:
    """`nfkc` without any white space: OCR inserts spaces between CJK characters at random."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text).translate(_PUNCT))


def comparable(text: str) -> str:
    """The contract's comparison form: NFKC, no white space, no `，,。.：:；;、()（）`."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text))


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insert, delete, substitute, each 1)."""
    return int(Levenshtein.distance(a, b))


def similarity(a: str, b: str) -> float:
    """1 - edit distance / longer length: 1.0 equal, 0.0 nothing in common."""
    if not a and not b:
        return 1.0
    return 1.0 - levenshtein(a, b) / max(len(a), len(b))


def prefix_similarity(
    text: str, target: str, slack: int = 3, floor: float = 0.0
) -> tuple[float, int]:
    """How well some prefix of `text` matches `target`: (ratio, prefix length).

    Every prefix within `slack` characters of the target's length is tried, so a heading
    merged with the paragraph after it by OCR is still recognised by its start. Below
    `floor` the answer is (0.0, 0): most rows are nothing like the target.
    """
    if not target:
        return 0.0, 0
    head = text[: len(target) + slack]
    cutoff = int((1.0 - floor) * (len(target) + slack))
    best, best_len, reached = 0.0, 0, False
    for length in range(max(1, len(target) - slack), len(head) + 1):
        distance = Levenshtein.distance(head[:length], target)
        reached = reached or distance <= cutoff
        ratio = 1.0 - distance / max(length, len(target))
        if ratio >= best:  # on a tie the longer prefix: a misread last character is kept
            best, best_len = ratio, length
    return (best, best_len) if reached else (0.0, 0)


def partial_similarity(text: str, target: str) -> float:
    """Best ratio of `target` against any window of `text` of about its length."""
    if not text or not target:
        return 0.0
    if len(text) <= len(target):
        return similarity(text, target)
    return max(prefix_similarity(text[i:], target, slack=2)[0] for i in range(len(text)))


def char_overlap(text: str, target: str) -> float:
    """Share of `target`'s distinct characters found in `text`: a cheap pre-filter."""
    chars = set(target)
    if not chars:
        return 0.0
    return len(chars & set(text)) / len(chars)
