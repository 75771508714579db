"""One confidence module: named features to confidences, and the grades the UI reads."""

from __future__ import annotations

import pytest

from extractors.grade import confidence as c
from service.web.labels import confidence_band


@pytest.mark.parametrize(
    ("value", "grade"), [(None, "none"), (0.3, "low"), (0.79, "low"), (0.8, "mid"), (0.95, "high")]
)
def test_grades_and_the_ui_band_agree(value: float | None, grade: str) -> None:
    assert c.grade(value) == grade == confidence_band(value)
    assert c.needs_review(value) == (grade == "low")


def test_features_lower_a_read_confidence() -> None:
    assert c.weighed(0.98, []) == 0.98
    assert c.weighed(1.0, []) == 0.99  # never sure beyond what reading allows
    assert c.weighed(1.0, ["ruled_cell"], cap=1.0) == 0.95
    wrapped = c.weighed(0.98, ["wrapped_value"])
    assert wrapped < 0.98 and c.weighed(0.98, ["wrapped_value", "under_seal"]) < wrapped
    with pytest.raises(KeyError):
        c.weighed(0.9, ["no_such_feature"])


def test_count_penalties_add_up() -> None:
    clean = c.count(1.0, 1.0, [])
    assert clean == 0.95
    assert c.count(1.0, 1.0, ["approximate", "conflict"]) == pytest.approx(0.55)
    assert c.count(0.1, 0.5, ["approximate", "conflict", "in_table"]) == 0.05  # floor
