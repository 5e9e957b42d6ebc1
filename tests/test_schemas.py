"""The shipped JSON Schemas equal what the vocabulary generates; every shipped file names its schema."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import ROOT
from openness import schemas, vocabulary


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_shipped_schema_matches_the_generator(kind):
    shipped = json.loads(schemas.path(kind).read_text(encoding="utf-8"))
    assert shipped == schemas.build(kind), "run `python -m openness.schemas` to regenerate"
    jsonschema.Draft202012Validator.check_schema(shipped)


def test_unknown_keys_are_errors_everywhere():
    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, node.get("description")
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for kind in schemas.KINDS:
        walk(schemas.build(kind))


def test_every_vocabulary_path_is_in_the_schemas():
    model = schemas.build("model")
    for path in vocabulary.MODEL_FACTS:
        node = model
        for part in path.split("."):
            node = node["properties"][part]
        assert "value" in node["properties"]


@pytest.mark.parametrize(
    "path", sorted(p for p in (ROOT / "catalog").rglob("*.yaml") if p.parent.name != "texts") + sorted((ROOT / "rubrics").glob("*.yaml")), ids=lambda p: p.name
)
def test_shipped_files_start_with_the_schema_line(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    kind = "rubric" if path.parent.name == "rubrics" else path.parent.name[:-1]
    assert first.startswith("# yaml-language-server: $schema=") and first.endswith(f"/openness/schemas/{kind}.schema.json")
    assert (path.parent / first.split("=", 1)[1]).resolve() == schemas.path(kind).resolve()
