"""Seal detection measured on the varied seal-page set (samples/generate/sealset.py): recall on
seals wholly or mostly on the page, precision, false seals on pages without one, time per page;
split by seal style and by capture (colour, grey, 1-bit, phone photo).

    python -m evaluation.sealbench --n 150 --seed 4100

Pages are resampled to the resolution the pipeline reads scanned pages at (200 dpi), as
rendering the PDF would.
"""

from __future__ import annotations

import argparse
import pickle
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from samples.generate.sealset import SealPage, seal_page

Box = tuple[float, float, float, float]
Detector = Callable[[np.ndarray, float], list[Box]]
READ_DPI = 200.0
MATCH_IOU = 0.3


@dataclass
class Tally:
    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    false: int = 0
    detections: int = 0
    empty_pages: int = 0
    empty_pages_with_false: int = 0
    seconds: float = 0.0
    pages: int = 0
    misses: list[str] = field(default_factory=list)

    def recall(self, key: str = "all") -> float:
        return self.found[key] / max(1, self.total[key])


def iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / max(1e-6, union)


def at_read_dpi(page: SealPage) -> tuple[np.ndarray, list[Box]]:
    s = READ_DPI / page.dpi
    img = cv2.resize(page.image, None, fx=s, fy=s, interpolation=cv2.INTER_AREA)
    boxes = [(b[0] * s, b[1] * s, b[2] * s, b[3] * s) for b in (t.box for t in page.seals)]
    return np.asarray(img, dtype=np.uint8), boxes


def score_page(tally: Tally, seed: int, page: SealPage, detect: Detector) -> None:
    img, truth = at_read_dpi(page)
    started = time.perf_counter()
    found = detect(img, READ_DPI)
    tally.seconds += time.perf_counter() - started
    tally.pages += 1
    tally.detections += len(found)
    used: set[int] = set()
    for t, box in zip(page.seals, truth, strict=True):
        best = max(
            (i for i in range(len(found)) if i not in used),
            key=lambda i: iou(found[i], box),
            default=None,
        )
        hit = best is not None and iou(found[best], box) >= MATCH_IOU
        if hit and best is not None:
            used.add(best)
        if t.partial:
            continue  # finding it is right, missing it no error
        for key in ("all", t.style.split("/")[0], t.style.split("/")[1], page.capture):
            tally.total[key] += 1
            tally.found[key] += int(hit)
        if not hit:
            tally.misses.append(f"{seed} {page.capture} {t.style}")
    false = len(found) - len(used)
    tally.false += false
    if not page.seals:
        tally.empty_pages += 1
        tally.empty_pages_with_false += int(false > 0)
    if false:
        tally.misses.append(f"{seed} {page.capture} {false} false")


def cached_page(seed: int, folder: Path | None) -> SealPage:
    """The set's page for `seed`, kept in `folder` (drawing one takes seconds)."""
    if folder is None:
        return seal_page(seed)
    path = folder / f"{seed}.pkl"
    if path.is_file():
        page: SealPage = pickle.loads(path.read_bytes())
        return page
    page = seal_page(seed)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(page))
    return page


def run(detect: Detector, n: int, seed: int, cache: Path | None = None) -> Tally:
    tally = Tally()
    for k in range(n):
        score_page(tally, seed + k, cached_page(seed + k, cache), detect)
    return tally


def report(tally: Tally, name: str) -> str:
    precision = (tally.detections - tally.false) / max(1, tally.detections)
    lines = [
        f"{name}: recall {tally.recall():.3f} ({tally.found['all']}/{tally.total['all']}), "
        f"precision {precision:.3f}, false seals {tally.false}, "
        f"pages without a seal given one {tally.empty_pages_with_false}/{tally.empty_pages}, "
        f"{1000 * tally.seconds / max(1, tally.pages):.0f} ms/page",
    ]
    keys = sorted(k for k in tally.total if k != "all")
    lines.append("  " + ", ".join(f"{k} {tally.found[k]}/{tally.total[k]}" for k in keys))
    return "\n".join(lines)


def _current(img: np.ndarray, dpi: float) -> list[Box]:
    from extractors.marks import seals

    return [tuple(float(v) for v in s.box) for s in seals.find_seals(img, dpi)]  # type: ignore[misc]


def read_rate(n: int, seed: int, cache: Path | None = None) -> Counter[str]:
    """Of the round and oval seals found, how often the name along the rim is read whole
    (by capture), and how often nothing is read."""
    from extractors.marks import seals
    from extractors.perception.ocr import get_engine

    engine = get_engine(threads=1)
    tally: Counter[str] = Counter()
    for k in range(n):
        page = cached_page(seed + k, cache)
        img, truth = at_read_dpi(page)
        found = seals.find_seals(img, READ_DPI)
        for t, box in zip(page.seals, truth, strict=True):
            shape = next((f for f in found if iou(f.box, box) >= MATCH_IOU), None)
            if shape is None or t.partial or t.style.split("/")[0] not in ("round", "oval"):
                continue
            text = seals.read_text(engine, img, shape)
            for key in ("all", page.capture):
                tally[f"{key} found"] += 1
                tally[f"{key} read"] += int(text == t.text)
                tally[f"{key} none"] += int(text is None)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=150)
    parser.add_argument("--seed", type=int, default=4100)
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--cache", type=Path, help="keep the drawn pages here between runs")
    parser.add_argument("--read", action="store_true", help="the rim text of ring seals instead")
    args = parser.parse_args()
    if args.read:
        rate = read_rate(args.n, args.seed, args.cache)
        print(", ".join(f"{k} {v}" for k, v in sorted(rate.items())))
        return
    tally = run(_current, args.n, args.seed, args.cache)
    print(report(tally, f"seal finder, {args.n} pages from seed {args.seed}"))
    if args.misses:
        print("\n".join(tally.misses))


if __name__ == "__main__":
    main()
