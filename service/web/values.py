"""Values between the result and people: how each kind is displayed, what its edit box starts
with, and how a reviewer's typed text becomes the JSON value a correction stores."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from service.web.labels import EVIDENCE_KIND
from service.web.views import ValueKind

ABSENT = "—"
_LIST_SPLIT = re.compile(r"[\n;；、,，]+")


class BadValue(ValueError):
    """The typed text is not a value of this kind (the message is for the reviewer)."""


def display(kind: ValueKind, value: Any) -> str:
    if value is None or value == "" or value == []:
        return ABSENT
    if kind in ("bool", "check"):
        return "是" if value is True else "否" if value is False else str(value)
    if kind == "list" and isinstance(value, list):
        return "、".join(str(v) for v in value)
    if kind == "evkind":
        return EVIDENCE_KIND.get(str(value), str(value))
    return str(value)


def edit_text(kind: ValueKind, value: Any) -> str:
    if value is None:
        return ""
    if kind in ("bool", "check"):
        return "true" if value is True else "false" if value is False else ""
    if kind == "list" and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def parse(kind: ValueKind, text: str) -> Any:
    """The stored value for what the reviewer typed; empty text clears the value (None)."""
    text = text.strip()
    if not text:
        return None
    if kind in ("bool", "check"):
        if text in ("true", "是", "1", "yes"):
            return True
        if text in ("false", "否", "0", "no"):
            return False
        raise BadValue("请选择“是”或“否”")
    if kind == "int":
        digits = text.replace(",", "").replace("，", "")
        if not digits.isdigit():
            raise BadValue("请输入非负整数")
        return int(digits)
    if kind == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise BadValue("日期格式应为“年-月-日”，如 2023-09-01") from None
    if kind == "list":
        return [p.strip() for p in _LIST_SPLIT.split(text) if p.strip()]
    if kind == "evkind":
        if text not in EVIDENCE_KIND:
            raise BadValue("请选择佐证材料的类别")
        return text
    return text


def format_score(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"
