"""A labelled value: after its label on the same row (a colon or not), running on to the next
rows while they continue it, or on the next row when the label stands alone."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.evidence.lines import Row, find_label, starts_with

_COLONS = ":"
_ENDS = ",;。"  # a value inside running text ends at its clause's end
LIST_ENDS = ",。"  # a list of names goes on over ";"
_INDENT_SLACK = 18.0  # points: a wrapped value's next row starts under the value


@dataclass(frozen=True, slots=True)
class Found:
    text: str
    rows: list[Row]


def _label_at(row: Row, labels: list[str], exclude: list[str]) -> tuple[int, int] | None:
    for label in labels:
        span = find_label(row.text, label)
        if span is None:
            continue
        # an excluded label that contains this one (专利申请日 holds 申请日) is not this field
        for other in exclude:
            ex = row.text.find(other)
            if ex >= 0 and ex <= span[0] < ex + len(other):
                span = None
                break
        if span is not None:
            return span
    return None


def _cut(text: str, stops: list[str], ends: str = _ENDS) -> tuple[str, bool]:
    """`text` up to the first clause end or the next label; whether it was cut there."""
    end = len(text)
    for ch in ends:
        at = text.find(ch)
        if 0 <= at < end:
            end = at
    for stop in stops:
        at = text.find(stop)
        if 0 < at < end:
            end = at
    return text[:end], end < len(text)


def labelled(
    rows: list[Row],
    labels: list[str],
    exclude: list[str],
    stops: list[str],
    right: float,
    ends: str = _ENDS,
    run_on: bool = True,
) -> Found | None:
    """The value printed with the first label found; `stops` are the other labels of the kind
    (a value ends where the next label begins); `right` the page's text right edge."""
    for i, row in enumerate(rows):
        span = _label_at(row, labels, exclude)
        text, used = row.text, [row]
        if span is None and i and rows[i - 1].page == row.page:
            # a label broken by the line wrap of running text ("…项" / "目名称：…")
            tail = rows[i - 1].text[-4:]
            span = _label_at(
                Row(row.page, row.index, tail + row.text, "", row.box, 1.0), labels, exclude
            )
            if span is None or not 0 < span[0] < len(tail) < span[1]:
                continue
            text, used = tail + row.text, [rows[i - 1], row]
        if span is None:
            continue
        rest = text[span[1] :].lstrip(_COLONS)
        value, ended = _cut(rest, stops, ends)
        nxt = i + 1
        if not value:  # label alone on its row: the value is the next row
            if nxt >= len(rows) or starts_with(rows[nxt].text, stops + labels):
                continue
            value, ended = _cut(rows[nxt].text.lstrip(_COLONS), stops, ends)
            used.append(rows[nxt])
            nxt += 1
        start_x = _value_x(row, max(0, span[1] - (len(text) - len(row.text))))
        while run_on and not ended and nxt < len(rows):
            cand = rows[nxt]
            if cand.page != row.page or starts_with(cand.text, stops + labels):
                break
            hanging = abs(cand.box[0] - start_x) <= _INDENT_SLACK
            wrapped = used[-1].box[2] >= right - _INDENT_SLACK * 2
            if not (hanging or wrapped):
                break
            more, ended = _cut(cand.text, stops, ends)
            value += more
            used.append(cand)
            nxt += 1
        if value:
            return Found(value, used)
    return None


def _value_x(row: Row, at: int) -> float:
    """Where on the row the value starts, by the share of characters before it."""
    x0, _, x1, _ = row.box
    share = at / max(1, len(row.text))
    return x0 + (x1 - x0) * share
