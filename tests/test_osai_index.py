"""The osai-index rubric gives what the European Open Source AI Index's website computes.

The reference is a port of the website's scoring, ``sortModels()`` in
Language-Technology-Assessment/website composables/models.ts (commit
192c3a5abb0a5c62471ab7f3e5b87f5d67096813; the same function at 4420966d336653a646b863071afe9e03244d0353),
over the parameter list ``_parameters.yml`` of Language-Technology-Assessment/main-database
(commit b97e12a21143bdd14e45674cdd5c1434450a6de3), and of how the score is shown,
``score.toFixed(2)`` in components/scorebar.vue (commit 524958447a70151939a454a29d087a3f928cf66a).

The rubric ``osai-index`` follows the index as it is now: the 12 parameters of ``_parameters.yml``
since main-database commit ff85b6ff442035e41c9492cefa54f78be0b827fc (package and api removed,
2026-03-13), scored by ``sortModels()`` at website commit 0e1cc2b280f66767e4a9dac549214a16098e7f1d
(a record's ``system.type`` split at commas).  The rubric ``osai-index-2025`` keeps the 14 of 2025.

For any assignment of classes to the parameters - including parameters a record leaves out
and classes other than the three words - the rubric's total over the ``osai.<parameter>`` facts
equals the port's score, to the website's rounding.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import openness
from openness import vocabulary
from openness.records import Fact, License, Model
from openness.scoring import score
from strategies import EV

# --------------------------------------------------------------------------- the port

ALL_TYPES = ["text", "image", "code", "video", "audio"]

#: _parameters.yml at main-database b97e12a21143bdd14e45674cdd5c1434450a6de3, as data.
CATEGORIES_2025: list[dict[str, Any]] = [
    {
        "name": "Availability",
        "ref": "availability",
        "params": [
            {"ref": "trainingcode", "name": "Training Code", "types": ALL_TYPES},
            {"ref": "datasources_basemodel", "name": "Base Model Data", "types": ALL_TYPES},
            {"ref": "datasources_endmodel", "name": "End User Model Data ", "types": ALL_TYPES},
            {"ref": "weights_basemodel", "name": "Base Model Weights", "types": ALL_TYPES},
            {"ref": "weights_endmodel", "name": "End User Model Weights", "types": ALL_TYPES},
            {"ref": "datasources", "name": "Model Data", "types": []},
            {"ref": "weights", "name": "Model Weights ", "types": []},
            {"ref": "watermarking", "name": "Watermarking", "types": []},
            {"ref": "prompt_moderation", "name": "Prompt Moderation", "types": []},
        ],
    },
    {
        "name": "Documentation",
        "ref": "documentation",
        "params": [
            {"ref": "code", "name": "Code Documentation", "types": ALL_TYPES},
            {"ref": "architecture", "name": "Architecture Documentation", "types": ALL_TYPES},
            {"ref": "preprint", "name": "Preprint", "types": ALL_TYPES},
            {"ref": "paper", "name": "Paper", "types": ALL_TYPES},
            {"ref": "modelcard", "name": "Modelcard", "types": ALL_TYPES},
            {"ref": "datasheet", "name": "Datasheet", "types": ALL_TYPES},
        ],
    },
    {
        "name": "Access",
        "ref": "access",
        "params": [
            {"ref": "package", "name": "Package", "types": ALL_TYPES},
            {"ref": "api", "name": "API and meta prompts", "types": ALL_TYPES},
            {"ref": "licenses", "name": "Licenses", "types": ALL_TYPES},
        ],
    },
]

#: _parameters.yml at main-database ff85b6ff442035e41c9492cefa54f78be0b827fc (unchanged since, to
#: 5a388e871b88735e7ab7e6fb230b76c9d460d99a), as data.
CATEGORIES: list[dict[str, Any]] = [
    {
        "name": "Availability",
        "ref": "availability",
        "params": [
            {"ref": "datasources_basemodel", "name": "Base Model Data", "types": ALL_TYPES},
            {"ref": "datasources_endmodel", "name": "End User Model Data ", "types": ALL_TYPES},
            {"ref": "weights_basemodel", "name": "Base Model Weights", "types": ALL_TYPES},
            {"ref": "weights_endmodel", "name": "End User Model Weights", "types": ALL_TYPES},
            {"ref": "trainingcode", "name": "Training Code", "types": ALL_TYPES},
        ],
    },
    {
        "name": "Documentation",
        "ref": "documentation",
        "params": [
            {"ref": "code", "name": "Code Documentation", "types": ALL_TYPES},
            {"ref": "hardware_architecture", "name": "Hardware Architecture", "types": ALL_TYPES},
            {"ref": "preprint", "name": "Preprint", "types": ALL_TYPES},
            {"ref": "paper", "name": "Paper", "types": ALL_TYPES},
            {"ref": "modelcard", "name": "Modelcard", "types": ALL_TYPES},
            {"ref": "datasheet", "name": "Datasheet", "types": ALL_TYPES},
        ],
    },
    {
        "name": "Access",
        "ref": "access",
        "params": [
            {"ref": "licenses", "name": "Licenses", "types": ALL_TYPES},
        ],
    },
]

#: The catalog's fact name for a parameter ref of _parameters.yml, where they differ (the
#: submission template and newer records key Architecture Documentation hardware_architecture).
FACT_OF_REF = {"architecture": "hardware_architecture"}


def _js_class(record: dict[str, Any], ref: str) -> Any:
    """``x[param.ref]?.class``: undefined (None) unless the entry is a mapping."""
    entry = record.get(ref)
    return entry.get("class") if isinstance(entry, dict) else None


def _reduce_sum(values: list[float]) -> float:
    """``values.reduce((a, b) => a + b)``: left to right, and a TypeError on an empty list."""
    if not values:
        raise TypeError("Reduce of empty array with no initial value")
    total = values[0]
    for v in values[1:]:
        total = total + v
    return total


def index_scores(record: dict[str, Any], categories: list[dict[str, Any]] = CATEGORIES) -> dict[str, Any]:
    """Port of the loop body of sortModels(): the record's params, categories and score.

    With the 2025 list, the 2025 website (one type, category averages over the whole list);
    with the current list, the current website (types split at commas, category averages over
    the parameters that apply)."""
    params: dict[str, float] = {}
    cats: dict[str, float] = {}
    current = categories is not CATEGORIES_2025
    raw_type = record["system"]["type"]
    types = [t.strip() for t in raw_type.split(",")] if current else [raw_type]

    def applies(p: dict[str, Any]) -> bool:
        return any(t in types for t in p["types"])

    for cat in categories:
        cats[cat["ref"]] = 0
        for param in (p for p in cat["params"] if applies(p)):
            weight = 0.0
            # `if (!(param.ref in x) && x[param.ref] && x[param.ref].class)` can never hold:
            # an absent key reads undefined.  Any other class than the three keeps weight 0.
            cls = _js_class(record, param["ref"])
            if cls == "open":
                weight = 1.0
            if cls == "partial":
                weight = 0.5
            if cls == "closed":
                weight = 0.0
            params[param["ref"]] = weight
        applicable = [params[p["ref"]] for p in cat["params"] if applies(p)]
        cats[cat["ref"]] = _reduce_sum(applicable) / (len(applicable) if current else len(cat["params"]))
    return {"params": params, "categories": cats, "score": _reduce_sum(list(params.values())) / len(params)}


def index_score(record: dict[str, Any], categories: list[dict[str, Any]] = CATEGORIES) -> float:
    return index_scores(record, categories)["score"]


def to_fixed(x: float, digits: int = 2) -> str:
    """JavaScript's Number.prototype.toFixed for x >= 0: the exact value, ties to the larger."""
    return str(Decimal(x).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def shown(total: float) -> str:
    """An openness total (0-100) as the website shows the score: toFixed(2) of the average."""
    return to_fixed(total / 100)


# --------------------------------------------------------------------------- building models

PARAMETER_REFS = [p["ref"] for c in CATEGORIES for p in c["params"] if p["types"]]
PARAMETER_REFS_2025 = [p["ref"] for c in CATEGORIES_2025 for p in c["params"] if p["types"]]
#: rubric id -> the parameter list it follows
DEFINITIONS = {"osai-index": CATEGORIES, "osai-index-2025": CATEGORIES_2025}


def _fact(ref: str) -> str:
    return f"osai.{FACT_OF_REF.get(ref, ref)}"


def model_from_record(record: dict[str, Any], refs: list[str] = PARAMETER_REFS) -> Model:
    """The catalog model holding a record's classes (for the parameters ``refs``) as osai facts:
    a class other than the three words, or a parameter the record leaves out, is an unknown fact."""
    facts: dict[str, Fact] = {}
    for ref in refs:
        path = _fact(ref)
        cls = _js_class(record, ref)
        if isinstance(cls, str) and cls in vocabulary.OSAI_CLASSES:
            facts[path] = Fact(path, cls, True, EV)
        else:
            facts[path] = Fact(path, None, False, (), "not rated")
    return Model("m", "M", facts, license_record=License("l", "L", "https://example.org/license", "permissive", {}))


@pytest.fixture(scope="module")
def rubric():
    return openness.load_rubric("osai-index")


@pytest.fixture(scope="module", params=sorted(DEFINITIONS))
def definition(request):
    """(rubric, the parameter list it follows), for each version of the index."""
    return openness.load_rubric(request.param), DEFINITIONS[request.param]


# --------------------------------------------------------------------------- the port itself


def test_the_port_averages_all_parameters_together_not_the_categories():
    # 5 availability parameters open, everything else closed: all-parameter mean 5/14, while
    # the mean of the three category averages (5/9, 0, 0) would be 5/27
    record = {"system": {"type": "text"}, **{r: {"class": "open"} for r in PARAMETER_REFS_2025[:5]}}
    out = index_scores(record, CATEGORIES_2025)
    assert out["score"] == pytest.approx(5 / 14)
    assert out["categories"] == pytest.approx({"availability": 5 / 9, "documentation": 0, "access": 0})
    assert len(out["params"]) == 14
    # now: 12 parameters, category averages over the parameters that apply
    record = {"system": {"type": "text"}, **{r: {"class": "open"} for r in PARAMETER_REFS[:5]}}
    out = index_scores(record)
    assert out["score"] == pytest.approx(5 / 12)
    assert out["categories"] == pytest.approx({"availability": 1, "documentation": 0, "access": 0})
    assert len(out["params"]) == 12


def test_the_port_counts_missing_and_unrecognised_classes_zero():
    record = {"system": {"type": "code"}, "trainingcode": {"class": "Open"}, "api": None, "paper": "open", "licenses": {"class": "partial"}}
    assert index_score(record, CATEGORIES_2025) == pytest.approx(0.5 / 14)
    assert index_score(record) == pytest.approx(0.5 / 12)


def test_the_port_ignores_the_removed_parameters_now():
    """package and api count in the 2025 definition, not in the current one."""
    record = {"system": {"type": "text"}, "package": {"class": "open"}, "api": {"class": "open"}}
    assert index_score(record, CATEGORIES_2025) == pytest.approx(2 / 14)
    assert index_score(record) == 0


def test_the_port_reads_architecture_under_the_parameter_lists_key():
    """The 2025 website read ``architecture``; a record keyed ``hardware_architecture`` (the
    template's key) was counted as missing there.  The current list keys it
    ``hardware_architecture``.  The rubrics score the class under either key."""
    as_template = {"system": {"type": "text"}, "hardware_architecture": {"class": "open"}}
    as_list = {"system": {"type": "text"}, "architecture": {"class": "open"}}
    assert index_score(as_template, CATEGORIES_2025) == 0
    assert index_score(as_list, CATEGORIES_2025) == pytest.approx(1 / 14)
    assert index_score(as_template) == pytest.approx(1 / 12)


def test_the_port_splits_the_type_at_commas_now():
    record = {"system": {"type": "text, image"}, "licenses": {"class": "open"}}
    assert index_score(record) == pytest.approx(1 / 12)
    with pytest.raises(TypeError):  # the 2025 website compared the whole string: no parameter applies
        index_score(record, CATEGORIES_2025)


def test_the_port_fails_for_a_type_no_parameter_applies_to():
    with pytest.raises(TypeError):
        index_score({"system": {"type": "multimodal"}})


def test_to_fixed_matches_javascript():
    assert to_fixed(0.125) == "0.13"  # exactly representable: the tie goes up
    assert to_fixed(0.115) == "0.12"  # 0.11500000000000000499...
    assert to_fixed(0.0) == "0.00"
    assert to_fixed(1.0) == "1.00"
    assert to_fixed(8 / 14) == "0.57"


# --------------------------------------------------------------------------- the rubric against the port


def test_the_rubric_has_one_criterion_per_parameter(definition):
    rubric, categories = definition
    refs = [p["ref"] for c in categories for p in c["params"] if p["types"]]
    expected = vocabulary.OSAI_CURRENT if categories is CATEGORIES else tuple(vocabulary.OSAI_PARAMETERS)
    assert [c.fact for c in rubric.criteria] == [f"osai.{p}" for p in expected]
    assert [_fact(r) for r in refs] == [f"osai.{p}" for p in expected]
    assert {c.weight for c in rubric.criteria} == {1}
    assert rubric.unknown == "zero" and not rubric.grades and not rubric.tiers
    groups = {c.fact: c.group for c in rubric.criteria}
    for cat in categories:
        for p in cat["params"]:
            if p["types"]:
                assert groups[_fact(p["ref"])] == cat["name"]


def test_the_current_rubric_names_the_database_commit_it_follows():
    rubric = openness.load_rubric("osai-index")
    assert "5a388e871b88735e7ab7e6fb230b76c9d460d99a" in rubric.description and "ff85b6ff442035e41c9492cefa54f78be0b827fc" in rubric.description
    assert not {"osai.package", "osai.api"} & {c.fact for c in rubric.criteria}
    old = openness.load_rubric("osai-index-2025")
    assert {"osai.package", "osai.api"} <= {c.fact for c in old.criteria}


ENTRY = st.one_of(
    st.sampled_from(["open", "partial", "closed"]).map(lambda c: {"class": c, "notes": "x"}),
    st.sampled_from(["Open", "maybe", "", None, 1]).map(lambda c: {"class": c}),
    st.just(None),
    st.just("closed"),
)


@st.composite
def records(draw, refs: list[str] = PARAMETER_REFS) -> dict[str, Any]:
    record: dict[str, Any] = {"system": {"name": "X", "type": draw(st.sampled_from(ALL_TYPES))}}
    for ref in refs + ["datasources", "weights", "watermarking", "prompt_moderation"]:
        if draw(st.booleans()) or draw(st.booleans()):
            record[ref] = draw(ENTRY)
    return record


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_rubric_total_is_the_index_score(definition, data):
    rubric, categories = definition
    refs = [p["ref"] for c in categories for p in c["params"] if p["types"]]
    record = data.draw(records(refs))
    card = score(model_from_record(record, refs), rubric)
    expected = index_score(record, categories)
    assert card.total == round(100 * expected, 2)
    assert shown(card.total) == to_fixed(expected)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), template_key=st.booleans())
def test_an_imported_record_totals_the_index_score(definition, catalog, tmp_path_factory, data, template_key):
    """Through the importer: a record written as YAML, imported, and scored."""
    from openness.importers.osai import import_osai

    rubric, categories = definition
    refs = [p["ref"] for c in categories for p in c["params"] if p["types"]]
    record = data.draw(records(refs))
    written = dict(record)
    if template_key and "architecture" in written:
        written["hardware_architecture"] = written.pop("architecture")
    path = Path(tmp_path_factory.mktemp("osai")) / "record.yaml"
    path.write_text(yaml.safe_dump(written, sort_keys=False), encoding="utf-8")
    doc = import_osai(path, catalog, source="https://example.org/record.yaml")
    card = score(Model.from_dict(doc), rubric)
    assert set(doc["osai"]) == set(vocabulary.OSAI_PARAMETERS)
    expected = index_score(record, categories)
    assert card.total == round(100 * expected, 2)
    assert shown(card.total) == to_fixed(expected)


# --------------------------------------------------------------------------- the shipped catalog


def test_shipped_osai_facts_total_the_index_score(catalog, definition):
    """Every shipped model with osai facts totals what the port gives over the same classes."""
    rubric, categories = definition
    covered = 0
    ref_of = {"hardware_architecture": "architecture"} if categories is CATEGORIES_2025 else {}
    for m in catalog.models:
        facts = {p: m.fact(f"osai.{p}") for p in vocabulary.OSAI_PARAMETERS}
        if not any(f.known for f in facts.values()):
            continue
        covered += 1
        record = {"system": {"type": "text"}}
        record.update({ref_of.get(p, p): {"class": f.value} for p, f in facts.items() if f.known})
        assert score(m, rubric).total == round(100 * index_score(record, categories), 2), m.id
        for f in facts.values():
            if f.known:
                assert all(e.source.startswith("https://github.com/Language-Technology-Assessment/main-database/blob/") for e in f.evidence), m.id
    assert covered > 0
