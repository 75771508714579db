"""The report outline on the submission page: one reviewable row per section (found? on which
page?), its review state from the corrections of `report.sections[ID].found|page`, and the
reviewer's form turned into those two corrections."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.template import SECTION_IDS
from service.correction_paths import item_path
from service.web import labels, values
from service.web.views import EvidenceView, SectionView

if TYPE_CHECKING:
    from service.web.submission_view import ReviewContext

SECTIONS = "report.sections"
LEAVES = ("found", "page")


def section_id(path: str) -> str | None:
    """The section a row's path names ("report.sections[2.2]" -> "2.2"), else None."""
    prefix = f"{SECTIONS}["
    if path.startswith(prefix) and path.endswith("]") and path[len(prefix) : -1] in SECTION_IDS:
        return path[len(prefix) : -1]
    return None


def display(found: Any, page: Any) -> str:
    if found is True:
        return f"第 {page} 页" if page else "已找到（页码未知）"
    return "缺失" if found is False else values.ABSENT


def _located(node: dict[str, Any]) -> list[EvidenceView]:
    page = node.get("page")
    if not node.get("found") or not isinstance(page, int):
        return []
    bbox = node.get("bbox")
    text = str(node.get("title") or "")
    return [EvidenceView(page=page, bbox=tuple(bbox) if bbox else None, text=text)]


def _machine(raw: dict[str, Any] | None, sid: str) -> dict[str, Any]:
    for node in ((raw or {}).get("report") or {}).get("sections") or []:
        if str(node.get("id")) == sid:
            return dict(node)
    return {}


def section_view(node: dict[str, Any], ctx: ReviewContext) -> SectionView:
    sid = str(node.get("id"))
    confidence = node.get("confidence")
    view = SectionView(
        id=sid,
        path=item_path(SECTIONS, sid),
        title=str(node.get("title") or ""),
        found=bool(node.get("found")),
        page=node.get("page"),
        display=display(node.get("found"), node.get("page")),
        evidence=_located(node),
        confidence=confidence,
        band=labels.confidence_band(confidence),
        level=2 if "." in sid else 1,
        text_chars=node.get("text_chars"),
    )
    rows = [ctx.latest[p] for p in (item_path(SECTIONS, sid, k) for k in LEAVES) if p in ctx.latest]
    if not rows:
        return view
    machine = _machine(ctx.raw, sid)
    newest = max(rows, key=lambda r: r.id)
    same = all(r.new_value == machine.get(r.path.rsplit(".", 1)[-1]) for r in rows)
    view.state = "confirmed" if same else "corrected"
    view.reviewed_by = ctx.usernames.get(newest.user_id or -1, "未知用户")
    view.reviewed_at = newest.created_at
    view.band = "reviewed"
    if not same:
        view.machine_display = display(machine.get("found"), machine.get("page"))
    return view


def sections(result: dict[str, Any], ctx: ReviewContext) -> list[SectionView]:
    return [section_view(n, ctx) for n in (result.get("report") or {}).get("sections") or []]


def corrections(
    sid: str, action: str, found: str, page: str, current: SectionView, page_count: int
) -> list[tuple[str, Any]]:
    """(path, value) pairs for a confirm (what is shown is right) or a save of the form; raises
    values.BadValue with a message for the reviewer."""
    if action == "confirm":
        chosen_found, chosen_page = current.found, current.page if current.found else None
    else:
        chosen_found = values.parse("check", found)
        if chosen_found is None:
            raise values.BadValue("请选择章节是否找到")
        chosen_page = values.parse("int", page) if chosen_found else None
        if chosen_found and chosen_page is None:
            raise values.BadValue("请填写章节所在页码")
        if chosen_page is not None and not 1 <= chosen_page <= page_count:
            raise values.BadValue(f"页码应在 1–{page_count} 之间")
    return [
        (item_path(SECTIONS, sid, "found"), chosen_found),
        (item_path(SECTIONS, sid, "page"), chosen_page),
    ]
