"""Bulk scoring: `openness score --input FILE` over a stream of hub metadata records.

Correctness only (timings belong to bench/): each output line equals openness.score on the
equivalent Model built by hand, CSV and JSON Lines inputs agree, bad lines become located
findings, and the output is deterministic.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import random
import sys

import pytest

import openness
from conftest import ROOT
from openness import bulk, bulkcheck
from openness.records import Fact, Model

DATA = ROOT / "tests" / "data" / "import" / "bulk"


def _gen_hub():
    spec = importlib.util.spec_from_file_location("gen_hub", ROOT / "bench" / "gen_hub.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def hand_model(catalog, rid: str, license_id: str | None, weights: str | None, modality: str | None = None, hf: str | None = None) -> Model:
    """The model a hub record stands for, built by hand from records.py."""
    facts = {}
    if hf:
        facts["hf_license"] = Fact("hf_license", hf)
    facts["license"] = Fact("license", license_id) if license_id else Fact("license", None, False, (), "no record")
    if weights:
        facts["access.weights"] = Fact("access.weights", weights)
    if modality:
        facts["modality"] = Fact("modality", modality)
    record = catalog.license(license_id) if license_id else None
    return Model(rid, rid, facts, license_record=record)


def expected_jsonl(card, rubric, effective: str | None = None) -> dict:
    """A record with no base: its own terms are its effective terms, nothing is inherited."""
    label = "tier" if rubric.tiers else "grade"
    return {
        "id": card.model_id,
        "total": None if card.total is None else round(card.total, 2),
        label: card.tier if rubric.tiers else card.grade,
        "unknown": card.unknown,
        "points": {r.id: round(r.points, 2) for r in card.results},
        "effective_license": effective or "unknown",
        "inherited_from": [],
        "declared_vs_inherited": False,
    }


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


# --------------------------------------------------------------------------- correctness


@pytest.mark.parametrize("rubric_name", ["articles", "commercial", "mof", "osai-index", "osaid"])
def test_lines_equal_openness_score_on_equivalent_models(run, catalog, rubric_name):
    rubric = openness.load_rubric(rubric_name)
    res = run("score", "--input", str(DATA / "sample.jsonl"), "--rubric", rubric_name, "--format", "jsonl")
    assert res.code == 1  # the sample has bad lines too
    got = {row["id"]: row for row in _jsonl(res.out)}
    cases = [
        hand_model(catalog, "meta-llama/Llama-3.1-8B-Instruct", "llama-3.1-community", "gated", "text", "llama3.1"),
        hand_model(catalog, "mistralai/Mistral-7B-v0.1", "apache-2.0", "open", "text", "apache-2.0"),
        hand_model(catalog, "example/no-license-field", "mit", "open", None, "mit"),
        hand_model(catalog, "example/card-data", "cc-by-nc-4.0", "gated", None, "cc-by-nc-4.0"),
        hand_model(catalog, "example/unknown-hub-id", None, "open", None, "odbl"),
        hand_model(catalog, "example/nothing", None, "open"),
    ]
    for m in cases:
        assert got[m.id] == expected_jsonl(openness.score(m, rubric), rubric, m.value("license")), m.id
    # a base the catalog does not know makes what it passes on unknown: never a better score
    sd = hand_model(catalog, "example/sd", "creativeml-openrail-m", "open", "text-to-image", "creativeml-openrail-m")
    own = expected_jsonl(openness.score(sd, rubric), rubric, "creativeml-openrail-m")
    assert got["example/sd"]["effective_license"] == "creativeml-openrail-m + unknown"
    assert got["example/sd"]["inherited_from"] == ["runwayml/stable-diffusion-v1-5 (base_model)"]
    assert got["example/sd"]["unknown"] >= own["unknown"]


def test_csv_output_and_header(run, catalog, articles):
    res = run("score", "--input", str(DATA / "sample.jsonl"), "--rubric", "articles", "--format", "csv")
    rows = list(csv.reader(io.StringIO(res.out)))
    assert rows[0] == ["id", "total", "grade", "unknown", "effective_license", "inherited_from", "declared_vs_inherited"]
    by_id = {r[0]: r for r in rows[1:]}
    card = openness.score(hand_model(catalog, "x", "llama-3.1-community", "gated", "text", "llama3.1"), articles)
    assert by_id["meta-llama/Llama-3.1-8B-Instruct"][1:] == [repr(round(card.total, 2)), card.grade, str(card.unknown), "llama-3.1-community", "", "no"]
    assert [r[0] for r in rows[1:]] == [
        "meta-llama/Llama-3.1-8B-Instruct",
        "mistralai/Mistral-7B-v0.1",
        "example/no-license-field",
        "example/card-data",
        "example/unknown-hub-id",
        "example/other",
        "example/nothing",
        "example/sd",
    ]  # input order
    # the default format for --input is csv; a tiered rubric names its label column tier
    assert run("score", "--input", str(DATA / "sample.jsonl")).out == res.out
    mof = run("score", "--input", str(DATA / "sample.jsonl"), "--rubric", "mof")
    assert mof.out.splitlines()[0] == "id,total,tier,unknown,effective_license,inherited_from,declared_vs_inherited"


def test_csv_input_agrees_with_jsonl_input(run):
    a = run("score", "--input", str(DATA / "sample.csv"), "--format", "jsonl")
    b = run("score", "--input", str(DATA / "sample.jsonl"), "--format", "jsonl")
    by_id = {r["id"]: r for r in _jsonl(b.out)}
    rows = _jsonl(a.out)
    assert [r["id"] for r in rows] == ["meta-llama/Llama-3.1-8B-Instruct", "mistralai/Mistral-7B-v0.1", "example/no-license-field", "example/quoted,comma"]
    for r in rows[:3]:
        assert r == by_id[r["id"]]
    c = run("score", "--input", str(DATA / "sample.csv"), "--format", "csv")
    assert '"example/quoted,comma",' in c.out
    assert list(csv.reader(io.StringIO(c.out)))[4][0] == "example/quoted,comma"


def test_generated_records_match_per_record_scoring(catalog, tmp_path):
    gen = _gen_hub()
    recs = list(gen.records(3000, seed=7))
    path = tmp_path / "hub.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    rubric = openness.load_rubric("articles")
    out = io.StringIO()
    with open(path, encoding="utf-8") as fh:
        result = bulkcheck.answer_stream(fh, out.write, catalog, kind="score", fmt="jsonl", rubric=rubric, name=str(path))
    assert result.bad == 0 and result.scored == 3000
    assert result.distinct < 200  # memoised: a few dozen distinct scorecards, not 3000
    rows = _jsonl(out.getvalue())
    from openness.importers.hub import HUB_LICENSES
    from openness.lineage import base_tuples

    plain = [i for i, rec in enumerate(recs) if not base_tuples(rec)]  # no base: its own terms are its effective terms
    assert len(plain) > 1000
    for i in random.Random(3).sample(plain, 60):
        rec = recs[i]
        hub_id = rec.get("license") or next((t[8:] for t in rec["tags"] if t.startswith("license:")), None)
        lic = None
        if hub_id and hub_id not in ("other", "unknown") and "family" not in HUB_LICENSES[hub_id].lower():
            try:
                lic = catalog.license(hub_id).id
            except openness.UsageError:
                lic = None
        modality = {"text-generation": "text", "text-to-image": "text-to-image"}.get(rec["pipeline_tag"])
        m = hand_model(catalog, rec["id"], lic, "gated" if rec["gated"] else "open", modality, hub_id)
        expected = expected_jsonl(openness.score(m, rubric), rubric, lic)
        assert rows[i] == expected, rec


def test_output_is_deterministic_and_input_csv_from_the_generator(run, tmp_path):
    gen = _gen_hub()
    j, c = tmp_path / "h.jsonl", tmp_path / "h.csv"
    assert gen.main(["--count", "500", "--seed", "3", "--out", str(j)]) == 0
    assert gen.main(["--count", "500", "--seed", "3", "--out", str(c)]) == 0
    again = tmp_path / "again.jsonl"
    gen.main(["--count", "500", "--seed", "3", "--out", str(again)])
    assert again.read_bytes() == j.read_bytes()
    first = run("score", "--input", str(j), "--format", "jsonl")
    second = run("score", "--input", str(j), "--format", "jsonl")
    from_csv = run("score", "--input", str(c), "--format", "jsonl")
    assert first.code == second.code == from_csv.code == 0
    assert first.out == second.out
    # CSV has no cardData column: where a base was named may differ, what it decides may not
    drop = lambda text: [{k: v for k, v in r.items() if k != "inherited_from"} for r in _jsonl(text)]  # noqa: E731
    assert drop(first.out) == drop(from_csv.out)
    assert len(first.out.splitlines()) == 500


# --------------------------------------------------------------------------- bad input


def test_bad_jsonl_lines_are_located_findings(run):
    res = run("score", "--input", str(DATA / "sample.jsonl"), "--format", "csv")
    assert res.code == 1
    assert "Traceback" not in res.err
    name = str(DATA / "sample.jsonl")
    assert f"{name}:9:1: error: expected gated to be true, false, auto or manual; found 'perhaps'" in res.err
    assert f"{name}:10:1:" in res.err and "invalid JSON" in res.err
    assert f"{name}:11:1:" in res.err and "found list" in res.err
    assert f"{name}:12:1:" in res.err and "expected an id" in res.err
    assert "openness: 4 findings" in res.err
    assert len(res.out.splitlines()) == 9  # header + the 8 good records


def test_bad_csv_rows_are_located_findings(run, tmp_path):
    res = run("score", "--input", str(DATA / "sample.csv"))
    assert res.code == 1
    name = str(DATA / "sample.csv")
    assert f"{name}:6:1:" in res.err and "expected 7 fields" in res.err
    assert f"{name}:7:1:" in res.err and "perhaps" in res.err
    bad = tmp_path / "noid.csv"
    bad.write_text("name,license\nx,mit\n", encoding="utf-8")
    res = run("score", "--input", str(bad))
    assert res.code == 1 and f"{bad}:1:1:" in res.err and "id column" in res.err
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"id,license\na,mit\nb\x00,mit\nc,mit\n")
    res = run("score", "--input", str(nul))
    assert "Traceback" not in res.err and res.code in (0, 1)


def test_odd_values_never_crash(run, tmp_path):
    lines = [
        {"id": "a", "license": {"x": 1}},
        {"id": "b", "license": ["mit"]},
        {"id": "c", "license": ["mit", "apache-2.0"], "gated": True},
        {"id": "d", "license": 5, "gated": 0, "pipeline_tag": 7},
        {"id": "e", "gated": {"no": 1}},
        {"id": 5},
        {"modelId": "f", "license": "MIT"},
        {"id": "g\u2028h", "license": "mit"},
    ]
    path = tmp_path / "odd.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines) + '{"id": "broken"\n\n', encoding="utf-8")
    res = run("score", "--input", str(path), "--format", "jsonl")
    assert "Traceback" not in res.err and "internal error" not in res.err
    ids = [r["id"] for r in _jsonl(res.out)]
    assert ids == ["a", "b", "c", "d", "f", "g\u2028h"]
    assert f"{path}:5:1:" in res.err and f"{path}:6:1:" in res.err and f"{path}:9:" in res.err
    rows = {r["id"]: r for r in _jsonl(res.out)}
    assert rows["b"] == {**rows["f"], "id": "b"}  # ["mit"] and "MIT" are the MIT license


def test_invalid_utf8_is_a_finding(run, tmp_path):
    path = tmp_path / "bytes.jsonl"
    path.write_bytes(b'{"id": "ok", "license": "mit"}\n{"id": "bad\xff", "license": "mit"}\n')
    res = run("score", "--input", str(path), "--format", "csv")
    assert res.code == 1 and f"{path}:2:1:" in res.err and "UTF-8" in res.err
    assert res.out.splitlines()[1].startswith("ok,")


# --------------------------------------------------------------------------- the command line


def test_usage_errors(run, tmp_path):
    assert run("score").code == 2
    res = run("score", "llama-2", "--input", str(DATA / "sample.jsonl"))
    assert res.code == 2 and "not both" in res.err
    assert run("score", "--input", str(DATA / "sample.jsonl"), "--format", "html").code == 2
    assert run("score", "--input", str(DATA / "sample.jsonl"), "-r", "articles", "-r", "mof").code == 2
    assert run("score", "--input", str(tmp_path / "missing.jsonl")).code == 2
    assert run("score", "--input", str(DATA / "sample.jsonl"), "--rubric", "nope").code == 2
    # scoring catalog models by name still works as before
    res = run("score", "llama-2", "--format", "csv")
    assert res.code == 0 and "Llama 2" in res.out
    assert run("compare", "--format", "csv").code == 0


def test_out_file_is_atomic_and_not_overwritten_without_force(run, tmp_path):
    out = tmp_path / "scores.csv"
    res = run("score", "--input", str(DATA / "sample.csv"), "--out", str(out))
    assert res.code == 1 and res.out == ""  # bad rows reported; the good ones are written
    text = out.read_text(encoding="utf-8")
    assert text.startswith("id,total,grade,unknown,effective_license,inherited_from,declared_vs_inherited\n") and len(text.splitlines()) == 5
    res = run("score", "--input", str(DATA / "sample.jsonl"), "--out", str(out))
    assert res.code == 2 and "--force" in res.err
    assert out.read_text(encoding="utf-8") == text
    assert run("score", "--input", str(DATA / "sample.jsonl"), "--out", str(out), "--force").code == 1
    assert len(out.read_text(encoding="utf-8").splitlines()) == 9
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.csv"]


def test_empty_input_and_stdin(run, tmp_path, monkeypatch):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    res = run("score", "--input", str(empty))
    assert res.code == 0 and res.out == "id,total,grade,unknown,effective_license,inherited_from,declared_vs_inherited\n"
    data = (DATA / "sample.csv").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    res = run("score", "--input", "-", "--format", "csv")
    assert res.code == 1 and "<stdin>:6:1:" in res.err
    assert len(res.out.splitlines()) == 5


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_goes_to_stderr_only_on_a_terminal(tmp_path):
    gen = _gen_hub()
    path = tmp_path / "h.jsonl"
    gen.main(["--count", "5000", "--out", str(path)])
    from openness import cli

    args = cli.build_parser().parse_args(["score", "--input", str(path), "--format", "csv"])
    out, err = io.StringIO(), io.StringIO()
    assert bulkcheck.run_score(args, out, err) == 0
    assert err.getvalue() == ""
    tty_out, tty = io.StringIO(), _Tty()
    assert bulkcheck.run_score(args, tty_out, tty) == 0
    assert "scoring: 5,000 records" in tty.getvalue()
    assert tty_out.getvalue() == out.getvalue()


def test_many_bad_lines_are_counted_not_all_printed(run, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ok", "license": "mit"}\n' + "not json\n" * 250, encoding="utf-8")
    res = run("score", "--input", str(path))
    assert res.code == 1
    lines = [ln for ln in res.err.splitlines() if ln.startswith(str(path))]
    assert len(lines) == bulk.MAX_FINDINGS + 1
    assert lines[-1].startswith(f"{path}:251:0:") and "150 more bad lines skipped" in lines[-1]
    assert res.out.splitlines()[1].startswith("ok,")


def test_the_fast_path_of_a_text_cell_passes_nothing_visible_would_escape():
    """bulk.text_cell returns printable text as it is; that is safe only because every character
    textsafe.visible escapes is one Python calls unprintable (checked over all of Unicode)."""
    from openness.textsafe import _HIDDEN

    assert [hex(c) for c in range(sys.maxunicode + 1) if _HIDDEN.match(chr(c)) and chr(c).isprintable()] == []
    for text in ("=1+1", "-x", "@a", "::x", "a\x1bb", "a\u202eb", "a\udcffb", "\tx"):
        cell = bulk.text_cell(text)
        assert cell != text and cell.isprintable() and not cell.startswith(("=", "+", "-", "@", "::"))
    assert bulk.text_cell("a/b (base_model) via c → d") == "a/b (base_model) via c → d"
    assert bulk.text_cell("-1.5") == "-1.5"
