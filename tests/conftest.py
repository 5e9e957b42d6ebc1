"""Shared fixtures: the shipped catalog, an in-process CLI runner, temporary catalogs."""

from __future__ import annotations

import atexit
import io
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

# the tests never write to the user's own cache folder, and leave no folder of their own behind
_CACHE = tempfile.mkdtemp(prefix="openness-test-cache-")
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
os.environ["OPENNESS_CACHE_DIR"] = _CACHE

import pytest  # noqa: E402 - after OPENNESS_CACHE_DIR is set

import openness  # noqa: E402
from openness import cli  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def through_the_cache(monkeypatch) -> None:
    """Set the package snapshot aside, its per-file entries and its built catalog both, so that
    the shipped files too go through the document cache under test."""
    from openness import cache

    monkeypatch.setattr(cache, "_snapshot", dict)
    monkeypatch.setattr(cache, "image", lambda allowed: None)


@pytest.fixture(scope="session")
def catalog():
    return openness.load_catalog()


@pytest.fixture(scope="session")
def articles():
    return openness.load_rubric("articles")


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:  # shown by pytest when an assertion fails
        return f"Result(code={self.code}, out={self.out[:2000]!r}, err={self.err[:2000]!r})"


@pytest.fixture
def run():
    """Run the command line in-process: run("compare", "--format", "csv") -> Result."""

    def _run(*argv: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = cli.run(list(argv), out, err)
        return Result(code, out.getvalue(), err.getvalue())

    return _run


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


SEED = "seeds/001_a64b63d8ec4e31ef.txt"
SEED_QUOTE = "Meta's LLAMA 2 comes in three different sizes (7 billion, 13 billion, and 70 billion parameters)."


def model_yaml(mid: str = "toy", license: str = "apache-2.0", weights: str = "open", extra: str = "") -> str:
    return f"""
    id: {mid}
    name: Toy {mid}
    status: {{value: released, evidence: [{{source: {SEED}, quote: "{SEED_QUOTE}"}}]}}
    license: {{value: {license}, evidence: [{{source: {SEED}, quote: "{SEED_QUOTE}"}}]}}
    access:
      weights: {{value: {weights}, evidence: [{{source: {SEED}, quote: "{SEED_QUOTE}"}}]}}
    {extra}
    """
