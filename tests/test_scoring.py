"""The rubric engine: each criterion kind, the unknown policies, grades, tiers, and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import openness
from openness import frozen as attrs
from openness.records import Fact, License, Model
from openness.rubric import Band, Condition, Criterion, Grade, Rubric, Tier, level_key
from openness.scoring import score
from strategies import EV, models, rubrics


def model(**values) -> Model:
    """A model from path=value pairs; a value of ... makes the fact unknown."""
    facts, lic = {}, {}
    for key, val in values.items():
        path = key.replace("__", ".")
        fact = Fact(path, None, False, (), "not sourced") if val is ... else Fact(path, val, True, EV)
        if path.startswith("license."):
            lic[path[8:]] = attrs.evolve(fact, path=path[8:])
        else:
            facts[path] = fact
    return Model("m", "M", facts, license_record=License("l", "L", "https://example.org", "permissive", lic))


def rubric(*criteria, unknown="zero", grades=(), tiers=()) -> Rubric:
    return Rubric("r", "R", unknown, tuple(criteria), grades=tuple(grades), tiers=tuple(tiers))


W = Criterion("w", "weights", 3, "levels", "access.weights", {"open": 1, "gated": 0.5, "research-only": 0.2, "leaked": 0, "api-only": 0, "none": 0})
SH = Criterion("sh", "self-host", 1, "levels", "access.self_hostable", {"true": 1, "false": 0})


def test_levels_weights_and_points():
    card = score(model(access__weights="gated", access__self_hostable=True), rubric(W, SH))
    assert card.total == round(100 * (3 * 0.5 + 1) / 4, 2)
    w = card.result("w")
    assert (w.value, w.score, w.points, w.max_points, w.known) == ("gated", 0.5, 37.5, 75.0, True)
    assert w.evidence == EV and "gated -> 0.5" in w.detail


def test_unknown_zero_is_counted_and_shown_as_unknown():
    card = score(model(access__weights=..., access__self_hostable=True), rubric(W, SH, unknown="zero"))
    r = card.result("w")
    assert (r.known, r.status, r.value, r.points) == (False, "unknown", "unknown", 0.0)
    assert card.total == pytest.approx(25.0) and card.unknown == 1


def test_unknown_exclude_leaves_the_criterion_out():
    card = score(model(access__self_hostable=True), rubric(W, SH, unknown="exclude"))
    assert card.result("w").status == "excluded" and card.result("w").max_points == 0
    assert card.total == pytest.approx(100.0)
    assert card.coverage == pytest.approx(0.25)


def test_unknown_as_a_score_and_per_criterion_override():
    c = attrs.evolve(W, unknown=0.5)
    card = score(model(access__self_hostable=False), rubric(c, SH, unknown="exclude"))
    assert card.result("w").score == 0.5 and card.total == round(100 * 1.5 / 4, 2)


def test_everything_excluded_gives_no_total():
    card = score(model(), rubric(W, unknown="exclude", grades=[Grade(0, "F")]))
    assert card.total is None and card.grade is None


def test_bands_use_the_highest_band_reached_and_the_largest_size():
    c = Criterion("p", "params", 1, "bands", "parameters_b", bands=(Band(0, 0.2), Band(10, 0.6), Band(100, 1.0, "huge")))
    assert score(model(parameters_b=[7, 13, 70]), rubric(c)).total == pytest.approx(60)
    assert score(model(parameters_b=405), rubric(c)).result("p").detail.endswith("(huge) -> 1")
    assert score(model(parameters_b=-1), rubric(c)).total == 0


def test_presence_with_inverted_scores():
    c = Criterion("cap", "no cap", 1, "presence", "license.terms.user_cap", present=0.25, absent=1.0)
    capped = {"metric": "monthly_active_users", "threshold": 7e8, "beyond": "license_required"}
    assert score(model(license__terms__user_cap=capped), rubric(c)).total == pytest.approx(25)
    assert score(model(license__terms__user_cap="none"), rubric(c)).total == pytest.approx(100)


def test_subfield_paths_read_into_structured_values():
    c = Criterion("t", "threshold", 1, "bands", "license.terms.user_cap.threshold", bands=(Band(0, 0.0), Band(1e9, 1.0)))
    capped = {"metric": "monthly_active_users", "threshold": 7e8, "beyond": "license_required"}
    card = score(model(license__terms__user_cap=capped), rubric(c))
    assert card.result("t").value == "700000000" and card.total == 0


def test_gates_all_of_and_any_of():
    conds = (Condition("access.weights", ("open",)), Condition("access.self_hostable", (True,)))
    all_of = Criterion("a", "all", 1, "all_of", conditions=conds)
    any_of = Criterion("b", "any", 1, "any_of", conditions=conds)
    m = model(access__weights="gated", access__self_hostable=True)
    card = score(m, rubric(all_of, any_of))
    assert card.result("a").score == 0 and "access.weights in [open]" in card.result("a").detail
    assert card.result("b").score == 1
    unknown = score(model(access__weights="open", access__self_hostable=...), rubric(all_of))
    assert unknown.result("a").known is False
    failed_beats_unknown = score(model(access__weights="gated", access__self_hostable=...), rubric(all_of))
    assert failed_beats_unknown.result("a").known is True and failed_beats_unknown.result("a").score == 0


def test_grades_and_cumulative_tiers():
    tiers = (Tier("III", ("w",)), Tier("II", ("sh",)), Tier("I", ("x",)))
    x = Criterion("x", "x", 1, "levels", "access.api", {"true": 1, "false": 0})
    grades = (Grade(90, "A"), Grade(0, "F"))
    card = score(model(access__weights="open", access__self_hostable=True, access__api=False), rubric(W, SH, x, grades=grades, tiers=tiers))
    assert card.tier == "II" and card.grade == "F"
    assert [(t.label, t.met, t.required, t.reached) for t in card.tiers] == [("III", 1, 1, True), ("II", 2, 2, True), ("I", 2, 3, False)]
    assert card.tiers[2].missing == ("x",)
    # a lower tier missed means no higher tier counts, even if its own criteria are met
    card = score(model(access__weights="gated", access__self_hostable=True, access__api=True), rubric(W, SH, x, tiers=tiers))
    assert card.tier is None and card.label == "none"


def test_level_key_forms():
    assert [level_key(x) for x in (True, False, None, 3.0, 2.5, "open")] == ["true", "false", "none", "3", "2.5", "open"]


# --------------------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None)
@given(rubrics(), st.lists(models(), min_size=1, max_size=6, unique_by=lambda m: m.id))
def test_totals_stay_in_0_100(r, ms):
    for m in ms:
        card = score(m, r)
        assert card.total is None or 0.0 <= card.total <= 100.0
        counted = [x for x in card.results if x.status != "excluded"]
        if card.total is not None:
            # points and the total are each rounded to 2 decimals at the source
            assert math.isclose(sum(x.points for x in counted), card.total, abs_tol=0.005 * (len(counted) + 1))
            assert card.total == round(card.total, 2) and all(x.points == round(x.points, 2) for x in card.results)


@settings(max_examples=100, deadline=None)
@given(rubrics(), st.lists(models(), min_size=2, max_size=6, unique_by=lambda m: m.id), st.randoms(use_true_random=False))
def test_model_order_changes_no_score_and_no_ranking(r, ms, rnd):
    a = openness.compare(ms, r)
    shuffled = list(ms)
    rnd.shuffle(shuffled)
    b = openness.compare(shuffled, r)
    assert a.to_dict() == b.to_dict()
    assert a.render("csv") == b.render("csv")


@settings(max_examples=100, deadline=None)
@given(rubrics(), st.lists(models(), min_size=2, max_size=6, unique_by=lambda m: m.id), st.data())
def test_models_sharing_a_license_score_as_each_does_alone(r, ms, data):
    """compare() shares the outcomes of criteria that read one fact object; a model under a
    license other models also have must get the scorecard it gets when scored alone."""
    licenses = [m.license_record for m in ms if m.license_record is not None]
    if licenses:
        ms = [attrs.evolve(m, license_record=data.draw(st.sampled_from(licenses))) for m in ms]
    shared = openness.compare(ms, r)
    alone = [score(m, r) for m in ms]
    assert sorted((row[0] for row in shared.rows), key=lambda c: c.model_id) == sorted(alone, key=lambda c: c.model_id)


def test_the_shipped_catalog_scores_alike_shared_or_alone(catalog):
    from openness import rubric as rubric_module

    for name in rubric_module.available():
        r = openness.load_rubric(name)
        rows = {row[0].model_id: row[0] for row in openness.compare(catalog.models, r).rows}
        assert rows == {m.id: score(m, r) for m in catalog.models}, name


@settings(max_examples=200, deadline=None)
@given(rubrics(), models(), st.floats(0.001, 1000))
def test_scaling_every_weight_changes_no_total(r, m, k):
    scaled = attrs.evolve(r, criteria=tuple(attrs.evolve(c, weight=c.weight * k) for c in r.criteria))
    a, b = score(m, r), score(m, scaled)
    assert (a.total is None) == (b.total is None)
    if a.total is not None:
        assert math.isclose(a.total, b.total, rel_tol=1e-9, abs_tol=1e-9)
    assert a.grade == b.grade or math.isclose(a.total, min(g.min for g in r.grades if a.total is not None and g.min > 0), abs_tol=1e-6)


@settings(max_examples=300, deadline=None)
@given(rubrics(), models(), st.data())
def test_moving_a_fact_to_a_better_level_never_lowers_the_total(r, m, data):
    c = data.draw(st.sampled_from(r.criteria))
    before = m.fact(c.fact)
    if not before.known:
        return
    current = c.levels.get(level_key(before.value), 0.0)
    better = [k for k, s in c.levels.items() if s >= current]
    if not better:
        return
    key = data.draw(st.sampled_from(sorted(better)))
    value = {"true": True, "false": False}.get(key, key)
    path = c.fact
    if path.startswith("license."):
        lic = m.license_record
        new_facts = {**lic.facts, path[8:]: Fact(path[8:], value, True, EV)}
        moved = attrs.evolve(m, license_record=attrs.evolve(lic, facts=new_facts))
    else:
        moved = attrs.evolve(m, facts={**m.facts, path: Fact(path, value, True, EV)})
    t0, t1 = score(m, r).total, score(moved, r).total
    if t0 is not None and t1 is not None:
        assert t1 >= t0 - 1e-9
