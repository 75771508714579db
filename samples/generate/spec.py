"""Draw the facts of one synthetic submission (who, what, which parts, which defects).

Everything random about a submission is decided here from one seeded generator, so the
renderers only lay out what the spec says and the truth file can be written from it alone.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from models.template import COUNT_KEYS
from samples.generate.evidence_plan import EvidenceSpec, plan_evidence
from samples.generate.vocab import vocab

# Feature flags a corpus plan can force on a submission (see make.plan_features).
FEATURES = (
    "missing_chapter",
    "other_ticked",
    "missing_seal",
    "two_ticks",
    "report_only",
    "missing_signature",
    "form_first",
    "form_only",
    "summary_overflow",
)
SCAN_FEATURES = ("grayscale", "upside_down", "sideways_garbage")


@dataclass
class Spec:
    """One submission's facts; renderers read it, truth.py turns it into the truth file."""

    name: str
    seed: int
    topic: str
    project_name: str
    lead_unit: str
    partner_units: list[str]
    leader: str
    leader_title: str
    contact_name: str
    contact_phone: str
    contact_email: str
    report_kind: str  # annual | acceptance
    report_date: dt.date
    form_date: dt.date | None
    has_report: bool
    has_form: bool
    form_first: bool
    report_signed: bool
    report_sealed: bool
    form_signed: bool
    form_sealed: bool
    checked: list[str]  # direction ids ticked
    other_text: str | None
    counts: dict[str, int | None]
    missing_sections: list[str]
    summary_overflow: bool
    evidence: list[EvidenceSpec]  # attached evidence items, in page order
    extras: list[str]  # blank, letter
    scanned: bool
    scan: dict[str, object] = field(default_factory=dict)
    # Report layout drawn apart from the rest (see _report_layout), so older draws stay put.
    toc: bool = False  # a 目录 page after the cover
    signing_page: bool = False  # the signing and stamp lines alone on a page after the body
    duplex_backs: int = 0  # blank backs a duplex scan of one-sided sheets adds


def _person(rng: random.Random) -> str:
    v = vocab()
    given = "".join(rng.sample(v["given_chars"], rng.choice([1, 2, 2, 2])))
    return rng.choice(v["surnames"]) + given


def _pinyinish(rng: random.Random) -> str:
    syll = [
        "zhang",
        "wang",
        "li",
        "chen",
        "liu",
        "yang",
        "xu",
        "zhou",
        "wei",
        "jun",
        "hua",
        "ming",
        "lin",
        "jie",
        "yu",
        "hong",
        "qiang",
        "fang",
        "lei",
        "ting",
    ]
    return (
        rng.choice(syll)
        + rng.choice(["", ".", "_"])
        + rng.choice(syll)
        + (str(rng.randint(1, 99)) if rng.random() < 0.4 else "")
    )


def _phone(rng: random.Random) -> str:
    """As written on the form: 021-64370045, (021)6437 0045, 138-1234-5678, 13812345678…"""
    if rng.random() < 0.55:
        head, tail = f"{rng.randint(5, 6)}{rng.randint(0, 999):03d}", f"{rng.randint(0, 9999):04d}"
        return rng.choice(
            [
                f"021-{head}{tail}",
                f"021-{head}{tail}",
                f"(021){head}{tail}",
                f"021 {head} {tail}",
                f"（021）{head}{tail}",
                f"{head}{tail}",
            ]
        )
    a = f"1{rng.choice('3589')}{rng.randint(0, 9)}"
    b, c = f"{rng.randint(0, 9999):04d}", f"{rng.randint(0, 9999):04d}"
    return rng.choice([a + b + c, a + b + c, f"{a}-{b}-{c}", f"{a} {b} {c}"])


def _email(rng: random.Random, domains: list[str]) -> str:
    user = _pinyinish(rng)
    if rng.random() < 0.15:
        user = user[:1].upper() + user[1:]
    return f"{user}@{rng.choice(domains)}"


def _counts(rng: random.Random) -> dict[str, int | None]:
    draw: dict[str, int | None] = {
        "patents_filed": rng.randint(2, 16),
        "software_copyrights": rng.randint(1, 12),
        "papers": rng.randint(2, 30),
        "monographs": rng.randint(1, 3),
        "standards": rng.randint(1, 6),
        "phd_trainees": rng.randint(1, 6),
        "master_trainees": rng.randint(2, 15),
        "awards_national": rng.randint(1, 2),
        "awards_provincial": rng.randint(1, 4),
        "media_reports": rng.randint(3, 60),
        "trainings": rng.randint(2, 45),
        "institutions": rng.randint(3, 120),
        "beneficiaries": rng.choice(
            [
                rng.randint(500, 9000),
                rng.randint(2, 60) * 1000,
                rng.randint(10, 300) * 1000,
                rng.randint(12000, 90000),
            ]
        ),
    }
    for key in ("media_reports", "trainings", "institutions"):
        if rng.random() < 0.35:  # round figures, which reports like to give as "20余场"
            draw[key] = max(10, round(int(draw[key] or 0), -1))
    granted = rng.randint(0, draw["patents_filed"] or 0)
    draw["patents_granted"] = granted
    rarely = {"monographs": 0.55, "awards_national": 0.7, "standards": 0.35, "phd_trainees": 0.35}
    for key in COUNT_KEYS:
        if rng.random() < rarely.get(key, 0.18):
            draw[key] = None
    if draw["awards_national"] is None and rng.random() < 0.15:
        draw["awards_national"] = 0  # "暂未获得国家级奖项" states zero
    return {key: draw[key] for key in COUNT_KEYS}


def draw_spec(name: str, seed: int, scanned: bool, forced: set[str]) -> Spec:
    """The facts of one submission; `forced` holds FEATURES/SCAN_FEATURES it must show."""
    rng = random.Random(seed)
    v = vocab()
    topic = rng.choice(sorted(v["topics"]))
    t = v["topics"][topic]
    lead = rng.choice(v["hospitals"] if rng.random() < 0.8 else v["companies"])
    pool = [u for u in v["hospitals"] + v["companies"] + v["universities"] if u != lead]
    partners = rng.sample(pool, rng.randint(1, 4))
    kind = rng.choice(["annual", "acceptance", "acceptance"])
    if kind == "annual":
        report_date = dt.date(2022, 9, rng.randint(10, 30))
    else:
        report_date = dt.date(2023, rng.randint(6, 10), rng.randint(1, 28))
    has_report, has_form = True, kind == "acceptance" and rng.random() < 0.8
    if forced & {"form_first", "other_ticked", "two_ticks", "summary_overflow"}:
        kind, has_form = "acceptance", True
        report_date = dt.date(2023, rng.randint(6, 10), rng.randint(1, 28))
    if "report_only" in forced:
        has_form = False
    if "form_only" in forced:
        has_report, has_form = False, True
    checked = list(t["directions"])
    if "two_ticks" in forced and len(checked) < 2:
        checked.append(rng.choice([d for d in "12345678" if d not in checked]))
    other_text = None
    if "other_ticked" in forced or rng.random() < 0.08:
        other_text = rng.choice(v["other_directions"])
        checked = checked[:1] if rng.random() < 0.5 else []
        checked.append("other")
    form_date = report_date + dt.timedelta(days=rng.randint(0, 5))
    leader = _person(rng)
    contact = leader if rng.random() < 0.15 else _person(rng)
    missing: list[str] = []
    if "missing_chapter" in forced or rng.random() < 0.1:
        missing = [rng.choice(["5", "7", "2.2", "3.1", "3.3"])]
    evidence = [e for e in ("patent", "software", "award", "paper") if rng.random() < 0.45]
    extras = [e for e, pr in (("blank", 0.12), ("letter", 0.15)) if rng.random() < pr]
    spec = Spec(
        name=name,
        seed=seed,
        topic=topic,
        project_name=rng.choice(t["names"]),
        lead_unit=lead,
        partner_units=partners,
        leader=leader,
        leader_title=rng.choice(v["leader_titles"]),
        contact_name=contact,
        contact_phone=_phone(rng),
        contact_email=_email(rng, v["email_domains"]),
        report_kind=kind,
        report_date=report_date,
        form_date=None if rng.random() < 0.14 else form_date,
        has_report=has_report,
        has_form=has_form,
        form_first="form_first" in forced or (has_form and rng.random() < 0.15),
        report_signed="missing_signature" not in forced and rng.random() > 0.07,
        report_sealed="missing_seal" not in forced and rng.random() > 0.07,
        form_signed=rng.random() > 0.05 and ("missing_signature" not in forced or has_report),
        form_sealed=rng.random() > 0.05 and ("missing_seal" not in forced or has_report),
        checked=checked,
        other_text=other_text,
        counts=_counts(rng),
        missing_sections=missing,
        summary_overflow="summary_overflow" in forced or rng.random() < 0.15,
        evidence=[],
        extras=extras,
        scanned=scanned,
        scan=_scan_params(rng, forced) if scanned else {},
    )
    # a certificate among the evidence backs a count the report states (a granted patent's
    # certificate beside "均处于实质审查阶段" would contradict it)
    backs = {
        "patent": "patents_granted",
        "software": "software_copyrights",
        "award": "awards_provincial",
        "paper": "papers",
    }
    legacy = [e for e in evidence if (spec.counts[backs[e]] or 0) > 0]
    # the items' details from a generator of their own: the draws above stay as they were
    spec.evidence = plan_evidence(spec, legacy, random.Random(seed * 7919 + 17))
    _report_layout(spec, random.Random(seed * 7919 + 29))
    return spec


def _report_layout(spec: Spec, rng: random.Random) -> None:
    """A contents page, a signing page of its own, duplex blank backs: drawn from a generator
    of their own, so a seed's other facts stay what they were."""
    spec.toc = spec.has_report and rng.random() < 0.3
    spec.signing_page = spec.has_report and rng.random() < 0.2
    if spec.scanned and rng.random() < 0.25:
        spec.duplex_backs = rng.choice([1, 1, 2])


def _scan_params(rng: random.Random, forced: set[str]) -> dict[str, object]:
    params: dict[str, object] = {
        "dpi": rng.choice([150, 150, 200, 200, 240, 300]),
        "grayscale": "grayscale" in forced or rng.random() < 0.2,
        "upside_down": "upside_down" in forced or rng.random() < 0.1,
        "sideways": "sideways_garbage" in forced or rng.random() < 0.04,
        "garbage_text": "sideways_garbage" in forced or rng.random() < 0.15,
        "max_skew": rng.uniform(0.3, 2.0),
        "jpeg_quality": rng.randint(35, 65),
        "tint": rng.random() < 0.5,
        "seed": rng.getrandbits(32),
    }
    # Drawn after the older keys, so a seed's other scan settings stay what they were.
    capture = rng.random()
    params["photo"] = "photo" in forced or capture < 0.12
    params["binarised"] = not params["photo"] and ("binarised" in forced or capture > 0.92)
    params["black_border"] = rng.random() < 0.1
    params["punch_holes"] = rng.random() < 0.1
    if params["photo"]:  # phones: low effective resolution, heavy compression
        params["dpi"], params["jpeg_quality"] = rng.choice([120, 135, 150]), rng.randint(20, 40)
    # Drawn last for the same reason: some pages laid on the glass 3-5 degrees crooked
    # (scan.scan_document picks which), the back showing through thin paper.
    params["steep_skew"] = not params["photo"] and rng.random() < 0.35
    params["bleed_through"] = not params["photo"] and rng.random() < 0.2
    return params
