"""Rules that once restated what our generator writes, now stated generally: notes pointing
to an attached page in any wording, award levels named by any province."""

from __future__ import annotations

import pytest

from extractors.form.values import clean_summary
from tests.extractors.test_counts import values


@pytest.mark.parametrize(
    "note",
    [
        "……（详见附页）",
        "（未完，见附页）",
        "详见附页。",
        "（续见附页）",
        "（参见附页）",
        "转下页",
        "（接续页）",
    ],
)
def test_a_note_sending_the_reader_to_an_attached_page_is_no_part_of_the_summary(
    note: str,
) -> None:
    assert clean_summary([f"本项目覆盖三家医院{note}", "共培训两期。"]) == (
        "本项目覆盖三家医院共培训两期。"
    )


def test_a_reference_to_an_appendix_in_the_text_stays() -> None:
    assert clean_summary(["成果清单见附件3。"]) == "成果清单见附件3。"


@pytest.mark.parametrize("province", ["北京市", "浙江省", "广东省", "四川", "广西壮族自治区"])
def test_a_provincial_award_is_named_by_any_province(province: str) -> None:
    got = values(f"项目获{province}科技进步奖1项。")
    assert got.get("awards_provincial") == 1 and not got.get("awards_national")
