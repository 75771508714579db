"""Run the pipeline over a folder of NAME.pdf + NAME.truth.json and aggregate the scores into
the contract's headline figures."""

from __future__ import annotations

import json
import resource
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluation.scoring import DocScore, score_document
from models.errors import PilotdocError

ProcessFn = Callable[[bytes, str], dict[str, Any]]


@dataclass(slots=True)
class Evaluation:
    docs: list[DocScore] = field(default_factory=list)
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    rubric_mad: float | None = None

    def rate(self, category: str) -> tuple[int, int]:
        checks = [c for d in self.docs for c in d.checks if c.category == category]
        return sum(c.ok for c in checks), len(checks)

    def per_key(self) -> dict[str, tuple[int, int]]:
        table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for doc in self.docs:
            for check in doc.checks:
                key = _generic_key(check.key)
                table[key][0] += check.ok
                table[key][1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(table.items())}

    def headline(self) -> dict[str, Any]:
        def frac(category: str) -> float | None:
            ok, n = self.rate(category)
            return round(ok / n, 4) if n else None

        tp = sum(d.section_tp for d in self.docs)
        pred = sum(d.section_pred for d in self.docs)
        true = sum(d.section_true for d in self.docs)
        errors = sum(d.cer_errors for d in self.docs)
        chars = sum(d.cer_chars for d in self.docs)
        pages = sum(d.pages for d in self.docs)
        ev_tp = sum(d.evidence_tp for d in self.docs)
        ev_n = sum(d.evidence_pred + d.evidence_true for d in self.docs)
        return {
            "documents": len(self.docs),
            "failed_documents": sum(d.error is not None for d in self.docs),
            "field_accuracy": frac("field"),
            "checkbox_form_accuracy": frac("checkbox_form"),
            "checkbox_box_accuracy": frac("checkbox"),
            "section_f1": round(2 * tp / (pred + true), 4) if pred + true else None,
            "section_accuracy": frac("section"),
            "count_accuracy": frac("count"),
            "page_kind_accuracy": frac("page_kind"),
            "report_kind_accuracy": frac("report_kind"),
            "presence_accuracy": frac("presence"),
            "rotation_accuracy": frac("rotation"),
            "rubric_valid": frac("rubric_valid"),
            "evidence_f1": round(2 * ev_tp / ev_n, 4) if ev_n else None,
            "evidence_field_accuracy": frac("evidence_field"),
            "evidenced_count_accuracy": frac("evidenced_count"),
            "rubric_mad": self.rubric_mad,
            "ocr_cer": round(errors / chars, 4) if chars else None,
            "pages": pages,
            "seconds": round(self.seconds, 2),
            "pages_per_second": round(pages / self.seconds, 3) if self.seconds else None,
            "peak_rss_mb": round(self.peak_rss_mb, 1),
        }

    def misses(self) -> Iterator[tuple[str, str, Any, Any]]:
        for doc in self.docs:
            if doc.error:
                yield doc.name, "error", None, doc.error
            for check in doc.checks:
                if not check.ok and check.category != "checkbox_form":
                    yield doc.name, check.key, check.expected, check.got


def _generic_key(key: str) -> str:
    parts = key.split(".")
    if parts[0] == "pages" and len(parts) == 3:
        return f"pages.*.{parts[2]}"
    if parts[0] == "evidence":
        return ".".join(["evidence.*", *parts[2:]])
    return key


def find_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """NAME.pdf files that have a NAME.truth.json beside them, in name order."""
    pairs = []
    for pdf in sorted(folder.rglob("*.pdf")):
        truth = pdf.with_name(pdf.stem + ".truth.json")
        if truth.exists():
            pairs.append((pdf, truth))
    return pairs


def _rubric_mad(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> float | None:
    diffs = []
    for truth, result in pairs:
        mine = {r["id"]: r.get("suggested") for r in result.get("rubric") or []}
        for item in truth.get("rubric") or []:
            if item.get("suggested") is not None and mine.get(item["id"]) is not None:
                diffs.append(abs(item["suggested"] - mine[item["id"]]))
    return round(sum(diffs) / len(diffs), 3) if diffs else None


def evaluate(
    folder: Path,
    process: ProcessFn,
    *,
    limit: int | None = None,
    save_dir: Path | None = None,
    on_doc: Callable[[DocScore], None] | None = None,
) -> Evaluation:
    """Score `process` on every pair under `folder`."""
    evaluation = Evaluation()
    scored: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for pdf, truth_path in find_pairs(folder)[:limit]:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        started = time.perf_counter()
        try:
            result = process(pdf.read_bytes(), pdf.name)
        except PilotdocError as exc:
            doc = DocScore(name=pdf.stem, error=f"{exc.code}: {exc}")
        else:
            doc = score_document(pdf.stem, truth, result)
            scored.append((truth, result))
            if save_dir is not None:
                save_dir.mkdir(parents=True, exist_ok=True)
                out = save_dir / f"{pdf.stem}.result.json"
                out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        doc.seconds = time.perf_counter() - started
        evaluation.seconds += doc.seconds
        evaluation.docs.append(doc)
        if on_doc:
            on_doc(doc)
    evaluation.rubric_mad = _rubric_mad(scored)
    evaluation.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return evaluation
