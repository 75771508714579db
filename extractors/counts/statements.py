"""One sentence into count mentions: each number with its unit, the family its noun names, the
count its cues pick, and whether it is a sub-count (其中…), a plan, a total or a table cell.
Rules come from `rules/counts.yaml` (see `count_rules`)."""

from __future__ import annotations

import re

from extractors.counts.mentions import (
    RIGHT_STOP,
    Mention,
    Number,
    counted_numbers,
    family_named,
    last_cue,
)
from extractors.counts.phrasings import (
    implied_zeros,
    named_mentions,
    respective_mentions,
    zero_mentions,
)
from extractors.counts.rules import Compiled, Family

_PUNCT = re.compile(r"[\s，,。；;：:、（）()\[\]【】“”\"'|·]+")
_CLAUSE_BREAK = re.compile(r"[，,；;]")
_PENDING_BOUND = re.compile(r"[，,；;（）()]")
_NOUN_STOP = re.compile(r"[，,。；;：:（）()\n]")  # "2家二、三级医院": 、 inside a noun phrase
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
_LIST_JOIN = re.compile(r"^\s*(?:[、和及与]|以及)")
_RIGHT_BLOCK = re.compile(r"的|\d")  # "5个区的76家医院": the noun belongs to the next number
_RIGHT_REACH = 8  # characters between the unit and a noun after it ("35家三级医院")


def _nearest_noun(
    text: str, unit: str | None, rules: Compiled, sentence: str
) -> tuple[Family, str] | None:
    """The family whose noun ends nearest the end of `text` and that accepts `unit`."""
    best: tuple[int, Family, str] | None = None
    for family in rules.families:
        if not family.accepts(unit):
            continue
        if family.requires is not None and not family.requires.search(sentence):
            continue
        for m in family.nouns.finditer(text):
            if best is None or m.end() > best[0]:
                best = (m.end(), family, m.group(0))
    return (best[1], best[2]) if best else None


def _right_noun(
    sentence: str, pos: int, unit: str | None, rules: Compiled
) -> tuple[Family, str, int] | None:
    """A family noun right after the unit: "35家医疗卫生机构", "3项发明专利"."""
    stop = _NOUN_STOP.search(sentence, pos)
    window = sentence[pos : stop.start() if stop else len(sentence)]
    block = _RIGHT_BLOCK.search(window)
    window = window[: block.start()] if block else window
    best: tuple[int, Family, str, int] | None = None
    for family in rules.families:
        if unit is None or not family.accepts(unit):
            continue
        if family.requires is not None and not family.requires.search(sentence):
            continue
        m = family.nouns.search(window)
        if m and m.start() <= _RIGHT_REACH and (best is None or m.start() < best[0]):
            best = (m.start(), family, m.group(0), pos + m.end())
    return (best[1], best[2], best[3]) if best else None


def _only_fillers(text: str, family: Family, rules: Compiled) -> bool:
    """Whether `text` says nothing beyond fillers and the family's own cue words."""
    rest = rules.fillers.sub("", _BRACKETED.sub("", text))
    for _, cue in family.key_cues:
        rest = cue.sub("", rest)
    rest = family.sub_cues.sub("", rest)
    return not _PUNCT.sub("", rest)


def _key_for(family: Family, sentence: str, seg_start: int, num: Number) -> str | None:
    """The family's count whose cue is nearest the number: in the segment, then just after
    it, then anywhere earlier in the sentence (status words carry: 申请…，其中已获授权…)."""
    if not family.key_cues:
        return family.default

    stop = RIGHT_STOP.search(sentence, num.end)
    right = sentence[num.end : stop.start() if stop else len(sentence)]
    return (
        last_cue(family, sentence[seg_start : num.start])
        or last_cue(family, right)
        or last_cue(family, sentence[:seg_start])
        or family.default
    )


def _pending(sentence: str, mention: Mention, rules: Compiled) -> bool:
    """Whether the clause holding the mention says the item is not achieved yet
    ("另有3篇已投稿", "在审论文2篇"): the family's pending cues, within that clause only (a
    bracket bounds it too: "发表论文5篇（其中1篇待刊）" still states 5 published)."""
    family = family_named(rules, mention.family)
    if family.pending is None:
        return False
    breaks = [m.start() for m in _PENDING_BOUND.finditer(sentence)]
    start = max((b for b in breaks if b < mention.start), default=-1) + 1
    end = min((b for b in breaks if b >= mention.end), default=len(sentence))
    return family.pending.search(sentence, start, end) is not None


def _plan_flags(sentence: str, positions: list[int], rules: Compiled) -> list[bool]:
    """For each position: inside a plan (a plan cue before it, not reset after a clause break)."""
    plans = [m.start() for m in rules.plan.finditer(sentence)]
    resets = [m.start() for m in rules.reset.finditer(sentence)]
    flags = []
    for pos in positions:
        cue = max((p for p in plans if p < pos), default=None)
        if cue is None:
            flags.append(False)
            continue
        reset = any(
            cue < r < pos and _CLAUSE_BREAK.search(sentence, cue, r) is not None for r in resets
        )
        flags.append(not reset)
    return flags


def read_sentence(sentence: str, rules: Compiled) -> list[Mention]:
    """Every count mention of one sentence, left to right, flagged (sub, plan, total, table)."""
    mentions: list[Mention] = []
    seg_start = 0
    head: Mention | None = None  # the count a 其中… scope belongs to
    closer = ""
    respective, used = respective_mentions(sentence, rules)
    taken = {(n.start, n.end) for n in used}
    for num in counted_numbers(sentence, rules):
        if (num.start, num.end) in taken:
            seg_start = num.end
            continue
        # "博士研究生若干名，为8988名居民": the noun before a vague quantity is its own.
        seg_start = max(
            [seg_start, *(m.end() for m in rules.vague.finditer(sentence, seg_start, num.start))]
        )
        segment = sentence[seg_start : num.start]
        head, closer = _update_scope(segment, mentions, head, closer, rules)
        found = _nearest_noun(segment, num.unit, rules, sentence)
        end = num.end
        named_key: str | None = None
        family: Family | None = None
        noun = ""
        if found:
            family, noun = found
        elif (right := _right_noun(sentence, num.end, num.unit, rules)) is not None:
            family, noun, end = right
            named_key = last_cue(family, noun)  # "三名博士和4名硕士": the noun itself decides
        elif mentions and num.unit is not None:
            prev = family_named(rules, mentions[-1].family)
            if prev.accepts(num.unit) and _only_fillers(segment, prev, rules):
                family, noun = prev, mentions[-1].noun
        if family is not None and family.excludes is not None and family.excludes.search(segment):
            family = None
        if family is not None:
            mention = Mention(
                key=named_key or _key_for(family, sentence, seg_start, num),
                family=family.name,
                value=num.value,
                approximate=num.approximate,
                start=num.start,
                end=end,
                noun=noun,
                total=bool(rules.total.search(segment)),
                run=_run_of(segment, mentions),
                table=num.unit is None,
            )
            if head is not None and mention.key is not None and mention.key == head.key:
                mention.sub = True
            if mentions and mentions[-1].key == mention.key and not segment.strip(" |\t"):
                # "发表论文 | 10篇 | 12篇": columns (target, achieved), not two kinds
                mentions[-1].sub = True
            mentions.append(mention)
        seg_start = end
    extra = (
        respective
        + zero_mentions(sentence, mentions, rules)
        + implied_zeros(sentence, mentions, rules)
        + named_mentions(sentence, mentions, rules)
    )
    mentions = sorted(mentions + extra, key=lambda m: m.start)
    for mention, plan in zip(
        mentions, _plan_flags(sentence, [m.start for m in mentions], rules), strict=True
    ):
        mention.plan = plan or _pending(sentence, mention, rules)
    return mentions


def _run_of(segment: str, mentions: list[Mention]) -> int:
    """The previous mention's run when this one continues its list, else a new run; a
    total cue before a list covers the whole list."""
    if not mentions:
        return 0
    prev = mentions[-1]
    if _LIST_JOIN.match(_BRACKETED.sub("", segment)):
        return prev.run
    return prev.run + 1


def _update_scope(
    segment: str, mentions: list[Mention], head: Mention | None, closer: str, rules: Compiled
) -> tuple[Mention | None, str]:
    """Open or close a sub-count scope from what lies between two numbers."""
    if head is not None and any(c in segment for c in closer):
        head, closer = None, ""
    if head is not None or not mentions:
        return head, closer
    marker = rules.sub_marker.search(segment)
    if marker:
        opened = segment[: marker.start()]
        closer = "）)" if re.search(r"[（(]\s*$", opened) else "；;"
    elif re.match(r"\s*[（(][^）)]*$", segment):  # opened, not closed before the number
        closer = "）)"  # "发表论文12篇（中文核心期刊12篇）": a bracket after a count details it
    else:
        return head, closer
    return next((m for m in reversed(mentions) if not m.sub), None), closer
