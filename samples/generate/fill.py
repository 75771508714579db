"""Fill a catalogue phrase with a submission's counts, remembering every number it writes.

`readback` is the generator's own check: from the written numerals alone (and the phrase's
placeholder roles) it recomputes what the sentence states, which must equal the truth.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from samples.generate.catalogue import BOOKS, Phrase
from samples.generate.numerals import large, parse, small

_SLOT = re.compile(r"\{(\w+)(?::(\w+))?(~)?\}")
_LARGE = {"beneficiaries"}
_FILLERS = {
    "x": (2, 99),
    "y": (1, 5),
    "pct": (85, 99),
    "staff": (10, 600),
    "districts": (2, 16),
    "year": (2021, 2023),
}


@dataclass
class Num:
    """One number written into a sentence: what it is and where."""

    key: str | None
    role: str  # count | part | sub | over | sum | filler
    text: str
    start: int


@dataclass
class Filled:
    """A sentence stating `states` (count key -> integer), with its written numbers."""

    text: str
    states: dict[str, int]
    numbers: list[Num] = field(default_factory=list)


def _parts(template: str, key: str) -> int:
    return len(
        {
            m.group(2)
            for m in _SLOT.finditer(template)
            if m.group(1) == key and m.group(2) in ("a", "b", "c")
        }
    )


def fits(phrase: Phrase, counts: dict[str, int | None]) -> bool:
    """Whether `phrase` can state `counts` exactly (values big enough for its kinds and 其中)."""
    for key, value in phrase.fixed.items():
        if counts.get(key) != value:
            return False
    for key in phrase.keys:
        stated = counts.get(key)
        if stated is None or stated < max(1, _parts(phrase.template, key)):
            return False
        if f"{{{key}:sub}}" in phrase.template and stated < 2:
            return False
    return True


def about(rng: random.Random, big: bool = False) -> tuple[str, str]:
    """An optional approximate qualifier as (prefix, suffix): 约N, N余, N多, 超过N all state N."""
    roll = rng.random()
    if roll < 0.13:
        return "约", ""
    if roll < 0.3:
        return "", "余"
    if roll < 0.37:
        return "", "多"
    if roll < 0.45 and big:
        return "超过", ""
    return "", ""


def _round(value: int) -> bool:
    """Only round figures are written approximately ("20余场", "约3万人次", not "23余场")."""
    step = 1000 if value >= 10000 else 100 if value >= 1000 else 10 if value >= 100 else 5
    return value >= 10 and value % step == 0


def _split(rng: random.Random, value: int, k: int) -> list[int]:
    cuts = sorted(rng.sample(range(1, value), k - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, value], strict=True)]


def fill(
    phrase: Phrase, counts: dict[str, int | None], rng: random.Random, words: dict[str, list[str]]
) -> Filled:
    """The sentence (no final punctuation) for `phrase`; `fits` must hold."""
    assert fits(phrase, counts), phrase.template
    values = {k: int(counts[k] or 0) for k in phrase.keys}
    parts = {
        k: _split(rng, v, n) for k, v in values.items() if (n := _parts(phrase.template, k)) > 1
    }
    picked: dict[str, str] = {}
    out: list[str] = []
    numbers: list[Num] = []
    pos = 0
    for m in _SLOT.finditer(phrase.template):
        out.append(phrase.template[pos : m.start()])
        pos = m.end()
        name, role, approx = m.group(1), m.group(2), bool(m.group(3))
        at = sum(len(s) for s in out)
        if name in values:
            value, kind = values[name], "count"
            if role in ("a", "b", "c"):
                value, kind = parts[name]["abc".index(role)], "part"
            elif role == "sub":
                value, kind = rng.randint(1, values[name] - 1), "sub"
            elif role == "over":
                value, kind = values[name] + rng.randint(1, values[name] + 6), "over"
            text = large(rng, value) if name in _LARGE and kind == "count" else small(rng, value)
            pre, suf = about(rng, name in _LARGE) if approx and _round(value) else ("", "")
            if name in _LARGE and value >= 10000 and value % 1000 and not text.endswith("万"):
                pre, suf = "", ""  # 约45678 reads as a guess: exact figures go bare
            numbers.append(Num(name, kind, text, at + len(pre)))
            out.append(pre + text + suf)
        elif name == "sum":
            text = small(rng, sum(values.values()))
            numbers.append(Num(None, "sum", text, at))
            out.append(text)
        elif name in _FILLERS:
            value = rng.randint(*_FILLERS[name])
            numbers.append(Num(None, "filler", str(value), at))
            out.append(str(value))
        else:
            if name not in picked:
                pool = list(BOOKS) if name == "book" else words[name.rstrip("0123456789")]
                taken = set(picked.values())
                picked[name] = rng.choice([w for w in pool if w not in taken] or pool)
            out.append(picked[name])
    out.append(phrase.template[pos:])
    text = "".join(out)
    return Filled(text, readback(text, numbers, phrase.fixed), numbers)


def readback(text: str, numbers: list[Num], fixed: dict[str, int]) -> dict[str, int]:
    """What the sentence states, recomputed from its written numerals and their roles.

    A count written once is that number; kinds with no total add up; 其中 sub-counts, larger
    totals and unrelated numbers state nothing; `fixed` counts are stated in words.
    """
    states: dict[str, int] = dict(fixed)
    totals: dict[str, int] = {}
    kinds: dict[str, int] = {}
    for n in numbers:
        if text[n.start : n.start + len(n.text)] != n.text:
            raise ValueError(f"{n.text!r} is not at {n.start} in {text!r}")
        if n.key is None:
            continue
        if n.role == "count":
            totals[n.key] = parse(n.text)
        elif n.role == "part":
            kinds[n.key] = kinds.get(n.key, 0) + parse(n.text)
    states.update(kinds)
    states.update(totals)
    return states
