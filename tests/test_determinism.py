"""Same input, byte-identical output: across runs, across PYTHONHASHSEED values, in every format."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT

FORMATS = ["text", "github", "csv", "tsv", "json", "html", "latex"]


def _run(seed: str, *argv: str) -> bytes:
    # caches off: every run computes its output (a replayed run would trivially match)
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT), "OPENNESS_NO_CACHE": "1"}
    proc = subprocess.run([sys.executable, "-m", "openness", *argv], capture_output=True, env=env, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_compare_is_byte_identical_across_hash_seeds(fmt):
    outputs = {_run(seed, "compare", "--format", fmt) for seed in ("0", "1", "4242")}
    assert len(outputs) == 1


@pytest.mark.slow
@pytest.mark.parametrize("argv", [("show", "llama-2", "--format", "json"), ("explain", "llama-3.1"), ("audit", "--format", "json"), ("list", "licenses")])
def test_other_commands_are_byte_identical_across_hash_seeds(argv):
    assert _run("0", *argv) == _run("99", *argv)


def test_in_process_repeats_are_identical(run):
    first = [run("compare", "--format", f).out for f in FORMATS]
    second = [run("compare", "--format", f).out for f in FORMATS]
    assert first == second
