"""Importers: Hugging Face model cards, Model Openness Tool records, Open Source AI Index records.

The fixtures under tests/data/import/ were written for these tests in each format's shape.
Every imported record must validate as written (`openness validate`): its quotes are the
source file's own lines, and what cannot be sourced is an explained unknown.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import openness
from conftest import ROOT
from openness import yamlio
from openness.importers import hub
from openness.importers.hf_card import catalog_license, import_card
from openness.importers.mot import import_mot
from openness.importers.osai import import_osai

DATA = ROOT / "tests" / "data" / "import"
HF = DATA / "hf"


def _import(run, tmp_path: Path, kind: str, src: Path | str, *extra: str, name: str | None = None):
    """Import into tmp_path/models/<name>.yaml; return (result, parsed record or None)."""
    out = tmp_path / "models" / f"{name or 'imported'}.yaml"
    res = run("import", kind, str(src), "--out", str(out), *extra)
    data = yamlio.load(out).data if out.exists() else None
    return res, data, out


# --------------------------------------------------------------------------- the hub's license list


@pytest.fixture(scope="module")
def index(catalog):
    return catalog_license(catalog)


def test_every_hub_license_identifier_maps_to_a_record_or_an_explained_unknown(index, catalog):
    ids = {x.id for x in catalog.licenses}
    for hub_id in hub.HUB_LICENSES:
        found, why = index.hub(hub_id)
        assert why, hub_id
        if found is None:
            assert hub_id in why, (hub_id, why)
        else:
            assert found in ids


@pytest.mark.parametrize(
    ("hub_id", "expected"),
    [
        ("llama2", "llama-2-community"),
        ("llama3", "llama-3-community"),
        ("llama3.1", "llama-3.1-community"),
        ("llama3.2", "llama-3.2-community"),
        ("llama3.3", "llama-3.3-community"),
        ("gemma", "gemma-terms"),
        ("apache-2.0", "apache-2.0"),
        ("mit", "mit"),
        ("cc-by-4.0", "cc-by-4.0"),
        ("cc-by-nc-4.0", "cc-by-nc-4.0"),
        ("gpl-3.0", "gpl-3.0"),
        ("creativeml-openrail-m", "creativeml-openrail-m"),
        ("openrail++", "creativeml-openrail++-m"),
        ("bigscience-bloom-rail-1.0", "bigscience-rail-1.0"),
        ("Apache-2.0", "apache-2.0"),
    ],
)
def test_hub_identifiers_with_a_record(index, hub_id, expected):
    assert index.hub(hub_id)[0] == expected


def test_every_catalog_hf_id_is_found_from_the_hub(index, catalog):
    for lic in catalog.licenses:
        if lic.hf_id:
            assert index.hub(lic.hf_id)[0] == lic.id
            assert catalog.license(lic.hf_id).id == lic.id


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("openrail", "family"),
        ("cc", "family"),
        ("bsd", "family"),
        ("odbl", "odbl"),
        ("h-research", "no license record"),
        ("unknown", "did not say"),
        ("other", "other"),
        ("not-a-hub-license", "not one of the hub's"),
        ("", "no license"),
        (None, "no license"),
        (42, "not a license identifier"),
        (["mit", "apache-2.0"], "2 licenses"),
        ({"a": 1}, "not a license identifier"),
    ],
)
def test_identifiers_without_a_record_are_unknown_with_a_reason(index, value, words):
    found, why = index.hub(value)
    assert found is None
    assert words in why


def test_other_with_a_license_name_the_catalog_knows(index):
    assert index.hub("other", "llama3")[0] == "llama-3-community"
    assert index.hub("other", "qwen-research")[0] == "qwen-research"
    found, why = index.hub("other", "acme-research", "https://example.org/LICENSE")
    assert found is None and "acme-research" in why and "https://example.org/LICENSE" in why


def test_every_hub_identifier_imports_from_a_card_without_a_crash(catalog, tmp_path):
    card = tmp_path / "README.md"
    for hub_id in hub.HUB_LICENSES:
        card.write_text(f"---\nlicense: {hub_id}\n---\n# A card\n", encoding="utf-8")
        rec = import_card(card, catalog, repo="example/card")
        lic = rec["license"]
        if "value" in lic:
            assert lic["evidence"][0]["quote"] == f"license: {hub_id}"
            assert lic["evidence"][0]["source"] == "https://huggingface.co/example/card/blob/main/README.md"
        else:
            assert hub_id in lic["unknown"]
        assert rec["hf_license"]["value"] == hub_id


# --------------------------------------------------------------------------- model cards


def test_gated_llama_card(run, tmp_path, catalog):
    res, rec, out = _import(run, tmp_path, "hf-card", HF / "llama-3.1-8b-instruct" / "README.md", name="toy-llama")
    assert res.code == 0, res
    assert rec["id"] == "toy-llama"  # the id follows the file name, as validate wants
    assert rec["license"]["value"] == "llama-3.1-community"
    assert rec["license"]["evidence"] == [{"source": "tests/data/import/hf/llama-3.1-8b-instruct/README.md", "quote": "license: llama3.1"}]
    assert rec["hf_license"]["value"] == "llama3.1"
    assert rec["access"]["weights"]["value"] == "gated"
    assert rec["access"]["weights"]["evidence"][0]["quote"] == "extra_gated_prompt: >-"
    assert rec["modality"]["value"] == "text"
    # the hub renamed meta-llama/Meta-Llama-3.1-8B to meta-llama/Llama-3.1-8B: the catalog knows both
    assert rec["base_model"]["value"] == "llama-3.1"
    assert "meta-llama/Llama-3.1-8B" in rec["base_model"]["note"]
    assert rec["base_models"]["value"] == ["meta-llama/Llama-3.1-8B"]
    assert "resolves to a record under llama-3.1-community" in rec["base_models"]["note"]
    assert "unknown" in rec["status"]
    assert run("validate", str(out)).code == 0


def test_repo_from_model_index_gives_the_hub_address_and_base_model(run, tmp_path):
    res, rec, out = _import(run, tmp_path, "hf-card", HF / "toy-finetune" / "README.md", name="toy-finetune-7b")
    assert res.code == 0, res
    address = "https://huggingface.co/example-org/toy-finetune-7b/blob/main/README.md"
    assert rec["hf_repos"] == ["example-org/toy-finetune-7b"]
    assert rec["license"] == {
        "value": "apache-2.0",
        "evidence": [{"source": address, "quote": "license: apache-2.0"}],
        "note": "The hub identifier 'apache-2.0' is the catalog license apache-2.0.",
    }
    assert rec["access"]["weights"]["value"] == "open"
    assert rec["base_model"]["value"] == "mistral-7b"
    assert [e["quote"] for e in rec["base_model"]["evidence"]] == ["base_model: mistralai/Mistral-7B-v0.1", "base_model_relation: finetune"]
    assert rec["figures"]["base_model_relation"]["value"] == "finetune"
    assert rec["components"]["model_card"]["value"] == {"available": "public"}
    assert run("validate", str(out)).code == 0


def test_repo_option_and_hub_cache_layout(run, tmp_path):
    res, rec, _ = _import(run, tmp_path, "hf-card", HF / "models--google--gemma-toy" / "snapshots" / "0123abcd" / "README.md", name="gemma-toy")
    assert res.code == 0, res
    assert rec["hf_repos"] == ["google/gemma-toy"]
    assert rec["license"]["value"] == "gemma-terms"
    assert rec["access"]["weights"]["value"] == "gated"
    res, rec, _ = _import(run, tmp_path, "hf-card", HF / "merge" / "README.md", "--repo", "example-org/toy-merge", name="toy-merge")
    assert res.code == 0, res
    assert rec["license"]["evidence"][0]["source"] == "https://huggingface.co/example-org/toy-merge/blob/main/README.md"


def test_license_without_a_record_and_an_adapter(run, tmp_path):
    res, rec, out = _import(run, tmp_path, "hf-card", HF / "no-record" / "README.md", name="toy-adapter")
    assert res.code == 0, res
    assert "odbl" in rec["license"]["unknown"]
    assert rec["hf_license"]["value"] == "odbl"
    assert rec["figures"]["base_model_relation"]["value"] == "adapter"
    assert rec["figures"]["base_model_repo"]["evidence"][0]["quote"] == "base_model:\n- example-org/unknown-base"
    assert rec["modality"]["value"] == "audio"
    assert run("validate", str(out)).code == 0


def test_other_license_and_merge(run, tmp_path):
    res, rec, _ = _import(run, tmp_path, "hf-card", HF / "other-license" / "README.md", name="toy-other")
    assert res.code == 0, res
    assert "toy-community-license" in rec["license"]["unknown"]
    assert rec["modality"]["value"] == "text-to-image"
    res, rec, out = _import(run, tmp_path, "hf-card", HF / "merge" / "README.md", name="toy-merge")
    assert res.code == 0, res
    assert "2 base models" in rec["base_model"]["unknown"]
    assert rec["figures"]["base_models"]["value"] == ["mistralai/Mistral-7B-v0.1", "example-org/other-7b"]
    assert rec["license"]["value"] == "mit"
    assert run("validate", str(out)).code == 0


def test_a_card_beside_the_record_is_cited_as_a_local_file(run, tmp_path):
    shutil.copy(HF / "toy-finetune" / "README.md", tmp_path / "card.md")
    out = tmp_path / "toy.yaml"
    # model-index names the repo; without it the local file is the source
    text = (tmp_path / "card.md").read_text(encoding="utf-8").replace("- name: example-org/toy-finetune-7b", "- name: Toy fine-tune")
    (tmp_path / "card.md").write_text(text, encoding="utf-8")
    res = run("import", "hf-card", str(tmp_path / "card.md"), "--out", str(out))
    assert res.code == 0, res
    rec = yamlio.load(out).data
    assert rec["name"] == "Toy fine-tune"
    assert rec["license"]["evidence"][0] == {"source": "card.md", "quote": "license: apache-2.0"}
    assert run("validate", str(out)).code == 0
    # a quote that is not in the card is caught by validate: the check is real
    out.write_text(out.read_text(encoding="utf-8").replace('quote: "license: apache-2.0"', 'quote: "license: mit-0000"', 1), encoding="utf-8")
    assert run("validate", str(out)).code == 1


def test_a_card_that_cannot_be_cited_gives_explained_unknowns(run, tmp_path):
    (tmp_path / "cards").mkdir()
    shutil.copy(HF / "no-record" / "README.md", tmp_path / "cards" / "card.md")
    res, rec, out = _import(run, tmp_path, "hf-card", tmp_path / "cards" / "card.md", name="uncited")
    assert res.code == 0, res
    for node in (rec["hf_license"], rec["access"]["weights"], rec["modality"]):
        assert "value" not in node and "--repo" in node["unknown"]
    assert "pipeline_tag: automatic-speech-recognition" in rec["modality"]["unknown"]
    assert run("validate", str(out)).code == 0


def test_bad_cards_are_located_findings(run, tmp_path):
    res = run("import", "hf-card", str(HF / "broken" / "README.md"), "--out", "-")
    assert res.code == 1
    assert "broken/README.md:4:13:" in res.err and "yaml-syntax" in res.err
    res = run("import", "hf-card", str(HF / "plain.md"), "--out", "-")
    assert res.code == 1 and "plain.md:1:1:" in res.err and "front matter" in res.err
    (tmp_path / "open.md").write_text("---\nlicense: mit\n", encoding="utf-8")
    res = run("import", "hf-card", str(tmp_path / "open.md"), "--out", "-")
    assert res.code == 1 and "end with a '---' line" in res.err
    (tmp_path / "list.md").write_text("---\n- a\n- b\n---\n", encoding="utf-8")
    res = run("import", "hf-card", str(tmp_path / "list.md"), "--out", "-")
    assert res.code == 1 and "mapping" in res.err
    assert run("import", "hf-card", str(tmp_path / "missing.md")).code == 2
    assert run("import", "hf-card", str(HF / "merge" / "README.md"), "--repo", "not a repo", "--out", "-").code == 2
    assert run("import", "hf-card").code == 2
    assert run("import").code == 2


def test_stdout_and_no_overwrite_without_force(run, tmp_path):
    res = run("import", "hf-card", str(HF / "merge" / "README.md"), "--repo", "example-org/toy-merge", "--out", "-")
    assert res.code == 0
    assert res.out.startswith("# yaml-language-server: $schema=")
    assert yamlio.loads(res.out).data["id"] == "toy-merge"
    out = tmp_path / "toy-merge.yaml"
    assert run("import", "hf-card", str(HF / "merge" / "README.md"), "--out", str(out)).code == 0
    before = out.read_text(encoding="utf-8")
    res = run("import", "hf-card", str(HF / "toy-finetune" / "README.md"), "--out", str(out))
    assert res.code == 2 and "--force" in res.err
    assert out.read_text(encoding="utf-8") == before
    assert run("import", "hf-card", str(HF / "toy-finetune" / "README.md"), "--out", str(out), "--force").code == 0
    assert out.read_text(encoding="utf-8") != before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert run("import", "hf-card", str(HF / "merge" / "README.md"), "--out", str(tmp_path / "Bad Name.yaml")).code == 2


def test_default_target_is_catalog_models(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run("import", "hf-card", str(HF / "merge" / "README.md"), "--repo", "example-org/toy-merge")
    assert res.code == 0, res
    assert (tmp_path / "catalog" / "models" / "toy-merge.yaml").is_file()
    assert run("validate", "catalog/models/toy-merge.yaml").code == 0


def test_an_imported_record_loads_into_a_catalog_and_scores(run, tmp_path):
    res, _, _ = _import(run, tmp_path, "hf-card", HF / "toy-finetune" / "README.md", name="toy-finetune-7b")
    assert res.code == 0
    cat = openness.load_catalog(tmp_path)
    m = cat.model("example-org/toy-finetune-7b")
    assert m.license_record is not None and m.license_record.id == "apache-2.0"
    card = openness.score(m, openness.load_rubric("articles"))
    assert card.result("weights").value == "open"
    res = run("score", "toy-finetune-7b", "--catalog", str(tmp_path), "--format", "csv")
    assert res.code == 0 and "toy-finetune-7b" in res.out


# --------------------------------------------------------------------------- Model Openness Tool


def test_mot_record_with_every_component_listed(run, tmp_path):
    res, rec, out = _import(run, tmp_path, "mot", DATA / "mot" / "toy-mot-old.yml", name="toy-mot-7b")
    assert res.code == 0, res
    c = rec["components"]
    assert c["architecture"]["value"] == {"available": "public", "license": "apache-2.0"}
    assert c["data_preprocessing_code"]["value"] == {"available": "none"}
    assert c["training_code"]["value"] == {"available": "public", "license": "mit"}
    # LPPL-1.3a: no record here, kept as its SPDX id for the MOT's lists to judge
    assert c["inference_code"]["value"] == {"available": "public", "spdx": "LPPL-1.3a"}
    assert "LPPL-1.3a" in c["inference_code"]["note"]
    assert c["evaluation_code"]["value"] == {"available": "public", "license": "unspecified"}
    assert "blank" in c["supporting_libraries"]["unknown"]
    assert c["evaluation_data"]["value"]["license"] == "cc-by-4.0"
    assert rec["license"]["value"] == "apache-2.0"
    assert rec["developer"]["value"] == "Example Lab"
    assert rec["hf_repos"] == ["example-lab/Toy-MOT-7B"]
    assert rec["modality"]["value"] == "text"
    quote = c["final_weights"]["evidence"][0]["quote"]
    assert quote.startswith("name: 'Model parameters (Final)'") and quote.endswith("license_path: ''")
    assert run("validate", str(out)).code == 0


def test_mot_record_with_included_components_and_global_licenses(run, tmp_path):
    res, rec, out = _import(run, tmp_path, "mot", DATA / "mot" / "toy-mot-new.yml", name="toy-mot-micro")
    assert res.code == 0, res
    c = rec["components"]
    assert c["architecture"]["value"] == {"available": "public", "license": "apache-2.0"}  # code -> distribution
    assert c["final_weights"]["value"] == {"available": "public", "license": "cc-by-4.0"}  # data first, as the MOT
    assert [e["quote"].splitlines()[0] for e in c["final_weights"]["evidence"]] == ["name: 'Model parameters (Final)'", "data:"]
    assert c["model_card"]["value"] == {"available": "public", "license": "unspecified"}
    assert c["technical_report"]["value"] == {"available": "public", "license": "mit"}
    assert "does not list" in c["training_code"]["unknown"]
    assert rec["license"]["value"] == "cc-by-4.0"
    assert run("validate", str(out)).code == 0


MOT_RESOLUTION = """\
framework: {name: Model Openness Framework}
release:
  name: Toy Resolution
  license:
    distribution: {name: CC-BY-NC-4.0, path: ''}
    code: {name: Apache-2.0, path: ''}
    document: {name: '', path: ''}
  components:
    - {name: Model architecture}
    - {name: Model parameters (Final)}
    - {name: Inference code, license: unlicensed}
    - {name: Training code, license: }
    - {name: Model card}
    - {name: Evaluation data, license: [MIT, Apache-2.0]}
    - {name: Evaluation code, license: Apache 2.0}
"""


def test_mot_resolves_a_components_license_as_the_mot_does(run, tmp_path):
    """Own license, else the global license of the component's one content type, else the
    distribution license; unlicensed never falls back; an ambiguous value is unknown."""
    src = tmp_path / "toy.yml"
    src.write_text(MOT_RESOLUTION, encoding="utf-8")
    res, rec, out = _import(run, tmp_path, "mot", src, "--source", "https://example.org/toy.yml", name="toy-resolution")
    assert res.code == 0, res
    c = rec["components"]
    assert c["architecture"]["value"]["license"] == "apache-2.0"  # code -> the code license
    assert c["final_weights"]["value"]["license"] == "cc-by-nc-4.0"  # data: none, so distribution (not code)
    assert rec["license"]["value"] == "cc-by-nc-4.0"
    assert c["inference_code"]["value"] == {"available": "public", "license": "unspecified"}  # no fallback
    assert c["training_code"]["value"]["license"] == "apache-2.0"  # an empty license: the MOT falls back
    assert c["model_card"]["value"]["license"] == "cc-by-nc-4.0"  # an empty global document license is skipped
    assert "ambiguous" in c["evaluation_data"]["unknown"]
    assert c["evaluation_code"]["value"]["license"] == "apache-2.0" and "deliberate difference" in c["evaluation_code"]["note"]
    card = openness.score(openness.load_catalog(tmp_path).model("toy-resolution"), openness.load_rubric("mof"))
    assert card.result("final-weights").score == 0
    assert any("deliberate difference" in n for n in card.result("evaluation-code").notes)
    res = run("explain", "toy-resolution", "--rubric", "mof", "--catalog", str(tmp_path))
    assert "note: components.evaluation_code" in res.out and "deliberate difference" in res.out
    res = run("check", "toy-resolution", "--commercial", "--catalog", str(tmp_path))
    assert "BLOCKED" in res.out, res


def test_mot_scores_under_the_mof_rubric(catalog, tmp_path, run):
    res, _, _ = _import(run, tmp_path, "mot", DATA / "mot" / "toy-mot-old.yml", name="toy-mot-7b")
    assert res.code == 0
    m = openness.load_catalog(tmp_path).model("toy-mot-7b")
    card = openness.score(m, openness.load_rubric("mof"))
    assert card.result("architecture").score == 1.0
    assert card.result("final-weights").score == 1.0
    assert card.result("evaluation-results").score == 0.0  # License not specified is not open


def test_mot_source_option_and_bad_records(run, tmp_path):
    address = "https://github.com/lfai/model_openness_tool/blob/main/models/Toy-MOT-7B.yml"
    res = run("import", "mot", str(DATA / "mot" / "toy-mot-old.yml"), "--source", address, "--out", "-")
    assert res.code == 0, res
    assert yamlio.loads(res.out).data["license"]["evidence"][0]["source"] == address
    assert run("import", "mot", str(DATA / "mot" / "toy-mot-old.yml"), "--source", "http://x.org/a.yml", "--out", "-").code == 2
    res = run("import", "mot", str(DATA / "mot" / "not-mot.yml"), "--out", "-")
    assert res.code == 1 and "not-mot.yml:2:9:" in res.err
    (tmp_path / "bad.yml").write_text("release:\n  name: X\n  components:\n    - name: Teleporter\n", encoding="utf-8")
    res = run("import", "mot", str(tmp_path / "bad.yml"), "--out", "-")
    assert res.code == 1 and "bad.yml:4:" in res.err and "17 component names" in res.err
    (tmp_path / "none.yml").write_text("framework: {}\n", encoding="utf-8")
    assert run("import", "mot", str(tmp_path / "none.yml"), "--out", "-").code == 1


# --------------------------------------------------------------------------- Open Source AI Index


def test_osai_record(run, tmp_path):
    res, rec, out = _import(run, tmp_path, "osai", DATA / "osai" / "toy-osai.yaml", name="toy-osai")
    assert res.code == 0, res
    c = rec["components"]
    assert c["training_code"]["value"] == {"available": "restricted"}
    assert c["data_preprocessing_code"]["value"] == {"available": "restricted"}
    assert c["datasets"]["value"] == {"available": "restricted", "disclosure": "listing"}
    assert c["final_weights"]["value"] == {"available": "public", "license": "apache-2.0"}
    assert c["technical_report"]["value"] == {"available": "public"}
    assert c["paper"]["value"] == {"available": "none"}
    assert c["model_card"]["value"] == {"available": "public"}
    assert c["data_card"]["value"] == {"available": "none"}
    assert rec["access"] == {
        "weights": {
            "value": "open",
            "evidence": [
                {
                    "source": "tests/data/import/osai/toy-osai.yaml",
                    "quote": "weights_basemodel:\nclass: open\nlink: https://huggingface.co/example-lab/toy-osai-7b\nnotes: Weights published on HuggingFace.",
                }
            ],
            "note": "Rated open: the weights are freely available.",
        },
        "api": rec["access"]["api"],
    }
    assert rec["access"]["api"]["value"] is False
    assert rec["license"]["value"] == "apache-2.0"
    assert rec["released"]["value"] == "2024-10"
    assert rec["aliases"] == ["Toy-OSAI-7B-Instruct"]
    assert run("validate", str(out)).code == 0


def test_osai_round_trip_under_the_osai_index_rubric(run, tmp_path):
    """The imported record totals what the index's own scoring (a port of the website's
    sortModels(), tests/test_osai_index.py) gives: over the 12 parameters of now, and over the 14
    of 2025 under osai-index-2025."""
    from test_osai_index import CATEGORIES_2025, index_score, shown, to_fixed

    res, rec, _ = _import(run, tmp_path, "osai", DATA / "osai" / "toy-osai.yaml", name="toy-osai")
    assert res.code == 0
    assert [rec["osai"][p]["value"] for p in ("trainingcode", "hardware_architecture", "licenses")] == ["partial", "closed", "open"]
    model = openness.load_catalog(tmp_path).model("toy-osai")
    card = openness.score(model, openness.load_rubric("osai-index"))
    record = yamlio.load(DATA / "osai" / "toy-osai.yaml").data
    # open: datasources_endmodel, both weights, code, preprint, modelcard, licenses (7);
    # partial: trainingcode, datasources_basemodel (1); closed: hardware_architecture, paper, datasheet: 8 of 12
    expected = index_score(record)
    assert expected == pytest.approx(8 / 12)
    assert card.total == round(100 * expected, 2) and card.coverage == 1
    assert shown(card.total) == to_fixed(expected) == "0.67"
    # the 2025 index read Architecture Documentation under the key `architecture`, and counted
    # package and api (closed here): 8 of 14
    record["architecture"] = record.pop("hardware_architecture")
    old = index_score(record, CATEGORIES_2025)
    assert old == pytest.approx(8 / 14)
    card = openness.score(model, openness.load_rubric("osai-index-2025"))
    assert card.total == round(100 * old, 2) and shown(card.total) == to_fixed(old) == "0.57"


def test_osai_gated_weights_and_unlisted_license(run, tmp_path):
    res, rec, out = _import(run, tmp_path, "osai", DATA / "osai" / "gated-osai.yaml", name="toy-gated")
    assert res.code == 0, res
    assert rec["access"]["weights"]["value"] == "gated"
    assert rec["access"]["api"]["value"] is True
    assert "Toy Non-Commercial License" in rec["license"]["unknown"]
    assert rec["modality"]["value"] == "text-to-image"
    assert "'maybe'" in rec["components"]["model_card"]["unknown"]
    # the index's own classes: a word other than the three, or no entry, is unknown (the index counts 0)
    assert "'maybe'" in rec["osai"]["modelcard"]["unknown"] and "does not rate paper" in rec["osai"]["paper"]["unknown"]
    assert rec["osai"]["weights_basemodel"]["value"] == "partial" and rec["osai"]["trainingcode"]["value"] == "closed"
    assert run("validate", str(out)).code == 0
    (tmp_path / "x.yaml").write_text("system: {link: x}\n", encoding="utf-8")
    res = run("import", "osai", str(tmp_path / "x.yaml"), "--out", "-")
    assert res.code == 1 and "system.name" in res.err


def test_importers_as_functions(catalog):
    """The Python entry points return plain records in the catalog's format."""
    rec = import_card(HF / "toy-finetune" / "README.md", catalog)
    assert rec["license"]["value"] == "apache-2.0"
    assert import_mot(DATA / "mot" / "toy-mot-new.yml", catalog)["name"] == "Toy-MOT-Micro"
    assert import_osai(DATA / "osai" / "toy-osai.yaml", catalog)["developer"]["value"] == "Example Lab"


def test_other_with_a_known_license_name_cites_both_lines(catalog, tmp_path):
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: other\nlicense_name: llama3\nlicense_link: LICENSE\n---\n# Card\n", encoding="utf-8")
    rec = import_card(card, catalog, repo="example/other-llama")
    assert rec["license"]["value"] == "llama-3-community"
    assert [e["quote"] for e in rec["license"]["evidence"]] == ["license: other", "license_name: llama3", "license_link: LICENSE"]
    card.write_text("---\nlicense: mit\nlicense_name: something\n---\n# Card\n", encoding="utf-8")
    rec = import_card(card, catalog, repo="example/mit")
    assert [e["quote"] for e in rec["license"]["evidence"]] == ["license: mit"]


def test_licenses_of_a_catalog_folder_of_your_own(run, tmp_path):
    mine = tmp_path / "mine"
    assert run("new", "license", "toy-community", "--dir", str(mine / "licenses")).code == 0
    path = mine / "licenses" / "toy-community.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("# hf_id: ...", "hf_id: toy-community"), encoding="utf-8")
    card = tmp_path / "card" / "README.md"
    card.parent.mkdir()
    card.write_text("---\nlicense: toy-community\n---\n# Card\n", encoding="utf-8")
    res = run("import", "hf-card", str(card), "--repo", "example/toy", "--out", "-")
    assert res.code == 0 and "toy-community" in yamlio.loads(res.out).data["license"]["unknown"]
    out = mine / "models" / "toy.yaml"
    res = run("import", "hf-card", str(card), "--repo", "example/toy", "--catalog", str(mine), "--out", str(out))
    assert res.code == 0, res
    assert f"--catalog {mine}" in res.out
    assert yamlio.load(out).data["license"]["value"] == "toy-community"
    assert run("validate", str(out), "--catalog", str(mine)).code == 0
    assert openness.load_catalog(mine).model("example/toy").license_record.id == "toy-community"
