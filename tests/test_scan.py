"""`openness scan`: finding model references, resolving them, judging them under a policy, and the
outputs (text, GitHub annotations, SARIF 2.1.0 and CycloneDX 1.6, validated against their
published schemas vendored in tests/data/schemas)."""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import jsonschema
import pytest
import scan_repo
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from openness.scan import finders, scan
from openness.scan.formats import escape_data, escape_property
from openness.scan.policy import Policy

SCHEMAS = ROOT / "tests" / "data" / "schemas"
POLICY_800M = {"commercial": True, "monthly_active_users": "800M", "distill": False}


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    root.mkdir()
    expected = scan_repo.build(root)
    monkeypatch.chdir(root)
    return root, expected


def _load(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def sarif_validator():
    schema = _load("sarif-schema-2.1.0.json")
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def cyclonedx_validator():
    from referencing import Registry, Resource

    bom = _load("bom-1.6.schema.json")
    registry = Registry().with_resources(
        (f"http://cyclonedx.org/schema/{name}", Resource.from_contents(_load(name))) for name in ("spdx.schema.json", "jsf-0.82.schema.json")
    )
    return jsonschema.Draft7Validator(bom, registry=registry, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def _errors(validator, doc):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


# --------------------------------------------------------------------------- finding


def test_finds_every_reference_in_the_realistic_repository_and_nothing_else(repo):
    _root, expected = repo
    hits, _read = finders.find(["."])
    got: dict[str, list[tuple[int, str]]] = {}
    for h in hits:
        got.setdefault(h.file, []).append((h.line, h.text))
    assert got == {k: sorted(v) for k, v in expected.items()}


def test_constants_and_module_names_are_reported_as_the_constant(repo):
    hits, _ = finders.find(["rag_service"])
    embed = next(h for h in hits if h.file.endswith("embed.py"))
    assert embed.text == "sentence-transformers/all-MiniLM-L6-v2"
    assert "via constant EMBEDDER" in embed.how
    gen = [h for h in hits if h.file.endswith("generate.py") and "from_pretrained" in h.how]
    assert {h.text for h in gen} == {scan_repo.FINE_TUNE}
    assert all("environment variable GENERATOR" in h.how for h in gen)


def test_python_columns_count_characters_not_bytes(tmp_path):
    p = tmp_path / "é.py"
    p.write_text('x = "ééé"; m = AutoModel.from_pretrained("gpt2")\n', encoding="utf-8")
    (hit,) = finders.find([p])[0]
    line = p.read_text(encoding="utf-8").splitlines()[0]
    assert line[hit.column - 1 :].startswith('"gpt2"')


def test_strings_in_comments_docstrings_and_markdown_never_count(tmp_path):
    (tmp_path / "a.py").write_text('"""from_pretrained("gpt2")"""\n# pipeline(model="gpt-4o")\nx = 1  # model="gpt-4"\n', encoding="utf-8")
    (tmp_path / "notes.md").write_text('AutoModel.from_pretrained("gpt2")\n', encoding="utf-8")
    (tmp_path / "run.sh").write_text("# vllm serve meta-llama/Meta-Llama-3.1-8B\n", encoding="utf-8")
    assert finders.find([tmp_path])[0] == []


def test_python_call_shapes(tmp_path):
    src = textwrap.dedent(
        """\
        from vllm import LLM
        from transformers import pipeline
        import anthropic, google.generativeai as genai
        p = pipeline("text-generation", model="tiiuae/falcon-7b")
        q = pipeline("summarization", "google/gemma-2b")
        llm = LLM(model="mistralai/Mistral-7B-v0.1")
        adapter = PeftModel.from_pretrained(base, "acme/lora")
        snapshot_download("openai-community/gpt2")
        msg = anthropic.Anthropic().messages.create(model="claude-3-5-sonnet-20241022", max_tokens=10)
        g = genai.GenerativeModel("gemini-1.5-pro")
        trainer = Trainer(model=model)
        """
    )
    (tmp_path / "app.py").write_text(src, encoding="utf-8")
    hits = finders.find([tmp_path])[0]
    assert [(h.line, h.text) for h in hits] == [
        (4, "tiiuae/falcon-7b"),
        (5, "google/gemma-2b"),
        (6, "mistralai/Mistral-7B-v0.1"),
        (7, "acme/lora"),
        (8, "openai-community/gpt2"),
        (9, "claude-3-5-sonnet-20241022"),
        (10, "gemini-1.5-pro"),
    ]  # Trainer(model=model) passes a variable, not a model name: no hit


def test_config_files_json_and_toml_are_located(tmp_path):
    (tmp_path / "c.json").write_text('{\n  "name": "x",\n  "embedding": {"model_name": "BAAI/bge-small-en"}\n}\n', encoding="utf-8")
    (tmp_path / "c.toml").write_text('[llm]\ntemperature = 0.1\nmodel_id = "google/gemma-2-9b"\n', encoding="utf-8")
    hits = finders.find([tmp_path])[0]
    assert [(h.file.rsplit("/", 1)[-1], h.line, h.column, h.text) for h in hits] == [
        ("c.json", 3, 31, "BAAI/bge-small-en"),
        ("c.toml", 3, 12, "google/gemma-2-9b"),
    ]


def test_yaml_with_anchors_falls_back_to_lines(tmp_path):
    (tmp_path / "k8s.yaml").write_text("base: &b\n  model_id: tiiuae/falcon-7b\n---\nother: *b\n", encoding="utf-8")
    hits = finders.find([tmp_path])[0]
    assert [(h.line, h.text) for h in hits] == [(2, "tiiuae/falcon-7b")]


def test_walk_skips_what_it_must_and_never_hangs(tmp_path):
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "x.py").write_text('from_pretrained("gpt2")', encoding="utf-8")
    venv = tmp_path / "env"
    venv.mkdir()
    (venv / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    (venv / "y.py").write_text('from_pretrained("gpt2")', encoding="utf-8")
    (tmp_path / "bin.py").write_bytes(b'from_pretrained("gpt2")\0\0')
    (tmp_path / "big.py").write_bytes(b'from_pretrained("gpt2")\n' + b"#" * finders.MAX_BYTES)
    (tmp_path / "loop").mkdir()
    os.symlink("..", tmp_path / "loop" / "up")  # a folder link: never followed
    os.mkfifo(tmp_path / "fifo.py")  # never opened for reading (it would block)
    os.symlink("missing.py", tmp_path / "dangling.py")
    (tmp_path / "ok.py").write_text('from_pretrained("gpt2")', encoding="utf-8")
    hits, read = finders.find([tmp_path])
    assert [h.file.rsplit("/", 1)[-1] for h in hits] == ["ok.py"]
    assert read == 1


def test_python_files_without_trigger_words_are_not_parsed(tmp_path, monkeypatch):
    import ast

    parsed = []
    real = ast.parse
    monkeypatch.setattr(ast, "parse", lambda src, *a, **k: parsed.append(1) or real(src, *a, **k))
    (tmp_path / "plain.py").write_text("def f(x):\n    return x + 1\n", encoding="utf-8")
    (tmp_path / "ml.py").write_text('m = AutoModel.from_pretrained("gpt2")\n', encoding="utf-8")
    hits = finders.find([tmp_path])[0]
    assert len(parsed) == 1 and [h.text for h in hits] == ["gpt2"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda s: s.encode("utf-8")))
def test_finders_never_fail_on_any_bytes(raw):
    for f in (finders.python_hits, finders.yaml_hits, finders.json_hits, finders.toml_hits, finders.command_hits, finders.modelfile_hits):
        for h in f(raw, "x"):
            assert h.line >= 1 and h.column >= 1 and h.text


# --------------------------------------------------------------------------- resolving and judging


def _by_text(report):
    return {f.hit.text: f.outcome for f in report.findings}


def test_the_issue_acceptance_policy_blocks_the_right_models_with_their_clauses(repo, catalog):
    report = scan(["."], catalog, Policy.from_dict(POLICY_800M))
    out = _by_text(report)
    blocked = {t for t, o in out.items() if o.verdict == "blocked"}
    assert blocked == {scan_repo.FINE_TUNE, "meta-llama/Meta-Llama-3.1-8B-Instruct", "meta-llama/Meta-Llama-3.1-8B", "llama3.1:8b"}
    llama = out["meta-llama/Meta-Llama-3.1-8B"]
    assert llama.resolution.model.id == "llama-3.1"
    (clause,) = llama.clauses
    assert clause.startswith("monthly_active_users: 800M monthly active users is above the license's threshold of 700M")
    assert "700 million monthly active users" in clause and "2. Additional Commercial Terms" in clause
    # the fine-tune declares apache-2.0, but its base's terms travel with it
    ft = out[scan_repo.FINE_TUNE]
    assert ft.resolution.status == "card" and ft.resolution.model.value("license") == "apache-2.0"
    assert [link.label for link in ft.resolution.lineage] == ["llama-3.1"]
    # (the lineage module names the hub repository and the relation, the fallback the catalog id)
    assert "inherited from" in ft.clauses[0] and "llama-3.1" in ft.clauses[0].lower()
    # a hosted API model and permissive bases pass; what cannot be resolved is unknown, never skipped
    assert out["gpt-4o"].verdict in ("allowed", "conditional")
    assert out["mistralai/Mistral-7B-v0.1"].verdict == "allowed"
    assert out["sentence-transformers/all-MiniLM-L6-v2"].verdict == "unknown"
    assert out["args.base_model"].verdict == "unknown"
    assert report.failed


def test_cli_reads_the_pyproject_policy_and_exits_blocked(repo, run):
    r = run("scan")
    assert r.code == 6, r
    assert "pyproject.toml [tool.openness.policy]" in r.out and "FAILED" in r.out
    assert "ollama/Modelfile:1:6: BLOCKED llama3.1:8b" in r.out
    r2 = run("scan", "rag_service/embed.py", "deploy/serve.sh")
    assert r2.code == 0 and "1 unknown" in r2.out, r2
    r3 = run("scan", "rag_service/embed.py", "--unknown", "block")
    assert r3.code == 5, r3


def test_under_a_smaller_audience_llama_passes(repo, run):
    r = run("scan", "--no-pyproject", "--commercial", "--mau", "150M", "deploy", "train/config.yaml")
    assert r.code == 0, r
    assert "BLOCKED" not in r.out


def test_deny_and_allow_lists(repo, tmp_path, run):
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "commercial: true\ndeny:\n  licenses: [apache-2.0]\nallow:\n  models: [sentence-transformers/all-MiniLM-L6-v2]\nunknown: block\n",
        encoding="utf-8",
    )
    r = run("scan", "--policy", str(policy), "--format", "json", "deploy", "rag_service/embed.py", "train/train.py")
    data = json.loads(r.out)
    models = {m["key"]: m for m in data["models"]}
    assert models["mistral-7b"]["verdict"] == "blocked"
    assert models["mistral-7b"]["clauses"][0].startswith("denied by the policy: deny.licenses lists apache-2.0")
    assert models["sentence-transformers/all-MiniLM-L6-v2"]["verdict"] == "allowed"
    assert models["args.base_model"]["verdict"] == "unknown"
    assert r.code == 6


def test_deny_a_base_model_blocks_its_derivatives(repo, run, tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("deny:\n  models: [llama-3.1]\n", encoding="utf-8")
    r = run("scan", "--policy", str(policy), "rag_service/generate.py", ".cache")
    assert r.code == 6, r
    assert "deny.models lists llama-3.1 (its base llama-3.1)" in r.out


def _card(root: Path, repo: str, front: str) -> None:
    owner, name = repo.split("/")
    snap = root / f"hub/models--{owner}--{name}/snapshots/rev1"
    snap.mkdir(parents=True)
    (snap / "README.md").write_text(f"---\n{front}---\n# {name}\n\nA model.\n", encoding="utf-8")


def test_lineage_through_several_cached_cards_cycles_and_unknown_bases(tmp_path, catalog):
    _card(tmp_path, "q/ft-gguf", "license: mit\nbase_model: q/ft\nbase_model_relation: quantized\n")
    _card(tmp_path, "q/ft", "license: apache-2.0\nbase_model: meta-llama/Meta-Llama-3.1-8B\n")
    _card(tmp_path, "c/a", "license: mit\nbase_model: c/b\n")
    _card(tmp_path, "c/b", "license: mit\nbase_model: c/a\n")
    _card(tmp_path, "u/x", "license: apache-2.0\nbase_model: nobody/unheard-of\n")
    report = scan([tmp_path], catalog, Policy.from_dict(POLICY_800M))
    out = {o.resolution.key: o for o in report.models}
    gguf = out["q/ft-gguf"]
    assert [link.label for link in gguf.resolution.lineage] == ["q/ft", "llama-3.1"]
    assert gguf.verdict == "blocked" and "inherited from" in gguf.clauses[0] and "llama-3.1" in gguf.clauses[0].lower()
    # a cycle is a finding in the lineage, not an unknown: every license on it is known (MIT)
    assert out["c/a"].verdict == "allowed" and "found a cycle" in out["c/a"].resolution.reason
    assert out["u/x"].verdict == "unknown" and "nobody/unheard-of" in out["u/x"].clauses[0]


def test_ollama_table_rows_name_catalog_models_and_quote_ollama(catalog):
    from openness import yamlio
    from openness.scan.resolve import ollama_table

    ids = {m.id for m in catalog.models}
    doc = yamlio.load(ROOT / "openness" / "scan" / "ollama.yaml")
    for entry in doc.data["entries"]:
        assert entry["model"] in ids
        assert f"`ollama run {entry['name']}" in entry["quote"]
        assert re.match(r"^https://github\.com/ollama/ollama/blob/[0-9a-f]{40}/", entry["source"])
    assert len(ollama_table()) == len(doc.data["entries"])


def test_ollama_deepseek_small_tags_are_unknown(tmp_path, catalog):
    (tmp_path / "Modelfile").write_text("FROM deepseek-r1:7b\n", encoding="utf-8")
    (tmp_path / "b.sh").write_text("ollama run deepseek-r1:671b\nollama pull hf.co/bartowski/Foo-GGUF:Q4_K_M\n", encoding="utf-8")
    out = _by_text(scan([tmp_path], catalog, Policy()))
    assert out["deepseek-r1:7b"].verdict == "unknown"
    assert out["deepseek-r1:671b"].resolution.model.id == "deepseek-r1"
    assert out["hf.co/bartowski/Foo-GGUF:Q4_K_M"].resolution.key == "bartowski/Foo-GGUF"


# --------------------------------------------------------------------------- policy files


def test_policy_file_findings_are_located(tmp_path, run):
    bad = tmp_path / "policy.yaml"
    bad.write_text("commercial: yes\nunknown: maybe\ndeny:\n  model: [x]\n", encoding="utf-8")
    r = run("scan", "--policy", str(bad), str(tmp_path))
    assert r.code == 1, r
    lines = r.err.splitlines()
    assert any(":1:13:" in ln for ln in lines), r.err
    assert any(":2:10:" in ln for ln in lines), r.err
    assert any(":4:3:" in ln for ln in lines), r.err
    assert run("validate", str(bad)).code == 1


def test_pyproject_policy_findings_are_located(tmp_path, run, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.openness.policy]\ncommercial = true\nmonthly_active_users = "lots"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    r = run("scan")
    assert r.code == 1, r
    assert "pyproject.toml:6:1:" in r.err


def test_schema_policy_is_printed_and_validates_a_good_policy(run, tmp_path):
    r = run("schema", "policy")
    schema = json.loads(r.out)
    assert schema["title"] == "openness scan policy"
    good = {"commercial": True, "monthly_active_users": "800M", "distill": False, "deny": {"licenses": ["cc-by-nc-4.0"]}, "unknown": "block"}
    jsonschema.Draft202012Validator(schema).validate(good)
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "org.yaml").write_text("commercial: true\nmonthly_active_users: 800M\nunknown: block\n", encoding="utf-8")
    assert run("validate", str(folder / "org.yaml")).out == "no findings\n"


# --------------------------------------------------------------------------- outputs


def test_sarif_validates_against_the_official_schema(repo, run):
    r = run("scan", "--format", "sarif")
    doc = json.loads(r.out)
    assert _errors(sarif_validator(), doc) == []
    results = doc["runs"][0]["results"]
    blocked = [x for x in results if x["ruleId"] == "openness/blocked"]
    assert {x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for x in blocked} >= {"ollama/Modelfile", "train/config.yaml"}
    assert all(x["level"] == "error" for x in blocked)
    assert r.code == 6


def test_cyclonedx_ml_bom_validates_against_the_published_schema(repo, run, tmp_path):
    out = tmp_path / "bom.json"
    r = run("scan", "--format", "cyclonedx", "--out", str(out))
    assert r.code == 6 and "wrote" in r.out
    bom = json.loads(out.read_text(encoding="utf-8"))
    assert _errors(cyclonedx_validator(), bom) == []
    comps = {c["bom-ref"]: c for c in bom["components"]}
    assert all(c["type"] == "machine-learning-model" for c in comps.values())
    llama = comps["model:llama-3.1"]
    assert llama["licenses"] == [{"expression": "LicenseRef-scancode-llama-3.1-license-2024"}]
    assert {"location": "train/config.yaml", "line": 1, "additionalContext": "config key base_model"} in llama["evidence"]["occurrences"]
    ft = comps[f"model:{scan_repo.FINE_TUNE}"]
    assert (
        ft["licenses"] == [{"license": {"id": "Apache-2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0"}}]
        or ft["licenses"][0]["license"]["id"] == "Apache-2.0"
    )
    assert [a["name"] for a in ft["pedigree"]["ancestors"]] == [llama["name"]]
    assert ft["pedigree"]["ancestors"][0]["licenses"] == llama["licenses"]
    assert ft["purl"] == f"pkg:huggingface/{scan_repo.FINE_TUNE}"
    assert {"name": "openness:effective-license", "value": "apache-2.0 + llama-3.1-community"} in ft["properties"]
    assert llama["modelCard"]["modelParameters"]["architectureFamily"] == "llama"
    verdicts = {p["value"] for c in comps.values() for p in c["properties"] if p["name"] == "openness:verdict"}
    assert verdicts >= {"blocked", "unknown", "allowed"}


def test_outputs_are_deterministic(repo, run):
    for fmt in ("text", "sarif", "cyclonedx", "json", "github"):
        assert run("scan", "--format", fmt).out == run("scan", "--format", fmt).out


def test_github_annotations_escape_user_text(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "a,b:c%d.py"
    (tmp_path / name).write_text('m = AutoModel.from_pretrained("evil%0A::error::x\\n::warning::y")\n', encoding="utf-8")
    r = run("scan", "--no-pyproject", "--format", "github")
    lines = r.out.splitlines()
    assert all(not ln.startswith("::") or re.match(r"^::(error|warning|notice) file=", ln) for ln in lines), lines
    (ann,) = [ln for ln in lines if ln.startswith("::")]
    assert "file=a%2Cb%3Ac%25d.py," in ann
    assert "evil%250A::error::x%0A::warning::y" in ann
    assert len(lines) == 2


@given(st.text())
def test_escaping_round_trips_and_leaves_no_breaks(s):
    def unescape(t):
        return t.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")

    d, p = escape_data(s), escape_property(s)
    assert "\n" not in d and "\r" not in d and "\n" not in p and "," not in p and ":" not in p
    assert unescape(d) == s and unescape(p) == s


def test_text_output_neutralises_control_characters(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text('m = AutoModel.from_pretrained("x\\x1b[31mred")\n', encoding="utf-8")
    r = run("scan", "--no-pyproject")
    assert "\x1b" not in r.out and "x\\x1b[31mred" in r.out


def test_pre_commit_hook_is_declared():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "openness-scan"]
    assert hook["entry"].startswith("openness scan") and hook["pass_filenames"] is False


def test_odd_file_names_and_deep_folders_never_break_the_outputs(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    raw = os.fsencode(tmp_path) + b"/bad\xff\nname.py"
    with open(raw, "wb") as fh:
        fh.write(b'm = AutoModel.from_pretrained("acme/in-house")\n')
    deep = tmp_path
    for _ in range(1200):  # deeper than Python's recursion limit
        deep = deep / "d"
        deep.mkdir()
    (deep / "x.py").write_text('m = AutoModel.from_pretrained("acme/in-house")\n', encoding="utf-8")
    try:
        for fmt in ("text", "github", "json", "sarif", "cyclonedx"):
            r = run("scan", "--no-pyproject", "--format", fmt)
            assert r.code == 0, r
            assert "d/" * 1200 + "x.py" in r.out and "bad\ufffd" in r.out
        r = run("scan", "--no-pyproject")
        assert "bad\ufffd\\x0aname.py:1:" in r.out
    finally:  # pytest's own clean-up recurses: take the deep folders down first
        (deep / "x.py").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent


def test_notebook_code_cells_are_read_and_placed_on_the_file_line(tmp_path):
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ['from_pretrained("gpt2") in prose\n']},
            {
                "cell_type": "code",
                "metadata": {},
                "outputs": [],
                "execution_count": 1,
                "source": ["from transformers import AutoModel\n", 'm = AutoModel.from_pretrained("google/gemma-2b")\n'],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    p = tmp_path / "explore.ipynb"
    p.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    (hit,) = finders.find([p])[0]
    row = p.read_text(encoding="utf-8").splitlines()[hit.line - 1]
    assert hit.text == "google/gemma-2b" and "notebook" in hit.how
    assert row[hit.column - 1 :].startswith('\\"google/gemma-2b\\"')


def test_ollama_names_in_api_calls_resolve_through_the_table(tmp_path, catalog):
    (tmp_path / "app.py").write_text(
        'llm = OllamaLLM(model="llama3.1")\nemb = OllamaLLM(model="gemma2:27b")\nx = OllamaLLM(model="deepseek-r1:8b")\n', encoding="utf-8"
    )
    out = _by_text(scan([tmp_path], catalog, Policy()))
    assert out["llama3.1"].resolution.model.id == "llama-3.1"
    assert out["gemma2:27b"].resolution.model.id == "gemma-2"
    assert out["deepseek-r1:8b"].verdict == "unknown"


def test_exclude_patterns_and_the_pyproject_beside_the_scanned_folder(repo, run, tmp_path, monkeypatch):
    root, _ = repo
    monkeypatch.chdir(tmp_path)  # elsewhere: the policy is found from the folder scanned
    r = run("scan", str(root), "--exclude", "ollama", "--exclude", ".cache/*", "--exclude", "rag_service/generate.py")
    assert "pyproject.toml [tool.openness.policy]" in r.out, r
    assert "ollama/" not in r.out and "generate.py" not in r.out and ".cache" not in r.out
    assert "train/config.yaml:1:13: BLOCKED" in r.out and r.code == 6
    (root / "policy.yaml").write_text("exclude: [train, deploy]\n", encoding="utf-8")
    r2 = run("scan", str(root), "--policy", str(root / "policy.yaml"), "--exclude", "ollama", "--exclude", ".cache", "--exclude", "rag_service")
    assert r2.code == 0 and "0 references" in r2.out, r2


@settings(max_examples=80, deadline=None)
@given(
    text=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FF), min_size=1, max_size=40).filter(lambda t: t.strip() == t),
    kind=st.sampled_from(["name", "ollama", "dynamic"]),
)
def test_a_reference_is_allowed_only_through_the_catalog_or_the_allow_list(text, kind):
    """The worst answer is a wrong 'allowed': a reference the catalog cannot resolve never passes
    unless the policy's allow list names it; an allow list never lifts a deny."""
    from openness.scan.resolve import Resolver, evaluate

    cat = _shipped_catalog()
    hit = finders.Hit("f.py", 1, 1, text, "test", kind)
    res = Resolver(cat).resolve(hit)
    o = evaluate(res, Policy.from_dict({"commercial": True}))
    if res.model is None:
        assert o.verdict == "unknown"
        allowed = evaluate(res, Policy.from_dict({"allow": {"models": [text]}}))
        assert allowed.verdict == "allowed"
        both = evaluate(res, Policy.from_dict({"allow": {"models": [text]}, "deny": {"models": [res.key]}}))
        assert both.verdict == "blocked" and "deny.models" in both.clauses[0]
    else:
        denied = evaluate(res, Policy.from_dict({"allow": {"models": [res.model.id]}, "deny": {"models": [res.model.id]}}))
        assert denied.verdict == "blocked" and "deny.models" in denied.clauses[0]


_CATALOG = []


def _shipped_catalog():
    if not _CATALOG:
        import openness

        _CATALOG.append(openness.load_catalog())
    return _CATALOG[0]


def test_github_format_annotates_only_what_is_not_plainly_allowed(repo, run):
    r = run("scan", "--format", "github")
    anns = [ln for ln in r.out.splitlines() if ln.startswith("::")]
    assert anns and all(ln.startswith(("::error ", "::warning ")) for ln in anns)
    assert not any("gpt-4o" in ln for ln in anns)  # allowed: no annotation
    assert any("ollama/Modelfile" in ln and ln.startswith("::error ") for ln in anns)


def test_a_cached_repository_without_a_card_is_still_a_reference(tmp_path, catalog):
    # from_pretrained caches config and weights, not the README: the folder names the repository
    snap = tmp_path / "hub" / "models--meta-llama--Meta-Llama-3.1-8B" / "snapshots" / "abc"
    snap.mkdir(parents=True)
    (snap / "config.json").write_text('{"_name_or_path": "x", "model_type": "llama"}', encoding="utf-8")
    other = tmp_path / "hub" / "models--someone--private-model" / "snapshots"
    other.mkdir(parents=True)
    report = scan([tmp_path], catalog, Policy.from_dict(POLICY_800M))
    got = {(f.hit.file.rsplit("/", 1)[-1], f.hit.text, f.verdict) for f in report.findings}
    assert got == {
        ("models--meta-llama--Meta-Llama-3.1-8B", "meta-llama/Meta-Llama-3.1-8B", "blocked"),
        ("models--someone--private-model", "someone/private-model", "unknown"),
    }


def test_deeply_nested_config_files_are_survived(tmp_path):
    depth = 5000
    (tmp_path / "deep.json").write_text('{"model": "a/b", "x": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    (tmp_path / "ok.json").write_text('{"x": ' + "[" * 900 + '{"model_id": "c/d"}' + "]" * 900 + "}", encoding="utf-8")
    hits = finders.find([tmp_path])[0]
    assert all(h.file.endswith(".json") for h in hits)


def test_the_policy_table_is_welcome_in_a_project_pyproject(repo, run):
    """[tool.openness.policy] sits in the table that also names the project's folders: the other
    commands, which read that table, accept it."""
    r = run("list", "licenses", "--format", "csv")
    assert r.code == 0 and "apache-2.0" in r.out, r
