import pytest

from extractors.text.dates import find_date, find_month_day, nearest_year, parse_date


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
        # OCR's look-alikes of digits inside a 年…月…日 date (blur, a seal over it)
        ("2023年C9月07日", "2023-09-07"),
        ("2O23年9月l5日", "2023-09-15"),
    ],
)
def test_dates_as_people_write_them(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text",
    [
        "2023年13月1日",
        "2024.02.30",
        "二〇二三年二月三十日",
        "年 月 日",
        "项目编号2023",
        "SOS年1月1日",  # letters alone are no year
        "2023年Q1季度",
    ],
)
def test_no_date_where_none_exists(text: str) -> None:
    assert parse_date(text) is None


def test_span_points_into_the_text() -> None:
    text = "申报日期：2023年九月十六日（盖章）"
    found = find_date(text)
    assert found is not None
    start, end = found[1]
    assert text[start:end] == "2023年九月十六日"


@pytest.mark.parametrize(
    ("text", "month_day"),
    [
        ("20..年7月21日", (7, 21)),  # a seal over the year's last digits
        ("二〇二年七月二十一日", (7, 21)),
        ("2023年7月21日", None),  # the whole date reads: no partial one
        ("年 月 日", None),
        ("2023年2月30日", None),
    ],
)
def test_month_and_day_of_a_date_without_a_readable_year(
    text: str, month_day: tuple[int, int] | None
) -> None:
    assert find_month_day(text) == month_day


def test_nearest_year() -> None:
    assert nearest_year(7, 21, "2023-07-25") == "2023-07-21"
    assert nearest_year(12, 30, "2024-01-02") == "2023-12-30"  # across the new year
    assert nearest_year(7, 21, "2023-01-10") is None  # half a year off: not the same signing
    assert nearest_year(7, 21, "not a date") is None


def test_a_written_year_that_lost_one_numeral_is_restored_only_when_one_year_fits() -> None:
    from extractors.text.dates import lost_numeral_date

    assert lost_numeral_date("二二二年九月二十一日") == "2022-09-21"  # the 〇 lost
    assert lost_numeral_date("〇二二年九月二十三日") == "2022-09-23"  # the first 二 lost
    assert lost_numeral_date("二〇二年九月二十三日") is None  # 2020..2029: no telling
    assert lost_numeral_date("三二二年一月一日") is None
