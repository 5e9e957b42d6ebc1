"""The README's Python example runs as written, and its commands name real subcommands."""

from __future__ import annotations

import contextlib
import io
import re

from openness.cli import build_parser

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_python_example_runs():
    (block,) = re.findall(r"```python\n(.*?)```", README, re.S)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {})
    text = out.getvalue()
    assert "blocked" in text and "700 million monthly active users" in text and "| Llama 3.1 " in text


def test_every_command_in_the_tour_exists():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    commands = set(sub.choices)
    tour = re.findall(r"^openness ([a-z-]+)", README, re.M)
    assert tour and set(tour) <= commands, set(tour) - commands


def test_the_readme_states_the_catalog_counts():
    import openness

    catalog = openness.load_catalog()
    m = re.search(r"\*\*(\d+) models\*\* and \*\*(\d+) licenses\*\*", README)
    assert m, "the README states how many models and licenses the catalog holds"
    assert (int(m.group(1)), int(m.group(2))) == (len(catalog.models), len(catalog.licenses))
