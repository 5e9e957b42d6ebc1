"""The installed package carries the shipped data: build a wheel, install it fresh, run it elsewhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)], check=True, timeout=600)
    (whl,) = out.glob("openness-*.whl")
    return whl


@pytest.mark.slow
def test_wheel_contains_data_schemas_and_typing_marker(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "openness/_data/rubrics/articles.yaml",
        "openness/_data/catalog/models/llama-2.yaml",
        "openness/_data/catalog/licenses/llama-2-community.yaml",
        "openness/_data/seeds/001_a64b63d8ec4e31ef.txt",
        "openness/_data/seeds/index.yaml",
        "openness/schemas/model.schema.json",
        "openness/py.typed",
    ):
        assert needed in names, needed
    assert not any(n.startswith("tests/") for n in names)


@pytest.mark.slow
def test_wheel_carries_the_license_files_and_declares_every_license(wheel):
    z = zipfile.ZipFile(wheel)
    names = set(z.namelist())
    dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
    for text in sorted((ROOT / "LICENSES").glob("*.txt")):
        assert f"{dist_info}/licenses/LICENSES/{text.name}" in names, text.name
        assert text.stem in z.read(f"{dist_info}/METADATA").decode(), text.stem  # in License-Expression
    assert f"{dist_info}/licenses/LICENSE" in names


@pytest.mark.slow
def test_installed_wheel_compares_from_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run([str(venv / "bin" / "openness"), "compare", "--rubric", "articles", "--format", "github"], cwd=elsewhere, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "| Llama 3.1 " in proc.stdout and "| GPT-4 " in proc.stdout
    where = subprocess.run([str(py), "-c", "from openness import sources; print(sources.data_root())"], cwd=elsewhere, capture_output=True, text=True, check=True)
    assert str(ROOT) not in where.stdout and "site-packages" in where.stdout
    proc = subprocess.run([str(venv / "bin" / "openness"), "validate"], cwd=elsewhere, capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout) == (0, "no findings\n"), proc.stdout + proc.stderr
