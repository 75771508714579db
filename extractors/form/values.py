"""Clean the values read off the form: phone digits, e-mail repairs, partner-unit lists, the
introduction joined across wrapped lines with the template's instruction left out.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from extractors.form.rules import rules
from extractors.text.normalize import compact
from extractors.vocabulary import vocabulary

# What OCR reads for @ between a name and a domain.
_AT_LOOKALIKES = re.compile(r"\s*(?:\(at\)|\[at\]|＠|©|®|\(a\)|\(@\))\s*", re.IGNORECASE)
_EMAIL = re.compile(r"[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}")
_WORD = re.compile(r"[A-Za-z]")


@cache
def _phone_digits() -> dict[int, str]:
    return str.maketrans(vocabulary().digit_confusions)


def clean_phone(text: str) -> str | None:
    """Digits of a phone number, the area code set off by a hyphen (021-61234567)."""
    norm = unicodedata.normalize("NFKC", text).translate(_phone_digits())
    digits = re.sub(r"\D", "", norm)
    if len(digits) < 7:
        return None
    written = re.fullmatch(r"\s*(0\d{2,3})(?:\s*[-—–－~]\s*|\s+)(\d{7,8})\s*", norm)
    if written:  # the area code as the writer set it off
        return f"{written.group(1)}-{written.group(2)}"
    if digits.startswith("0") and len(digits) in (10, 11, 12):
        # 010 and 02x are the three-digit area codes; others have four.
        cut = 3 if digits[1] in "12" else 4
        return f"{digits[:cut]}-{digits[cut:]}"
    return digits


def clean_email(text: str) -> str | None:
    """Lower case, no spaces, OCR's look-alikes of @ and of the dot repaired."""
    norm = unicodedata.normalize("NFKC", text)
    norm = _AT_LOOKALIKES.sub("@", norm)
    norm = re.sub(r"\s+", "", norm).lower()
    norm = norm.replace("。", ".").replace("，", ".").replace(",", ".").replace("·", ".")
    norm = norm.strip(".;:")
    if "@" not in norm:
        # "name.sina.com" → the last two labels are the domain
        parts = norm.split(".")
        if len(parts) >= 3:
            norm = ".".join(parts[:-2]) + "@" + ".".join(parts[-2:])
    found = _EMAIL.search(norm)
    email = found.group(0) if found else norm
    for wrong, right in sorted(rules().email_endings.items(), key=lambda p: -len(p[0])):
        if email.endswith(wrong):
            email = email[: -len(wrong)] + right
            break
    return email or None


def join_lines(texts: list[str]) -> str:
    """Wrapped lines back into one text: CJK joins directly, Latin words get their space."""
    out = ""
    for text in (t.strip() for t in texts):
        if not text:
            continue
        if out and _WORD.match(out[-1]) and _WORD.match(text[0]):
            out += " "
        out += text
    return out


def clean_summary(texts: list[str]) -> str:
    """The introduction without the template's instruction and label remnants."""
    joined = join_lines(texts)
    for instruction in rules().instructions:
        if instruction in compact(joined):
            joined = _remove_compact(joined, instruction)
    while note := re.search(rules().attachment_note, compact(joined)):
        joined = _remove_compact(joined, note.group())
    return _unpaired_ends(joined.strip(" :：")).strip(" :：")


_OPEN, _CLOSE = "(（[【", ")）]】"


def _unpaired_ends(text: str) -> str:
    """Without a bracket at either end that pairs with none in the text: the tail of the
    label column's instruction that a narrow column pushed over the ruling into the value."""
    while text and text[-1] in _CLOSE and _depth(text) < 0:
        text = text[:-1].rstrip()
    while text and text[0] in _CLOSE:
        text = text[1:].lstrip()
    return text


def _depth(text: str) -> int:
    return sum(ch in _OPEN for ch in text) - sum(ch in _CLOSE for ch in text)


def is_instruction(text: str) -> bool:
    """A piece of the template's instruction (说明项目完成情况…可附页), in any order OCR joined
    its wrapped lines: nearly all its characters come from the instruction."""
    key = compact(text)
    if len(key) < 3:
        return bool(key) and any(key in s for s in rules().instructions)
    pool = set("".join(rules().instructions))
    return sum(ch in pool for ch in key) >= 0.9 * len(key)


def _remove_compact(text: str, target: str) -> str:
    """Remove the first stretch of `text` whose compact form is `target`."""
    key, index = "", []
    for i, ch in enumerate(text):
        for c in compact(ch):  # one character may widen (… is ...)
            key += c
            index.append(i)
    at = key.find(target)
    if at < 0:
        return text
    start, stop = index[at], index[at + len(target) - 1] + 1
    return text[:start] + text[stop:]


_LIST_MARK = re.compile(r"^\s*(?:[(（]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.、．)）])\s*")
_INLINE_MARK = re.compile(r"\s+(?=(?:[(（]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.、．)）]))")


def _numbered(texts: list[str]) -> list[str] | None:
    """Units of a numbered list (1. X / 1、X / （1）X), continuation lines joined on."""
    lines = [part for t in texts for part in _INLINE_MARK.split(t.strip()) if part]
    if not lines or not _LIST_MARK.match(lines[0]):
        return None
    units: list[str] = []
    for line in lines:
        mark = _LIST_MARK.match(line)
        if mark:
            units.append(line[mark.end() :])
        else:
            units[-1] += line
    return units


_ROW_NUMBER = re.compile(r"^[\s\d.、．,，:：;；()（）]*$")
_EDGE_PUNCT = " :：;；,，、。.．"


def _unit_names(parts: list[str]) -> list[str]:
    """Unit names only: a bracket that closes nothing ends one name and starts the next (the
    tail of the label's "（可扩行）" a narrow column pushed into the value); the template's
    instruction (its characters with a row number OCR read into them: "(可扩1行)") and bare
    row numbers ("2") are not units."""
    names: list[str] = []
    for part in parts:
        piece, depth = "", 0
        for ch in part:
            if ch in _CLOSE and depth == 0:
                names.append(piece)
                piece = ""
                continue
            depth += ch in _OPEN
            depth -= ch in _CLOSE
            piece += ch
        names.append(piece)
    names = [_LIST_NUMBER.sub("", n) for part in names for n in _split_at_colons(part)]
    return [n for n in (n.strip(_EDGE_PUNCT) for n in names) if n and not _not_a_unit(n)]


# "2.上海交通大学": a list number left at the front of a unit (the numbered-list split missed it)
_LIST_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.、．)）]\s*(?=\D)")


def _split_at_colons(text: str) -> list[str]:
    """OCR reads a "；" between two units as "：" (same height, dots stacked): split there, but
    only after a unit's ending, so "某某医院（分院：…）" stays whole."""
    pieces = re.split(r"[：:]", text)
    out = [pieces[0]]
    for piece in pieces[1:]:
        if out[-1].rstrip().endswith(tuple(vocabulary().unit_suffixes)) and piece.strip():
            out.append(piece)
        else:
            out[-1] += "：" + piece
    return out


def _not_a_unit(text: str) -> bool:
    return bool(_ROW_NUMBER.match(text)) or is_instruction(re.sub(r"\d", "", text))


def split_units(texts: list[str]) -> list[str]:
    """Partner units from one cell's lines: a numbered list, else split at 、；; and the like
    and at line ends where a unit name ends (a unit per line, or a wrap that fell between two
    units); a line ending 大学 before one starting 附属 runs on."""
    texts = [t for t in texts if not _not_a_unit(t.strip(_EDGE_PUNCT))]
    numbered = _numbered(texts)
    if numbered is not None:
        return _unit_names(numbered)
    seps = rules().unit_separators
    pieces: list[str] = []
    for text in (t.strip() for t in texts):
        if not text:
            continue
        if pieces and not _runs_on(pieces[-1], text):
            pieces.append(seps[0])
        pieces.append(text)
    joined = join_lines(pieces)
    return _unit_names(re.split("|".join(re.escape(s) for s in seps), joined))


def _runs_on(before: str, after: str) -> bool:
    """Whether the next line continues the unit name the line before left off."""
    seps = tuple(rules().unit_separators)
    if before.endswith(seps) or after.startswith(seps):
        return True
    if not before.endswith(tuple(vocabulary().unit_suffixes)):
        return True
    return after.startswith(tuple(rules().unit_continuations))
