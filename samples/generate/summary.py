"""The form's 试点项目介绍 text, restating some counts with the report's values.

Returns the statement of counts in it, so a form-only submission's truth holds just
those.
"""

from __future__ import annotations

import random

from samples.generate import content
from samples.generate.catalogue import CATEGORIES
from samples.generate.fill import Filled, Num
from samples.generate.phrasing import choices, join_statements, state_category
from samples.generate.spec import Spec
from samples.generate.vocab import vocab

_CATEGORIES = (
    "institutions",
    "reach",
    "patents",
    "software",
    "papers",
    "media",
    "talent",
    "standards",
    "awards",
)


def summary_text(spec: Spec, rng: random.Random, long: bool) -> tuple[str, Filled | None]:
    """(text, the statement of counts in it); `long` pushes it past the 500-character limit."""
    v = vocab()
    scenes = rng.sample(v["topics"][spec.topic]["scene"], 2)
    facts = {
        "proj": spec.project_name,
        "lead": spec.lead_unit,
        "partner": spec.partner_units[0],
        "scene": scenes[0],
        "scene2": scenes[1],
        "company": rng.choice(v["companies"]),
        "n_bs": str(rng.randint(8, 60)),
        "latency": "20",
        "rate": "150",
        "start": "2021年9月",
        "district": rng.choice(content.DISTRICTS),
    }
    parts = [f"本项目由{spec.lead_unit}牵头实施，" + content.SENTENCES["2.1"][0].format(**facts)]
    parts.append(content.SENTENCES["2.2"][3].format(**facts))
    words = {"journal": v["journals"], "m": v["media"], "scene": v["topics"][spec.topic]["scene"]}
    names = [n for n in _CATEGORIES if choices(CATEGORIES[n], spec.counts)]
    names = rng.sample(names, min(len(names), rng.randint(2, 4)))
    said = [f for n in names if (f := state_category(n, spec.counts, rng, words))]
    statement = None
    if said:
        lead = rng.choice(["截至目前，项目", "截至目前，", "项目实施以来，"])
        statement = join_statements(said, lead, "。")
        parts.append(statement.text)
    parts.append(content.SENTENCES["3.1"][2].format(**facts))
    pool = [
        s.format(**facts) for sid in ("1", "3.2", "3.3", "2.1") for s in content.SENTENCES[sid][1:]
    ]
    rng.shuffle(pool)
    target = rng.randint(560, 760) if long else rng.randint(260, 480)
    text = "".join(parts)
    while pool and len(text) < target:
        text += pool.pop()
    if statement is not None:  # where the statement ended up in the whole text
        at = text.index(statement.text)
        statement.numbers = [Num(n.key, n.role, n.text, n.start + at) for n in statement.numbers]
        statement.text = text
    return text, statement
