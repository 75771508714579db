"""How the generator writes numbers: every form must mean the integer truth holds."""

from __future__ import annotations

import random

import pytest

from samples.generate.numerals import chinese, date_text, fullwidth, large


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"),
        (2, "二"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (105, "一百零五"),
        (110, "一百一十"),
        (2300, "二千三百"),
    ],
)
def test_chinese(n: int, text: str) -> None:
    assert chinese(n) == text


def test_liang_only_for_two() -> None:
    assert chinese(2, liang=True) == "两"
    assert chinese(12, liang=True) == "十二"


def test_fullwidth() -> None:
    assert fullwidth("12") == "１２"


@pytest.mark.parametrize("n", [32000, 120000, 45678, 5000, 10000])
def test_large_means_n(n: int) -> None:
    rng = random.Random(n)
    for _ in range(20):
        text = large(rng, n)
        if text.endswith("万"):
            assert round(float(text[:-1]) * 10000) == n
        else:
            assert int(text.replace(",", "")) == n


def test_date_text_parses_back() -> None:
    from extractors.text.dates import parse_date

    rng = random.Random(3)
    for style in ("arabic", "padded", "chinese"):
        assert parse_date(date_text(rng, 2022, 9, 28, style=style)) == "2022-09-28"
