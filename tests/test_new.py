"""`openness new` writes skeletons that validate as written, with the schema line; never overwrites."""

from __future__ import annotations

import pytest

from openness import schemas


@pytest.mark.parametrize("kind, folder", [("model", "catalog/models"), ("license", "catalog/licenses"), ("rubric", "rubrics")])
def test_skeletons_validate_and_point_at_the_projects_schema_copy(run, tmp_path, monkeypatch, kind, folder):
    monkeypatch.chdir(tmp_path)
    assert run("schema", "--write").code == 0
    r = run("new", kind, "my-thing")
    assert r.code == 0, r
    path = tmp_path / folder / "my-thing.yaml"
    first = path.read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    rel = first.split("=", 1)[1]
    assert not rel.startswith("/") and (path.parent / rel).resolve() == (tmp_path / "schemas" / f"{kind}.schema.json").resolve()
    assert (path.parent / rel).read_text() == schemas.path(kind).read_text()
    v = run("validate", str(path))
    assert (v.code, v.out) == (0, "no findings\n")


def test_without_a_schema_copy_no_modeline_points_into_the_package(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("new", "model", "m")
    assert r.code == 0 and "openness schema --write" in r.out
    text = (tmp_path / "catalog" / "models" / "m.yaml").read_text()
    assert "$schema" not in text and "site-packages" not in text
    assert run("validate").code == 0


def test_inside_the_source_checkout_the_modeline_points_at_the_source_tree(run, tmp_path, monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    r = run("new", "model", "zz-checkout-test", "--dir", str(tmp_path))
    assert r.code == 0, r
    first = (tmp_path / "zz-checkout-test.yaml").read_text().splitlines()[0]
    assert (tmp_path / first.split("=", 1)[1]).resolve() == (ROOT / "openness" / "schemas" / "model.schema.json").resolve()


def test_schema_write_never_overwrites_without_force(run, tmp_path):
    folder = tmp_path / "s"
    assert run("schema", "--write", str(folder)).code == 0
    (folder / "rubric.schema.json").write_text("mine")
    r = run("schema", "--write", str(folder))
    assert r.code == 2 and "not overwriting" in r.err
    assert (folder / "rubric.schema.json").read_text() == "mine"
    assert run("schema", "--write", str(folder), "--force").code == 0
    assert (folder / "rubric.schema.json").read_text() == schemas.path("rubric").read_text()


def test_new_refuses_to_overwrite_and_keeps_the_file(run, tmp_path):
    target = tmp_path / "x.yaml"
    target.write_text("mine\n")
    r = run("new", "model", "x", "--dir", str(tmp_path))
    assert r.code == 2 and "not overwriting" in r.err
    assert target.read_text() == "mine\n"
    assert run("new", "model", "x", "--dir", str(tmp_path), "--force").code == 0
    assert target.read_text() != "mine\n"


def test_a_new_model_and_rubric_score_together(run, tmp_path):
    run("new", "model", "mine", "--dir", str(tmp_path / "cat" / "models"))
    run("new", "rubric", "myrubric", "--dir", str(tmp_path / "rub"))
    r = run("compare", "mine", "llama-2", "--catalog", str(tmp_path / "cat"), "--rubrics", str(tmp_path / "rub"), "--rubric", "myrubric", "--format", "csv")
    assert r.code == 0, r
    assert r.out.splitlines()[1:] == ["1,Llama 2,80.0,80.0,A,0", "2,mine,unknown,0.0,C,1"]


def test_bad_ids_are_usage_errors(run, tmp_path):
    assert run("new", "model", "Bad ID", "--dir", str(tmp_path)).code == 2
