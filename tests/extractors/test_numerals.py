"""Numbers as written: Arabic, full-width, Chinese, scaled and hedged."""

from __future__ import annotations

import pytest

from extractors.counts.numerals import find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "value", "approximate"),
    [
        ("12", 12, False),
        ("１２", 12, False),
        ("十二", 12, False),
        ("两", 2, False),
        ("二十三", 23, False),
        ("一百零五", 105, False),
        ("3千", 3000, False),
        ("4千5百", 4500, False),
        ("3.2万", 32000, False),
        ("３．２万", 32000, False),
        ("1,200", 1200, False),
        ("12万余", 120000, True),
        ("20余万", 200000, True),
        ("20余", 20, True),
        ("三十多", 30, True),
        ("十余", 10, True),
        ("约30", 30, True),
        ("近50", 50, True),
        ("超过100", 100, True),
    ],
)
def test_parse_number(text: str, value: int, approximate: bool) -> None:
    numeral = parse_number(text)
    assert numeral is not None
    assert (numeral.value, numeral.approximate) == (value, approximate)


@pytest.mark.parametrize("text", ["4.5", "abc", "", "500万元", "万"])
def test_not_a_count(text: str) -> None:
    assert parse_number(text) is None


def test_find_numbers_in_running_text() -> None:
    found = list(find_numbers("累计惠及患者3.2万人次，开展培训２０余场。"))
    assert [(n.value, n.approximate) for n in found] == [(32000, False), (20, True)]
    assert found[0].text == "3.2万"
