"""The form's variants: summaries on attached pages (附页), numbered partner lists."""

from __future__ import annotations

import re

from samples.generate.make import render_born_digital
from samples.generate.spec import draw_spec


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_attached_pages_hold_the_rest_of_the_summary() -> None:
    seen = set()
    for seed in range(60):
        spec = draw_spec("x", seed, False, {"summary_overflow"})
        doc, out = render_born_digital(spec)
        texts = [_flat(page.get_text()) for page in doc]
        attached = [i for i, t in enumerate(texts) if "附页" in t[:20]]
        if not attached:
            continue
        i = attached[0]
        assert out.pages[i].kind == "application_form"
        summary = _flat(out.summary or "")
        assert summary[-40:] in texts[i]  # the attached page ends the summary
        assert "附页" not in summary
        seen.add("whole" if summary[:40] in texts[i] else "rest")
        if seen == {"whole", "rest"}:
            break
    assert seen == {"whole", "rest"}


def test_numbered_partner_lists_keep_plain_names() -> None:
    for seed in range(40):
        spec = draw_spec("x", seed, False, {"form_only"})
        doc, _ = render_born_digital(spec)
        text = "".join(page.get_text() for page in doc)
        if re.search(r"^(1\. ?|1、|（1）|1）)" + re.escape(spec.partner_units[0][:4]), text, re.M):
            assert not any(re.match(r"^\W*\d", u) for u in spec.partner_units)
            return
    raise AssertionError("no numbered partner list in 40 forms")


def test_evidence_never_exceeds_stated_counts() -> None:
    kinds, dupes, unrelated = set(), 0, 0
    for seed in range(300):
        spec = draw_spec("x", seed, False, set())
        backed: dict[str, int] = {}
        for item in spec.evidence:
            kinds.add(item.kind)
            dupes += item.duplicate_of is not None
            unrelated += not item.related
            key = item.counts_toward
            if key and item.related and item.duplicate_of is None:
                backed[key] = backed.get(key, 0) + 1
        for key, n in backed.items():
            assert n <= (spec.counts[key] or 0), (seed, key)
    assert len(kinds) == 6 and dupes >= 10 and unrelated >= 10
