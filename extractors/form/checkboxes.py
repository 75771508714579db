"""The nine direction checkboxes of Annex 2: every box found by its shape on the levelled page
image, paired in order with the labels read beside it, and called ticked by the ink inside it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

import numpy as np

from extractors.form.circled import circled
from extractors.form.linegeom import char_spans, char_weights
from extractors.form.rules import rules
from extractors.grade.confidence import box_reading
from extractors.marks.boxes import (
    Square,
    consistent,
    find_squares,
    halo_ink,
    ink_level,
    interior_ink,
    outline_width,
)
from extractors.marks.level import Level, Mask, line_band
from extractors.marks.strokes import others_ink
from extractors.marks.ticks import TickLevels, decide, empty_baseline, overflowing
from extractors.types import Box, Line, PageView
from extractors.vocabulary import vocabulary
from models.template import DIRECTION_IDS, DIRECTION_LABELS

_UNDERLINE = re.compile(r"[_\-—–－﹣‐…\.。]+")


@dataclass(frozen=True, slots=True)
class DirectionMark:
    """One direction box as read: `box` in upright points; `text` what is written after
    其他方向 (that box only)."""

    id: str
    checked: bool | None
    confidence: float
    box: Box | None = None
    text: str | None = None
    label: Line | None = None


@dataclass(frozen=True, slots=True)
class _Anchor:
    """Where a direction's label starts, on the levelled page (pixels)."""

    id: str
    line: Line
    x: float  # start of the item (a box glyph OCR read is part of it)
    cy: float
    h: float  # text height
    right: float  # right end of the label's line
    glyph: str  # box or tick glyph read just before the label ("" when none)
    start: int  # index in the line's text where the item starts
    tail: str  # the line's text after the label (the written-in text for 其他方向)


def _digit_class() -> str:
    confusions = "".join(re.escape(c) for c in vocabulary().digit_confusions)
    return f"[1-8一二三四五六七八{confusions}]"


_CN_DIGITS = {c: str(i) for i, c in enumerate("一二三四五六七八", 1)}


def _direction_id(token: str) -> str | None:
    token = vocabulary().digit_confusions.get(token, token)
    token = _CN_DIGITS.get(token, token)
    return token if token in DIRECTION_IDS else None


def _normalised(text: str) -> tuple[str, list[int]]:
    """NFKC text character by character, with each output character's source index."""
    out, index = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            out.append(c)
            index.append(i)
    return "".join(out), index


def _label_hits(text: str) -> list[tuple[str, int, int, bool]]:
    """(direction id, start, end, by name only) of every direction label in normalised text."""
    hits: list[tuple[str, int, int, bool]] = []
    for m in re.finditer(rf"方\s*向\s*({_digit_class()})", text):
        did = _direction_id(m.group(1))
        if did is not None:
            hits.append((did, m.start(), m.end(), False))
    other = "|".join(re.escape(s) for s in rules().directions.other)
    for m in re.finditer(rf"(?:{other})|其\s*[他它]\s*方\s*向", text):
        hits.append(("other", m.start(), m.end(), False))
    found = {h[0] for h in hits}
    # OCR may lose 方向N but keep the direction's own name: anchor there instead.
    for did, label in DIRECTION_LABELS.items():
        core = label.removeprefix("5G+")
        at = text.find(core)
        if did in found or did == "other" or at < 0:
            continue
        plus = text.rfind("+", max(0, at - 4), at)
        hits.append((did, plus - 2 if plus >= 0 else at, at + len(core), True))
    hits.sort(key=lambda h: h[1])
    return hits


def find_anchors(lines: list[Line], level: Level, ink: Mask | None = None) -> dict[str, _Anchor]:
    """Each direction's label, the first time it is read; a label found by its name alone
    counts only near the labels found by their 方向N (a project name may hold 健康管理)."""
    boxes, ticks = rules().directions.box_glyphs, rules().directions.tick_glyphs
    anchors: dict[str, _Anchor] = {}
    by_name: list[_Anchor] = []
    for line in lines:
        text, index = _normalised(line.text)
        hits = _label_hits(text)
        if not hits:
            continue
        x0, _, x1, _ = line.box
        lcx, lcy, half, h = line_band(line, level)
        spans = char_spans(line, level, ink)
        right = lcx + half
        for k, (did, start, end, name_only) in enumerate(hits):
            glyph = ""
            j = start - 1
            while j >= 0 and text[j] == " ":
                j -= 1
            if j >= 0 and (text[j] in boxes or text[j] in ticks):
                glyph, start = text[j], j
            src = index[max(0, start)] if start < len(index) else len(line.text) - 1
            x = lcx + (spans[src][0] - (x0 + x1) / 2) * level.scale if spans else lcx
            stop = hits[k + 1][1] if k + 1 < len(hits) else len(text)
            found = _Anchor(did, line, x, lcy, h, right, glyph, src, text[end:stop])
            if name_only:
                by_name.append(found)
            elif did not in anchors:
                anchors[did] = found
    if anchors:
        top = min(a.cy - 2.5 * a.h for a in anchors.values())
        bottom = max(a.cy + 2.5 * a.h for a in anchors.values())
        by_name = [a for a in by_name if top <= a.cy <= bottom]
    for a in by_name:
        anchors.setdefault(a.id, a)
    # A line box can be far taller than its text (a large box glyph in it): size by the
    # characters' advance instead, one em per CJK character.
    em = em_size(list({id(a.line): a.line for a in anchors.values()}.values()), level)
    return {did: replace(a, h=min(a.h, 1.45 * em)) for did, a in anchors.items()}


def em_size(lines: list[Line], level: Level) -> float:
    """The text's em in levelled pixels: the median advance over the lines' characters."""
    sizes = sorted(
        (ln.box[2] - ln.box[0]) * level.scale / sum(char_weights(ln.text))
        for ln in lines
        if ln.text.strip()
    )
    return sizes[len(sizes) // 2] if sizes else float("inf")


def _plausible(square: Square, anchors: dict[str, _Anchor]) -> float:
    """1 when the square sits where a box goes (on a label's row, ending just before the
    label starts), less the further off it is (label starts of merged lines are estimates)."""
    best = 0.15
    for a in anchors.values():
        if abs((square.y0 + square.y1) / 2 - a.cy) > 0.6 * a.h:
            continue
        gap = (a.x - square.x1) / a.h
        if -0.5 <= gap <= 2.0:
            return 1.0
        best = max(best, 0.5 if -1.5 <= gap <= 4.0 else 0.15)
    return best


def _rows(anchors: list[_Anchor]) -> list[list[_Anchor]]:
    rows: list[list[_Anchor]] = []
    for a in sorted(anchors, key=lambda a: a.cy):
        if rows and abs(a.cy - rows[-1][-1].cy) < 0.6 * a.h:
            rows[-1].append(a)
        else:
            rows.append([a])
    return [sorted(r, key=lambda a: a.x) for r in rows]


def _pair_cost(a: _Anchor, s: Square) -> float:
    """How unlikely it is that `s` is the box of `a`: it should end just left of the label."""
    gap = (a.x - s.x1) / a.h
    off = 0.0 if -0.8 <= gap <= 2.0 else min(abs(gap + 0.8), abs(gap - 2.0))
    # A square ending well into the label's text is a glyph's part (口 in 监), not its box
    # hidden by a heavy tick: cost it past skipping both (the box's place is guessed then).
    inside = max(0.0, -3.0 - gap)
    return min(2.5, 0.4 * off) + 0.5 * inside + min(1.5, 6.0 * s.ring)


def _match_row(anchors: list[_Anchor], squares: list[Square]) -> dict[str, Square]:
    """Order-keeping pairing of a row's labels and boxes (both left to right), by dynamic
    programming: label positions estimated from merged text lines may be off, their order not."""
    skip_anchor, skip_square = 2.0, 1.2
    n, m = len(anchors), len(squares)
    cost = np.zeros((n + 1, m + 1))
    cost[1:, 0] = np.arange(1, n + 1) * skip_anchor
    cost[0, 1:] = np.arange(1, m + 1) * skip_square
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i, j] = min(
                cost[i - 1, j] + skip_anchor,
                cost[i, j - 1] + skip_square,
                cost[i - 1, j - 1] + _pair_cost(anchors[i - 1], squares[j - 1]),
            )
    pairs: dict[str, Square] = {}
    i, j = n, m
    while i > 0 and j > 0:
        here = cost[i, j]
        if np.isclose(here, cost[i - 1, j - 1] + _pair_cost(anchors[i - 1], squares[j - 1])):
            pairs[anchors[i - 1].id] = squares[j - 1]
            i, j = i - 1, j - 1
        elif np.isclose(here, cost[i - 1, j] + skip_anchor):
            i -= 1
        else:
            j -= 1
    return pairs


def match_boxes(anchors: dict[str, _Anchor], squares: list[Square]) -> dict[str, Square]:
    """Each label's box: a square goes to the label row nearest it, then rows pair in order."""
    rows = _rows(list(anchors.values()))
    centres = [sum(a.cy for a in row) / len(row) for row in rows]
    mine: list[list[Square]] = [[] for _ in rows]
    for sq in squares:
        cy = (sq.y0 + sq.y1) / 2
        k = int(np.argmin([abs(cy - c) for c in centres]))
        if abs(cy - centres[k]) < 0.75 * max(a.h for a in rows[k]):
            mine[k].append(sq)
    pairs: dict[str, Square] = {}
    for row, found in zip(rows, mine, strict=True):
        pairs.update(_match_row(row, sorted(found, key=lambda s: s.x0)))
    return pairs


def _search_region(
    anchors: dict[str, _Anchor], shape: tuple[int, ...]
) -> tuple[int, int, int, int]:
    """Levelled pixel box around all the labels, with room for the boxes left of them."""
    h = max(a.h for a in anchors.values())
    x0 = min(a.x for a in anchors.values()) - 4 * h
    x1 = max(a.right for a in anchors.values()) + h
    y0 = min(a.cy for a in anchors.values()) - 1.5 * h
    y1 = max(a.cy for a in anchors.values()) + 1.5 * h
    height, width = shape[:2]
    return (max(0, int(x0)), max(0, int(y0)), min(width, int(x1)), min(height, int(y1)))


def read_directions(
    view: PageView, lines: list[Line], level: Level, ink: Mask | None = None
) -> list[DirectionMark]:
    """The nine boxes in template order. `lines` are where the direction labels are (the
    direction cell, or the whole page without one); `level` the page's levelling and `ink` its
    levelled text ink, as the table reader made them."""
    anchors = find_anchors(lines, level, ink)
    if view.image is None or not anchors:
        return [DirectionMark(did, None, 0.0) for did in DIRECTION_IDS]
    gray = level.image(view.image)
    region = _search_region(anchors, gray.shape)
    h = float(np.median([a.h for a in anchors.values()]))
    found = find_squares(
        gray, region, min(h, 1.3 * em_size([a.line for a in anchors.values()], level))
    )
    squares = consistent(found, [_plausible(s, anchors) for s in found])
    pairs = match_boxes(anchors, squares)
    threshold = ink_level(gray[region[1] : region[3], region[0] : region[2]])
    # The page's boxes are printed alike and most are empty: their outline width holds for all.
    widths = sorted(outline_width(gray, sq, threshold) for sq in pairs.values())
    outline = widths[len(widths) // 2] if widths else None
    # Where a box was not found (a heavy tick hid it), its place is guessed; strokes are
    # given to the found and guessed boxes alike.
    guesses = {
        did: guess
        for did, a in anchors.items()
        if did not in pairs
        and (guess := _predicted_square(a, anchors, pairs)) is not None
        and not _covered(guess, a, lines, level)
    }
    others = others_ink(gray, threshold, region, {**pairs, **guesses}, outline or 0, set(guesses))
    fills = {
        did: interior_ink(gray, sq, threshold, outline, others[did]) for did, sq in pairs.items()
    }
    halos = {did: halo_ink(gray, sq, threshold, others[did]) for did, sq in pairs.items()}
    traces = {
        did: interior_ink(gray, sq, threshold, outline, others[did], specks=True)
        for did, sq in pairs.items()
    }
    empty = empty_baseline(list(fills.values()))
    empty_halo = empty_baseline(list(halos.values()))
    empty_trace = empty_baseline(list(traces.values()))
    cfg = rules().directions
    levels = TickLevels(cfg.ticked, cfg.clear, cfg.halo_ticked)
    ringed = circled(gray, threshold, anchors, em_size([a.line for a in anchors.values()], level))
    marks = []
    for did in DIRECTION_IDS:
        anchor = anchors.get(did)
        if anchor is not None and did in ringed:
            # A ring round the label chooses it whatever its box shows; a person confirms.
            square = pairs.get(did)
            box = level.to_points((square.x0, square.y0, square.x1, square.y1)) if square else None
            text = _other_text(anchor, lines, level) if did == "other" else None
            marks.append(
                DirectionMark(did, True, box_reading("overflowing_guess"), box, text, anchor.line)
            )
            continue
        square = pairs.get(did)
        text = _other_text(anchor, lines, level) if did == "other" and anchor else None
        if anchor is None:
            marks.append(DirectionMark(did, None, 0.0, text=text))
            continue
        if square is None:
            guess = guesses.get(did)
            if guess is not None:
                fill = interior_ink(gray, guess, threshold, outline, others[did])
                checked, conf = _without_box(anchor, fill)
                halo = halo_ink(gray, guess, threshold, others[did])
                trace = interior_ink(gray, guess, threshold, outline, others[did], specks=True)
                if not checked and overflowing(halo, empty_halo, trace, empty_trace, levels):
                    checked, conf = True, box_reading("overflowing_guess")
            else:
                checked, conf = _without_box(anchor, None)
            marks.append(DirectionMark(did, checked, conf, None, text, anchor.line))
            continue
        if _covered(square, anchor, lines, level):
            # Printed text lies over the box (a long label run into the next column): its
            # ink says nothing about a tick. Unticked, for a person to check.
            checked, conf = False, box_reading("covered_by_text")
        else:
            checked, conf = decide(square, fills[did], empty, levels)
            trace = traces[did]
            if not checked and overflowing(halos[did], empty_halo, trace, empty_trace, levels):
                checked, conf = True, box_reading("overflowing_tick")
        box = level.to_points((square.x0, square.y0, square.x1, square.y1))
        marks.append(DirectionMark(did, checked, conf, box, text, anchor.line))
    return marks


def _covered(square: Square, anchor: _Anchor, lines: list[Line], level: Level) -> bool:
    """Whether another label's line (one run on from the column before) ends over the box's
    middle. The label's own line is not asked: where a line holds the box, OCR may have read
    the box (or its tick) as a character, and positions inside one line are estimates."""
    side = square.side
    inner = (square.x0 + 0.25 * side, square.x1 - 0.25 * side)
    cy = (square.y0 + square.y1) / 2
    marks = rules().directions.box_glyphs + rules().directions.tick_glyphs
    for line in lines:
        # A tick typed as a glyph is a line of its own, and is no label.
        if line is anchor.line or sum(ch not in marks for ch in line.text.strip()) < 2:
            continue
        lcx, lcy, half, h = line_band(line, level)
        ends_over = inner[0] <= lcx + half <= square.x1 + 0.6 * side
        if abs(lcy - cy) <= 0.35 * h and lcx - half < inner[0] and ends_over:
            return True
    return False


def _predicted_square(
    anchor: _Anchor, anchors: dict[str, _Anchor], pairs: dict[str, Square]
) -> Square | None:
    """Where the label's box should be, going by how the found boxes sit by their labels."""
    if not pairs:
        return None
    gaps = sorted(anchors[did].x - sq.x1 for did, sq in pairs.items())
    side = sorted(sq.side for sq in pairs.values())[len(pairs) // 2]
    x1 = anchor.x - gaps[len(gaps) // 2]
    cy = sorted((sq.y0 + sq.y1) / 2 - anchors[did].cy for did, sq in pairs.items())
    mid = anchor.cy + cy[len(cy) // 2]
    return Square(int(x1 - side), int(mid - side / 2), int(x1), int(mid + side / 2))


def _without_box(anchor: _Anchor, fill: float | None) -> tuple[bool, float]:
    """No box outline found beside the label (a heavy tick can hide it): a tick OCR read in
    its place, or ink where the box should be, counts as ticked; unsure either way."""
    if anchor.glyph and anchor.glyph in rules().directions.tick_glyphs:
        return True, box_reading("tick_glyph_no_box")
    if fill is not None and fill >= rules().directions.ticked:
        return True, box_reading("ink_no_box")
    return False, box_reading("no_box")


def _other_text(anchor: _Anchor, lines: list[Line], level: Level) -> str | None:
    """What is written on the 其他方向 line after the label (OCR may read handwriting as a
    line of its own further right): underline, colon and tick marks left out."""
    parts = [anchor.tail]
    for line in lines:
        if line is anchor.line or _label_hits(_normalised(line.text)[0]):
            continue
        cx, cy, half, _ = line_band(line, level)
        if abs(cy - anchor.cy) < 0.6 * anchor.h and cx - half >= anchor.x:
            parts.append(line.text)
    marks = rules().directions.box_glyphs + rules().directions.tick_glyphs
    text = _UNDERLINE.sub("", "".join(parts))
    text = text.strip(" :：;；,，" + marks)
    return text or None
