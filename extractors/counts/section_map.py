"""Which outline section each offset of a text stream lies in. Sections come from the outline
stage (page + heading box); headings it did not find are looked for in the stream itself, so
counts still tell chapter 6 (plans) from 3.4 (outputs) when the outline stage falls short."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extractors.counts.textflow import TextFlow
from extractors.text.normalize import compact, prefix_similarity
from models.result import Section
from models.template import SECTIONS

_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[)）]"
    r"|\d{1,2}(?:\.\d{1,2})*\s*[、.．)）]?|第[一二三四五六七八九十]+[章节部分][、:：]?)\s*"
)
_MIN_SIMILARITY = 0.8


@dataclass(slots=True)
class SectionMap:
    """Section starts in stream order."""

    starts: list[int]
    ids: list[str]

    @classmethod
    def build(cls, flow: TextFlow, sections: list[Section]) -> SectionMap:
        found: dict[str, int] = {}
        for section in sections:
            if section.found and section.page is not None:
                offset = flow.offset_of(section.page, section.bbox)
                if offset is not None:
                    found[section.id] = offset
        for sid, offset in _find_headings(flow).items():
            found.setdefault(sid, offset)
        pairs = sorted((offset, sid) for sid, offset in found.items())
        return cls(starts=[p[0] for p in pairs], ids=[p[1] for p in pairs])

    def section_at(self, pos: int) -> str | None:
        """Id of the innermost section whose heading comes at or before `pos`."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.ids[i] if i >= 0 else None

    @staticmethod
    def chapter(section_id: str) -> str:
        return section_id.split(".")[0]

    @staticmethod
    def within(section_id: str, ancestor: str) -> bool:
        return section_id == ancestor or section_id.startswith(ancestor + ".")


def _find_headings(flow: TextFlow) -> dict[str, int]:
    """Template headings standing alone on a line (numbering optional), first occurrence."""
    found: dict[str, int] = {}
    # Reports shorten titles ("复制推广情况" for 项目复制推广情况): try them without the prefix.
    targets = [
        (sid, variant)
        for sid, title in SECTIONS
        for variant in dict.fromkeys(
            compact(title).removeprefix(prefix) for prefix in ("", "试点项目", "项目", "试点")
        )
    ]
    for fl in flow.lines:
        text = flow.text[fl.start : fl.end]
        numbering = _NUMBERING.match(text)
        rest = compact(text[numbering.end() :] if numbering else text)
        if not rest or len(rest) > 24:
            continue
        for sid, title in targets:
            if sid in found or len(rest) > len(title) + 4:
                continue
            ratio, _ = prefix_similarity(rest, title, slack=2)
            if ratio >= _MIN_SIMILARITY and (numbering or len(rest) <= len(title) + 1):
                found[sid] = fl.start
                break
    return found
