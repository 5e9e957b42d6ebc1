"""The framework rubrics (mof, osaid, osai-index, commercial) give what their frameworks give.

The MOF rubric is checked against a port of the Model Openness Tool's classification
(lfai/model_openness_tool, web/modules/mof/src/ModelEvaluator.php, evaluate() and getProgress())
on synthetic models built from component facts, and on the shipped catalog.
"""

from __future__ import annotations

import functools

import mot_port
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import openness
from conftest import ROOT
from openness import vocabulary
from openness.records import Fact, License, Model
from openness.scoring import score
from strategies import EV

# --------------------------------------------------------------------------- building models

UNKNOWN = object()


def model(components: dict[str, object] | None = None, license_facts: dict[str, object] | None = None, **facts: object) -> Model:
    """A model from component values ({available, license} dicts, or UNKNOWN) and other facts.

    ``access__weights="open"`` sets ``access.weights``; ``license_facts`` are the license record's
    facts (``terms.commercial_use`` ...), ``osi_approved`` included.
    """
    out: dict[str, Fact] = {}
    for name, value in (components or {}).items():
        path = f"components.{name}"
        out[path] = Fact(path, None, False, (), "not sourced") if value is UNKNOWN else Fact(path, value, True, EV)
    for key, value in facts.items():
        path = key.replace("__", ".")
        out[path] = Fact(path, None, False, (), "not sourced") if value is UNKNOWN else Fact(path, value, True, EV)
    lic = {p: Fact(p, v, True, EV) for p, v in (license_facts or {}).items()}
    return Model("m", "M", out, license_record=License("l", "L", "https://example.org/license", "permissive", lic), component_licenses=shipped_licenses())


@functools.lru_cache(maxsize=1)
def shipped_licenses() -> dict[str, License]:
    """The shipped license records, joined into the synthetic models as the catalog joins them."""
    return {lic.id: lic for lic in openness.load_catalog().licenses}


def public(license: str | None = "apache-2.0") -> dict[str, str]:
    return {"available": "public"} if license is None else {"available": "public", "license": license}


@pytest.fixture(scope="module")
def mof():
    return openness.load_rubric("mof")


@pytest.fixture(scope="module")
def osaid():
    return openness.load_rubric("osaid")


@pytest.fixture(scope="module")
def osai_index():
    return openness.load_rubric("osai-index")


@pytest.fixture(scope="module")
def commercial():
    return openness.load_rubric("commercial")


# --------------------------------------------------------------------------- the MOT, ported

#: Required components per class (mof.settings.yml, `required: true`), as catalog component names.
MOT_REQUIRED = {
    3: ["architecture", "final_weights", "evaluation_results", "model_card", "data_card", "technical_report"],
    2: ["training_code", "inference_code", "evaluation_code", "evaluation_data"],
    1: ["datasets", "data_preprocessing_code", "intermediate_checkpoints", "paper"],
}
#: Optional components (`required: false`): listed by the MOT, never counted for a class.
MOT_OPTIONAL = ["model_metadata", "supporting_libraries", "sample_outputs"]
#: Catalog licenses the MOT's isOpenSourceLicense() accepts (FSF-libre, open-data list or OSI), by
#: their SPDX ids in the port of the MOT's lists (tests/mot_port.py).
MOT_OPEN = {lic.id for lic in shipped_licenses().values() if lic.spdx and mot_port.is_open(lic.spdx)}
CLASS_LABELS = {3: "Class III - Open Model", 2: "Class II - Open Tooling Model", 1: "Class I - Open Science Model", 0: None}


def mot_class(components: dict[str, object]) -> int:
    """The MOT's classification (0, or class 3, 2, 1) of a model's components.

    A component is included when it is published (available: public); its license is what the
    catalog records (none recorded is the MOT's "unlicensed").
    """
    included_components = {n: v for n, v in components.items() if isinstance(v, dict) and v.get("available") == "public"}
    evaluation: dict[int, dict[str, list[str]]] = {}
    required: list[str] = []
    for cls in (3, 2, 1):
        required = required + MOT_REQUIRED[cls]
        ev: dict[str, list[str]] = {"missing": [], "included": [], "invalid": [], "unlicensed": []}
        for cid in required:
            if cid not in included_components:
                ev["missing"].append(cid)
                continue
            license = included_components[cid].get("license") or "unlicensed"
            if license in MOT_OPEN:
                ev["included"].append(cid)
            elif license == "unlicensed":
                ev["unlicensed"].append(cid)
            else:
                ev["invalid"].append(cid)
        evaluation[cls] = ev
    # The technical report (cid 11) MAY be omitted if a research paper (cid 21) is provided.
    if "technical_report" not in evaluation[3]["included"]:
        status = next((s for s in ("included", "invalid", "unlicensed") if "paper" in evaluation[1][s]), None)
        if status is not None:
            for cls in (3, 2, 1):
                if "technical_report" in evaluation[cls]["missing"]:
                    evaluation[cls]["missing"].remove("technical_report")
            evaluation[3][status].append("paper")
            evaluation[2][status].append("paper")

    def progress(cls: int) -> float:
        total = included = 0
        i = 3
        while i >= cls:  # for ($i = 3; $i >= $class; $i--), breaking when a class isn't met
            total += len(MOT_REQUIRED[i])
            included = len(evaluation[i]["included"])
            if included < total:
                break
            i -= 1
        if i > cls:  # a lower class isn't met
            return 0.0
        if cls == 1 and "technical_report" not in evaluation[1]["included"] and "paper" in evaluation[1]["included"]:
            total -= 1
        return min(100.0, included / total * 100)

    reached = 0
    for cls in (3, 2, 1):
        if progress(cls) == 100.0:
            reached = cls
    return reached


# --------------------------------------------------------------------------- mof: structure


def test_mof_tiers_hold_the_mot_required_components_per_class(mof):
    crit = {c.id: c for c in mof.criteria}
    assert [t.label for t in mof.tiers] == [CLASS_LABELS[3], CLASS_LABELS[2], CLASS_LABELS[1]]
    for tier, cls in zip(mof.tiers, (3, 2, 1)):
        read = {f.split(".")[1] for cid in tier.requires for f in crit[cid].facts_read}
        expected = set(MOT_REQUIRED[cls]) | ({"paper"} if cls == 3 else set())  # the paper may stand in for the report
        assert read == expected
    assert len(mof.criteria) == 14 and mof.unknown == "zero"
    # optional components gate no class
    assert not {f.split(".")[1] for c in mof.criteria for f in c.facts_read} & set(MOT_OPTIONAL)


def _leaves(conditions):
    for cond in conditions:
        if cond.group:
            yield from _leaves(cond.children)
        else:
            yield cond


def test_mof_accepts_only_licenses_the_mot_counts_as_open(mof):
    """Every license condition reads the open_for fact of the component's content type (the MOT's,
    parameters as data), and counts type-appropriate and open alike, as the MOT does."""
    license_tests = [cond for c in mof.criteria for cond in _leaves(c.conditions) if ".license." in cond.fact]
    assert len(license_tests) == 15
    kinds = {"code": "code", "data": "data", "document": "documents"}
    ctype = {mot_port.CATALOG_NAME[c["id"]]: c["content_type"] for c in mot_port.components().values()}
    for cond in license_tests:
        _, component, _, _, kind = cond.fact.split(".")
        assert kind == ("weights" if component in ("final_weights", "intermediate_checkpoints") else kinds[ctype[component]])
        assert set(cond.values) == {"type-appropriate", "open"}


def test_shipped_licenses_are_open_for_what_the_mot_lists_say(catalog):
    """open_for of every shipped license record, judged from the MOT's lists by its SPDX id,
    against the port's isOpenSourceLicense and isTypeAppropriate."""
    assert {"apache-2.0", "mit", "cc-by-4.0", "odc-by-1.0"} <= MOT_OPEN and "cc-by-nc-4.0" not in MOT_OPEN
    for lic in catalog.licenses:
        for kind, ctype in (("code", "code"), ("data", "data"), ("documents", "document"), ("weights", "data")):
            fact = lic.fact(f"open_for.{kind}")
            if not lic.spdx:
                assert not fact.known
                continue
            expected = "not-open" if not mot_port.is_open(lic.spdx) else "type-appropriate" if mot_port.is_type_appropriate(lic.spdx, ctype) else "open"
            assert fact.known and fact.value == expected, (lic.id, kind)
            assert fact.evidence and all(e.source.startswith("https://github.com/lfai/model_openness_tool/blob/") for e in fact.evidence)


def test_a_license_record_states_open_for_itself_or_gets_it_from_its_spdx_id():
    from openness.records import License as L

    base = {"id": "x", "name": "X", "url": "https://example.org", "category": "permissive", "terms": {}}
    assert L.from_dict({**base, "spdx": "CDLA-Permissive-2.0"}).fact("open_for.data").value == "type-appropriate"
    assert L.from_dict({**base, "spdx": "cdla-permissive-2.0"}).fact("open_for.code").value == "open"
    assert L.from_dict({**base, "spdx": "LicenseRef-x"}).fact("open_for.weights").value == "not-open"
    assert not L.from_dict(base).fact("open_for.code").known
    own = {"value": "not-open", "evidence": [{"source": "https://example.org/x", "quote": "not open for code"}]}
    stated = L.from_dict({**base, "spdx": "MIT", "open_for": {"code": own}})
    assert stated.fact("open_for.code").value == "not-open" and stated.fact("open_for.data").value == "open"


# --------------------------------------------------------------------------- mof: synthetic models

CLASS3 = {
    "architecture": public("apache-2.0"),
    "final_weights": public("apache-2.0"),
    "evaluation_results": public("cc-by-4.0"),
    "model_card": public("cc-by-4.0"),
    "data_card": public("cc-by-4.0"),
    "technical_report": public("cc-by-4.0"),
}
CLASS2 = {
    "training_code": public("mit"),
    "inference_code": public("apache-2.0"),
    "evaluation_code": public("mit"),
    "evaluation_data": public("cc-by-4.0"),
}
CLASS1 = {
    "datasets": {"available": "public", "disclosure": "full", "license": "cc-by-4.0"},
    "data_preprocessing_code": public("apache-2.0"),
    "intermediate_checkpoints": public("apache-2.0"),
    "paper": public("cc-by-4.0"),
}


def test_mof_class_iii_only(mof):
    comps = {**CLASS3, "training_code": public("mit"), "inference_code": {"available": "none"}}
    card = score(model(comps), mof)
    assert card.tier == CLASS_LABELS[3] == CLASS_LABELS[mot_class(comps)]
    assert [t.reached for t in card.tiers] == [True, False, False]
    assert card.total == round(100 * 7 / 14, 2)


def test_mof_class_i(mof):
    comps = {**CLASS3, **CLASS2, **CLASS1}
    card = score(model(comps), mof)
    assert card.tier == CLASS_LABELS[1] == CLASS_LABELS[mot_class(comps)]
    assert card.total == pytest.approx(100.0)


def test_mof_one_class_iii_component_under_a_non_open_license_reaches_no_class(mof):
    comps = {**CLASS3, **CLASS2, **CLASS1, "final_weights": public("cc-by-nc-4.0")}
    card = score(model(comps), mof)
    assert card.tier is None and mot_class(comps) == 0
    r = card.result("final-weights")
    assert r.known and r.score == 0 and "open_for.weights in [" in r.detail
    # every Class II and Class I criterion is met, but a class needs every lower one
    assert [t.reached for t in card.tiers] == [False, False, False]
    assert [t.missing for t in card.tiers][2] == ("final-weights",)


@pytest.mark.parametrize("license", ["llama-3.1-community", "gpt-2-modified-mit", "creativeml-openrail-m", "unspecified", None])
def test_mof_licenses_the_mot_does_not_accept(mof, license):
    comps = {**CLASS3, "architecture": public(license)}
    assert score(model(comps), mof).tier is None and mot_class(comps) == 0


def test_mof_everything_unknown(mof):
    card = score(model(), mof)
    assert card.total == 0 and card.tier is None and card.label == "none"
    assert all(not r.known and r.status == "unknown" for r in card.results)
    unknown_components = {name: UNKNOWN for names in MOT_REQUIRED.values() for name in names}
    card = score(model(unknown_components), mof)
    assert card.total == 0 and card.tier is None and card.unknown == 14


def test_mof_paper_stands_in_for_the_technical_report(mof):
    comps = {**CLASS3, "technical_report": {"available": "none"}, "paper": public("cc-by-4.0")}
    assert score(model(comps), mof).tier == CLASS_LABELS[3] == CLASS_LABELS[mot_class(comps)]
    comps = {**CLASS3, **CLASS2, **CLASS1}
    del comps["technical_report"]
    assert score(model(comps), mof).tier == CLASS_LABELS[1] == CLASS_LABELS[mot_class(comps)]
    # a report without a paper still gates Class I on the paper
    comps = {**CLASS3, **CLASS2, **CLASS1, "paper": public("cc-by-nc-4.0")}
    assert score(model(comps), mof).tier == CLASS_LABELS[2] == CLASS_LABELS[mot_class(comps)]


def test_mof_optional_components_never_gate_a_class(mof):
    comps = {**CLASS3, **CLASS2, **CLASS1, "model_metadata": public("llama-3.1-community"), "sample_outputs": {"available": "none"}}
    assert score(model(comps), mof).tier == CLASS_LABELS[1] == CLASS_LABELS[mot_class(comps)]


def test_mof_a_restricted_component_does_not_count(mof):
    comps = {**CLASS3, "model_card": {"available": "restricted", "license": "cc-by-4.0"}}
    assert score(model(comps), mof).tier is None and mot_class(comps) == 0


def test_mof_an_unpublished_report_with_an_open_license_does_not_count(mof):
    comps = {**CLASS3, "technical_report": {"available": "restricted", "license": "cc-by-4.0"}}
    assert score(model(comps), mof).tier is None and mot_class(comps) == 0


COMPONENT = st.one_of(
    st.just(None),  # not recorded
    st.just(UNKNOWN),
    st.builds(lambda a: {"available": a}, st.sampled_from(["public", "restricted", "none"])),
    st.builds(
        lambda a, lic: {"available": a, "license": lic},
        st.sampled_from(["public", "public", "public", "restricted", "none"]),
        st.sampled_from(sorted(MOT_OPEN) * 3 + ["cc-by-nc-4.0", "llama-3.1-community", "gpt-2-modified-mit", "unspecified"]),
    ),
)
NAMES = [n for names in MOT_REQUIRED.values() for n in names] + MOT_OPTIONAL


@st.composite
def component_sets(draw):
    """Components open up to a drawn class (or random throughout), then a few drawn at random."""
    upto = draw(st.sampled_from([None, 3, 2, 1]))
    if upto is None:
        comps = {n: draw(COMPONENT) for n in NAMES}
    else:
        comps = {n: public(draw(st.sampled_from(sorted(MOT_OPEN)))) for cls in (3, 2, 1) if cls >= upto for n in MOT_REQUIRED[cls]}
        for n in draw(st.lists(st.sampled_from(NAMES), max_size=3, unique=True)):
            comps[n] = draw(COMPONENT)
    return {n: v for n, v in comps.items() if v is not None}


@settings(max_examples=500, deadline=None)
@given(component_sets())
def test_mof_agrees_with_the_mot_on_any_components(mof, comps):
    card = score(model(comps), mof)
    assert card.tier == CLASS_LABELS[mot_class(comps)]


# --------------------------------------------------------------------------- mof: the shipped catalog


def test_mof_shipped_models_order(catalog, mof):
    cards = {mid: score(catalog.model(mid), mof) for mid in ("olmo", "pythia", "llama-3.1", "gpt-4")}
    assert cards["olmo"].total > cards["pythia"].total > cards["llama-3.1"].total >= cards["gpt-4"].total
    # Llama 3.1's components are all under the Llama 3.1 Community License, which the MOT does not
    # count as open; GPT-4 publishes none: both earn nothing, as in the MOT
    assert cards["llama-3.1"].total == 0 and cards["gpt-4"].total == 0
    assert cards["llama-3.1"].result("final-weights").known and cards["llama-3.1"].result("final-weights").score == 0
    assert cards["olmo"].result("final-weights").score == 1 and cards["olmo"].result("intermediate-checkpoints").score == 1
    # OLMo's and Pythia's documents carry open licenses (OLMo's from the MOT's OLMo-7B record,
    # Pythia's paper CC-BY-SA-4.0), so both reach Class III; their evaluation data has no license
    # of its own, so not Class II. Llama 3.1 and GPT-4 reach no class.
    for mid in ("olmo", "pythia"):
        assert cards[mid].tier == CLASS_LABELS[3]
        assert [t.reached for t in cards[mid].tiers] == [True, False, False]
    assert all(cards[m].tier is None for m in ("llama-3.1", "gpt-4"))


# --------------------------------------------------------------------------- osaid


def osaid_components(**changes: object) -> dict[str, object]:
    comps: dict[str, object] = {
        "datasets": {"available": "none", "disclosure": "full"},
        "data_preprocessing_code": public("apache-2.0"),
        "training_code": public("mit"),
        "inference_code": public("apache-2.0"),
        "architecture": public("apache-2.0"),
        "final_weights": public("apache-2.0"),
    }
    comps.update(changes)
    return comps


def test_osaid_passes_when_all_three_elements_are_open(osaid):
    card = score(model(osaid_components()), osaid)
    assert card.tier == "Open Source AI" and card.total == pytest.approx(100)


@pytest.mark.parametrize(
    "changes, failing",
    [
        ({"datasets": {"available": "public", "disclosure": "listing"}}, "data-information"),
        ({"training_code": {"available": "none"}}, "code"),
        ({"architecture": public("cc-by-4.0")}, "code"),
        ({"final_weights": public("llama-3.1-community")}, "parameters"),
    ],
)
def test_osaid_names_the_failing_requirement(osaid, changes, failing):
    card = score(model(osaid_components(**changes)), osaid)
    assert card.tier is None and card.tiers[0].missing == (failing,)
    assert card.result(failing).title.split(":")[0] in {"Data Information", "Code", "Parameters"}


def test_osaid_shipped_models(catalog, osaid):
    assert score(catalog.model("olmo"), osaid).tier == "Open Source AI"
    llama = score(catalog.model("llama-3.1"), osaid)
    assert llama.tier is None and set(llama.tiers[0].missing) == {"data-information", "code", "parameters"}
    assert score(catalog.model("gpt-4"), osaid).total == 0


# --------------------------------------------------------------------------- osai-index


def test_osai_index_averages_open_partial_closed(osai_index):
    """The index's own classes, all 12 current parameters weighing alike (tests/test_osai_index.py
    checks every assignment against a port of the index's scoring)."""
    from openness.vocabulary import OSAI_PARAMETERS

    every = {f"osai__{p}": "open" for p in OSAI_PARAMETERS}
    assert score(model(**every), osai_index).total == pytest.approx(100)
    # weights partial (0.5), licenses closed (0), datasheet not rated (unknown, 0): (12 - 0.5 - 1 - 1) / 12
    mixed = {**every, "osai__weights_basemodel": "partial", "osai__licenses": "closed", "osai__datasheet": UNKNOWN, "osai__api": "closed"}
    card = score(model(**mixed), osai_index)
    assert card.total == round(100 * 9.5 / 12, 2)
    assert card.result("datasheet").status == "unknown"
    assert sum(c.weight for c in osai_index.criteria) == 12
    # the 2025 definition still counts package and api: (14 - 0.5 - 1 - 1 - 1) / 14
    assert score(model(**mixed), openness.load_rubric("osai-index-2025")).total == round(100 * 10.5 / 14, 2)
    # the catalog's generic facts do not enter: only the index's own judgements count
    assert score(model({"training_code": public()}, license_facts={"osi_approved": True}, access__weights="open"), osai_index).total == 0


def test_osai_index_shipped_models(catalog, osai_index):
    """The index's own classes from its records, under the current 12 parameters and the 14 of
    2025 (the 2025 rubric also counts package and api), and GPT-4, which the index does not
    cover, has every parameter unknown (0, no coverage)."""
    old = openness.load_rubric("osai-index-2025")
    for mid in ("olmo", "llama-3.1"):
        m = catalog.model(mid)
        points = {"open": 1.0, "partial": 0.5}
        now = sum(points.get(m.value(f"osai.{p}"), 0.0) for p in vocabulary.OSAI_CURRENT)
        then = sum(points.get(m.value(f"osai.{p}"), 0.0) for p in vocabulary.OSAI_PARAMETERS)
        assert score(m, osai_index).total == round(100 * now / 12, 2) and score(m, osai_index).coverage == 1
        assert score(m, old).total == round(100 * then / 14, 2)
    assert score(catalog.model("olmo"), osai_index).total > score(catalog.model("llama-3.1"), osai_index).total > 0
    gpt4 = score(catalog.model("gpt-4"), osai_index)
    assert gpt4.total == 0 and gpt4.coverage == 0


# --------------------------------------------------------------------------- commercial

PERMISSIVE_TERMS = {
    "terms.commercial_use": "allowed",
    "terms.user_cap": "none",
    "terms.revenue_cap": "none",
    "terms.output_training": "allowed",
    "terms.redistribution": "allowed",
    "terms.attribution": "none",
    "terms.naming": "none",
    "terms.changeable_by_licensor": False,
    "terms.hosted_service": "allowed",
    "terms.acceptable_use_policy": False,
}


def test_commercial_best_terms_grade_a(commercial):
    card = score(model(license_facts=PERMISSIVE_TERMS), commercial)
    assert card.total == pytest.approx(100) and card.grade == "A"


def test_commercial_prohibited_use_grades_d_at_best(commercial):
    card = score(model(license_facts={**PERMISSIVE_TERMS, "terms.commercial_use": "prohibited"}), commercial)
    assert card.grade == "D"


def test_commercial_caps_and_unknown_terms_cost_points(commercial):
    cap = {"metric": "monthly_active_users", "threshold": 700_000_000, "beyond": "license_required"}
    capped = score(model(license_facts={**PERMISSIVE_TERMS, "terms.user_cap": cap}), commercial)
    assert capped.result("user-cap").score == pytest.approx(0.3)
    terms = dict(PERMISSIVE_TERMS)
    del terms["terms.changeable_by_licensor"]
    unknown = score(model(license_facts=terms), commercial)
    assert unknown.result("stable-terms").status == "unknown" and unknown.result("stable-terms").points == 0


def test_commercial_shipped_models(catalog, commercial):
    cards = {m: score(catalog.model(m), commercial) for m in ("olmo", "llama-3.1", "gpt-4", "command-r")}
    assert cards["olmo"].grade == "A"
    assert cards["olmo"].total > cards["gpt-4"].total > cards["llama-3.1"].total > cards["command-r"].total
    assert cards["command-r"].result("commercial-use").score == 0


# --------------------------------------------------------------------------- all of them together


def test_the_framework_rubrics_compare_side_by_side(run):
    res = run("compare", "--rubric", "articles", "--rubric", "mof", "--rubric", "osaid", "--rubric", "osai-index", "--rubric", "commercial", "--format", "csv")
    assert res.code == 0, res
    header = res.out.splitlines()[0]
    for rid in ("mof", "osaid", "osai-index", "commercial"):
        assert f"{rid} total" in header


def test_the_framework_rubrics_validate(run):
    res = run("validate", *(str(ROOT / "rubrics" / f"{r}.yaml") for r in ("mof", "osaid", "osai-index", "commercial")))
    assert res.code == 0 and "no findings" in res.out, res


# --------------------------------------------------------------------------- side by side


ALL_RUBRICS = ["articles", "mof", "osaid", "osai-index", "commercial"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "csv", "tsv", "json", "html", "latex", "grid", "rst"])
def test_the_side_by_side_table_works_in_every_format(run, catalog, fmt):
    argv = ["compare", "--format", fmt]
    for r in ALL_RUBRICS:
        argv += ["--rubric", r]
    res = run(*argv)
    assert res.code == 0, res
    if fmt == "json":
        import json

        data = json.loads(res.out)
        assert [r["id"] for r in data["rubrics"]] == ALL_RUBRICS
        assert len(data["models"]) == len(catalog.models)
        assert all(len(m["scorecards"]) == 5 and all(c["criteria"] for c in m["scorecards"]) for m in data["models"])
    else:
        for r in ALL_RUBRICS:
            assert f"{r} total" in res.out
        assert "OLMo" in res.out and "Class III - Open Model" in res.out


def test_a_rubric_written_from_scratch_outside_the_repository_validates_and_scores_the_catalog(run, catalog, tmp_path):
    folder = tmp_path / "my-rubrics"
    folder.mkdir()
    (folder / "lawyer.yaml").write_text(
        "id: lawyer\n"
        "title: What our lawyer asks first\n"
        "unknown: exclude\n"
        "criteria:\n"
        "  - id: commercial\n"
        "    title: Commercial use\n"
        "    weight: 3\n"
        "    kind: levels\n"
        "    fact: license.terms.commercial_use\n"
        "    levels: {allowed: 1, conditional: 0.5, prohibited: 0}\n"
        "  - id: open-license\n"
        "    title: An OSI-approved license\n"
        "    weight: 1\n"
        "    kind: levels\n"
        "    fact: license.osi_approved\n"
        "    levels: {'true': 1, 'false': 0}\n"
        "grades:\n"
        "  - {min: 75, label: go}\n"
        "  - {min: 0, label: talk to us}\n",
        encoding="utf-8",
    )
    assert run("validate", str(folder)).code == 0
    res = run("compare", "--rubrics", str(folder), "--rubric", "lawyer", "--format", "csv")
    assert res.code == 0, res
    rows = res.out.splitlines()[1:]
    assert len(rows) == len(catalog.models)
    by_name = {r.split(",")[1]: r for r in rows}
    assert by_name["Mistral 7B"].endswith(",100.0,go,0") and ",talk to us," in by_name["Llama 2"]
