"""Your own project: found like pytest's and ruff's, layered on the shipped data by every command;
and lookup that means the same thing everywhere, where your records never capture shipped names."""

from __future__ import annotations

import json
import re
import shlex

import pytest

import openness
from conftest import ROOT, model_yaml, write
from openness import project, vocabulary
from openness.cli import DATA_OPTIONS, WEIGHT_CHOICES, build_parser

LICENSE = """
id: {lid}
name: My license {lid}
url: https://example.org/{lid}
category: permissive
aliases: [{alias}]
terms: {{}}
"""


@pytest.fixture
def proj(tmp_path, monkeypatch):
    """An empty folder of one's own, as the working folder (no pyproject.toml above it)."""
    folder = tmp_path / "mine"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


# --------------------------------------------------------------------------- finding the project


def test_new_then_show_compare_validate_in_a_folder_of_ones_own(run, proj):
    assert run("validate").code == 2  # nothing of one's own yet, and not the openness checkout
    assert run("schema", "--write").code == 0
    assert run("new", "model", "m").code == 0
    assert run("new", "rubric", "r").code == 0
    assert (proj / "catalog" / "models" / "m.yaml").is_file() and (proj / "rubrics" / "r.yaml").is_file()
    shown = run("show", "m")
    assert shown.code == 0 and shown.out.startswith("m (m)"), shown
    cmp = run("compare", "m", "llama-2", "--rubric", "r", "--format", "csv")
    assert cmp.code == 0 and {row.split(",")[1] for row in cmp.out.splitlines()[1:]} == {"m", "Llama 2"}, cmp
    assert run("list", "rubrics").out.count("\nr ") == 1
    v = run("validate")
    assert (v.code, v.out) == (0, "no findings\n")
    # validate with no argument checks one's own files, not the shipped ones
    model = proj / "catalog" / "models" / "m.yaml"
    model.write_text(model.read_text().replace("developer: {unknown", "developer: Tiny Org\nx_developer: {unknown"))
    bad = run("validate")
    assert bad.code == 1 and "catalog/models/m.yaml" in bad.out and "Tiny Org" in bad.out, bad


def test_a_pyproject_table_names_the_folders_from_any_subfolder(run, tmp_path, monkeypatch):
    top = tmp_path / "repo"
    write(
        top / "pyproject.toml",
        """
    [project]
    name = "someone-else"

    [tool.openness]
    catalog = ["data/cat"]
    rubrics = "data/rubrics"
    schemas = "data/schemas"
    """,
    )
    deep = top / "src" / "pkg"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    found = project.find()
    assert found is not None and found.config == (top / "pyproject.toml").resolve()
    assert found.catalog == ((top / "data" / "cat").resolve(),) and found.rubrics == ((top / "data" / "rubrics").resolve(),)
    assert run("schema", "--write").code == 0 and (top / "data" / "schemas" / "model.schema.json").is_file()
    r = run("new", "model", "deep-model")
    assert r.code == 0, r
    path = top / "data" / "cat" / "models" / "deep-model.yaml"
    first = path.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/model.schema.json"
    assert run("new", "rubric", "deep-rubric").code == 0 and (top / "data" / "rubrics" / "deep-rubric.yaml").is_file()
    assert run("show", "deep-model").code == 0
    assert run("explain", "deep-model", "--rubric", "deep-rubric").code == 0
    assert run("validate").code == 0
    # catalog/ in the working folder is not used when a pyproject.toml names the folders
    write(deep / "catalog" / "models" / "stray.yaml", model_yaml("stray"))
    assert run("show", "stray").code == 2


def test_a_bad_table_is_a_located_finding(run, tmp_path, monkeypatch):
    write(
        tmp_path / "pyproject.toml",
        """
    [tool.openness]
    catalogue = ["cat"]
    rubrics = 3
    """,
    )
    monkeypatch.chdir(tmp_path)
    r = run("list", "models")
    assert r.code == 1, r
    assert "pyproject.toml:2:1:" in r.err and "did you mean 'catalog'?" in r.err
    assert "pyproject.toml:3:1:" in r.err and "expected rubrics" in r.err
    (tmp_path / "pyproject.toml").write_text("[tool.openness\n")
    r = run("list", "models")
    assert r.code == 1 and "pyproject.toml:1:" in r.err and "Traceback" not in r.err


def test_the_source_checkout_is_not_a_project_of_ones_own(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert project.find() is None and project.is_source_checkout(ROOT)
    assert project.for_writing().checkout
    v = run("validate")  # inside the checkout: the shipped files
    assert (v.code, v.out) == (0, "no findings\n"), v


def test_validate_shipped_on_request_and_extra_folders(run, proj):
    write(proj / "catalog" / "models" / "toy.yaml", model_yaml("toy"))
    assert run("validate").code == 0
    both = run("validate", "--shipped", "--format", "json")
    files = {f["file"] for f in json.loads(both.out)}
    assert both.code == 0 and files == set()
    write(proj / "more" / "models" / "broken.yaml", "id: broken\n")
    r = run("validate", "--catalog", str(proj / "more"))
    assert r.code == 1 and "broken.yaml" in r.out


# --------------------------------------------------------------------------- names


def test_a_user_alias_never_captures_a_shipped_record(run, proj, catalog):
    # an id sorting before the shipped ones: the first match in id order would be this record
    write(
        proj / "catalog" / "models" / "aaa-mine.yaml",
        model_yaml("aaa-mine", extra="aliases: [llama-2, Meta-Llama-3.1]\n    hf_repos: [meta-llama/Meta-Llama-3.1-8B]"),
    )
    shown = run("show", "llama-2")
    assert shown.code == 0 and shown.out.startswith("Llama 2 (llama-2)"), shown
    assert run("show", "meta-llama/Meta-Llama-3.1-8B").out.startswith("Llama 3.1 (llama-3.1)")
    assert run("show", "Meta-Llama-3.1").out.startswith("Llama 3.1 (llama-3.1)")
    v = run("validate")
    assert v.code == 1
    clashes = [line for line in v.out.splitlines() if "[name-clash]" in line]
    assert len(clashes) == 3 and all(line.startswith("catalog/models/aaa-mine.yaml:") for line in clashes), v.out
    assert all("catalog/models/llama-2.yaml of the shipped catalog" in line or "llama-3.1.yaml of the shipped catalog" in line for line in clashes)


def test_replacing_a_shipped_record_by_its_id_is_said(run, proj):
    text = (ROOT / "catalog" / "models" / "mistral-7b.yaml").read_text().replace("name: Mistral 7B", "name: My Mistral 7B")
    write(proj / "catalog" / "models" / "mistral-7b.yaml", text)
    shown = run("show", "mistral-7b")
    assert shown.out.startswith("My Mistral 7B (mistral-7b)") and "(replaces the shipped model mistral-7b)" in shown.out
    v = run("validate")
    assert v.code == 0 and "notice:" in v.out and "[replaces]" in v.out and "of the shipped catalog" in v.out, v


def test_a_user_license_alias_does_not_change_bulk_scores(run, proj):
    hub = proj / "hub.jsonl"
    hub.write_text(
        '{"id": "x/apache", "license": "apache-2.0", "gated": false, "pipeline_tag": "text-generation"}\n'
        '{"id": "x/llama", "license": "llama3.1", "gated": false, "pipeline_tag": "text-generation"}\n'
    )
    before = run("score", "--input", str(hub), "--rubric", "articles", "--format", "jsonl")
    write(proj / "catalog" / "licenses" / "my-lic.yaml", LICENSE.format(lid="my-lic", alias="apache-2.0"))
    write(
        proj / "catalog" / "licenses" / "a-lic.yaml",
        LICENSE.format(lid="a-lic", alias="Apache License 2.0").replace("category: permissive", "category: proprietary\nhf_id: apache-2.0"),
    )
    # sorts before llama-3.1-community and claims its hub id: the shipped record keeps it
    write(
        proj / "catalog" / "licenses" / "a-llama.yaml",
        LICENSE.format(lid="a-llama", alias="Llama Mine").replace("category: permissive", "category: proprietary\nhf_id: llama3.1"),
    )
    after = run("score", "--input", str(hub), "--rubric", "articles", "--format", "jsonl")
    assert before.code == after.code == 0 and before.out == after.out, (before, after)
    assert run("list", "licenses").out.count("\na-llama ") == 1  # the folder was read
    assert run("show", "apache-2.0").out.startswith("Apache License 2.0 (apache-2.0)")
    v = run("validate")
    # my-lic's alias and a-lic's hf_id clash with apache-2.0 and with each other; a-lic's alias with apache-2.0's name
    assert v.code == 1 and v.out.count("[name-clash]") == 6, v.out
    assert v.out.count("of the shipped catalog") == 4


def test_two_records_of_ones_own_sharing_a_name_is_an_error_listing_both(run, proj):
    write(proj / "catalog" / "models" / "one.yaml", model_yaml("one", extra="aliases: [twin]"))
    write(proj / "catalog" / "models" / "two.yaml", model_yaml("two", extra="aliases: [Twin]"))
    for argv in (("show", "twin"), ("score", "twin"), ("check", "twin", "--commercial")):
        r = run(*argv)
        assert r.code == 2 and "one" in r.err and "two" in r.err, (argv, r)
    assert run("show", "one").code == 0  # the ids still work


def test_llama2_means_the_same_to_every_command(run):
    shown = run("show", "llama2")
    assert shown.code == 0 and shown.out.startswith("Llama 2 Community License Agreement (llama-2-community)")
    for argv in (("score", "llama2"), ("check", "llama2", "--commercial"), ("explain", "llama2"), ("badge", "llama2")):
        r = run(*argv)
        assert r.code == 2 and "license llama-2-community" in r.err and "models under it: llama-2" in r.err, (argv, r)
    d = run("diff", "llama2", "llama-3-community", "--format", "json")
    assert d.code == 0 and "llama-2-community" in d.out


def test_a_name_of_a_model_and_a_license_is_reported_with_both(run, proj):
    write(proj / "catalog" / "models" / "m.yaml", model_yaml("m", extra="aliases: [mit]"))
    r = run("show", "mit")  # the license's id wins: an exact id is never ambiguous
    assert r.code == 0 and r.out.startswith("MIT")
    write(proj / "catalog" / "models" / "n.yaml", model_yaml("n", extra="aliases: [Apache 2]"))
    r = run("show", "apache 2")
    assert r.code == 2 and "model n" in r.err and "license apache-2.0" in r.err, r
    assert run("score", "apache 2").code == 0  # score takes models
    d = run("diff", "apache 2", "mit", "--format", "json")  # the other side is a license
    assert d.code == 0, d


def test_renamed_hub_repositories_resolve_under_both_names(catalog):
    old, new = catalog.model("meta-llama/Meta-Llama-3.1-8B-Instruct"), catalog.model("meta-llama/Llama-3.1-8B-Instruct")
    assert old.id == new.id == "llama-3.1"
    names = catalog.names("model")
    assert names["meta-llama/meta-llama-3.1-70b"] == names["meta-llama/llama-3.1-70b"] == "llama-3.1"
    assert names["meta-llama/meta-llama-3-8b-instruct"] == names["meta-llama/llama-3-8b-instruct"] == "llama-3"
    assert not set(map(str.lower, old.hf_repos)) & set(map(str.lower, old.hf_repos_former))


def test_a_hub_record_under_a_former_name_finds_its_base_model(run, proj):
    rows = [
        '{"id": "x/ft-old", "license": "llama3.1", "gated": false, "base_model": "meta-llama/Meta-Llama-3.1-8B"}',
        '{"id": "x/ft-new", "license": "llama3.1", "gated": false, "base_model": "meta-llama/Llama-3.1-8B"}',
    ]
    rows.append('{"id": "x/ft-none", "license": "llama3.1", "gated": false, "base_model": "someone/unknown-8B"}')
    (proj / "hub.jsonl").write_text("\n".join(rows) + "\n")
    write(
        proj / "rubrics" / "lineage.yaml",
        """
    id: lineage
    title: Based on a catalog model
    unknown: zero
    criteria:
      - {id: base, title: Base model known, weight: 1, kind: presence, fact: base_model}
    """,
    )
    r = run("score", "--input", str(proj / "hub.jsonl"), "--rubric", "lineage", "--format", "jsonl")
    old, new, none = (json.loads(line) for line in r.out.splitlines())
    assert r.code == 0 and old["total"] == new["total"] == 100 and none["total"] == 0, r


def test_no_two_shipped_records_share_a_name(catalog):
    for records in (catalog.models, catalog.licenses):
        seen: dict[str, str] = {}
        for r in records:
            for n in {n.lower() for n in r.names()}:
                assert seen.setdefault(n, r.id) == r.id, (n, seen[n], r.id)


# --------------------------------------------------------------------------- edges


def test_a_bare_value_for_a_fact_is_one_finding_saying_what_to_write(run, tmp_path):
    path = write(tmp_path / "catalog" / "models" / "tiny.yaml", model_yaml("tiny", extra="developer: Tiny Org"))
    r = run("validate", str(path))
    lines = r.out.splitlines()
    assert r.code == 1 and len(lines) == 1, r
    assert "developer: {value: Tiny Org, evidence: [" in lines[0] and "developer: {unknown:" in lines[0]
    assert "should not be valid" not in r.out and "{'required'" not in r.out


def test_list_filters_match_as_a_person_expects(run):
    by_case = run("list", "models", "--weights", "Open", "--format", "json")
    assert by_case.code == 0 and json.loads(by_case.out) == json.loads(run("list", "models", "--weights", "open", "--format", "json").out)
    assert json.loads(by_case.out) and all(m["weights"] == "open" for m in json.loads(by_case.out))
    dev = json.loads(run("list", "models", "--developer", "Mistral", "--format", "json").out)
    assert {m["id"] for m in dev} >= {"mistral-7b", "mixtral-8x7b"} and all("mistral" in m["developer"].lower() for m in dev)
    bad = run("list", "models", "--weights", "opn")
    assert bad.code == 2 and all(w in bad.err for w in vocabulary.WEIGHTS)
    assert WEIGHT_CHOICES == vocabulary.WEIGHTS


@pytest.mark.parametrize("rubric", ["articles", "mof", "osai-index", "commercial"])
def test_api_totals_equal_the_cli_json_and_text(run, catalog, rubric):
    shown = json.loads(run("compare", "--rubric", rubric, "--format", "json").out)
    cards = {m["model"]: m["scorecards"][0] for m in shown["models"]}
    r = openness.load_rubric(rubric)
    for m in catalog.models:
        card = openness.score(m, r)
        assert cards[m.id]["total"] == card.total and repr(card.total) == repr(round(card.total, 2)), m.id
        assert [c["points"] for c in cards[m.id]["criteria"]] == [x.points for x in card.results], m.id
    text = run("explain", "llama-2", "--rubric", rubric).out
    assert f"total: {openness.score(catalog.model('llama-2'), r).total:.1f} / 100" in text


def test_leftover_words_print_the_commands_usage(run):
    r = run("explain", "llama-2", "gpt-4")
    assert r.code == 2 and "openness explain: unrecognized arguments: gpt-4" in r.err


def test_data_folder_options_only_where_they_do_something(run, tmp_path):
    missing = str(tmp_path / "nowhere")
    sample = {
        "list": ["list", "rubrics"],
        "show": ["show", "llama-2"],
        "score": ["score", "llama-2"],
        "compare": ["compare"],
        "explain": ["explain", "llama-2"],
        "validate": ["validate"],
        "audit": ["audit", "llama-2"],
        "check": ["check", "llama-2", "--commercial"],
        "diff": ["diff", "llama-2", "llama-3"],
        "history": ["history", "llama"],
        "report": ["report", "--out", str(tmp_path / "r.html")],
        "badge": ["badge", "llama-2"],
    }
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name, parser in sub.choices.items():
        options = {o for a in parser._actions for o in a.option_strings}
        for option in ("--catalog", "--rubrics"):
            offered = option in options
            assert offered == (option[2:] in DATA_OPTIONS.get(name, ())), (name, option)
            if offered and name in sample:
                argv = ["list", "models"] if (name, option) == ("list", "--catalog") else sample[name]
                r = run(*argv, option, missing)
                assert r.code in (1, 2) and "nowhere" in (r.err + r.out), (name, option, r)


def test_the_readme_tour_has_no_pipes_and_every_line_parses():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## The command line\n\n```sh\n(.*?)```", readme, re.S).group(1)
    parser = build_parser()
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        assert "|" not in words, line
        if ">" in words:
            words = words[: words.index(">")]
        assert words[0] == "openness", line
        parser.parse_args(words[1:])  # raises (exit 2) on a line a user cannot run
    for doc in ("README.md", "CONTRIBUTING.md"):
        assert 'pytest -m "not slow"' in (ROOT / doc).read_text(encoding="utf-8"), doc


def test_import_writes_into_the_project_with_a_modeline_only_to_its_schema_copy(run, proj):
    card = ROOT / "tests" / "data" / "import" / "hf" / "toy-finetune" / "README.md"
    r = run("import", "hf-card", str(card))
    assert r.code == 0 and "openness schema --write" in r.out, r
    (written,) = (proj / "catalog" / "models").glob("*.yaml")
    assert "$schema" not in written.read_text()
    assert run("show", written.stem).code == 0 and run("validate").code == 0
    assert run("schema", "--write").code == 0
    r = run("import", "hf-card", str(card), "--force")
    assert r.code == 0 and "openness schema --write" not in r.out, r
    assert written.read_text().splitlines()[0] == "# yaml-language-server: $schema=../../schemas/model.schema.json"


def test_a_use_case_of_the_project_by_name(run, proj):
    write(proj / "usecases" / "chatbot.yaml", "commercial: true\nmonthly_active_users: 800M\n")
    by_name = run("check", "llama-2", "--use-case", "chatbot", "--format", "json")
    by_path = run("check", "llama-2", "--use-case", str(proj / "usecases" / "chatbot.yaml"), "--format", "json")
    assert by_name.code == by_path.code == 6 and by_name.out == by_path.out, (by_name, by_path)
    assert run("check", "llama-2", "--use-case", "nothing-here").code == 2
    write(proj / "usecases" / "bad.yaml", "commercial: yes\n")
    v = run("validate")
    assert v.code == 1 and v.out.startswith("usecases/bad.yaml:1:"), v


def test_a_rubric_named_as_a_shipped_one_replaces_it_and_validate_says_so(run, proj):
    assert run("new", "rubric", "articles").code == 0
    v = run("validate")
    assert v.code == 0 and "notice: this rubric replaces the shipped rubric 'articles'" in v.out, v
    shown = run("compare", "llama-2", "--format", "csv")  # the default rubric is now one's own
    assert shown.code == 0 and shown.out.splitlines()[0].split(",")[2:4] == ["weights /100.0", "total"], shown


def test_new_into_a_folder_other_commands_do_not_read_says_how_to_use_it(run, proj):
    r = run("new", "model", "x", "--dir", "elsewhere/models")
    assert r.code == 0 and "other commands see it with --catalog elsewhere" in r.out, r
    r = run("new", "model", "y", "--dir", "catalog/models")
    assert r.code == 0 and "--catalog" not in r.out, r
    assert run("show", "y").code == 0 and run("show", "x").code == 2 and run("show", "x", "--catalog", "elsewhere").code == 0


def test_a_pyproject_of_someone_elses_is_not_parsed(tmp_path, monkeypatch):
    import sys

    write(tmp_path / "pyproject.toml", '[project]\nname = "other"\n[tool.ruff]\nline-length = 100\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(sys.modules, "tomllib", raising=False)
    assert project.find() is None and "tomllib" not in sys.modules
    (tmp_path / "pyproject.toml").write_text('[tool]\nopenness = {catalog = ["cat"]}\n')
    assert project.find().catalog == ((tmp_path / "cat").resolve(),)


def test_a_replacement_is_a_github_notice_not_an_error(run, proj):
    write(proj / "catalog" / "models" / "mistral-7b.yaml", (ROOT / "catalog" / "models" / "mistral-7b.yaml").read_text())
    r = run("validate", "--format", "github")
    assert r.code == 0 and r.out.startswith("::notice file=catalog/models/mistral-7b.yaml,line=2,"), r
