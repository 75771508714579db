"""The pydantic result models produce what result.schema.json requires, and the packaged copy
of the contract matches the shared one."""

from __future__ import annotations

import json

import pytest

from models.result import Document, Result
from models.schema import PACKAGED, SHARED, schema_errors
from models.template import DIRECTION_IDS, RUBRIC_IDS, SECTION_IDS


def test_packaged_schema_matches_shared() -> None:
    if not SHARED.exists():
        pytest.skip("shared/contract is not beside this checkout")
    assert json.loads(PACKAGED.read_text()) == json.loads(SHARED.read_text())


def test_empty_result_is_schema_valid_and_complete() -> None:
    result = Result(document=Document(sha256="0" * 64, page_count=0)).to_json_dict()
    assert schema_errors(result) == []
    assert [s["id"] for s in result["report"]["sections"]] == list(SECTION_IDS)
    assert [d["id"] for d in result["application"]["directions"]] == list(DIRECTION_IDS)
    assert [r["id"] for r in result["rubric"]] == list(RUBRIC_IDS)


def test_template_ids_are_the_schemas() -> None:
    schema = json.loads(PACKAGED.read_text())
    props = schema["properties"]
    section_enum = props["report"]["properties"]["sections"]["items"]["properties"]["id"]["enum"]
    direction_enum = props["application"]["properties"]["directions"]["items"]["properties"]["id"][
        "enum"
    ]
    rubric_enum = props["rubric"]["items"]["properties"]["id"]["enum"]
    assert sorted(section_enum) == sorted(SECTION_IDS)
    assert sorted(direction_enum) == sorted(DIRECTION_IDS)
    assert rubric_enum == list(RUBRIC_IDS)
    assert sorted(props["counts"]["required"]) == sorted(
        Result.model_fields["counts"].annotation.model_fields
    )  # type: ignore[union-attr]


def test_schema_rejects_a_broken_result() -> None:
    result = Result(document=Document(sha256="a" * 64, page_count=1)).to_json_dict()
    del result["counts"]["papers"]
    result["rubric"] = result["rubric"][:9]
    errors = schema_errors(result)
    assert any("papers" in e for e in errors)
    assert any(e.startswith("rubric") for e in errors)


def test_a_stored_v1_result_reads_as_v2() -> None:
    v1 = Result(document=Document(sha256="b" * 64, page_count=2)).to_json_dict()
    v1["schema_version"] = "1"
    del v1["evidence"]
    upgraded = Result.model_validate(v1).to_json_dict()
    assert upgraded["schema_version"] == "2"
    assert upgraded["evidence"] == []
    assert upgraded["document"] == v1["document"]
    assert schema_errors(upgraded) == []
