"""Correction paths, checked against the result contract. A path names one fact by keys joined
with dots; a list item is named by its id in brackets ("report.sections[2.2].page",
"application.directions[other].checked"), or after a dot when the id has none (older form).
Evidence items have no id of their own: they are named by their first page ("evidence[p5]",
the second item starting on that page "evidence[p5b]"), which a reprocessing keeps even when
it finds items in another order, and which a correction of the item's kind does not move."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from models import result as contract
from models.template import DIRECTION_IDS, SECTION_IDS

# Facts a reviewer may correct, per contract model; the rest is provenance (evidence,
# confidence, boxes), template text (titles, labels) or bookkeeping.
NOT_EVIDENCE = "not_evidence"
_LEAVES: dict[type[BaseModel], frozenset[str]] = {
    contract.Result: frozenset(),
    contract.Report: frozenset({"present", "kind"}),
    contract.Application: frozenset({"present"}),
    contract.Section: frozenset({"found", "page"}),
    contract.Direction: frozenset({"checked", "text"}),
    contract.Field: frozenset({"value"}),
    contract.Count: frozenset({"value"}),
    # kind, level and related as the reviewer decides; not_evidence: a reviewer's own key
    # (producers may add keys) saying this item is not evidence at all
    contract.EvidenceItem: frozenset({"kind", "level", "related", NOT_EVIDENCE}),
}
# Where a path may go below each model (None: any of its keys), and the lists whose items it
# may name (by template id).
_INTO: dict[type[BaseModel], frozenset[str] | None] = {
    contract.Result: frozenset({"report", "application", "counts", "evidence"}),
    contract.Report: frozenset({"fields", "sections"}),
    contract.Application: frozenset({"fields", "directions"}),
    contract.ReportFields: None,
    contract.ApplicationFields: None,
    contract.Counts: None,
    contract.EvidenceItem: frozenset({"title", "number", "holders", "date"}),
}
_ITEM_IDS: dict[type[BaseModel], tuple[str, ...]] = {
    contract.Section: SECTION_IDS,
    contract.Direction: DIRECTION_IDS,
    contract.EvidenceItem: (),  # named by first page: evidence_key()
}
_EVIDENCE_KEY = re.compile(r"p[1-9][0-9]{0,4}[b-z]?")
# A path ending at one of these means its value ("counts.papers" = "counts.papers.value").
_VALUE_MODELS = (contract.Field, contract.Count)
_TOKEN = re.compile(r"\[([^\[\]]+)\]|([^.\[\]]+)")


class BadPath(ValueError):
    """The path names nothing correctable in the result contract."""


@dataclass(frozen=True)
class Step:
    key: str
    item: bool  # a list item named by its id


@dataclass(frozen=True)
class CheckedPath:
    """A path the contract allows, its canonical spelling and the type its value must have."""

    steps: tuple[Step, ...]
    leaf: str  # the key written to in the last container ("value" for fields and counts)
    model: type[BaseModel]  # the contract model that holds the leaf

    @property
    def canonical(self) -> str:
        return spell(self.steps)

    def check_value(self, value: Any, page_count: int | None = None) -> Any:
        """`value` as the contract types it (strictly), or BadPath saying why not."""
        try:
            checked = _adapter(self.model, self.leaf).validate_python(value, strict=True)
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"]
            raise BadPath(f"{self.canonical}: {value!r} is not allowed ({problem})") from None
        if self.leaf == "page" and checked is not None:
            if checked < 1:
                raise BadPath(f"{self.canonical}: pages are numbered from 1")
            if page_count is not None and checked > page_count:
                raise BadPath(f"{self.canonical}: the document has only {page_count} pages")
        return checked


def spell(steps: tuple[Step, ...]) -> str:
    out = ""
    for step in steps:
        out += f"[{step.key}]" if step.item else f"{'.' if out else ''}{step.key}"
    return out


def _tokens(path: str) -> list[Step]:
    steps: list[Step] = []
    at = 0
    for match in _TOKEN.finditer(path):
        gap = path[at : match.start()]
        bracket = match.group(1) is not None
        # Between tokens only one dot may stand, and none before a bracket.
        if gap not in (("",) if bracket or not steps else (".",)):
            raise BadPath(f"{path!r} is not a path")
        if bracket and not steps:
            raise BadPath(f"{path!r} starts with an item")
        steps.append(Step(match.group(1) if bracket else match.group(2), bracket))
        at = match.end()
    if not steps or at != len(path):
        raise BadPath(f"{path!r} is not a path")
    return steps


def check(path: str) -> CheckedPath:
    """Parse `path` and check it names a correctable fact of the contract; raises BadPath."""
    steps = _tokens(path.strip())
    model: type[BaseModel] = contract.Result
    out: list[Step] = []
    index = 0
    while index < len(steps):
        step = steps[index]
        if step.item:
            raise BadPath(f"{path!r}: {spell(tuple(out)) or 'the result'} is not a list")
        if step.key in _LEAVES.get(model, frozenset()):
            if index != len(steps) - 1:
                raise BadPath(f"{path!r}: {step.key} has nothing inside")
            return _finish(out, step.key, model)
        model = _descend(path, model, step.key)
        out.append(step)
        index += 1
        if model in _ITEM_IDS:
            if index >= len(steps):
                raise BadPath(f"{path!r} names a list; name one item's value")
            item_id = steps[index].key
            if item_id not in _ITEM_IDS[model] and not _is_evidence_key(model, item_id):
                raise BadPath(f"{path!r}: no item {item_id!r} in {step.key}")
            out.append(Step(item_id, item=True))
            index += 1
    if model in _VALUE_MODELS and out:
        return _finish(out, "value", model)
    raise BadPath(f"{path!r} names a group; name one of its values")


def _descend(path: str, model: type[BaseModel], key: str) -> type[BaseModel]:
    """The model one key below `model` (a list's item model for a list), if paths may go there."""
    allowed = _INTO.get(model, frozenset())
    info = model.model_fields.get(key)
    if info is None or (allowed is not None and key not in allowed):
        raise BadPath(f"{path!r}: {key!r} is not a correctable value")
    annotation = info.annotation
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        raise BadPath(f"{path!r}: {key!r} is not a correctable value")
    return annotation


def _finish(out: list[Step], leaf: str, model: type[BaseModel]) -> CheckedPath:
    # "counts.papers.value" and "counts.papers" are the same fact: spell it the short way.
    steps = tuple(out) if model in _VALUE_MODELS else (*out, Step(leaf, item=False))
    return CheckedPath(steps=steps, leaf=leaf, model=model)


def _is_evidence_key(model: type[BaseModel], item_id: str) -> bool:
    return model is contract.EvidenceItem and _EVIDENCE_KEY.fullmatch(item_id) is not None


def evidence_key(items: list[Any], item: dict[str, Any]) -> str:
    """The name of evidence `item` within `items`: p + its first page, and b, c, … for the
    second, third item starting on the same page ("" for an item without pages)."""
    pages = item.get("pages") or []
    if not pages:
        return ""
    first = pages[0]
    same = [i for i in items if isinstance(i, dict) and (i.get("pages") or [None])[0] == first]
    nth = next((n for n, i in enumerate(same) if i is item), 0)
    return f"p{first}" + (chr(ord("a") + nth) if nth else "")


def item_key(items: list[Any], item: dict[str, Any]) -> str:
    """How a path names `item` of a list: its id, or for evidence its first-page key."""
    if "id" in item:
        return str(item.get("id"))
    return evidence_key(items, item) if "pages" in item else ""


@cache
def _adapter(model: type[BaseModel], leaf: str) -> TypeAdapter[Any]:
    if leaf == NOT_EVIDENCE:
        return TypeAdapter(bool)
    # The FieldInfo carries the contract's constraints (page >= 1, count >= 0).
    info = model.model_fields[leaf]
    hint: Any = Annotated[info.annotation, info]
    return TypeAdapter(hint)


def canonical(path: str) -> str:
    """The one spelling of `path` (so "latest per path" holds across spellings); a path that
    does not check is returned as written."""
    try:
        return check(path).canonical
    except BadPath:
        return path


def item_path(list_path: str, item_id: str, leaf: str | None = None) -> str:
    """The path of an item of a list (or of one of its keys), e.g. report.sections[2.2].page."""
    return f"{list_path}[{item_id}]" + (f".{leaf}" if leaf else "")
