"""The fields of one evidence item, read by label and pattern over its pages' rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.evidence.lines import Row, find_label
from extractors.evidence.numbers import canonical
from extractors.evidence.rules import EvidenceRules, KindRules
from extractors.evidence.values import LIST_ENDS, Found, labelled
from extractors.text.dates import find_date
from extractors.vocabulary import vocabulary

_QUOTES = "\"'《》<>「」『』"
_POSTCODE = re.compile(r"\d{6}")
_NUMBERING = re.compile(r"^\(?\d{1,2}\.?")
_LARGEST_TOP = 0.7  # share of the page: a paper's title or a standard's name lies above
_NOT_TITLE = ("ICS", "DOI", "ISSN", "发布", "实施", "代替")
_ISSUE = re.compile(r"第?\d+[卷期]|\d{4}年")  # a journal's issue line
_ASCII_HEAVY = 0.6  # a row this share ASCII is an English title or a code, not the name


@dataclass(slots=True)
class Read:
    """One field's value and the rows it came from; `how` grades the confidence."""

    value: object = None
    rows: list[Row] = field(default_factory=list)
    how: float = 0.0  # 0.95 label and pattern, 0.85 label, 0.7 layout or pattern alone


def _stops(kr: KindRules, rules: EvidenceRules) -> list[str]:
    own = kr.number.labels + kr.title.labels + kr.holders.labels + kr.date.labels
    return own + rules.other_labels


def _right(rows: list[Row]) -> float:
    return max((r.box[2] for r in rows), default=0.0)


def read_number(rows: list[Row], kr: KindRules, rules: EvidenceRules) -> Read:
    name = kr.number.pattern or ""
    pattern = rules.pattern(name)
    stops = _stops(kr, rules)
    found = labelled(rows, kr.number.labels, kr.number.exclude, stops, 0.0, run_on=False)
    if found is not None:
        match = pattern.search(found.text)
        after = rows.index(found.rows[-1]) + 1
        if match is None and after < len(rows):  # a number wrapped onto the next row
            match = pattern.search(found.text + rows[after].text)
        if match:
            return Read(canonical(name, match.group()), found.rows, 0.95)
    if name == "award":  # too generic a shape to look for without its label
        return Read()
    for row in rows:
        match = pattern.search(row.text)
        if match:
            return Read(canonical(name, match.group()), [row], 0.7)
    return Read()


# A paper's author line under its title: two or more Chinese names (with affiliation marks
# "陆建勇1," or "*") separated by commas or 、; printed nearly as large as the title.
_AUTHORS = re.compile(r"(?:[\u4e00-\u9fff·]{2,5}[\d*,，]*[,，、\s]+)+[\u4e00-\u9fff·]{2,5}[\d*]*")


def _clean_title(text: str) -> str:
    return text.strip(_QUOTES + " ").replace('"', "")


def read_title(rows: list[Row], kr: KindRules, rules: EvidenceRules, height: float) -> Read:
    if kr.title.labels:
        found = labelled(rows, kr.title.labels, [], _stops(kr, rules), _right(rows))
        if found is not None and _clean_title(found.text):
            return Read(_clean_title(found.text), found.rows, 0.85)
    if kr.title.by == "largest":
        return _largest(rows, rules, height)
    return Read()


def _excluded(row: Row, rules: EvidenceRules) -> bool:
    text = row.text
    ascii_share = sum(ch.isascii() for ch in text) / len(text)
    if ascii_share >= _ASCII_HEAVY or find_date(text) is not None:
        return True
    if any(rules.pattern(p).search(text) for p in ("standard", "doi")):
        return True
    if text.startswith(("摘要", "关键词")) or _AUTHORS.fullmatch(text):
        return True
    if text in rules.kinds["standard"].titles or _ISSUE.search(text):
        return True
    return len(text) <= 24 and any(w in text for w in _NOT_TITLE)


def _largest(rows: list[Row], rules: EvidenceRules, height: float) -> Read:
    first = [r for r in rows if r.page == rows[0].page and r.box[1] <= height * _LARGEST_TOP]
    cands = [r for r in first if not _excluded(r, rules)]
    if not cands:
        return Read()
    tallest = max(r.box[3] - r.box[1] for r in cands)
    picked: list[Row] = []
    for row in cands:
        tall = row.box[3] - row.box[1] >= 0.8 * tallest
        if tall:
            picked.append(row)
        elif picked:
            break
    return Read(_clean_title("".join(r.text for r in picked)), picked, 0.7)


def _unglue(text: str, rules: EvidenceRules) -> list[str]:
    """Two names OCR ran together when it lost the "；" between them: split after a unit's
    own ending (公司, 医院…) where what follows is itself a whole unit name."""
    for end in rules.glue_endings:
        at = text.find(end)
        if at < 0:
            continue
        cut = at + len(end)
        rest = text[cut:]
        branch = any(rest.endswith(b) for b in rules.glue_branches)  # …公司上海市分公司
        whole = any(rest.endswith(s) for s in vocabulary().unit_suffixes)
        if len(rest) >= rules.glue_min and whole and not branch:
            return [text[:cut], *_unglue(rest, rules)]
    return [text]


def _split_holders(text: str, rules: EvidenceRules) -> list[str]:
    parts = [text]
    for sep in rules.holder_separators:
        parts = [p for part in parts for p in part.split(sep)]
    parts = [p for part in parts for p in _unglue(part, rules)]
    out = []
    for part in parts:
        name = _clean_title(part)
        for tail in rules.holder_trailing:
            name = name.removesuffix(tail)
        if name and name not in out:
            out.append(name)
    return out


def read_holders(rows: list[Row], kr: KindRules, rules: EvidenceRules, height: float) -> Read:
    if kr.holders.labels:
        stops = _stops(kr, rules)
        found = labelled(rows, kr.holders.labels, [], stops, _right(rows), LIST_ENDS)
        if found is not None:
            return Read(_split_holders(found.text, rules), found.rows, 0.85)
    if kr.holders.by == "affiliations":
        return _affiliations(rows, rules, height)
    return Read(value=[])


def _affiliations(rows: list[Row], rules: EvidenceRules, height: float) -> Read:
    """A paper's author affiliations: "(1. 某医院,上海 200025;2. 某公司)" under the authors."""
    first = [r for r in rows if r.page == rows[0].page and r.box[1] <= height * 0.45]
    for i, row in enumerate(first):
        text = row.text
        if not (text.startswith("(") or _POSTCODE.search(text)):
            continue
        if not any(s in text for s in vocabulary().unit_suffixes):
            continue
        used = [row]
        while ")" not in text and i + len(used) < len(first) and len(used) < 3:
            used.append(first[i + len(used)])
            text += used[-1].text
        names = []
        for part in text.strip("()").split(";"):
            name = _NUMBERING.sub("", part.strip("() ")).split(",")[0].strip()
            if any(name.endswith(s) for s in vocabulary().unit_suffixes) and name not in names:
                names.append(name)
        if names:
            return Read(names, used, 0.7)
    return Read(value=[])


def _dates_in(text: str) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    at = 0
    while True:
        found = find_date(text[at:])
        if found is None:
            return out
        iso, (s, e) = found
        out.append((iso, at + s, at + e))
        at += e


def read_date(rows: list[Row], kr: KindRules, rules: EvidenceRules) -> Read:
    rule = kr.date
    stops = _stops(kr, rules)
    found: Found | None = labelled(rows, rule.labels, rule.exclude, stops, _right(rows))
    if found is not None:
        dates = _dates_in(found.text)
        if dates:
            return Read(dates[0][0], found.rows, 0.9)
    if rule.suffix:
        for row in rows:
            for iso, _, end in _dates_in(row.text):
                if row.text[end : end + len(rule.suffix) + 1].lstrip(":").startswith(rule.suffix):
                    return Read(iso, [row], 0.85)
    if rule.fallback == "last_bare":
        page = rows[0].page if rows else 0
        for row in reversed([r for r in rows if r.page == page]):
            dates = _dates_in(row.text)
            if not dates:
                continue
            _, s, e = dates[0]
            labelled_other = any(find_label(row.text, w) for w in rule.exclude + rule.labels)
            if len(row.text) - (e - s) <= 4 and not labelled_other:
                return Read(dates[0][0], [row], 0.75)
    return Read()
