"""Lineage: a derivative's verdicts follow its bases, in the API, the CLI and bulk.

Cards and dumps are written here from the hub's documented fields (``base_model``,
``base_model_relation``, ``cardData``, ``base_model:<relation>:<repo>`` tags), naming the real
repositories of well-known bases.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import openness
from conftest import write
from openness import bulkcheck, lineage
from openness import frozen as attrs
from openness.lineage import Node, Resolver, bases_of, effective_terms, restrictiveness, trace
from openness.records import Model
from openness.usecase import UseCase, check
from openness.vocabulary import DERIVATIVE_CARRIES, LICENSE_FACTS

LLAMA_FT = """\
---
license: apache-2.0
base_model: meta-llama/Llama-3.1-8B-Instruct
base_model_relation: finetune
pipeline_tag: text-generation
---

# A support-chat fine-tune of Llama 3.1 8B Instruct
"""


def card(tmp_path: Path, text: str, name: str = "ft") -> Path:
    return write(tmp_path / name / "README.md", text)


def answers(catalog, records: list[dict], kind: str = "check", fmt: str = "csv", **kw) -> list[dict]:
    lines = [json.dumps(r) + "\n" for r in records]
    out = io.StringIO()
    rubric = openness.load_rubric(kw.pop("rubric", "commercial")) if kind == "score" else None
    usecase = UseCase(**kw) if kind == "check" else None
    result = bulkcheck.answer_stream(lines, out.write, catalog, kind=kind, fmt=fmt, usecase=usecase, rubric=rubric)
    assert result.bad == 0
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(out.getvalue())))
    return [json.loads(x) for x in out.getvalue().splitlines()]


# --------------------------------------------------------------------------- every license says what binds a derivative


def test_every_license_records_what_binds_a_derivative(catalog):
    for lic in catalog.licenses:
        f = lic.fact("terms.derivatives")
        assert f.unknown != "not recorded in the catalog", lic.id
        if f.known:
            assert f.evidence and all(e.quote for e in f.evidence), lic.id


@pytest.mark.parametrize(
    ("license_id", "expected"),
    [
        ("llama-3.1-community", "all_terms"),
        ("llama-2-community", "all_terms"),
        ("cc-by-nc-4.0", "all_terms"),
        ("creativeml-openrail-m", "use_restrictions"),
        ("bigscience-rail-1.0", "use_restrictions"),
        ("gemma-terms", "use_restrictions"),
        ("cc-by-sa-4.0", "share_alike"),
        ("gpl-3.0", "share_alike"),
        ("apache-2.0", "notice"),
        ("mit", "notice"),
        ("cc-by-4.0", "notice"),
    ],
)
def test_what_carries_follows_the_license_text(catalog, license_id, expected):
    assert catalog.license(license_id).fact("terms.derivatives").value == expected


# --------------------------------------------------------------------------- reading bases


def test_bases_from_top_level_card_data_and_tags():
    rec = {
        "id": "x/y",
        "base_model": "meta-llama/Llama-3.1-8B",
        "cardData": {"base_model": ["a/b", "c/d"]},
        "tags": ["base_model:quantized:meta-llama/Llama-3.1-8B", "base_model:e/f", "base_model:adapter:g/h", "license:mit"],
    }
    got = {(b.repo, b.relation, b.via) for b in bases_of(rec)}
    assert got == {
        ("meta-llama/Llama-3.1-8B", "quantized", "base_model"),
        ("a/b", "merge", "cardData.base_model"),
        ("c/d", "merge", "cardData.base_model"),
        ("e/f", None, "tag"),
        ("g/h", "adapter", "tag"),
    }


def test_no_bases_and_junk_values():
    assert bases_of({"id": "x"}) == ()
    assert bases_of({"base_model": 3, "tags": "base_model:x/y", "cardData": "no"}) == ()
    assert bases_of({"base_model": ["", None, "a/b"]})[0].repo == "a/b"


# --------------------------------------------------------------------------- the two examples


def test_card_apache_on_llama_inherits_the_user_cap(tmp_path, catalog):
    m = openness.load_card(card(tmp_path, LLAMA_FT), catalog)
    assert m.fact("license").value == "apache-2.0"
    cap = m.fact("license.terms.user_cap")
    assert cap.value["threshold"] == 700000000
    assert cap.inherited is not None and cap.inherited.license == "llama-3.1-community"
    assert cap.inherited.path[-1].repo == "meta-llama/Llama-3.1-8B-Instruct"
    v = check(m, {"commercial": True, "monthly_active_users": "800M"})
    assert v.overall == "blocked"
    assert v.decision.startswith(
        "blocked: Llama 3.1 Community License Agreement, 2. Additional Commercial Terms, inherited from meta-llama/Llama-3.1-8B-Instruct"
    )
    assert v.effective_license == "apache-2.0 + llama-3.1-community"
    # under 700M the cap allows it: the cap, not the label, decides
    under = check(m, {"commercial": True, "monthly_active_users": "10M"})
    assert under.requirement("monthly_active_users").verdict == "allowed"
    assert under.requirement("commercial").verdict == "conditional"


def test_cli_check_on_a_card_path_names_clause_and_hop(tmp_path, run):
    path = card(tmp_path, LLAMA_FT)
    res = run("check", str(path), "--commercial", "--mau", "800M")
    from openness.cli import EXIT_BLOCKED

    assert res.code == EXIT_BLOCKED, res
    assert "blocked: Llama 3.1 Community License Agreement, 2. Additional Commercial Terms, inherited from" in " ".join(res.out.split())
    assert "DECLARED VS INHERITED" in res.out
    js = json.loads(run("check", str(path), "--commercial", "--mau", "800M", "--format", "json").out)
    assert js["verdict"] == "blocked"
    req = next(r for r in js["requirements"] if r["name"] == "monthly_active_users")
    assert req["inherited_from"]["license"] == "llama-3.1-community"


def test_cli_score_show_explain_diff_take_a_card(tmp_path, run):
    path = str(card(tmp_path, LLAMA_FT))
    table = list(csv.reader(io.StringIO(run("score", path, "llama-3.1", "-r", "commercial", "--format", "csv").out)))
    totals = {row[0]: row[-3] for row in table[1:]}
    assert len(set(totals.values())) == 1  # the fine-tune scores as its base does, not as Apache
    assert "inherited from meta-llama/Llama-3.1-8B-Instruct" in " ".join(run("show", path).out.split())
    explained = run("explain", path, "-r", "commercial")
    assert explained.code == 0 and "inherited from meta-llama/Llama-3.1-8B-Instruct" in " ".join(explained.out.split())
    d = run("diff", path, "llama-3.1")
    assert d.code == 0


def test_bulk_apache_finetune_of_llama_does_not_score_like_apache(catalog):
    rows = answers(
        catalog, [{"id": "a/ft", "license": "apache-2.0", "base_model": "meta-llama/Llama-3.1-8B"}, {"id": "a/clean", "license": "apache-2.0"}], kind="score"
    )
    ft, clean = rows
    assert float(ft["total"]) < float(clean["total"])
    assert ft["effective_license"] == "apache-2.0 + llama-3.1-community"
    assert ft["inherited_from"] == "meta-llama/Llama-3.1-8B (base_model)"
    assert ft["declared_vs_inherited"] == "yes" and clean["declared_vs_inherited"] == "no"


def test_bulk_check_blocked_by_the_inherited_cap(catalog):
    (row,) = answers(catalog, [{"id": "a/ft", "license": "apache-2.0", "base_model": "meta-llama/Llama-3.1-8B"}], commercial=True, monthly_active_users="800M")
    assert row["verdict"] == "blocked"
    assert row["deciding"] == "monthly_active_users"
    assert row["clause"] == "Llama 3.1 Community License Agreement, 2. Additional Commercial Terms, inherited from meta-llama/Llama-3.1-8B (base_model)"


def test_cli_bulk_check(tmp_path, run):
    src = tmp_path / "hub.jsonl"
    src.write_text(json.dumps({"id": "a/ft", "license": "apache-2.0", "base_model": "meta-llama/Llama-3.1-8B"}) + "\n")
    res = run("check", "--input", str(src), "--commercial", "--mau", "800M", "--format", "jsonl")
    assert res.code == 0, res
    rec = json.loads(res.out)
    assert rec["verdict"] == "blocked" and rec["inherited_from"] == "meta-llama/Llama-3.1-8B (base_model)"


# --------------------------------------------------------------------------- declared versus inherited


def test_mit_on_a_cc_by_nc_base_is_a_conflict_quoting_both(tmp_path, catalog):
    text = "---\nlicense: mit\nbase_model: CohereForAI/c4ai-command-r-v01\n---\n\n# A fine-tune of Command R\n"
    m = openness.load_card(card(tmp_path, text, "nc"), catalog)
    (c,) = m.lineage.conflicts
    assert c.term == "terms.commercial_use"
    assert c.declared.value == "allowed" and c.inherited.value == "prohibited"
    msg = " ".join(c.message.split())
    assert "to deal in the Software without restriction" in msg  # the declared license's clause
    assert "for NonCommercial purposes only" in msg  # the base license's clause
    assert check(m, {"commercial": True}).overall == "blocked"


def test_no_conflict_when_the_declared_license_carries_the_base_terms(tmp_path, catalog):
    text = LLAMA_FT.replace("license: apache-2.0", "license: llama3.1")
    m = openness.load_card(card(tmp_path, text), catalog)
    assert m.lineage.conflicts == ()


def test_a_permissive_base_passes_on_only_its_notice(tmp_path, catalog):
    text = "---\nlicense: mit\nbase_model: mistralai/Mistral-7B-v0.1\n---\n\n# A fine-tune of Mistral 7B\n"
    m = openness.load_card(card(tmp_path, text, "mi"), catalog)
    assert m.lineage.conflicts == ()
    assert check(m, {"commercial": True}).requirement("commercial").verdict == "allowed"


# --------------------------------------------------------------------------- graphs: hops, merges, cycles, dangling


def test_chain_merge_cycle_self_and_dangling_in_a_dump(catalog):
    recs = [
        {"id": "a/ft", "license": "apache-2.0", "base_model": "meta-llama/Llama-3.1-8B"},
        {"id": "b/gguf", "license": "apache-2.0", "tags": ["base_model:quantized:a/ft"]},
        {"id": "c/merge", "license": "mit", "cardData": {"base_model": ["b/gguf", "x/nc"]}},
        {"id": "d/lora", "license": "mit", "base_model": "c/merge", "base_model_relation": "adapter"},
        {"id": "x/nc", "license": "cc-by-nc-4.0"},
        {"id": "e/cyc1", "license": "mit", "base_model": "e/cyc2"},
        {"id": "e/cyc2", "license": "mit", "base_model": "e/cyc1"},
        {"id": "f/dangling", "license": "mit", "base_model": "nobody/nothing"},
        {"id": "g/self", "license": "mit", "base_model": "g/self"},
    ]
    rows = {r["id"]: r for r in answers(catalog, recs, fmt="jsonl", commercial=True, monthly_active_users="800M")}
    assert rows["d/lora"]["verdict"] == "blocked"
    assert "meta-llama/Llama-3.1-8B (base_model) via d/lora" not in rows["d/lora"]["lineage"]
    assert "meta-llama/Llama-3.1-8B (base_model) via c/merge → b/gguf → a/ft" in rows["d/lora"]["lineage"]
    assert set(rows["d/lora"]["effective_license"].split(" + ")) == {"mit", "apache-2.0", "cc-by-nc-4.0", "llama-3.1-community"}
    assert any(f.startswith("lineage-cycle") for f in rows["e/cyc1"]["lineage_findings"])
    assert rows["f/dangling"]["verdict"] == "unknown"  # never allowed
    assert any(f.startswith("lineage-missing") for f in rows["f/dangling"]["lineage_findings"])
    assert any(f.startswith("lineage-self") for f in rows["g/self"]["lineage_findings"])


def _node(key: str, lic, bases: list[str]) -> Node:
    return Node(key, key, lic, None if lic else "no license", tuple(lineage.BaseRef(b) for b in bases))


def test_overlong_chain_is_a_finding_and_unknown(catalog):
    mit = catalog.license("mit")
    records = {f"r/{i}": _node(f"r/{i}", mit, [f"r/{i + 1}"]) for i in range(40)}
    ancestors, found = trace(records["r/0"], Resolver(None, records), max_hops=8)
    assert any(f.code == "lineage-too-long" for f in found)
    facts = effective_terms(mit, ancestors)
    assert not facts["terms.commercial_use"].known


# --------------------------------------------------------------------------- properties

LICENSE_IDS = [
    "apache-2.0",
    "mit",
    "llama-3.1-community",
    "llama-2-community",
    "cc-by-nc-4.0",
    "cc-by-sa-4.0",
    "gemma-terms",
    "creativeml-openrail-m",
    "openai-terms",
    None,
]


@st.composite
def graphs(draw):
    n = draw(st.integers(2, 9))
    lics = draw(st.lists(st.sampled_from(LICENSE_IDS), min_size=n, max_size=n))
    edges = draw(st.lists(st.lists(st.integers(0, n + 1), max_size=3), min_size=n, max_size=n))
    return lics, edges


def _records(catalog, lics, edges, order=None):
    out = {}
    for i, (lid, bases) in enumerate(zip(lics, edges)):
        names = [f"m/{b}" for b in bases]  # m/n and m/n+1 do not exist: dangling
        if order is not None:
            names = order(names)
        out[f"m/{i}"] = _node(f"m/{i}", catalog.license(lid) if lid else None, names)
    return out


@settings(max_examples=150, deadline=2000)
@given(graphs())
def test_effective_terms_never_less_restrictive_than_a_base_carries(catalog, g):
    lics, edges = g
    records = _records(catalog, lics, edges)
    resolver = Resolver(None, records)
    for key, node in records.items():
        ancestors, _found = trace(node, resolver)  # a cycle never hangs
        eff = effective_terms(node.license, ancestors)
        for a in ancestors:
            if a.license is None or a.unknown is not None:
                for p in LICENSE_FACTS:  # unknown base: never allowed
                    assert restrictiveness(p, eff[p]) >= (2, 0.0, 0.0)
                continue
            d = a.license.fact("terms.derivatives")
            paths = LICENSE_FACTS if d.known and "*" in DERIVATIVE_CARRIES[d.value] else (DERIVATIVE_CARRIES[d.value] if d.known else LICENSE_FACTS)
            for p in paths:
                base = a.license.fact(p) if d.known else None
                if base is None or base.unknown == "not recorded in the catalog":
                    continue
                assert restrictiveness(p, eff[p]) >= restrictiveness(p, base), (key, a.text, p)
        if node.license is not None:
            for p, f in node.license.facts.items():
                assert restrictiveness(p, eff[p]) >= restrictiveness(p, f)


@settings(max_examples=100, deadline=2000)
@given(graphs(), st.randoms(use_true_random=False))
def test_order_of_bases_does_not_matter(catalog, g, rnd):
    lics, edges = g
    a = _records(catalog, lics, edges)
    b = _records(catalog, lics, edges, order=lambda xs: rnd.sample(xs, len(xs)) if xs else xs)  # older hypothesis refuses an empty sample
    for key in a:
        ea = effective_terms(a[key].license, trace(a[key], Resolver(None, a))[0])
        eb = effective_terms(b[key].license, trace(b[key], Resolver(None, b))[0])
        assert {p: (f.known, f.value) for p, f in ea.items()} == {p: (f.known, f.value) for p, f in eb.items()}


def test_bulk_and_single_model_agree(tmp_path, catalog):
    """The bulk path's memo gives what checking the card itself gives."""
    m = openness.load_card(card(tmp_path, LLAMA_FT), catalog)
    single = check(m, {"commercial": True, "monthly_active_users": "800M", "redistribute": True})
    (row,) = answers(
        catalog,
        [{"id": "x/ft", "license": "apache-2.0", "base_model": "meta-llama/Llama-3.1-8B-Instruct", "base_model_relation": "finetune"}],
        commercial=True,
        monthly_active_users="800M",
        redistribute=True,
    )
    assert row["verdict"] == single.overall
    assert row["deciding"] == " ".join(r.name for r in single.deciding)


def test_import_hf_card_records_base_and_effective_terms(tmp_path, run):
    path = card(tmp_path, LLAMA_FT)
    res = run("import", "hf-card", str(path), "--repo", "someone/ft", "--out", "-")
    assert res.code == 0, res
    assert "base_model:\n  value: llama-3.1" in res.out
    assert "terms.user_cap = 700M monthly active users (inherited from meta-llama/Llama-3.1-8B-Instruct" in " ".join(res.out.split())
    assert "Declared versus inherited" in res.out


def test_api_is_exported():
    assert callable(openness.load_card) and callable(openness.lineage_of) and callable(openness.effective)
    m = Model("x", "x", {})
    assert openness.lineage_of(m, Resolver(None)).ancestors == ()


def test_html_report_shows_the_lineage_and_inherited_obligations(tmp_path, run):
    path = str(card(tmp_path, LLAMA_FT))
    out = tmp_path / "r.html"
    assert run("report", "--models", path, "llama-3.1", "--out", str(out)).code == 0
    html = out.read_text(encoding="utf-8")
    assert "<h4>Lineage</h4>" in html and "ft → meta-llama/Llama-3.1-8B-Instruct" in html
    assert "terms.user_cap = 700M monthly active users: inherited from meta-llama/Llama-3.1-8B-Instruct" in html
    assert html.count("<h4>Lineage</h4>") == 1  # the official Llama 3.1 record has no lineage


def test_diff_between_a_derivative_and_its_base(tmp_path, run):
    path = str(card(tmp_path, LLAMA_FT))
    res = run("diff", path, "llama-3.1", "--format", "json")
    assert res.code == 0
    changed = {c["path"] for c in json.loads(res.out)["changes"]}
    assert "license" in changed  # the declared label differs ...
    assert not any(p.startswith("license.terms.") for p in changed)  # ... the terms it carries do not
    # against a clean Apache model the inherited terms are what differs
    other = card(tmp_path, "---\nlicense: apache-2.0\n---\n\n# A clean Apache model\n", "clean")
    changed = {c["path"] for c in json.loads(run("diff", path, str(other), "--format", "json").out)["changes"]}
    assert {"license.terms.user_cap", "license.terms.commercial_use"} <= changed


def test_an_imported_derivative_record_keeps_its_lineage_in_a_catalog(tmp_path, run):
    path = card(tmp_path, LLAMA_FT)
    cat = tmp_path / "cat"
    out = cat / "models" / "ft.yaml"
    res = run("import", "hf-card", str(path), "--repo", "someone/ft", "--out", str(out))
    assert res.code == 0, res
    assert run("validate", str(out)).code == 0
    res = run("check", "ft", "--catalog", str(cat), "--commercial", "--mau", "800M", "--format", "json")
    v = json.loads(res.out)
    req = next(r for r in v["requirements"] if r["name"] == "monthly_active_users")
    assert req["verdict"] == "blocked" and req["inherited_from"]["license"] == "llama-3.1-community"
    assert v["effective_license"] == "apache-2.0 + llama-3.1-community"


HUB_IDS = ["apache-2.0", "mit", "llama3.1", "llama2", "cc-by-nc-4.0", "cc-by-sa-4.0", "gemma", "creativeml-openrail-m", "gpl-3.0", "unknown", None]
OFFICIAL = ["meta-llama/Llama-3.1-8B", "google/gemma-7b", "mistralai/Mistral-7B-v0.1", "CohereForAI/c4ai-command-r-v01"]


@st.composite
def dumps(draw):
    n = draw(st.integers(1, 8))
    recs = []
    for i in range(n):
        rec: dict = {"id": f"u/m{i}"}
        lic = draw(st.sampled_from(HUB_IDS))
        if lic is not None:
            rec["license"] = lic
        names = draw(st.lists(st.one_of(st.integers(0, n).map(lambda k: f"u/m{k}"), st.sampled_from(OFFICIAL)), max_size=3))
        where = draw(st.sampled_from(["top", "card", "tags"]))
        if names and where == "top":
            rec["base_model"] = names if len(names) > 1 else names[0]
        elif names and where == "card":
            rec["cardData"] = {"base_model": names}
        elif names:
            rec["tags"] = [f"base_model:finetune:{x}" for x in names]
        recs.append(rec)
    return recs


@settings(max_examples=60, deadline=5000)
@given(dumps())
def test_bulk_answers_equal_the_lineage_api_record_by_record(catalog, recs):
    """The bulk memo (per own facts and winning inherited facts) changes nothing: each record's
    verdict is what tracing it with the API and checking its effective terms gives."""
    from openness.importers.hub import LicenseIndex
    from openness.records import Fact, License

    usecase = UseCase(commercial=True, monthly_active_users="800M", redistribute=True)
    rows = {r["id"]: r for r in answers(catalog, recs, fmt="jsonl", commercial=True, monthly_active_users="800M", redistribute=True)}
    index = LicenseIndex(catalog.licenses)
    by_id = {x.id: x for x in catalog.licenses}
    nodes = {}
    for rec in recs:
        lid, _why = index.hub(rec.get("license"))
        lic = by_id.get(lid) if lid else None
        nodes[rec["id"]] = Node(f"rec:{rec['id']}", rec["id"], lic, None if lic else "no license", bases_of(rec))
    resolver = Resolver(catalog, nodes, fallback=False)
    for rec in recs:
        node = nodes[rec["id"]]
        ancestors, _found = trace(node, resolver)
        lid = node.license.id if node.license else None
        facts = {
            "license": Fact("license", lid) if lid else Fact("license", None, False, (), "no license"),
            "access.weights": Fact("access.weights", "open"),
            "status": Fact("status", "released"),
        }
        own = node.license
        eff = effective_terms(own, ancestors, "no license")
        base = own or License(id="unknown", name="unknown license", url="", category=None, facts={})
        model = Model(rec["id"], rec["id"], facts, license_record=attrs.evolve(base, facts=eff) if ancestors else own)
        v = check(model, usecase)
        assert rows[rec["id"]]["verdict"] == v.overall, (rec, rows[rec["id"]])
        assert rows[rec["id"]]["deciding"] == " ".join(r.name for r in v.deciding), rec


def test_a_card_naming_its_own_repository_as_base_is_a_self_reference(tmp_path, catalog):
    text = "---\nlicense: mit\nbase_model: someone/ft\n---\n\n# Its own base\n"
    m = lineage.load_card(card(tmp_path, text), catalog, repo="someone/ft")
    assert [f.code for f in m.lineage.findings] == ["lineage-self"]
    assert m.lineage.ancestors == ()


def test_share_alike_base_wants_the_same_license(catalog):
    rows = {
        r["id"]: r
        for r in answers(
            catalog,
            [
                {"id": "s/base", "license": "cc-by-sa-4.0"},
                {"id": "s/apache", "license": "apache-2.0", "base_model": "s/base"},
                {"id": "s/same", "license": "cc-by-sa-4.0", "base_model": "s/base"},
            ],
            fmt="jsonl",
            redistribute=True,
        )
    }
    assert rows["s/apache"]["declared_vs_inherited"] is True
    assert rows["s/same"]["declared_vs_inherited"] is False
    sa = catalog.license("cc-by-sa-4.0")
    from openness.lineage import Ancestor, conflicts
    from openness.records import Hop

    (c,) = conflicts(catalog.license("apache-2.0"), [Ancestor((Hop("s/base"),), sa)])
    assert c.term == "license" and "BY-SA Compatible License" in c.message
