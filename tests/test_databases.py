"""Both public openness databases, imported whole and scored, give what the frameworks compute.

The snapshots in tests/data/frameworks are the Model Openness Tool's records, its Test_Data
fixtures and license lists (lfai/model_openness_tool 8b5d30e90a7c62d7d6ece48b91e69ff495920a4d,
MIT license, its LICENSE beside them) and the European Open Source AI Index's records
(Language-Technology-Assessment/main-database 5a388e871b88735e7ab7e6fb230b76c9d460d99a, CC-BY 4.0,
doi:10.5281/zenodo.15386042).  Each is imported with ``openness import mot|osai DIR`` and scored;
the reference is a port of each framework's own computation (tests/mot_port.py, and
tests/test_osai_index.py for the index), and for the Test_Data fixtures also the MOT's own output
(``Test_Data/expected_results.json``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import mot_port as P
import pytest
import yaml
from test_osai_index import CATEGORIES, index_scores, shown, to_fixed

import openness
from conftest import ROOT
from openness.scoring import score

FRAMEWORKS = ROOT / "tests" / "data" / "frameworks"
MOT_COMMIT = (FRAMEWORKS / "mot" / "COMMIT").read_text().strip()
OSAI_COMMIT = (FRAMEWORKS / "osai" / "COMMIT").read_text().strip()

#: mof criterion -> the MOT component id it stands for (report-or-paper: see _evaluation)
CRITERION_CID = {
    "architecture": 9, "final-weights": 10, "evaluation-results": 12, "model-card": 13, "data-card": 14,
    "training-code": 7, "inference-code": 8, "evaluation-code": 18, "evaluation-data": 19,
    "datasets": 15, "data-preprocessing-code": 16, "intermediate-checkpoints": 24, "paper": 21,
}  # fmt: skip
CLASS = {"Class III - Open Model": 3, "Class II - Open Tooling Model": 2, "Class I - Open Science Model": 1, None: 0}


def _import(run, kind: str, folder: Path, commit: str, out: Path, *extra: str) -> None:
    res = run("import", kind, str(folder), "--commit", commit, "--out", str(out), *extra)
    assert res.code == 0, res


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """(catalog with both databases and the fixtures imported, {kind: {source file: model}})."""
    import io

    from conftest import Result  # noqa: F401 - the runner's result type
    from openness import cli

    def run(*argv: str):
        out, err = io.StringIO(), io.StringIO()
        code = cli.run(list(argv), out, err)

        return Result(code, out.getvalue(), err.getvalue())

    base = tmp_path_factory.mktemp("databases")
    _import(run, "mot", FRAMEWORKS / "mot" / "models", MOT_COMMIT, base / "mot")
    _import(run, "mot", FRAMEWORKS / "mot" / "Test_Data", MOT_COMMIT, base / "fixtures", "--path-in-repo", "Test_Data")
    _import(run, "osai", FRAMEWORKS / "osai", OSAI_COMMIT, base / "osai")
    out: dict[str, dict[str, Any]] = {}
    for kind in ("mot", "fixtures", "osai"):
        cat = openness.load_catalog(base / kind)
        by_id = {m.id: m for m in cat.models}
        out[kind] = {}
        for f in sorted((base / kind / "models").glob("*.yaml")):
            m = by_id[f.stem]
            src = next(e.source for fact in m.facts.values() for e in fact.evidence)
            out[kind][unquote(src.rsplit("/", 1)[-1])] = m
    return base, out


def _evaluation(card: Any, model: Any) -> dict[Any, Any]:
    """Our scorecard in the MOT's evaluation shape (counts per class), for its getProgress."""
    met = {r.id for r in card.results if r.score is not None and r.score >= 1 - 1e-9}
    report = model.fact("components.technical_report")
    report_open = (
        report.known
        and report.value.get("available") == "public"
        and model.fact("components.technical_report.license.open_for.documents").value in ("type-appropriate", "open")
    )
    included = {CRITERION_CID[c] for c in met if c in CRITERION_CID} | ({P.TECHNICAL_REPORT} if report_open else set())
    ev: dict[Any, Any] = {}
    req: list[int] = []
    for cls in (3, 2, 1):
        req = req + P.required(cls)
        ev[cls] = {"components": {"included": [c for c in req if c in included]}}
    if not report_open and P.RESEARCH_PAPER in included:
        for cls in (2, 3):
            ev[cls]["components"]["included"].append(P.RESEARCH_PAPER)
    return ev


def _ours(model: Any, mof: Any) -> dict[str, Any]:
    card = score(model, mof)
    ev = _evaluation(card, model)
    prog = {cls: P.progress(ev, cls) for cls in (3, 2, 1)}
    return {"class": CLASS[card.tier], "progress": prog, "total": sum(prog.values()) / 3, "card": card}


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["class"] == b["class"] and all(abs(a["progress"][c] - b["progress"][c]) < 1e-9 for c in (1, 2, 3))


def _deliberate(model: Any) -> bool:
    return any("deliberate difference" in (f.note or "") for f in model.facts.values())


def _lenient(catalog: Any):
    """Read a license name as openness does: its record's SPDX id, or the MOT's spelling of it."""
    from openness import motlicenses
    from openness.importers.hub import LicenseIndex

    index = LicenseIndex(catalog.licenses)

    def rename(name: str) -> str:
        lic = index.find(name)
        if lic is not None:
            return index.records[lic].spdx or name
        found = motlicenses.lookup(name)
        return found[0] if found else name

    return rename


@pytest.mark.parametrize("kind, folder", [("mot", "models"), ("fixtures", "Test_Data")])
def test_every_mot_record_gets_the_mot_class_and_progress(imported, kind, folder):
    """Class, per-class progress and total as the MOT computes them, for every record; where
    they differ, only through the deliberate difference the record's facts note (a name such as
    "Apache 2.0" the MOT does not match), and the port reading names as openness does agrees."""
    base, models = imported
    mof = openness.load_rubric("mof")
    catalog = openness.load_catalog(base / kind)
    rename = _lenient(catalog)
    files = sorted((FRAMEWORKS / "mot" / folder).glob("*.yml"))
    assert len(files) == {"mot": 273, "fixtures": 27}[kind] == len(models[kind])
    agree, explained = 0, []
    for f in files:
        model = models[kind][f.name]
        raw = P.load(f)
        theirs, ours = P.classify(raw), _ours(model, mof)
        if _same(theirs, ours):
            agree += 1
            continue
        assert _deliberate(model), (f.name, theirs["class"], theirs["progress"], ours["class"], ours["progress"])
        assert _same(P.classify(raw, rename), ours), f.name
        explained.append(f.name)
    print(f"{kind}: {agree} of {len(files)} agree with the MOT; {len(explained)} differ by the noted deliberate difference: {explained}")
    assert agree + len(explained) == len(files)
    if kind == "fixtures":
        assert not explained  # the fixtures use exact SPDX ids


def test_the_port_reproduces_the_mots_own_output_on_its_fixtures():
    text = re.sub(r",(\s*[}\]])", r"\1", (FRAMEWORKS / "mot" / "Test_Data" / "expected_results.json").read_text(encoding="utf-8"))
    expected = {m["release"]["name"]: m["classification"] for m in json.loads(text)["models"]}
    files = sorted((FRAMEWORKS / "mot" / "Test_Data").glob("*.yml"))
    assert len(files) == len(expected) == 27
    for f in files:
        raw = P.load(f)
        mine, theirs = P.classify(raw), expected[raw["name"]]
        assert mine["class"] == theirs["class"], f.name
        assert all(mine["progress"][int(c)] == pytest.approx(float(p)) for c, p in theirs["progress"].items()), f.name


def test_the_mot_fixtures_the_issue_names_reach_their_class(imported):
    _base, models = imported
    mof = openness.load_rubric("mof")
    for prefix, cls in (("Class1TestFile", 1), ("Class2R", 2), ("Class2T", 2), ("Class3R", 3), ("Class3T", 3), ("FullTestFile", 1)):
        (name,) = [n for n in models["fixtures"] if n.startswith(prefix)]
        assert CLASS[score(models["fixtures"][name], mof).tier] == cls, name


def test_aquila_vl_reaches_class_i_through_cdla_permissive(imported):
    _base, models = imported
    m = models["mot"]["Aquila-VL-2B.yml"]
    assert score(m, openness.load_rubric("mof")).tier == "Class I - Open Science Model"
    assert m.fact("components.evaluation_data.license.open_for.data").value == "type-appropriate"


def test_galactica_weights_are_cc_by_nc_and_commercial_use_is_not_allowed(imported, run):
    base, models = imported
    m = models["mot"]["Galactica.yml"]
    assert m.value("components.final_weights") == {"available": "public", "license": "cc-by-nc-4.0"}
    assert m.value("license") == "cc-by-nc-4.0"
    res = run("check", m.id, "--commercial", "--catalog", str(base / "mot"))
    assert res.code != 0 and "allowed" not in res.out.split("\n")[0].lower(), res
    assert "BLOCKED" in res.out


def test_every_osai_record_gets_the_index_score(imported):
    _base, models = imported
    rubric = openness.load_rubric("osai-index")
    files = sorted(p for p in (FRAMEWORKS / "osai").glob("*.yaml") if not p.name.startswith(("_", "a_submission")))
    assert len(files) == len(models["osai"]) == 193
    agree = 0
    for f in files:
        record = yaml.safe_load(f.read_text(encoding="utf-8"))
        model = models["osai"][f.name]
        card = score(model, rubric)
        port = index_scores(record, CATEGORIES)
        expected = port["score"]
        assert card.total == round(100 * expected, 2), f.name
        assert shown(card.total) == to_fixed(expected), f.name
        # each parameter's points, and the category averages the website shows
        for c in CATEGORIES:
            mine = [card.result(crit.id).score or 0.0 for crit in rubric.criteria if crit.group == c["name"]]
            assert sum(mine) / len(mine) == pytest.approx(port["categories"][c["ref"]]), (f.name, c["ref"])
            for p in c["params"]:
                cls = record.get(p["ref"], {}).get("class") if isinstance(record.get(p["ref"]), dict) else None
                fact = model.fact(f"osai.{p['ref']}")
                assert (fact.value if fact.known else None) == (cls if cls in ("open", "partial", "closed") else None), (f.name, p["ref"])
        agree += 1
    print(f"osai: {agree} of {len(files)} agree with the index")


def test_imported_records_cite_their_file_at_the_pinned_commit(imported):
    _base, models = imported
    for kind, commit, repo in (("mot", MOT_COMMIT, "lfai/model_openness_tool"), ("osai", OSAI_COMMIT, "Language-Technology-Assessment/main-database")):
        for name, m in models[kind].items():
            sources = {e.source for f in m.facts.values() for e in f.evidence if "github.com/" + repo in e.source}
            assert sources and all(s.startswith(f"https://github.com/{repo}/blob/{commit}/") for s in sources), name


# --------------------------------------------------------------------------- the folder import itself


def _small_osai(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "osai-db"
    folder.mkdir()
    for n in ("_parameters.yml", "a_submission_template.yaml", *names):
        (folder / n).write_bytes((FRAMEWORKS / "osai" / n).read_bytes())
    return folder


def test_a_folder_import_needs_a_commit_and_never_overwrites(run, tmp_path):
    folder = _small_osai(tmp_path, "Pythia.yaml", "OLMo.yaml")
    res = run("import", "osai", str(folder), "--out", str(tmp_path / "out"))
    assert res.code == 2 and "--commit" in res.err, res
    res = run("import", "osai", str(folder), "--commit", "abc", "--out", str(tmp_path / "out"))
    assert res.code == 2 and "40-digit" in res.err, res
    res = run("import", "osai", str(folder), "--commit", OSAI_COMMIT)
    assert res.code == 2 and "--out DIR" in res.err, res
    res = run("import", "osai", str(folder), "--commit", OSAI_COMMIT, "--out", str(tmp_path / "out"))
    assert res.code == 0 and "wrote 2 of 2 records" in res.out, res
    assert sorted(p.name for p in (tmp_path / "out" / "models").iterdir()) == ["olmo.yaml", "pythia.yaml"]
    assert res.err == ""  # no progress bar when standard error is not a terminal
    before = (tmp_path / "out" / "models" / "pythia.yaml").read_text()
    res = run("import", "osai", str(folder), "--commit", OSAI_COMMIT, "--out", str(tmp_path / "out"))
    assert res.code == 2 and "--force" in res.err, res
    assert run("import", "osai", str(folder), "--commit", OSAI_COMMIT, "--out", str(tmp_path / "out"), "--force").code == 0
    assert (tmp_path / "out" / "models" / "pythia.yaml").read_text() == before  # deterministic


def test_a_folder_import_reports_a_bad_file_and_writes_the_others(run, tmp_path):
    folder = _small_osai(tmp_path, "Pythia.yaml")
    (folder / "broken.yaml").write_text("system: [not, a, mapping]\n", encoding="utf-8")
    res = run("import", "osai", str(folder), "--commit", OSAI_COMMIT, "--out", str(tmp_path / "out"))
    assert res.code == 1 and "broken.yaml:1:" in res.err and "wrote 1 of 2 records" in res.out, res


def test_the_progress_bar_shows_on_a_terminal_only():
    import io

    from openness.importers.folder import Progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = Progress("import osai", 3, stream)
        for n in (1, 2, 3):
            bar.last = 0.0
            bar.update(n)
    assert "3/3" in tty.getvalue() and tty.getvalue().endswith("\n") and pipe.getvalue() == ""


def test_compare_takes_the_imported_folder_and_its_records_win(imported, run):
    """An imported id that is also a shipped id, name or alias is scored as imported."""
    base, models = imported
    res = run("compare", str(base / "osai"), "--rubric", "osai-index", "--format", "json")
    assert res.code == 0, res
    data = json.loads(res.out)
    assert len(data["models"]) == 193
    shipped = openness.load_catalog()
    ours = {m["model"]: m["scorecards"][0]["total"] for m in data["models"]}
    clash = [m for m in models["osai"].values() if m.id in {s.id for s in shipped.models}]
    assert clash  # llama-3.1, gemma, falcon …
    for m in clash:
        assert ours[m.id] == round(score(m, openness.load_rubric("osai-index")).total, 2)
    # by exact id through --catalog too: the imported Falcon record, not the shipped falcon's alias
    res = run("score", "falcon", "--catalog", str(base / "osai"), "--rubric", "osai-index", "--format", "json")
    assert res.code == 0 and json.loads(res.out)["models"][0]["name"] == models["osai"]["Falcon.yaml"].name, res


def test_import_osai_diff_shows_what_changed(run, tmp_path):
    folder = _small_osai(tmp_path, "Pythia.yaml", "llama-3.1.yaml")
    text = (folder / "llama-3.1.yaml").read_text(encoding="utf-8")
    changed = re.sub(r"(trainingcode:\n\s+class:) partial", r"\1 open", text, count=1)
    assert changed != text
    (folder / "llama-3.1.yaml").write_text(changed, encoding="utf-8")
    res = run("import", "osai", str(folder), "--commit", OSAI_COMMIT, "--diff")
    assert res.code == 0, res
    assert "llama-3.1: llama-3.1.yaml" in res.out and "osai.trainingcode: partial -> open" in res.out
    assert "pythia:" not in res.out  # unchanged
    assert "olmo: olmo-7b-instruct.yaml: no such record" in res.out
    assert not (tmp_path / "out").exists()


def test_the_shipped_catalog_cites_the_index_at_pinned_commits(catalog):
    """pythia, gemma-2 and mistral-7b carry the index's ratings; qwen2.5 and grok-1 say why not."""
    from openness import vocabulary

    rubric = openness.load_rubric("osai-index")
    assert score(catalog.model("pythia"), rubric).total == round(100 * 10 / 12, 2)  # 83.33 on the index
    for mid in ("pythia", "gemma-2", "mistral-7b"):
        facts = [catalog.model(mid).fact(f"osai.{p}") for p in vocabulary.OSAI_CURRENT]
        assert all(f.known for f in facts), mid
        assert all(
            re.match(r"https://github\.com/Language-Technology-Assessment/main-database/blob/[0-9a-f]{40}/", e.source) for f in facts for e in f.evidence
        )
    for mid in ("qwen2.5", "grok-1"):
        f = catalog.model(mid).fact("osai.licenses")
        assert not f.known and "no record of" in f.unknown


@pytest.mark.skipif(__import__("shutil").which("git") is None, reason="needs git")
def test_a_clean_checkout_gives_the_commit(run, tmp_path):
    import subprocess

    repo = tmp_path / "main-database"
    repo.mkdir()
    for n in ("Pythia.yaml", "_parameters.yml"):
        (repo / n).write_bytes((FRAMEWORKS / "osai" / n).read_bytes())
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "remote", "add", "origin", "https://github.com/Language-Technology-Assessment/main-database.git"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "x"], check=True)
    sha = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    res = run("import", "osai", str(repo), "--out", str(tmp_path / "out"))
    assert res.code == 0, res
    text = (tmp_path / "out" / "models" / "pythia.yaml").read_text(encoding="utf-8")
    assert f"https://github.com/Language-Technology-Assessment/main-database/blob/{sha}/Pythia.yaml" in text
    (repo / "Pythia.yaml").write_text((repo / "Pythia.yaml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    res = run("import", "osai", str(repo), "--out", str(tmp_path / "out2"))
    assert res.code == 2 and "uncommitted" in res.err, res
    # a checkout of another repository is not taken for the database's
    subprocess.run([*git, "remote", "set-url", "origin", "https://github.com/example/other.git"], check=True)
    res = run("import", "osai", str(repo), "--out", str(tmp_path / "out3"))
    assert res.code == 2 and "--commit" in res.err, res
