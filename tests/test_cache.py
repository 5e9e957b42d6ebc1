"""The cache of clean documents: a hit gives what a full load gives; any change means a full load."""

from __future__ import annotations

import json

import pytest

import openness
from openness import cache

from conftest import model_yaml, write


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENNESS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / cache.FILE


def _rendered(*dirs):
    cat = openness.load_catalog(*dirs)
    return openness.compare(cat.models, openness.load_rubric("articles")).render("json")


def test_a_cache_hit_gives_the_same_result_as_a_full_load(fresh_cache, monkeypatch):
    first = _rendered()
    assert fresh_cache.is_file()
    entries = json.loads(fresh_cache.read_text())
    assert len(entries) >= 60
    assert _rendered() == first
    monkeypatch.setenv("OPENNESS_NO_CACHE", "1")
    assert _rendered() == first


def test_an_edited_file_is_validated_again(fresh_cache, tmp_path):
    path = write(tmp_path / "cat" / "models" / "toy.yaml", model_yaml())
    openness.load_catalog(tmp_path / "cat")
    path.write_text(path.read_text().replace("weights: {value: open", "weights: {value: opne"))
    with pytest.raises(openness.OpennessError) as exc:
        openness.load_catalog(tmp_path / "cat")
    assert [f.code for f in exc.value.findings] == ["schema-enum"]


def test_a_changed_evidence_source_invalidates_the_entries_that_quote_it(fresh_cache, tmp_path):
    write(tmp_path / "cat" / "notes.txt", "The model weights are published openly for everyone.\n")
    text = model_yaml().replace("source: seeds/001_a64b63d8ec4e31ef.txt", "source: notes.txt").replace(
        "Meta's LLAMA 2 comes in three different sizes (7 billion, 13 billion, and 70 billion parameters).", "The model weights are published openly"
    )
    write(tmp_path / "cat" / "models" / "toy.yaml", text)
    openness.load_catalog(tmp_path / "cat")
    (tmp_path / "cat" / "notes.txt").write_text("Nothing is published.\n")
    with pytest.raises(openness.OpennessError) as exc:
        openness.load_catalog(tmp_path / "cat")
    assert {f.code for f in exc.value.findings} == {"evidence-quote"}


def test_a_corrupt_cache_is_ignored_and_replaced(fresh_cache):
    fresh_cache.parent.mkdir(parents=True)
    fresh_cache.write_text("{not json")
    assert "llama-2" in _rendered()
    assert isinstance(json.loads(fresh_cache.read_text()), dict)


def test_findings_are_never_cached(fresh_cache, tmp_path):
    write(tmp_path / "cat" / "models" / "toy.yaml", model_yaml(weights="opne"))
    for _ in range(2):
        with pytest.raises(openness.OpennessError):
            openness.load_catalog(tmp_path / "cat")


def test_a_change_to_the_checking_code_changes_every_key(monkeypatch):
    before = cache.key(b"id: x\n", "x.yaml", "model")
    monkeypatch.setattr(cache, "_code_digest", lambda: "another version of the checks")
    assert cache.key(b"id: x\n", "x.yaml", "model") != before
