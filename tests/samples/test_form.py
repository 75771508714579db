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


def test_fillers_looks_vary_and_read_back() -> None:
    """Spaced and respelt labels, other column widths, a table broken over a page and ringed
    labels all
    appear among generated forms, and the form reader reads such a form as the truth says."""
    from extractors.form.read import read_application
    from extractors.options import PipelineOptions
    from extractors.perception.pdf import open_pdf
    from extractors.perception.perceive import perceive_document
    from samples.generate.form import _Look

    seen: set[str] = set()
    read = 0
    for seed in range(80):
        spec = draw_spec("x", seed, False, {"form_only"})
        look = _Look.draw(spec)
        kinds = {
            "spaced": any(" " in v for v in look.labels.values()),
            "respelt": any(" " not in v for v in look.labels.values()),
            "width": look.label_w != 96.0,
            "break": look.table_break,
            "ring": look.ring,
        }
        new = {k for k, on in kinds.items() if on} - seen
        if not new:
            continue
        seen |= new
        doc, out = render_born_digital(spec)
        pdf = doc.tobytes()
        doc.close()
        options = PipelineOptions()
        opened = open_pdf(pdf, options)
        try:
            views = perceive_document(opened, options)
        finally:
            opened.close()
        app, _ = read_application(views, [p.kind for p in out.pages])  # type: ignore[misc]
        got = {key: field.value for key, field in app.fields}
        assert got["project_name"] == spec.project_name, (seed, look)
        assert got["leader"] == spec.leader, (seed, look)
        assert re.sub(r"\D", "", got["contact_phone"] or "") == re.sub(
            r"\D", "", spec.contact_phone
        ), (seed, look)
        assert got["contact_email"] == spec.contact_email.lower(), (seed, look)
        assert got["partner_units"] == list(spec.partner_units), (seed, look)
        assert [d.id for d in app.directions if d.checked] == sorted(spec.checked), (seed, look)
        read += 1
    assert seen == {"spaced", "respelt", "width", "break", "ring"}
