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


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory):
    """A fresh virtual environment with the wheel installed (not editable), as `pip install .` does."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=600)
    return venv


@pytest.mark.slow
def test_installed_wheel_compares_from_outside_the_checkout(venv, tmp_path):
    py = venv / "bin" / "python"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run(
        [str(venv / "bin" / "openness"), "compare", "--rubric", "articles", "--format", "github"], cwd=elsewhere, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "| Llama 3.1 " in proc.stdout and "| GPT-4 " in proc.stdout
    where = subprocess.run(
        [str(py), "-c", "from openness import sources; print(sources.data_root())"], cwd=elsewhere, capture_output=True, text=True, check=True
    )
    assert str(ROOT) not in where.stdout and "site-packages" in where.stdout
    proc = subprocess.run([str(venv / "bin" / "openness"), "validate", "--shipped"], cwd=elsewhere, capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout) == (0, "no findings\n"), proc.stdout + proc.stderr
    # the wheel's validated snapshot holds every shipped file under the keys an installation
    # computes (built with the same library versions): a first run parses none of them
    count = (
        "import sys, openness; from openness import yamlio; n = []; real = yamlio.loads\n"
        "yamlio.loads = lambda *a, **k: n.append(1) or real(*a, **k)\n"
        "openness.load_catalog(); [openness.load_rubric(r) for r in ('articles', 'mof')]; print(len(n))"
    )
    parsed = subprocess.run([str(py), "-c", count], cwd=elsewhere, capture_output=True, text=True, check=True, timeout=120)
    assert parsed.stdout.strip() == "0", parsed.stdout + parsed.stderr


@pytest.mark.slow
def test_a_contributor_following_the_docs_after_pip_install(venv, tmp_path):
    """CONTRIBUTING's and the README's steps, run as written against a non-editable install: a
    model and a rubric in a folder of one's own show up in show, compare and validate."""
    import os

    env = {**os.environ, "OPENNESS_CACHE_DIR": str(tmp_path / "cache")}
    mine = tmp_path / "my-openness"
    mine.mkdir()

    def openness(*argv, cwd=mine):
        return subprocess.run([str(venv / "bin" / "openness"), *argv], cwd=cwd, capture_output=True, text=True, timeout=120, env=env)

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    steps = [
        line.split("#")[0].split()
        for line in readme.split("## Adding a model, a license or a rubric", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    ]
    assert [s[:3] for s in steps] == [
        ["openness", "schema", "--write"],
        ["openness", "new", "model"],
        ["openness", "new", "rubric"],
        ["openness", "validate"],
        ["openness", "show", "my-model"],
        ["openness", "compare", "my-model"],
    ]
    results = [openness(*words[1:]) for words in steps]
    for words, proc in zip(steps, results):
        assert proc.returncode == 0, (words, proc.stdout, proc.stderr)
    model = mine / "catalog" / "models" / "my-model.yaml"
    assert model.read_text().splitlines()[0] == "# yaml-language-server: $schema=../../schemas/model.schema.json"
    assert (mine / "schemas" / "model.schema.json").is_file() and "site-packages" not in model.read_text()
    assert results[3].stdout == "no findings\n"
    assert results[4].stdout.startswith("my-model (my-model)")
    assert "my-model" in results[5].stdout and "Llama 2" in results[5].stdout
    # a mistake in one's own file is found by `openness validate` with no argument
    model.write_text(model.read_text().replace("developer: {unknown", "developer: Tiny Org\n# developer: {unknown"))
    broken = openness("validate")
    assert broken.returncode == 1 and broken.stdout.startswith("catalog/models/my-model.yaml:") and "Tiny Org" in broken.stdout
    # a pyproject.toml table finds the folders from anywhere below it
    (mine / "pyproject.toml").write_text('[tool.openness]\ncatalog = ["catalog"]\nrubrics = ["rubrics"]\n')
    model.write_text(model.read_text().replace("developer: Tiny Org\n# ", ""))
    below = mine / "src" / "deep"
    below.mkdir(parents=True)
    assert openness("show", "my-model", cwd=below).returncode == 0
    assert openness("compare", "my-model", "--rubric", "my-rubric", cwd=below).returncode == 0
    assert openness("validate", cwd=below).stdout == "no findings\n"


@pytest.mark.slow
def test_python_m_build_from_a_clean_tree_gives_an_sdist_and_a_wheel_that_work(tmp_path):
    """`python -m build` on the files git tracks (a clean checkout): the wheel it builds from the
    sdist installs into a fresh environment and runs the README's main command, and both carry
    the license files."""
    import os
    import tarfile

    tree = tmp_path / "tree"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        src, dst = ROOT / rel, tree / rel
        if src.is_file() and not src.is_symlink():
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(src.read_bytes())
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(tree)], check=True, capture_output=True, timeout=900)
    (sdist,) = dist.glob("openness-*.tar.gz")
    (whl,) = dist.glob("openness-*.whl")
    with tarfile.open(sdist) as tar:
        names = tar.getnames()
    for needed in ("LICENSE", "LICENSES/CC-BY-4.0.txt", "REUSE.toml", "CHANGELOG.md", "hatch_build.py", "catalog/models/llama-2.yaml"):
        assert any(n.endswith("/" + needed) for n in names), needed
    assert any("licenses/LICENSES/Apache-2.0.txt" in n for n in zipfile.ZipFile(whl).namelist())
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(whl)], check=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "OPENNESS_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run(
        [str(venv / "bin" / "openness"), "compare", "--rubric", "articles", "--format", "github"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0 and "| Llama 3.1 " in proc.stdout, proc.stderr
    version = subprocess.run([str(venv / "bin" / "openness"), "--version"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert version.returncode == 0 and version.stdout.startswith("openness ") and "\ncatalog 20" in version.stdout
