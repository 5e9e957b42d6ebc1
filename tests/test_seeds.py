"""The seeds are the four articles, unchanged; every passage quoted from them is really there."""

from __future__ import annotations

import hashlib

import pytest

from conftest import ROOT
from openness import checks, sources, yamlio

SEEDS = ROOT / "seeds"


def test_index_lists_every_seed_with_its_hash():
    """The articles are byte for byte as received: each file's sha256 is the one index.yaml
    recorded when it arrived (only files of this repository are needed)."""
    index = yamlio.load(SEEDS / "index.yaml").data
    files = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert sorted(e["file"] for e in index) == files and len(files) == 4
    for entry in index:
        digest = hashlib.sha256((SEEDS / entry["file"]).read_bytes()).hexdigest()
        assert digest == entry["sha256"], entry["file"]
        assert entry["title"] and entry["publication"] and entry["subject"]


def _quoted():
    for folder in ("catalog", "rubrics"):
        for path in sorted((ROOT / folder).rglob("*.yaml")):
            doc = yamlio.load(path)
            for where, node in checks.walk(doc.data):
                if isinstance(node, dict) and str(node.get("source", "")).startswith("seeds/"):
                    yield path.relative_to(ROOT).as_posix(), where, node["source"], node["quote"]


QUOTES = list(_quoted())


def test_there_are_seed_quotes_to_check():
    assert len(QUOTES) >= 30
    assert {q[0] for q in QUOTES if q[0].startswith("rubrics/")}


@pytest.mark.parametrize("file, where, source, quote", QUOTES, ids=[f"{q[0]}:{yamlio.dotted(q[1])}" for q in QUOTES])
def test_every_seed_quote_is_in_its_seed(file, where, source, quote):
    text = sources.normalise((ROOT / source).read_text(encoding="utf-8"))
    assert sources.normalise(quote) in text
