"""Flags: what a reviewer must see first about a submission, computed from its effective
result (machine + corrections) and the uploading account's unit. A missing seal or signature,
a missing annex or outline section, a unit on the document that is not the uploader's, and a
claimed count larger than the evidence attached. A reviewer's correction clears a flag only by
changing the fact (confirming "not sealed" keeps it: the seal is still missing)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Final

from models.template import COUNTS, SECTIONS
from service.web.views import FlagView as Flag

# code -> label shown in the queue's filter and as the flag's tag
FLAGS: Final[dict[str, str]] = {
    "seal_missing": "缺少盖章",
    "signature_missing": "缺少签名",
    "annex_missing": "缺少附件",
    "section_missing": "缺少章节",
    "unit_mismatch": "单位不符",
    "claim_unevidenced": "佐证不足",
}
_ANNEXES: Final = (("report", "附件1 总结报告"), ("application", "附件2 验收申请表"))
_PUNCT = re.compile(r"[\s,，.。:：;；、()（）\"“”'‘’]")


def _norm(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text))


def _value(result: dict[str, Any], block: str, key: str) -> Any:
    node = ((result.get(block) or {}).get("fields") or {}).get(key) or {}
    return node.get("value") if isinstance(node, dict) else None


def _flag(code: str, detail: str, path: str | None = None) -> Flag:
    return Flag(code=code, label=FLAGS[code], detail=detail, path=path)


def _annexes(result: dict[str, Any]) -> list[Flag]:
    out = []
    annual = (result.get("report") or {}).get("kind") == "annual"
    for block, name in _ANNEXES:
        if not (result.get(block) or {}).get("present"):
            if not (block == "application" and annual):  # a yearly report comes without one
                out.append(_flag("annex_missing", f"未找到{name}"))
            continue
        for key, code, what in (
            ("unit_sealed", "seal_missing", "单位盖章"),
            ("leader_signed", "signature_missing", "负责人签名"),
        ):
            value = _value(result, block, key)
            if value is not True:
                said = "未见" if value is False else "未能确认"
                out.append(_flag(code, f"{name}{said}{what}", f"{block}.fields.{key}"))
    return out


def _sections(result: dict[str, Any]) -> list[Flag]:
    report = result.get("report") or {}
    if not report.get("present"):
        return []
    found = {str(s.get("id")) for s in report.get("sections") or [] if s.get("found")}
    missing = [f"{sid}「{title}」" for sid, title in SECTIONS if sid not in found]
    if not missing:
        return []
    return [_flag("section_missing", "报告提纲缺少章节：" + "、".join(missing))]


def _unit(result: dict[str, Any], account_unit: str | None) -> list[Flag]:
    if not account_unit:
        return []
    mine = _norm(account_unit)
    out = []
    for block, name in _ANNEXES:
        unit = _value(result, block, "lead_unit")
        if not isinstance(unit, str) or not unit.strip():
            continue
        theirs = _norm(unit)
        # One written shorter than the other (上海市第六人民医院 / 第六人民医院) is the same unit.
        if mine and theirs and mine not in theirs and theirs not in mine:
            out.append(
                _flag(
                    "unit_mismatch",
                    f"{name}的牵头单位为「{unit}」，与上传账号的单位「{account_unit}」不符",
                    f"{block}.fields.lead_unit",
                )
            )
    return out


def _claims(result: dict[str, Any]) -> list[Flag]:
    counts = result.get("counts") or {}
    out = []
    for key, name in COUNTS:
        node = counts.get(key) or {}
        claimed, evidenced = node.get("value"), node.get("evidenced")
        if isinstance(claimed, int) and isinstance(evidenced, int) and claimed > evidenced:
            out.append(
                _flag(
                    "claim_unevidenced",
                    f"{name}：报告称{claimed}，所附佐证材料只证实{evidenced}",
                    f"counts.{key}",
                )
            )
    return out


def flags(result: dict[str, Any] | None, account_unit: str | None) -> list[Flag]:
    """The flags of a finished submission's effective result (none while there is no result)."""
    if not result:
        return []
    return [*_annexes(result), *_sections(result), *_unit(result, account_unit), *_claims(result)]
