"""OCR accuracy on the sample corpus: character error rate of perception against the truth
text of scanned body pages (white space ignored, as the contract scores it), and whether
each scanned page's rotation was found. Usage: python benchmarks/ocr_accuracy.py [--cache DIR]
[--limit N] [FILE.pdf ...]"""

from __future__ import annotations

import argparse
import json
import time
import unicodedata
from pathlib import Path

import pymupdf

from extractors.options import PipelineOptions
from extractors.perception.cache import PerceptionCache
from extractors.perception.perceive import perceive_document
from extractors.text.normalize import levenshtein

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"


def squash(text: str, nfkc: bool = False) -> str:
    """White space removed; with `nfkc`, width variants folded too (（→(, １→1), as the
    contract compares text fields."""
    text = unicodedata.normalize("NFKC", text) if nfkc else text
    return "".join(text.split())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=0, help="stop after N scanned documents")
    args = parser.parse_args()
    files = args.files or sorted(CORPUS.glob("*.pdf"))
    cache = PerceptionCache(args.cache) if args.cache else None
    errors = chars = docs = folded_errors = 0
    rot_right = rot_total = 0
    for pdf in files:
        truth = json.loads(pdf.with_suffix("").with_suffix(".truth.json").read_text("utf-8"))
        pages = {p["number"]: p for p in truth["pages"]}
        if not any(p.get("source") == "ocr" for p in pages.values()):
            continue
        docs += 1
        if args.limit and docs > args.limit:
            break
        started = time.perf_counter()
        with pymupdf.open(pdf) as doc:
            views = perceive_document(doc, PipelineOptions(), cache=cache)
        took = time.perf_counter() - started
        for view in views:
            want = pages.get(view.number, {})
            if want.get("source") != "ocr":
                continue
            rot_total += 1
            rot_right += int(view.rotation == want.get("rotation", 0))
            if view.rotation != want.get("rotation", 0):
                got, exp = view.rotation, want.get("rotation")
                print(f"  {pdf.name} p{view.number}: rotation {got}, truth {exp}")
            if "text" not in want:
                continue
            t, g = squash(want["text"]), squash(view.text)
            e = levenshtein(g, t)
            f = levenshtein(squash(view.text, nfkc=True), squash(want["text"], nfkc=True))
            errors += e
            folded_errors += f
            chars += len(t)
            print(
                f"  {pdf.name} p{view.number}: CER {e / max(1, len(t)):.4f} ({e}/{len(t)}), "
                f"NFKC {f / max(1, len(t)):.4f}, source={view.source} rot={view.rotation} "
                f"seals={len(view.seals)}"
            )
        print(f"{pdf.name}: {len(views)} pages in {took:.1f} s")
    print(
        f"CER {errors / max(1, chars):.4f} (NFKC {folded_errors / max(1, chars):.4f}) over "
        f"{chars} chars; rotation {rot_right}/{rot_total}"
    )


if __name__ == "__main__":
    main()
