"""Every way the generator states a count must mean the truth value (samples/README.md rules)."""

from __future__ import annotations

import random
import re

import pytest

from models.template import COUNT_KEYS
from samples.generate.catalogue import CATEGORIES, KEY_CATEGORY, Phrase
from samples.generate.fill import fill, fits, readback
from samples.generate.make import render_born_digital
from samples.generate.numerals import chinese, fullwidth, large, parse, small
from samples.generate.phrasing import choices
from samples.generate.spec import draw_spec
from samples.generate.vocab import vocab

PHRASES = [(name, p) for name, cat in CATEGORIES.items() for p in cat.phrases]
WORDS = {
    "journal": ["中华医学杂志", "中国数字医学"],
    "m": ["人民日报", "央视新闻", "解放日报"],
    "scene": ["远程超声", "急救车"],
}


def _counts(rng: random.Random, phrase: Phrase) -> dict[str, int | None]:
    counts: dict[str, int | None] = dict.fromkeys(COUNT_KEYS)
    for key in phrase.keys:
        counts[key] = (
            rng.choice([rng.randint(1, 40), rng.randint(3, 12)])
            if key != "beneficiaries"
            else rng.choice([rng.randint(3, 90) * 1000, rng.randint(500, 99999)])
        )
    counts.update(phrase.fixed)
    return counts


def test_every_count_has_many_phrasings() -> None:
    assert set(KEY_CATEGORY) == set(COUNT_KEYS)
    for key in COUNT_KEYS:
        stating = {p.template for _, p in PHRASES if key in p.keys or key in p.fixed}
        assert len(stating) >= 6, (key, len(stating))


@pytest.mark.parametrize(("name", "phrase"), PHRASES, ids=lambda x: getattr(x, "template", x))
def test_phrase_reads_back_to_its_truth(name: str, phrase: Phrase) -> None:
    rng = random.Random(phrase.template)
    done = 0
    for _ in range(60):
        counts = _counts(rng, phrase)
        if not fits(phrase, counts):
            continue
        filled = fill(phrase, counts, rng, WORDS)
        expect = {k: counts[k] for k in (*phrase.keys, *phrase.fixed)}
        assert filled.states == expect, filled.text
        assert readback(filled.text, filled.numbers, phrase.fixed) == expect
        assert "{" not in filled.text and "}" not in filled.text
        for n in filled.numbers:  # every number written is at its place and means one integer
            assert filled.text[n.start : n.start + len(n.text)] == n.text
            parse(n.text)
        stated = [n for n in filled.numbers if n.role == "count"]
        assert {n.key for n in stated} <= set(phrase.keys)
        done += 1
    assert done >= 10


def test_sub_counts_and_totals_are_not_the_count() -> None:
    phrase = next(p for _, p in PHRASES if "其中博士" in p.template and "over" in p.template)
    filled = fill(phrase, {"phd_trainees": 3, "master_trainees": None}, random.Random(1), WORDS)
    assert filled.states == {"phd_trainees": 3}  # 共培养研究生N名: master stays unknown
    phrase = next(p for _, p in PHRASES if p.template.startswith("发表SCI论文"))
    filled = fill(phrase, {"papers": 12}, random.Random(2), WORDS)
    parts = [parse(n.text) for n in filled.numbers if n.role == "part"]
    assert sum(parts) == 12 and len(parts) == 2 and "12" not in filled.text


def test_every_combination_of_a_category_can_be_stated() -> None:
    for seed in range(400):
        counts = draw_spec("x", seed, False, set()).counts
        for name, cat in CATEGORIES.items():
            if any(counts[k] is not None for k in cat.keys):
                assert choices(cat, counts), (name, {k: counts[k] for k in cat.keys})


@pytest.mark.parametrize("n", [0, 1, 2, 7, 10, 12, 20, 35, 104, 2300])
def test_parse_inverts_the_writers(n: int) -> None:
    rng = random.Random(n)
    assert parse(chinese(n)) == n
    assert parse(fullwidth(str(n))) == n
    for _ in range(20):
        assert parse(small(rng, n)) == n
    assert parse("两") == 2


@pytest.mark.parametrize("n", [32000, 120000, 45678, 5000, 10000, 269000])
def test_parse_large(n: int) -> None:
    rng = random.Random(n)
    for _ in range(20):
        assert parse(large(rng, n)) == n


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("seed", [3, 8, 21, 40])
def test_rendered_statements_agree_with_truth(seed: int) -> None:
    from samples.generate.make import render

    spec = draw_spec("x", seed, False, {"summary_overflow"} if seed % 2 else set())
    data, truth = render(spec)
    import pymupdf

    with pymupdf.open(stream=data) as doc:
        whole = _flat("".join(page.get_text() for page in doc))
    counts = {k: v["value"] for k, v in truth["counts"].items()}
    stated: set[str] = set()
    for st in truth["variant"]["statements"]:
        for key, value in st["states"].items():
            assert counts[key] == value, (key, st)  # a count stated twice has one value
            stated.add(key)
        for _key, _role, text in st["numbers"]:
            assert _flat(text) in whole
    assert stated == {k for k, v in counts.items() if v is not None}
    if truth["application"]["present"]:
        summary = truth["application"]["fields"]["summary"]["value"]
        assert not any(m in summary for m in ("附页", "续见"))


def test_form_only_counts_are_those_of_its_summary() -> None:
    for seed in range(30):
        spec = draw_spec("x", seed, False, {"form_only"})
        _, out = render_born_digital(spec)
        form = [f for where, f in out.statements if where == "form"]
        assert len(form) <= 1
        stated = form[0].states if form else {}
        assert set(out.stated_in_summary) == set(stated)
        for key, value in stated.items():
            assert spec.counts[key] == value


def test_narrative_has_no_placeholders() -> None:
    from samples.generate import content

    facts = {
        k: "X"
        for k in (
            "proj",
            "lead",
            "partner",
            "scene",
            "scene2",
            "company",
            "n_bs",
            "latency",
            "rate",
            "start",
            "district",
        )
    }
    for topic in vocab()["topics"]:
        for sid in ("1", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "4", "5", "6", "7"):
            for para in content.paragraphs(sid, facts, random.Random(sid + topic), topic):
                assert "{" not in para
