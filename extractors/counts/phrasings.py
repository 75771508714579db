"""Count statements with a shape of their own: negations (暂未获得国家级奖项 = 0), awards listed
by name (荣获…奖、…奖), and "respectively" lists (博士、硕士研究生分别为3名和7名)."""

from __future__ import annotations

import re
from itertools import pairwise

from extractors.counts.mentions import (
    RIGHT_STOP,
    Mention,
    Number,
    counted_numbers,
    family_named,
    last_cue,
)
from extractors.counts.rules import Compiled, Family

_CLAUSE = re.compile(r"[^，,。；;：:]+")
_CLAUSE_END = re.compile(r"[，,。；;：:]")
_ITEM_SPLIT = re.compile(r"以及|[、和及与]")
_RESPECTIVELY = re.compile(r"分别(?:为|是|达到|达|有|获得|获|共)?")


def zero_mentions(sentence: str, numbered: list[Mention], rules: Compiled) -> list[Mention]:
    """Negated statements: "暂未获得国家级奖项" is awards_national = 0, and after "申请专利
    2项，" the words "尚未获得授权" are patents_granted = 0. The noun (or, continuing the
    family before, a key cue) must follow the negation, at once or after a verb."""
    found = []
    for cue in rules.zero.finditer(sentence):
        stop = RIGHT_STOP.search(sentence, cue.end())
        limit = min(stop.start() if stop else len(sentence), cue.end() + rules.rules.zero_reach)
        window = sentence[cue.end() : limit]
        verb = rules.zero_verb.match(window)
        body = window[verb.end() :] if verb else window
        offset = limit - len(body)
        target = _zero_target(body, verb is not None, sentence, rules)
        if target is None:
            before = [m for m in numbered if m.end <= cue.start()]
            clause_start = max(
                (m.end() for m in RIGHT_STOP.finditer(sentence, 0, cue.start())), default=0
            )
            target = _zero_continuing(body, before, sentence[clause_start : cue.start()], rules)
        if target is not None:
            family, key, end = target
            found.append(Mention(key, family, 0, False, cue.start(), offset + end, ""))
    return found


def _zero_target(
    body: str, after_verb: bool, sentence: str, rules: Compiled
) -> tuple[str, str, int] | None:
    for family in rules.families:
        noun = family.nouns.search(body)
        if noun is None or noun.start() > (rules.rules.zero_reach if after_verb else 0):
            continue
        if family.requires is not None and not family.requires.search(sentence):
            continue
        key = last_cue(family, body[: noun.end()]) or family.default
        return (family.name, key, noun.end()) if key else None
    return None


def _zero_continuing(
    body: str, before: list[Mention], clause: str, rules: Compiled
) -> tuple[str, str, int] | None:
    """A key cue after the negation, of the family counted before or named just before it
    ("相关专利暂未获得授权")."""
    families = [family_named(rules, before[-1].family)] if before else []
    families += [f for f in rules.families if f.nouns.search(clause)]
    for family in families:
        for key, cue in family.key_cues:
            m = cue.match(body)
            if m:
                return family.name, key, m.end()
    return None


def implied_zeros(sentence: str, numbered: list[Mention], rules: Compiled) -> list[Mention]:
    """ "申请专利11项，目前均处于实质审查阶段": granted is zero. Only after a count of the
    same family in the sentence."""
    found = []
    for pattern, key in rules.implied_zero:
        family = next(f for f in rules.families if any(k == key for k, _ in f.key_cues))
        for m in pattern.finditer(sentence):
            if any(n.family == family.name and n.end <= m.start() for n in numbered):
                found.append(Mention(key, family.name, 0, False, m.start(), m.end(), ""))
    return found


def named_mentions(sentence: str, numbered: list[Mention], rules: Compiled) -> list[Mention]:
    """Listed names counted one each ("荣获上海市科技进步奖二等奖、…一等奖"), for families
    that allow it and only in a clause that gives the family no number ("…等省部级奖励共2项"
    is counted as 2 by the plain reader)."""
    found = []
    for family in rules.families:
        if family.named_after is None or not family.named_suffix:
            continue
        for verb in family.named_after.finditer(sentence):
            stop = _CLAUSE_END.search(sentence, verb.end())
            clause_end = stop.start() if stop else len(sentence)
            if any(
                m.family == family.name and verb.start() <= m.start < clause_end for m in numbered
            ):
                continue
            pos = verb.end()
            for item in re.split(r"([、和及与])", sentence[verb.end() : clause_end]):
                name = item.rstrip("等")
                if len(name) > 2 and name.endswith(family.named_suffix):
                    key = last_cue(family, name)
                    if key is not None:
                        found.append(
                            Mention(key, family.name, 1, False, pos, pos + len(item), name)
                        )
                pos += len(item)
    return found


def respective_mentions(sentence: str, rules: Compiled) -> tuple[list[Mention], list[Number]]:
    """ "培养博士、硕士研究生分别为3名和7名", "获国家级、省部级奖项分别2项、4项": the i-th
    number goes with the i-th listed item; the noun may be named once, on the last item.
    Returns the mentions and the numbers they used (the plain reader skips those)."""
    mentions: list[Mention] = []
    used: list[Number] = []
    numbers = counted_numbers(sentence, rules)
    for clause in _CLAUSE.finditer(sentence):
        marker = _RESPECTIVELY.search(clause.group(0))
        if marker is None:
            continue
        items = [t for t in _ITEM_SPLIT.split(clause.group(0)[: marker.start()]) if t]
        after = clause.start() + marker.end()
        nums = [n for n in numbers if after <= n.start < clause.end()]
        gaps = [sentence[a.end : b.start] for a, b in pairwise(nums)]
        if len(items) < 2 or len(nums) != len(items) or any(_ITEM_SPLIT.sub("", g) for g in gaps):
            continue
        shared = _family_in(items[-1], nums[-1], sentence, rules)
        for i, (item, num) in enumerate(zip(items, nums, strict=True)):
            family = _family_in(item, num, sentence, rules) or shared
            if family is None:
                continue
            # a verb before the list covers it: "申请发明专利、实用新型专利分别为1项和4项"
            key = last_cue(family, "".join(items[: i + 1])) or family.default
            if key is not None:
                mentions.append(
                    Mention(key, family.name, num.value, num.approximate, num.start, num.end, item)
                )
                used.append(num)
    return mentions, used


def _family_in(text: str, num: Number, sentence: str, rules: Compiled) -> Family | None:
    for family in rules.families:
        if not family.accepts(num.unit) or not family.nouns.search(text):
            continue
        if family.requires is None or family.requires.search(sentence):
            return family
    return None
