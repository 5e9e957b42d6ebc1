"""Fuzzing: nothing but the project's own error comes out of a loader, and nothing valid crashes."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import openness
from conftest import ROOT
from openness import yamlio
from openness.errors import OpennessError
from openness.records import License, Model
from openness.usecase import UseCase, check
from openness.validator import validate_paths
from strategies import models, rubrics

SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**12), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30))
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5), max_leaves=25)
KEYS = [
    "id",
    "name",
    "status",
    "license",
    "access",
    "weights",
    "value",
    "evidence",
    "source",
    "quote",
    "unknown",
    "terms",
    "criteria",
    "kind",
    "fact",
    "levels",
    "weight",
]
shaped = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_raise_only_openness_errors(raw):
    try:
        yamlio.loads(raw, "fuzz.yaml")
    except OpennessError as exc:
        assert exc.findings and all(f.file == "fuzz.yaml" and f.line >= 0 for f in exc.findings)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_random_text_raises_only_openness_errors(text):
    try:
        yamlio.loads(text, "fuzz.yaml")
    except OpennessError as exc:
        assert exc.findings


@SLOW
@given(st.sampled_from(["models", "licenses", "rubrics"]), st.one_of(documents, shaped))
def test_random_documents_give_findings_never_a_crash(tmp_path_factory, folder, data):
    path = tmp_path_factory.mktemp("fuzz") / folder / "fuzz.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    found = validate_paths([path])
    assert all(f.message and f.code for f in found)


SHIPPED = sorted((ROOT / "catalog" / "models").glob("*.yaml"))[:6] + sorted((ROOT / "rubrics").glob("*.yaml"))


@SLOW
@given(
    st.sampled_from(SHIPPED),
    st.lists(
        st.tuples(st.integers(0, 10**6), st.sampled_from(["delete", "insert", "swap"]), st.sampled_from(list(":-[]{}&*!|>'\"\t\n #x0"))), min_size=1, max_size=4
    ),
)
def test_mutated_real_files_give_findings_never_a_crash(tmp_path_factory, source, edits):
    text = source.read_text(encoding="utf-8")
    for pos, op, ch in edits:
        i = pos % (len(text) + 1)
        text = text[:i] + text[i + 1 :] if op == "delete" else text[:i] + ch + text[i:] if op == "insert" else text[:i] + ch + text[i + 1 :]
    path = tmp_path_factory.mktemp("mut") / source.parent.name / source.name
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    found = validate_paths([path])
    assert all(f.file and f.message for f in found)


@settings(max_examples=80, deadline=None)
@given(rubrics(), st.lists(models(), min_size=1, max_size=4, unique_by=lambda m: m.id))
def test_generated_models_and_rubrics_score_and_render_in_every_format(r, ms):
    table = openness.compare(ms, r)
    for fmt in ("text", "markdown", "csv", "tsv", "json", "html", "grid", "latex"):
        assert table.render(fmt)


usecases = st.builds(
    UseCase,
    commercial=st.none() | st.booleans(),
    monthly_active_users=st.none() | st.floats(0, 1e10),
    annual_revenue_usd=st.none() | st.floats(0, 1e12),
    fine_tune=st.none() | st.booleans(),
    distill=st.none() | st.booleans(),
    redistribute=st.none() | st.booleans(),
    self_host=st.none() | st.booleans(),
    hosted_service=st.none() | st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(models(), usecases)
def test_generated_models_never_make_checking_crash(m, case):
    verdict = check(m, case)
    assert verdict.to_dict()["verdict"] in ("allowed", "conditional", "blocked", "unknown")


def _through_text(document):
    return yamlio.loads(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "roundtrip.yaml").data


@settings(max_examples=200, deadline=None)
@given(models())
def test_a_model_written_out_and_read_back_is_equal(m):
    assert Model.from_dict(_through_text(m.to_document())) == m
    lic = m.license_record
    assert License.from_dict(_through_text(lic.to_document())) == lic


def test_every_shipped_record_round_trips_through_text(catalog):
    for m in catalog.models:
        assert Model.from_dict(_through_text(m.to_document()), file=m.file) == m
    for lic in catalog.licenses:
        assert License.from_dict(_through_text(lic.to_document()), file=lic.file) == lic
