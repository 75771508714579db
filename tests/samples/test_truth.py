"""The committed corpus: truth files are complete, ordered and agree with their PDFs."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from models.template import COUNT_KEYS, DIRECTION_IDS, PAGE_KINDS, SECTION_IDS
from samples.generate.numerals import chinese, fullwidth
from samples.generate.report import MORE_TITLES, TITLE_VARIANTS

CORPUS = Path(__file__).resolve().parents[2] / "samples" / "corpus"
TRUTHS = sorted(CORPUS.glob("*.truth.json"))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _pdf(path: Path) -> pymupdf.Document:
    return pymupdf.open(path.with_name(path.name.replace(".truth.json", ".pdf")))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_corpus_exists_and_is_small() -> None:
    assert len(TRUTHS) >= 10
    size = sum(p.stat().st_size for p in CORPUS.glob("*.pdf"))
    assert size < 17e6  # 12 planned submissions + the evidence samples (README)


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_truth_is_complete_and_ordered(path: Path) -> None:
    t = _load(path)
    with _pdf(path) as doc:
        assert t["document"]["page_count"] == doc.page_count == len(t["pages"])
    assert [p["number"] for p in t["pages"]] == list(range(1, len(t["pages"]) + 1))
    assert all(p["kind"] in PAGE_KINDS for p in t["pages"])
    assert list(t["counts"]) == list(COUNT_KEYS)
    if t["report"]["present"]:
        assert [s["id"] for s in t["report"]["sections"]] == list(SECTION_IDS)
        for s in t["report"]["sections"]:
            assert (s["page"] is not None) == s["found"]
    else:
        assert t["report"] == {"present": False}
    if t["application"]["present"]:
        assert [d["id"] for d in t["application"]["directions"]] == list(DIRECTION_IDS)
        assert any(d["checked"] for d in t["application"]["directions"])


def _born_digital() -> list[Path]:
    return [p for p in TRUTHS if not _load(p)["variant"]["scanned"]]


def _scanned() -> list[Path]:
    return [p for p in TRUTHS if _load(p)["variant"]["scanned"]]


@pytest.mark.parametrize("path", _born_digital(), ids=lambda p: p.stem)
def test_born_digital_text_layer_holds_the_truth(path: Path) -> None:
    t = _load(path)
    with _pdf(path) as doc:
        pages = [page.get_text(sort=True) for page in doc]  # sorted: reading order
    whole = _flat("".join(pages))
    if t["report"]["present"]:
        f = t["report"]["fields"]
        assert _flat(f["project_name"]["value"]) in whole
        assert _flat(f["lead_unit"]["value"]) in whole
        for s in t["report"]["sections"]:
            if s["found"]:
                text = _flat(pages[s["page"] - 1])
                titles = TITLE_VARIANTS[s["id"]] + MORE_TITLES[s["id"]]
                assert any(_flat(v) in text for v in titles), s
    for entry in t["pages"]:
        if "text" in entry:  # the page's lines, in order, are the truth text
            assert _flat(entry["text"]) == _flat(pages[entry["number"] - 1])
    for item in t.get("evidence", []):  # what the truth says an item shows is printed there
        first = _flat(pages[item["pages"][0] - 1])
        assert _flat(item["title"]["value"]) in first, item
        if item["number"]["value"]:
            assert _flat(item["number"]["value"]) in first, item
        item_text = _flat("".join(pages[p - 1] for p in item["pages"]))
        assert all(_flat(h) in item_text for h in item["holders"]["value"]), item
    statements = t["variant"]["statements"]
    for key, count in t["counts"].items():
        value = count["value"]
        if value is None or value == 0:
            continue
        forms = {str(value), chinese(value), fullwidth(str(value)), f"{value:,}"}
        if value == 2:
            forms.add("两")
        if value >= 10000:
            forms.add(f"{value / 10000:g}万")
        # kinds that add up ("SCI论文8篇、中文核心期刊论文4篇") print no total: their parts are
        # in the layer, and the generator's statement record says they state the value
        by_parts = any(
            st["states"].get(key) == value
            and all(_flat(n[2]) in whole for n in st["numbers"] if n[0] == key)
            for st in statements
        )
        assert by_parts or any(_flat(form) in whole for form in forms), (key, value)


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_statements_agree_with_counts(path: Path) -> None:
    """Every non-null count is stated somewhere, and every statement of it says the same."""
    t = _load(path)
    counts = {k: v["value"] for k, v in t["counts"].items()}
    stated: set[str] = set()
    for st in t["variant"]["statements"]:
        for key, value in st["states"].items():
            assert counts[key] == value, (key, st)
            stated.add(key)
    assert stated == {k for k, v in counts.items() if v is not None}


@pytest.mark.parametrize("path", _scanned(), ids=lambda p: p.stem)
def test_scanned_pages_are_images_only(path: Path) -> None:
    t = _load(path)
    with _pdf(path) as doc:
        for page, truth in zip(doc, t["pages"], strict=True):
            assert len(page.get_images()) == 1
            # any text there is the invisible kind cheap scanner OCR adds
            assert all(span["type"] == 3 for span in page.get_texttrace())
            landscape = page.rect.width > page.rect.height
            assert landscape == (truth["rotation"] in (90, 270))
            assert truth["source"] == "ocr"


def test_corpus_covers_the_variants() -> None:
    truths = [_load(p) for p in TRUTHS]
    scanned = [t for t in truths if t["variant"]["scanned"]]
    assert any(t["variant"].get("grayscale") for t in scanned)
    rotations = {p["rotation"] for t in scanned for p in t["pages"]}
    assert {180} <= rotations
    reports = [t["report"] for t in truths if t["report"]["present"]]
    assert any(not r["fields"]["unit_sealed"]["value"] for r in reports)
    assert any(not r["fields"]["leader_signed"]["value"] for r in reports)
    assert any(not all(s["found"] for s in r["sections"]) for r in reports)
    forms = [t["application"] for t in truths if t["application"]["present"]]
    assert any(
        d["id"] == "other" and d["checked"] and d["text"] for f in forms for d in f["directions"]
    )
    assert any(sum(d["checked"] for d in f["directions"]) >= 2 for f in forms)
    assert any(not t["report"]["present"] or not t["application"]["present"] for t in truths)
