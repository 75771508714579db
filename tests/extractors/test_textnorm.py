"""Normalisation and fuzzy matching shared by the readers."""

from __future__ import annotations

from extractors.text.normalize import (
    compact,
    comparable,
    levenshtein,
    partial_similarity,
    prefix_similarity,
    similarity,
)


def test_compact_unifies_width_and_drops_spaces() -> None:
    assert compact("项目牵头单 位： 上海（一）—１２") == "项目牵头单位:上海(一)-12"


def test_comparable_is_the_contract_form() -> None:
    assert comparable("上海市 第六人民医院（盖章），") == "上海市第六人民医院盖章"


def test_edit_distance_and_ratio() -> None:
    assert levenshtein("典型应用场景", "典型应用场") == 1
    assert similarity("abc", "abc") == 1.0
    assert 0.8 < similarity("试点项目总体进展情况", "试点项目总体进展情兄") < 1.0


def test_prefix_similarity_finds_a_heading_run_into_its_text() -> None:
    ratio, length = prefix_similarity(
        "试点项目总体进展情况本项目于2021年启动", "试点项目总体进展情况"
    )
    assert ratio == 1.0 and length == 10
    ratio, _ = prefix_similarity("试点项目总体进晨情况本项目", "试点项目总体进展情况")
    assert ratio >= 0.9


def test_partial_similarity_finds_a_name_inside_seal_text() -> None:
    assert partial_similarity("上海市第六人民医院专用章", "上海市第六人民医院") == 1.0
    assert partial_similarity("复旦大学附属中山医院", "上海市第六人民医院") < 0.5
