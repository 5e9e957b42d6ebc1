"""The declared lowest versions are the ones CI tests against (constraints-lowest.txt)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

tomllib = pytest.importorskip("tomllib")


def _lower_bounds(requirements: list[str]) -> dict[str, str]:
    bounds = {}
    for req in requirements:
        m = re.match(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][0-9A-Za-z.]*)", req)
        assert m, f"every dependency declares its lowest supported version: {req!r}"
        bounds[m.group(1).lower()] = m.group(2)
    return bounds


def test_constraints_pin_exactly_the_declared_lowest_versions():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _lower_bounds(project["dependencies"]) | _lower_bounds(project["optional-dependencies"]["test"])
    pinned = {}
    for line in (ROOT / "constraints-lowest.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pinned[name.strip().lower()] = version.strip()
    # a marker-only dependency (e.g. tomli for Python < 3.11) is pinned too when it is declared
    assert {k: v for k, v in declared.items()} == {k: v for k, v in pinned.items() if k in declared}
    assert set(pinned) == set(declared)


def test_ci_runs_the_fast_suite_against_the_lowest_versions():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "constraints-lowest.txt" in ci and '-m "not slow"' in ci
