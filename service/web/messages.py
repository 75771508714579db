"""Every machine message a reviewer or submitter reads, in Chinese, from one table. Extractor
warnings carry stable codes and a message; the messages older stages still write in English
are translated here at display time by code (the stored result is left as the pipeline wrote
it), the reconcile stage's are Chinese at the source. Flags (what a reviewer must see first)
and error-page texts are named here too."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from models.template import DIRECTIONS, REPORT_FIELDS, SECTION_TITLES

_DIRECTION_NAMES: Final = dict(DIRECTIONS)
# Warning code -> short label (the tag) and a default sentence (when the message's details
# cannot be read). Codes unknown here get a generic label and their message if it is Chinese.
WARNINGS: Final[dict[str, tuple[str, str]]] = {
    "section_missing": ("章节缺失", "报告提纲中有章节未找到"),
    "report_missing": ("缺少总结报告", "未找到总结报告（附件1）"),
    "report_kind_uncertain": ("报告类型存疑", "报告标题未写明“年度”或“验收”，报告类型为推断"),
    "cover_field_missing": ("封面信息缺失", "报告封面缺少一项信息"),
    "seal_unit_mismatch": ("印章与单位不符", "封面印章与牵头单位不符"),
    "count_conflict": ("数量前后不一致", "报告中同一数量前后说法不一致"),
    "page_error": ("页面处理出错", "本页处理出错，请查看原件核对"),
    "summary_too_long": ("介绍超长", "试点项目介绍超过申请表限定字数"),
    "checkbox_uncertain": ("勾选需核对", "部分应用方向勾选框需人工核对"),
    "directions_not_found": ("未找到勾选框", "申请表上未找到九个应用方向勾选框"),
    # evidence (issue 8): claims against the attached certificates
    "claim_exceeds_evidence": ("佐证不足", "报告所述数量多于所附佐证材料"),
    "evidence_unrelated": ("佐证单位不符", "佐证材料的权利人不是本项目的单位或负责人"),
    "evidence_duplicate": ("佐证重复", "同一份佐证材料重复附上"),
    "evidence_unreadable": ("佐证无法识别", "佐证材料无法识别，请查看原件核对"),
    "evidence_short": ("佐证不足", "报告所述数量多于所附佐证材料"),
    "evidence_none": ("未附佐证", "报告所述成果未附任何佐证材料"),
}
GENERIC_WARNING: Final = ("提示", "系统提示：请查看原件核对")

_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_QUOTED = re.compile(r"「([^」]*)」")


def _section(message: str) -> str | None:
    m = re.search(r"heading ([\d.]+)", message)
    if not m:
        return None
    sid = m.group(1)
    return f"未找到报告提纲章节 {sid}「{SECTION_TITLES.get(sid, '')}」"


def _count_conflict(message: str) -> str | None:
    return re.sub(r"（[a-z_]+）", "", message)  # drop the count's key, keep the Chinese


def _summary(message: str) -> str | None:
    m = re.search(r"has (\d+) characters \(the form allows (\d+)\)", message)
    return f"试点项目介绍共 {m.group(1)} 字，超过申请表限定的 {m.group(2)} 字" if m else None


def _checkboxes(message: str) -> str | None:
    m = re.search(r":\s*(.+)$", message)
    if not m:
        return None
    names = [_DIRECTION_NAMES.get(x.strip(), "") for x in m.group(1).split(",")]
    names = [n for n in names if n]
    return f"以下应用方向勾选框需人工核对：{'、'.join(names)}" if names else None


def _report_kind(message: str) -> str | None:
    quoted = _QUOTED.findall(message)
    if quoted:
        return f"报告类型由识别不清的标题「{quoted[0]}」推断"
    if "application form" in message:
        return "报告标题未写明“年度”或“验收”；因附有验收申请表，按验收总结报告处理"
    return "报告标题未写明“年度”或“验收”，按年度总结报告处理"


_DETAIL: Final[dict[str, Callable[[str], str | None]]] = {
    "section_missing": _section,
    "count_conflict": _count_conflict,
    "summary_too_long": _summary,
    "checkbox_uncertain": _checkboxes,
    "report_kind_uncertain": _report_kind,
}


def is_chinese_text(text: str) -> bool:
    """No Latin word in it (numbers, ids such as PDF or ZL…, are a caller's business)."""
    return not _LATIN_WORD.search(text)


def warning_label(code: str) -> str:
    return WARNINGS.get(code, GENERIC_WARNING)[0]


def warning_text(code: str, message: str) -> str:
    """The Chinese sentence for a warning: its details read from the message where the code
    says how, the message itself where it is already Chinese, else the code's sentence."""
    detail = _DETAIL.get(code)
    text = detail(message) if detail else None
    if text and is_chinese_text(text):
        return text
    if message and is_chinese_text(message):
        return message
    return WARNINGS.get(code, GENERIC_WARNING)[1]


# Error pages (HTML routes): status -> (title, sentence).
ERRORS: Final[dict[int, tuple[str, str]]] = {
    400: ("请求有误", "提交的内容无法处理，请返回后重试。"),
    401: ("请先登录", "登录已过期，请重新登录。"),
    403: ("没有权限", "您的账号没有查看此页面的权限。"),
    404: ("页面不存在", "您要找的页面或提交不存在，或者已被删除。"),
    405: ("请求有误", "此页面不支持该操作。"),
    413: ("文件过大", "上传的文件超过了大小限制。"),
    422: ("输入有误", "提交的内容有误，请返回修改后重试。"),
    429: ("操作过于频繁", "请稍后再试。"),
    500: ("服务出错", "服务内部出错，请稍后重试；如果问题持续，请联系管理员。"),
}


def error_text(status: int) -> tuple[str, str]:
    if status in ERRORS:
        return ERRORS[status]
    return ERRORS[500] if status >= 500 else ERRORS[400]


def path_label(path: str) -> str:
    """A correction path as people name the value ("counts.papers" -> 成果数量 · 发表论文)."""
    from models.template import APPLICATION_FIELDS, COUNTS

    parts = re.findall(r"\[([^\]]+)\]|([^.\[\]]+)", path)
    keys = [a or b for a, b in parts]
    if not keys:
        return "某项修改"
    block = keys[0]
    if block == "counts" and len(keys) > 1:
        return f"成果数量 · {dict(COUNTS).get(keys[1], '某项数量')}"
    if block == "evidence":
        return "佐证材料 · 一项修改"
    names = {"report": "附件1", "application": "附件2"}
    head = names.get(block, "某项")
    if len(keys) > 2 and keys[1] == "fields":
        table = dict(REPORT_FIELDS) if block == "report" else dict(APPLICATION_FIELDS)
        return f"{head} · {table.get(keys[2], '某项信息')}"
    if len(keys) > 2 and keys[1] == "sections":
        return f"{head} · 章节 {keys[2]}「{SECTION_TITLES.get(keys[2], '')}」"
    if len(keys) > 2 and keys[1] == "directions":
        return f"{head} · 应用方向「{_DIRECTION_NAMES.get(keys[2], '')}」"
    return f"{head} · 某项修改"


# Why processing failed, by how the worker begins its reason (service/queue/jobs.py,
# recovery.py); the reason itself is a developer's text.
FAILURES: Final[tuple[tuple[str, str], ...]] = (
    ("page_too_large", "页面尺寸过大，超过单页渲染的像素上限，无法处理"),
    ("invalid_pdf", "文件不是有效的 PDF，或已损坏，无法读取"),
    ("encrypted_pdf", "文件已加密，无法读取；请上传未加密的 PDF"),
    ("too_large", "文件超过了大小限制"),
    ("too_many_pages", "文件页数超过了限制"),
    ("original missing", "原件文件丢失，请重新上传"),
    ("transient error", "处理时遇到暂时性故障，重试次数已用完，请稍后重试"),
    ("worker lost", "处理进程意外中断，请重试"),
    ("internal error", "系统内部错误，请重试；如仍失败，请联系管理员"),
)
STAGES: Final[dict[str, str]] = {
    "perception": "识别页面",
    "interpret": "分析内容",
}


def failure_text(reason: str | None) -> str:
    text = (reason or "").strip()
    for start, sentence in FAILURES:
        if text.startswith(start):
            return sentence
    return text if text and is_chinese_text(text) else "处理未能完成，请重试"


def stage_text(stage: str | None, done: int, total: int) -> str:
    """What processing is doing now, for people."""
    if stage == "perception" and total and done >= total:
        return STAGES["interpret"]
    return STAGES.get(stage or "", "处理中")
