"""Hypothesis strategies for models and rubrics, in one place (as attrs does)."""

from __future__ import annotations

from hypothesis import strategies as st

from openness import vocabulary as v
from openness.records import Evidence, Fact, License, Model
from openness.rubric import Criterion, Grade, Rubric, level_key

EV = (Evidence("seeds/001_a64b63d8ec4e31ef.txt", "LLAMA 2 is expected to challenge OpenAI’s proprietary GPT models."),)

#: Facts with a finite set of values, as rubrics address them.
FINITE = {p: v.spec_for(p) for p in v.all_paths() if "*" not in p and v.spec_for(p) and v.allowed_values(v.spec_for(p))}
MODEL_FINITE = [p for p in FINITE if not p.startswith("license.") and p.count(".") <= 1 and p in v.MODEL_FACTS]
LICENSE_FINITE = [p for p in FINITE if p.startswith("license.") and p[8:] in v.LICENSE_FACTS]
PATHS = MODEL_FINITE + LICENSE_FINITE


def fact_for(path: str):
    spec = FINITE[path]
    known = st.sampled_from(v.allowed_values(spec)).map(lambda val: Fact(path, val, True, EV))
    return st.one_of(known, st.just(Fact(path, None, False, (), "not sourced")), st.none())


@st.composite
def models(draw, ident: str | None = None):
    facts: dict[str, Fact] = {}
    lic_facts: dict[str, Fact] = {}
    for path in PATHS:
        f = draw(fact_for(path))
        if f is None:
            continue
        if path.startswith("license."):
            inner = path[8:]
            lic_facts[inner] = Fact(inner, f.value, f.known, f.evidence, f.unknown)
        else:
            facts[path] = f
    mid = ident or draw(st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True))
    lic = License("lic", "A license", "https://example.org/license", "permissive", lic_facts)
    return Model(mid, mid.upper(), facts, license_record=lic)


@st.composite
def criteria(draw, ident: str, path: str):
    values = v.allowed_values(FINITE[path])
    levels = {level_key(x): draw(st.floats(0, 1)) for x in values}
    weight = draw(st.floats(0.01, 100, allow_nan=False, allow_infinity=False))
    unknown = draw(st.none() | st.sampled_from(["zero", "exclude"]) | st.floats(0, 1))
    return Criterion(ident, ident, weight, "levels", path, levels, unknown=unknown)


@st.composite
def rubrics(draw):
    # each fact is read by one criterion: "a fact worth more never lowers the total" is about that fact
    paths = draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=8, unique=True))
    crits = tuple(draw(criteria(f"c{i}", p)) for i, p in enumerate(paths))
    policy = draw(st.sampled_from(["zero", "exclude"]) | st.floats(0, 1))
    grades = (Grade(80, "A"), Grade(50, "B"), Grade(0, "C"))
    return Rubric("gen", "Generated", policy, crits, grades=grades)
