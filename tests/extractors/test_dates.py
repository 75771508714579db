import pytest

from extractors.text.dates import find_date, parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023年9月15日", "2023-09-15"),
        ("日期：2023.9.15", "2023-09-15"),
        ("2023-09-15", "2023-09-15"),
        ("２０２３／９／１５", "2023-09-15"),
        ("2023 年 9 月 15 日", "2023-09-15"),
        ("二〇二三年九月十五日", "2023-09-15"),
        ("二〇二三年十二月三十一日", "2023-12-31"),
        ("2023年九月十六日", "2023-09-16"),
        ("2023年十二月3日", "2023-12-03"),
        ("二〇二三年9月1日", "2023-09-01"),
    ],
)
def test_dates_as_people_write_them(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text", ["2023年13月1日", "2024.02.30", "二〇二三年二月三十日", "年 月 日", "项目编号2023"]
)
def test_no_date_where_none_exists(text: str) -> None:
    assert parse_date(text) is None


def test_span_points_into_the_text() -> None:
    text = "申报日期：2023年九月十六日（盖章）"
    found = find_date(text)
    assert found is not None
    start, end = found[1]
    assert text[start:end] == "2023年九月十六日"
