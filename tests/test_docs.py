"""The format documents stay in step with the schemas, and their worked examples validate."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from openness import docgen

DOCS = ROOT / "docs"


@pytest.mark.parametrize("kind, name", sorted(docgen.DOCS.items()))
def test_generated_key_tables_match_the_schemas(kind, name):
    text = (DOCS / name).read_text(encoding="utf-8")
    assert docgen.START in text and docgen.END in text
    assert docgen.refresh(text, kind) == text, "run `python -m openness.docgen`"


def _examples():
    for kind, name in sorted(docgen.DOCS.items()):
        text = (DOCS / name).read_text(encoding="utf-8")
        for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
            if block.startswith("# yaml-language-server") and "\nid: " in block:
                yield kind, name, block


EXAMPLES = list(_examples())


def test_every_format_document_has_a_worked_example():
    assert {k for k, _, _ in EXAMPLES} == set(docgen.DOCS)


@pytest.mark.parametrize("kind, name, block", EXAMPLES, ids=[f"{n}" for _, n, _ in EXAMPLES])
def test_worked_examples_validate(run, tmp_path, kind, name, block):
    folder = {"model": "models", "license": "licenses", "rubric": "rubrics", "usecase": "usecases", "policy": "policies"}[kind]
    ident = re.search(r"^id: (\S+)", block, re.M).group(1)
    path = tmp_path / folder / f"{ident}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(block, encoding="utf-8")
    r = run("validate", str(path))
    assert (r.code, r.out) == (0, "no findings\n"), r


def test_contributing_guide_names_the_checks():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needle in ("openness new", "openness validate", "openness audit", "python3 -m pytest", "--rubrics"):
        assert needle in text
