"""Text normalisation and fuzzy matching shared by the interpretation stages.

Text-layer and OCR lines differ in width forms, punctuation and stray spaces; every comparison
goes through `compact` first, then an edit-distance ratio tolerates OCR's dropped characters.
"""

from __future__ import annotations

import re
import unicodedata

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
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous = _edit_column(previous, i, ca, b)
    return previous[-1]


def _edit_column(previous: list[int], row: int, ch: str, other: str) -> list[int]:
    """One step of the edit-distance table: distances of `other`'s prefixes after `ch`."""
    current = [row]
    for j, co in enumerate(other, 1):
        current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ch != co)))
    return current


def similarity(a: str, b: str) -> float:
    """1 - edit distance / longer length: 1.0 equal, 0.0 nothing in common."""
    if not a and not b:
        return 1.0
    return 1.0 - levenshtein(a, b) / max(len(a), len(b))


def prefix_similarity(
    text: str, target: str, slack: int = 3, floor: float = 0.0
) -> tuple[float, int]:
    """How well some prefix of `text` matches `target`: (ratio, prefix length).

    One edit-distance table gives every prefix length at once; a heading merged with the
    paragraph after it by OCR is still recognised by its start. Below `floor` the answer
    is (0.0, 0), found early: most rows are nothing like the target.
    """
    if not target:
        return 0.0, 0
    head = text[: len(target) + slack]
    cutoff = (1.0 - floor) * (len(target) + slack)
    # dist[i] = distance between head[:i] and target, built column by column over target.
    column = list(range(len(head) + 1))
    for j, ct in enumerate(target, 1):
        column = _edit_column(column, j, ct, head)
        if min(column) > cutoff:  # column minima never fall again
            return 0.0, 0
    best, best_len = 0.0, 0
    for length in range(max(1, len(target) - slack), len(head) + 1):
        ratio = 1.0 - column[length] / max(length, len(target))
        if ratio >= best:  # on a tie the longer prefix: a misread last character is kept
            best, best_len = ratio, length
    return best, best_len


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
