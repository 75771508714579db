"""Reviewer corrections laid over a machine result. A correction names one fact by a path the
contract allows (service.correction_paths): "application.fields.leader", "counts.papers",
"report.sections[2.2].page"; a path ending at a field or count means its `value`."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from service import suggestions
from service.correction_paths import BadPath, CheckedPath, check, item_key

__all__ = ["BadPath", "apply", "locate", "read"]


def _walk(doc: dict[str, Any], checked: CheckedPath) -> tuple[dict[str, Any], str]:
    """The (container, key) in `doc` that holds the fact `checked` names."""
    node: Any = doc
    steps = checked.steps
    # A field or count path stops at the field; its fact is the field's "value".
    walk, key = (steps, checked.leaf) if steps[-1].key != checked.leaf else (steps[:-1], None)
    for step in walk:
        if step.item:
            if not isinstance(node, list):
                raise BadPath(f"{checked.canonical}: not a list here")
            found = [i for i in node if isinstance(i, dict) and item_key(node, i) == step.key]
            if not found:
                raise BadPath(f"{checked.canonical}: this result has no item {step.key!r}")
            node = found[0]
        elif isinstance(node, dict) and isinstance(node.get(step.key), dict | list):
            node = node[step.key]
        else:
            raise BadPath(f"{checked.canonical}: this result has no {step.key!r}")
    if not isinstance(node, dict):
        raise BadPath(f"{checked.canonical}: this result has no such value")
    return node, key or steps[-1].key


def locate(doc: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    """The (container, key) holding the value `path` names; raises BadPath."""
    return _walk(doc, check(path))


def read(doc: dict[str, Any], path: str) -> Any:
    container, key = locate(doc, path)
    return copy.deepcopy(container.get(key))


def apply(doc: dict[str, Any], corrections: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """A copy of `doc` with each (path, new value) applied in order; unknown paths are skipped
    (a newer pipeline version may have dropped a key) and listed under `stale_corrections`.
    `corrected_paths` lists the canonical spelling of every applied path. When any applied,
    the rubric is suggested again from the corrected result (the machine's kept beside it)."""
    out = copy.deepcopy(doc)
    applied: list[str] = []
    stale: list[str] = []
    for path, value in corrections:
        try:
            checked = check(path)
            container, key = _walk(out, checked)
        except BadPath:
            stale.append(path)
            continue
        container[key] = copy.deepcopy(value)
        if key == "value":
            container["corrected"] = True
        applied.append(checked.canonical)
    out["corrected_paths"] = sorted(set(applied))
    if stale:
        out["stale_corrections"] = sorted(set(stale))
    evidence = [p for p in applied if p.startswith("evidence[")]
    if evidence:
        kinds = any(p.endswith((".kind", ".level")) for p in evidence)
        suggestions.recompute_evidence(out, kind_changed=kinds)
    if applied:  # the suggestion rests on the facts: follow the corrected ones
        suggestions.recompute(out)
    return out
