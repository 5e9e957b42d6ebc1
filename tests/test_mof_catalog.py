"""The MOF class of each catalog model the Model Openness Tool's database covers.

Two checks:

* catalog and engine agree: for every model below, the mof rubric's class equals what the port of
  the MOT's classification (``mot_class`` in test_frameworks) computes from the record's own
  ``components``;
* the MOT's own records: its database (lfai/model_openness_tool, ``models/*.yml``) states no class,
  so the class the MOT gives is computed with the same port from the components and licenses its
  records list (transcribed below, one stored version each; a component without a license of its
  own takes the record's distribution license, as the MOT does). The catalog never claims more
  openness than the MOT does, and each difference is explained in ``DIFFERENCES``.
"""

from __future__ import annotations

import pytest
import test_frameworks
from test_frameworks import CLASS_LABELS, mot_class

import openness
from openness.scoring import score

#: Catalog model id -> the MOT record(s) read (models/<file>.yml).
MOT_COVERED = {
    "olmo": "OLMo-7B",
    "pythia": "Pythia-12B",
    "bloom": "BLOOM",
    "falcon": "Falcon-40B",
    "falcon-180b": "Falcon-180B",
    "mistral-7b": "Mistral-7B-Instruct-v0.3",
    "mixtral-8x7b": "Mixtral-8x7B-v0.1",
    "llama-2": "Llama-2-7B",
    "llama-3": "Llama-3-8B",
    "llama-3.1": "Llama-3.1-8B",
    "grok-1": "Grok-1",
    "deepseek-v3": "DeepSeek-V3",
    "deepseek-r1": "DeepSeek-R1",
    "qwen2.5": "Qwen2.5-7B",
    "gpt-oss": "gpt-oss-120b",
    "command-r": "Command-R",
    "gpt-2": "GPT-2",
    "gpt-3": "GPT-3",
    "gpt-3.5": "GPT-3.5",
    "gpt-4": "GPT-4",
    "gpt-4o": "GPT-4o",
    "gemini-1.5": "Gemini-1.5",
}

#: Licenses the MOT counts as open that appear in these records: OSI-approved or FSF-libre
#: (Apache-2.0, MIT), or on LicenseHandler::OPEN_DATA_LICENSES (CC-BY-4.0, CC-BY-SA-4.0).
MOT_RECORD_OPEN = {"apache-2.0", "mit", "cc-by-4.0", "cc-by-sa-4.0"}


def _pub(license: str | None) -> dict[str, str]:
    return {"available": "public", "license": license} if license else {"available": "public"}


def _all(license: str, names: list[str]) -> dict[str, dict[str, str]]:
    return {n: _pub(license) for n in names}


#: The required and optional components each MOT record lists as included, with the license the
#: MOT evaluates (its own, else the record's distribution license). "unlicensed", "License not
#: specified" and a missing distribution license are None; proprietary or non-open licenses are
#: named by the closest catalog id. Components marked "Component not included" or
#: "Pending evaluation" are left out.
MOT_RECORDS: dict[str, dict[str, dict[str, str]]] = {
    "OLMo-7B": {
        **_all(
            "apache-2.0",
            [
                "architecture",
                "data_preprocessing_code",
                "training_code",
                "inference_code",
                "evaluation_code",
                "final_weights",
                "intermediate_checkpoints",
                "datasets",
                "evaluation_data",
                "model_card",
                "data_card",
                "evaluation_results",
            ],
        ),
        "paper": _pub("cc-by-4.0"),
    },
    "Pythia-12B": {
        **_all(
            "apache-2.0",
            [
                "architecture",
                "inference_code",
                "supporting_libraries",
                "final_weights",
                "intermediate_checkpoints",
                "datasets",
                "evaluation_data",
                "model_metadata",
                "model_card",
                "data_card",
                "evaluation_results",
            ],
        ),
        **_all("mit", ["data_preprocessing_code", "training_code", "evaluation_code"]),
        "paper": _pub("cc-by-sa-4.0"),
    },
    "BLOOM": {
        **_all(
            "bigscience-rail-1.0",
            [
                "architecture",
                "training_code",
                "inference_code",
                "evaluation_code",
                "final_weights",
                "intermediate_checkpoints",
                "datasets",
                "model_metadata",
                "model_card",
                "data_card",
                "evaluation_results",
            ],
        ),
        "technical_report": _pub("cc-by-4.0"),
        "paper": _pub("cc-by-4.0"),
    },
    "Falcon-40B": {
        **_all("apache-2.0", ["architecture", "inference_code"]),
        **{n: _pub(None) for n in ["supporting_libraries", "final_weights", "datasets", "model_card", "data_card", "paper"]},
    },
    "Falcon-180B": {
        **_all("falcon-180b-tii", ["architecture", "inference_code"]),
        **{n: _pub(None) for n in ["supporting_libraries", "final_weights", "datasets", "model_card", "data_card", "paper"]},
    },
    "Mistral-7B-Instruct-v0.3": {
        **_all("apache-2.0", ["architecture", "inference_code", "supporting_libraries", "final_weights"]),
        **{n: _pub(None) for n in ["evaluation_data", "model_metadata", "model_card", "technical_report"]},
        "paper": _pub("cc-by-4.0"),
    },
    "Mixtral-8x7B-v0.1": {
        **_all("apache-2.0", ["architecture", "inference_code", "supporting_libraries", "final_weights"]),
        **{n: _pub(None) for n in ["model_card", "technical_report"]},
        **_all("cc-by-4.0", ["paper", "evaluation_results"]),
    },
    "Llama-2-7B": {**_all("llama-2-community", ["architecture", "final_weights"]), "paper": _pub(None)},
    "Llama-3-8B": {**_all("llama-3-community", ["architecture", "final_weights"]), "paper": _pub(None)},
    "Llama-3.1-8B": {
        **_all("llama-3.1-community", ["architecture", "inference_code", "supporting_libraries", "final_weights"]),
        **{n: _pub(None) for n in ["evaluation_data", "model_card", "technical_report", "evaluation_results"]},
    },
    "Grok-1": {**_all("apache-2.0", ["architecture", "final_weights"]), "model_card": _pub(None), "paper": _pub(None)},
    "DeepSeek-V3": {
        **_all("mit", ["architecture", "inference_code", "supporting_libraries"]),
        **_all("deepseek-model-license", ["final_weights", "model_metadata"]),
        **{n: _pub(None) for n in ["evaluation_data", "model_card", "technical_report", "evaluation_results"]},
        "paper": _pub("arxiv-nonexclusive"),  # arXiv.org perpetual non-exclusive license 1.0: not open
    },
    "DeepSeek-R1": {
        **_all("mit", ["architecture", "inference_code", "supporting_libraries", "final_weights", "model_metadata"]),
        **{n: _pub(None) for n in ["evaluation_data", "model_card", "technical_report", "evaluation_results"]},
        "paper": _pub("arxiv-nonexclusive"),
    },
    "Qwen2.5-7B": {
        **_all("apache-2.0", ["architecture", "inference_code", "supporting_libraries", "final_weights"]),
        **{n: _pub(None) for n in ["evaluation_data", "model_card", "technical_report", "evaluation_results"]},
        "paper": _pub("arxiv-nonexclusive"),
    },
    "gpt-oss-120b": {
        **_all("apache-2.0", ["architecture", "inference_code", "final_weights", "evaluation_results"]),
        **_all("cc-by-4.0", ["model_card", "technical_report"]),
    },
    "Command-R": {
        "architecture": _pub("cc-by-nc-4.0"),
        **{n: _pub(None) for n in ["final_weights", "model_metadata", "model_card", "paper"]},
    },
    # The closed models' records list no final parameters; their other entries cannot lift them.
    "GPT-2": {
        **_all("apache-2.0", ["architecture", "intermediate_checkpoints"]),
        **{n: _pub(None) for n in ["model_metadata", "model_card", "data_card", "technical_report", "paper"]},
    },
    "GPT-3": {
        **_all("openai-terms", ["architecture", "intermediate_checkpoints", "model_metadata"]),
        **{n: _pub(None) for n in ["model_card", "data_card", "technical_report", "paper"]},
    },
    "GPT-3.5": {
        **_all("openai-terms", ["architecture", "intermediate_checkpoints", "model_metadata"]),
        **{n: _pub(None) for n in ["data_card", "technical_report", "paper"]},
    },
    "GPT-4": {
        **_all("openai-terms", ["architecture", "intermediate_checkpoints", "model_metadata"]),
        **{n: _pub(None) for n in ["data_card", "technical_report", "paper"]},
    },
    "GPT-4o": {
        **_all("openai-terms", ["architecture", "intermediate_checkpoints", "model_metadata"]),
        **{n: _pub(None) for n in ["evaluation_data", "sample_outputs", "technical_report", "evaluation_results"]},
        "paper": _pub("cc-by-4.0"),
    },
    "Gemini-1.5": {
        "inference_code": _pub("apache-2.0"),
        **{n: _pub(None) for n in ["sample_outputs", "paper", "evaluation_results"]},
    },
}

#: The class the MOT gives each record (computed as above; the records state none).
MOT_CLASS = {rec: 0 for rec in MOT_RECORDS} | {"OLMo-7B": 1, "Pythia-12B": 1}

#: Why the catalog's class differs from the MOT's, where it does.
DIFFERENCES = {
    "olmo": (
        "Class III vs Class I: the MOT gives Evaluation data the release's Apache-2.0 distribution "
        "license; the catalog records evaluation data as unspecified (third-party benchmarks are "
        "not the release's to license)."
    ),
    "pythia": (
        "Class III vs Class I: the catalog records evaluation data and the Pile as unspecified where the MOT applies the release's distribution license."
    ),
}


@pytest.fixture(scope="module")
def mof():
    return openness.load_rubric("mof")


def components_of(model) -> dict[str, object]:
    """The record's own component facts, as {name: value} (unknown ones left out)."""
    return {p.split(".", 1)[1]: f.value for p, f in model.facts.items() if p.startswith("components.") and f.known}


def test_every_transcribed_record_is_mapped():
    assert set(MOT_COVERED.values()) == set(MOT_RECORDS)


@pytest.mark.parametrize("mid", sorted(MOT_COVERED))
def test_catalog_class_equals_the_mot_port_on_the_records_own_components(catalog, mof, mid):
    model = catalog.model(mid)
    assert score(model, mof).tier == CLASS_LABELS[mot_class(components_of(model))]


EXPECTED_CATALOG_CLASS = {mid: 0 for mid in MOT_COVERED} | {"olmo": 3, "pythia": 3}


@pytest.mark.parametrize("mid", sorted(MOT_COVERED))
def test_catalog_classes(catalog, mof, mid):
    assert score(catalog.model(mid), mof).tier == CLASS_LABELS[EXPECTED_CATALOG_CLASS[mid]]


@pytest.mark.parametrize("record", sorted(MOT_RECORDS))
def test_the_mot_class_of_its_own_records(monkeypatch, record):
    monkeypatch.setattr(test_frameworks, "MOT_OPEN", MOT_RECORD_OPEN)
    assert mot_class(MOT_RECORDS[record]) == MOT_CLASS[record]


def _rank(cls: int) -> int:
    """Openness rank of a class: none 0 < Class III 1 < Class II 2 < Class I 3."""
    return 0 if cls == 0 else 4 - cls


@pytest.mark.parametrize("mid", sorted(MOT_COVERED))
def test_catalog_is_never_more_open_than_the_mot_and_differences_are_explained(catalog, mid):
    ours = mot_class(components_of(catalog.model(mid)))
    theirs = MOT_CLASS[MOT_COVERED[mid]]
    assert _rank(ours) <= _rank(theirs)
    assert (ours != theirs) == (mid in DIFFERENCES)
