"""Joining lines into one stream: wraps, paragraph ends, table rows, page furniture, evidence."""

from __future__ import annotations

from extractors.counts.textflow import build_flow, fold_width
from extractors.types import Line, PageView
from tests.extractors.viewkit import view

WIDTH = 30  # characters per full line in these pages


def wrapped(text: str) -> list[str | list[str]]:
    """A paragraph wrapped at WIDTH characters, as a word processor lays it out."""
    return [text[i : i + WIDTH] for i in range(0, len(text), WIDTH)]


SENTENCE = (
    "截至目前，项目已申请发明专利5项，其中已获授权2项，发表论文12篇，出版专著2部，"
    "培养博士研究生3名，推广至全市35家医疗卫生机构。"
)


def test_wrapped_sentence_joins_without_breaks() -> None:
    flow = build_flow([view(wrapped(SENTENCE + "下一段落开始。"))])
    assert SENTENCE in flow.text


def test_short_lines_and_table_rows_keep_their_breaks() -> None:
    rows: list[str | list[str]] = [*wrapped(SENTENCE), ["授权发明专利", "2"], ["发表论文", "12"]]
    flow = build_flow([view(rows)])
    assert "\n授权发明专利 2\n发表论文 12" in flow.text


def test_headings_start_a_new_line() -> None:
    rows: list[str | list[str]] = ["一" * WIDTH, "二、试点项目建设应用情况"]
    assert "\n二、试点项目建设应用情况" in build_flow([view(rows)]).text


def test_page_numbers_and_running_heads_are_dropped() -> None:
    pages = []
    for n in (1, 2, 3):
        page = view(wrapped(SENTENCE), number=n)
        page.lines.insert(0, Line("远程超声诊断示范项目", (72, 20, 300, 34)))
        page.lines.append(Line(f"— {n} —", (280, 800, 320, 814)))
        page.lines.append(Line(f"第 {n} 页 共 3 页", (250, 820, 350, 834)))
        pages.append(page)
    flow = build_flow(pages)
    assert "远程超声诊断示范项目" not in flow.text
    assert "页" not in flow.text and "—" not in flow.text


def test_sentence_across_a_page_turn_and_its_evidence() -> None:
    first = view(["前文。", *wrapped(SENTENCE)[:2]], number=1)
    second = view([*wrapped(SENTENCE)[2:], "后文。"], number=2)
    flow = build_flow([first, second])
    pos = flow.text.index("发表论文")
    start, end = flow.sentence_bounds(pos)
    assert flow.text[start:end] == SENTENCE
    evidence = flow.evidence(start, end)
    assert [e.page for e in evidence] == [1, 2]
    assert all(e.text == SENTENCE for e in evidence)
    assert evidence[0].bbox is not None and evidence[0].bbox[1] > 72  # not the "前文" line


def test_evidence_boxes_are_in_displayed_coordinates() -> None:
    page = view(wrapped(SENTENCE))
    page.rotation = 180
    flow = build_flow([page])
    box = flow.evidence(0, 5)[0].bbox
    assert box is not None
    upright = page.lines[0].box
    assert box == (595 - upright[2], 842 - upright[3], 595 - upright[0], 842 - upright[1])


def test_fold_width_keeps_offsets_and_cjk_punctuation() -> None:
    text = "发表论文１２篇，（其中ＳＣＩ８篇）"
    folded = fold_width(text)
    assert len(folded) == len(text)
    assert folded == "发表论文12篇，（其中SCI8篇）"


def test_offset_of_maps_a_heading_box() -> None:
    page = view(["前文。", "（四）重要成果产出情况", "正文。"])
    flow = build_flow([page])
    heading = page.lines[1]
    assert flow.offset_of(1, heading.box) == flow.text.index("（四）")


def test_empty_document() -> None:
    flow = build_flow([PageView(number=1, width=595, height=842, source="ocr")])
    assert flow.text == "" and list(flow.sentences()) == []
