"""The shipped catalog: zero findings, resolved licenses, lookups, and the facts that matter."""

from __future__ import annotations

import pytest

import openness
from conftest import model_yaml, write
from openness import sources
from openness.errors import OpennessError, UsageError
from openness.validator import validate_paths


def test_every_shipped_file_validates_with_zero_findings():
    found = validate_paths()
    assert found == [], "\n".join(map(str, found))


def test_every_model_resolves_to_its_license(catalog):
    ids = {x.id for x in catalog.licenses}
    for m in catalog.models:
        lic = m.fact("license")
        if lic.known:
            assert m.license_record is not None and m.license_record.id == lic.value in ids


@pytest.mark.parametrize("name", ["llama-2", "Llama 2", "meta-llama/Llama-2-70b-hf", "META-LLAMA/LLAMA-2-70B-HF"])
def test_lookup_by_id_name_alias_or_hf_repo(catalog, name):
    assert catalog.model(name).id == "llama-2"


def test_unknown_model_suggests_close_names(catalog):
    with pytest.raises(UsageError, match="did you mean llama-2"):
        catalog.model("llama-22")


def test_llama_2_user_cap_is_700_million_mau_with_the_article_claim_as_conflict(catalog):
    cap = catalog.model("llama-2").fact("license.terms.user_cap")
    assert cap.value["metric"] == "monthly_active_users" and cap.value["threshold"] == 700_000_000
    assert any("700 million monthly active users" in e.quote for e in cap.evidence if e.primary)
    assert any("billions in revenue" in c.evidence.quote and c.evidence.source.startswith("seeds/") for c in cap.claims)


def test_the_first_four_models_are_right(catalog):
    l2, l3, l31, g4 = (catalog.model(x) for x in ("llama-2", "llama-3", "llama-3.1", "gpt-4"))
    assert l2.value("license") == "llama-2-community"
    assert l3.value("license") == "llama-3-community"
    assert l31.value("license") == "llama-3.1-community"
    assert g4.value("license") == "openai-terms"
    assert l2.value("license.terms.output_training") == "prohibited"
    assert l3.value("license.terms.output_training") == "prohibited"
    assert l31.value("license.terms.output_training") == "conditional"
    assert l31.value("license.terms.naming") == "prefix"
    assert g4.value("access.weights") == "api-only" and g4.value("access.self_hostable") is False
    assert g4.value("license.terms.changeable_by_licensor") is True
    for m in (l2, l3, l31):
        assert m.value("access.self_hostable") is True
        assert m.value("license.terms.user_cap")["threshold"] == 700_000_000


def test_every_set_fact_has_evidence(catalog):
    for record in (*catalog.models, *catalog.licenses):
        for path, fact in record.facts.items():
            assert fact.known is False or fact.evidence, f"{record.id}: {path} has a value but no evidence"
            assert fact.known or fact.unknown, f"{record.id}: {path} is unknown without a reason"


def test_seed_quotes_are_verified_against_the_seed_text(tmp_path):
    bad = model_yaml().replace("(7 billion, 13 billion", "(8 billion, 13 billion")
    write(tmp_path / "models" / "toy.yaml", bad)
    with pytest.raises(OpennessError) as exc:
        openness.load_catalog(tmp_path)
    codes = {f.code for f in exc.value.findings}
    assert codes == {"evidence-quote"}
    f = exc.value.findings[0]
    assert f.file.endswith("toy.yaml") and f.line == 3 and f.path == "status.evidence[0].quote"


def test_a_users_folder_adds_models_on_top_of_the_shipped_catalog(tmp_path):
    write(tmp_path / "models" / "toy.yaml", model_yaml())
    cat = openness.load_catalog(tmp_path)
    assert cat.model("toy").license_record.id == "apache-2.0"
    assert len(cat.models) == len(openness.load_catalog().models) + 1


def test_reference_errors_are_located(tmp_path):
    write(tmp_path / "models" / "toy.yaml", model_yaml(license="apache-2"))
    with pytest.raises(OpennessError) as exc:
        openness.load_catalog(tmp_path)
    (f,) = exc.value.findings
    assert (f.code, f.line) == ("ref-license", 4) and "did you mean" in f.message and "apache-2.0" in f.message


def test_base_model_cycles_are_found(tmp_path):
    ev = '[{source: seeds/001_a64b63d8ec4e31ef.txt, quote: "LLAMA 2 is expected to challenge OpenAI’s proprietary GPT models."}]'
    for a, b in (("a", "b"), ("b", "a")):
        write(tmp_path / "models" / f"{a}.yaml", model_yaml(a) + f"base_model: {{value: {b}, evidence: {ev}}}\n")
    with pytest.raises(OpennessError) as exc:
        openness.load_catalog(tmp_path)
    found = exc.value.findings
    assert [f.code for f in found] == ["base-model-cycle", "base-model-cycle"]  # one on each member
    assert {f.file.rsplit("/", 1)[-1] for f in found} == {"a.yaml", "b.yaml"}
    assert all("a -> b -> a" in f.message for f in found)


def test_evidence_sources_cannot_escape_the_allowed_roots(tmp_path):
    text = model_yaml().replace("source: seeds/001_a64b63d8ec4e31ef.txt", "source: ../../etc/passwd", 1)
    write(tmp_path / "models" / "toy.yaml", text)
    with pytest.raises(OpennessError) as exc:
        openness.load_catalog(tmp_path)
    assert [f.code for f in exc.value.findings] == ["evidence-source"]


def test_data_root_holds_the_shipped_folders():
    root = sources.data_root()
    for sub in ("catalog", "rubrics", "seeds"):
        assert (root / sub).is_dir()
