"""The command line, in-process: outputs, formats, exit codes, and errors without tracebacks."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import model_yaml, write


def test_compare_github_has_every_model_a_column_per_criterion_and_the_total(run, catalog, articles):
    r = run("compare", "--rubric", "articles", "--format", "github")
    assert r.code == 0, r
    lines = r.out.splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert [h.split(" /")[0] for h in header[2:-3]] == [c.id for c in articles.criteria]
    assert header[-3:] == ["total", "grade", "unknown"]
    rows = [line for line in lines[2:] if line.startswith("|")]
    assert len(rows) == len(catalog.models)
    for name in ("Llama 2", "Meta Llama 3", "Llama 3.1", "GPT-4"):
        assert any(f"| {name} " in row for row in rows), name


def test_compare_named_models_only_and_ranked(run):
    r = run("compare", "llama-2", "gpt-4", "llama-3.1", "--format", "csv")
    rows = list(csv.reader(io.StringIO(r.out)))
    assert [row[1] for row in rows[1:]] == ["Llama 3.1", "Llama 2", "GPT-4"]
    totals = [float(row[-3]) for row in rows[1:]]
    assert totals == sorted(totals, reverse=True)


def test_compare_json_carries_every_criterion(run, articles):
    r = run("compare", "llama-3.1", "--format", "json")
    data = json.loads(r.out)
    assert data["format"] == "openness-scorecard/1"
    card = data["models"][0]["scorecards"][0]
    assert [c["id"] for c in card["criteria"]] == [c.id for c in articles.criteria]
    assert all({"value", "points", "weight", "evidence", "why"} <= c.keys() for c in card["criteria"])


@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "grid", "html", "latex", "tsv", "csv", "json", "rst"])
def test_compare_renders_in_every_format(run, fmt):
    r = run("compare", "llama-2", "gpt-4", "--format", fmt)
    assert r.code == 0 and "Llama 2" in r.out and r.err == ""


def test_markdown_escapes_pipes_in_cells():
    from openness.render import Table

    out = Table(("a", "b"), (("x|y", "z"),)).render("markdown")
    assert "x\\|y" in out and out.count("|") == 3 * 3 + 1


def test_explain_quotes_the_seeds_and_the_license(run):
    r = run("explain", "llama-3.1", "--rubric", "articles")
    assert r.code == 0
    assert "seeds/003_c40a32ef56e896d9.txt" in r.out
    assert "distill them down to optimally sized models" in r.out
    assert "total:" in r.out and "grade:" in r.out


def test_show_json_has_the_cap_clause_and_the_article_conflict(run):
    data = json.loads(run("show", "llama-2", "--format", "json").out)
    cap = data["facts"]["license.terms.user_cap"]
    assert cap["value"]["threshold"] == 700000000
    assert any("700 million monthly active users" in e["quote"] and e["primary"] for e in cap["evidence"])
    assert any("billions in revenue" in c["quote"] and not c["primary"] for c in cap["conflicts"])


def test_show_text_and_license(run):
    assert "CONFLICT" in run("show", "llama-2").out
    r = run("show", "apache-2.0")
    assert r.code == 0 and "terms.commercial_use" in r.out


def test_list_filters(run):
    r = run("list", "models", "--developer", "Meta", "--format", "csv")
    ids = [row[0] for row in csv.reader(io.StringIO(r.out))][1:]
    assert "llama-2" in ids and "gpt-4" not in ids
    r = run("list", "models", "--license", "apache-2.0", "--format", "csv")
    ids = [row[0] for row in csv.reader(io.StringIO(r.out))][1:]
    assert "mistral-7b" in ids and "llama-2" not in ids
    r = run("list", "models", "--weights", "api-only", "--format", "csv")
    assert "gpt-4" in r.out and "llama-2" not in r.out
    assert "articles" in run("list", "rubrics").out
    assert "llama-2-community" in run("list", "licenses").out


def test_score_several_models(run):
    r = run("score", "llama-2", "gpt-4", "--rubric", "articles", "--format", "csv")
    assert r.code == 0 and len(r.out.splitlines()) == 3


def test_schema_prints_valid_json(run):
    for kind in ("model", "license", "rubric", "usecase"):
        r = run("schema", kind)
        assert json.loads(r.out)["title"].startswith("openness")


def test_validate_passes_on_the_shipped_files(run):
    r = run("validate")
    assert (r.code, r.out) == (0, "no findings\n")


def test_validate_a_typo_prints_file_line_col_and_exits_1(run, tmp_path):
    path = write(tmp_path / "models" / "toy.yaml", model_yaml().replace("license:", "licence:"))
    r = run("validate", str(path))
    assert r.code == 1
    assert f"{path}:4:1: error: unknown key 'licence'; did you mean 'license'?" in r.out
    assert f"{path}:1:1: error: expected the key 'license'; found it missing" in r.out
    assert "Traceback" not in r.out + r.err


def test_validate_github_and_json_formats(run, tmp_path):
    path = write(tmp_path / "models" / "toy.yaml", model_yaml(weights="opne"))
    r = run("validate", str(path), "--format", "github")
    assert r.code == 1 and r.out.startswith(f"::error file={path},line=6,col=20,") and "title=schema-enum::expected one of" in r.out
    data = json.loads(run("validate", str(path), "--format", "json").out)
    assert data[0]["code"] == "schema-enum" and (data[0]["line"], data[0]["column"]) == (6, 20)


def test_yaml_1_1_trap_gets_a_hint(run, tmp_path):
    extra = '      self_hostable: {value: no, evidence: [{source: seeds/001_a64b63d8ec4e31ef.txt, quote: "LLAMA 2 is expected to challenge OpenAI’s proprietary GPT models."}]}\n'
    text = model_yaml().replace("    access:\n", "    access:\n" + extra)
    path = write(tmp_path / "models" / "toy.yaml", text)
    r = run("validate", str(path))
    assert "expected true or false; found the text 'no' (openness reads YAML 1.2: write true or false)" in r.out


def test_own_catalog_and_rubric_folders(run, tmp_path):
    write(tmp_path / "cat" / "models" / "toy.yaml", model_yaml())
    rubric = tmp_path / "rub" / "mine.yaml"
    write(
        rubric,
        """
    id: mine
    title: Mine
    unknown: exclude
    criteria:
      - {id: w, title: Weights, weight: 1, kind: levels, fact: access.weights, otherwise: 0, levels: {open: 1}}
    """,
    )
    r = run("compare", "toy", "llama-2", "--catalog", str(tmp_path / "cat"), "--rubrics", str(tmp_path / "rub"), "--rubric", "mine", "--format", "csv")
    assert r.code == 0, r
    assert r.out.splitlines()[1].split(",")[1:3] == ["Toy toy", "100.0"]


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["compare", "--rubric", "nope"], "no rubric named 'nope'"),
        (["show", "lama-2"], "did you mean"),
        (["compare", "--format", "weird"], "unknown format 'weird'"),
        (["frobnicate"], "invalid choice"),
        (["compare", "--catalog", "/nonexistent/dir"], "no such catalog folder"),
    ],
)
def test_usage_errors_exit_2_with_a_message(run, argv, needle):
    r = run(*argv)
    assert r.code == 2 and needle in r.err and "Traceback" not in r.err


def test_broken_catalog_exits_1_with_located_findings(run, tmp_path):
    write(tmp_path / "models" / "toy.yaml", "id: toy\nname: [unclosed\n")
    r = run("compare", "--catalog", str(tmp_path))
    assert r.code == 1 and "toy.yaml:3:1: error: invalid YAML" in r.err and "1 finding" in r.err


def test_audit_over_the_shipped_catalog_exits_0(run):
    r = run("audit")
    assert r.code == 0, r
    assert "conflict llama-2-community terms.user_cap" in r.out


def test_facts_lists_the_vocabulary(run):
    rows = {row[0]: row for row in csv.reader(io.StringIO(run("facts", "--format", "csv").out))}
    assert rows["license.terms.user_cap"][1] == "cap"
    assert rows["access.weights"][1:3] == ["enum", "open, gated, research-only, leaked, api-only, none"]


def test_help_documents_exit_codes(run, capsys):
    with pytest.raises(SystemExit) as exc:
        run("--help")
    assert exc.value.code == 0
    assert "1  findings" in capsys.readouterr().out
