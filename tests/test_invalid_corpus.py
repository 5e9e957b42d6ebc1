"""Bad input never crashes openness.

Every file under ``tests/data/invalid/`` is wrong in one way; ``tests/data/invalid/expected.yaml``
says which findings ``openness validate`` must print for it.  Each file, validated on its own and
with the whole folder at once, must give exit status 1, print nothing but located findings
(``file:line:col: error: message [code]``) whose messages say what was expected, and include the
listed findings.  The format of ``expected.yaml`` is described at its top.
"""

from __future__ import annotations

import io
import re
import time
import tracemalloc
from pathlib import Path

import pytest

from openness import cli, sources, yamlio
from openness import frozen as attrs
from openness.errors import OpennessError

CORPUS = Path(__file__).resolve().parent / "data" / "invalid"
EXPECTED_FILE = CORPUS / "expected.yaml"
FINDING = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?:error|warning): (?P<message>.*) \[(?P<code>[a-z0-9-]+)\]$")
#: The other lines `validate` may print: a count of findings (on stderr), or that there are none
#: (a clean run, which the exit status then shows up).
OTHER = re.compile(r"^openness: \d+ findings?$|^no findings$")
KINDS = ("models", "licenses", "rubrics")  # the folders the validator infers a file's kind from


def corpus_files() -> list[str]:
    """Every file of the corpus (not expected.yaml, nor .gitattributes)."""
    return sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file() and p != EXPECTED_FILE and not p.name.startswith("."))


EXPECTED: dict[str, list[dict]] = yamlio.load(EXPECTED_FILE).data  # the project's own reader


@attrs.frozen
class Printed:
    file: str  # the corpus path (relative to CORPUS) of the file the finding names, else as printed
    line: int
    column: int
    code: str
    message: str


def corpus_key(shown: str) -> str:
    """The corpus path of a file as a finding names it (relative to the data root, the working
    folder, or absolute)."""
    p = Path(shown)
    for candidate in [p] if p.is_absolute() else [sources.data_root() / p, Path.cwd() / p]:
        try:
            return candidate.resolve().relative_to(CORPUS).as_posix()
        except ValueError:
            continue
    return shown


def validate(*paths: Path) -> tuple[int, list[Printed]]:
    """Run `openness validate PATH...` in-process; check that it printed only located findings."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["validate", *map(str, paths)], out, err)
    text = out.getvalue() + err.getvalue()
    assert "Traceback" not in text and "internal error" not in text, text
    found = []
    for line in text.splitlines():
        m = FINDING.match(line)
        if m is None:
            assert OTHER.match(line), f"not a located finding: {line!r}"
            continue
        f = Printed(corpus_key(m["file"]), int(m["line"]), int(m["column"]), m["code"], m["message"])
        assert f.line >= 1 and f.column >= 1, f"not located: {line!r}"
        found.append(f)
    return code, found


def check_file(rel: str, found: list[Printed]) -> None:
    """The file has findings, each saying what was expected, among them those expected.yaml lists."""
    mine = [f for f in found if f.file == rel]
    assert mine, f"{rel}: no finding"
    for f in mine:
        assert "expected" in f.message, f"{rel}:{f.line}:{f.column}: the message does not say what was expected: {f.message!r}"
    for e in EXPECTED.get(rel) or []:
        hits = [f for f in mine if (f.line, f.column, f.code) == (e["line"], e["column"], e["code"])]
        assert hits, f"{rel}: expected {e['code']} at {e['line']}:{e['column']}; printed {[(f.line, f.column, f.code) for f in mine]}"
        if "says" in e:
            assert any(e["says"] in f.message for f in hits), f"{rel}: expected {e['says']!r} in {[f.message for f in hits]}"


# --------------------------------------------------------------------------- (a) one file at a time


@pytest.mark.parametrize("rel", corpus_files())
def test_each_bad_file_alone_exits_1_with_its_located_findings(rel):
    code, found = validate(CORPUS / rel)
    assert code == 1, found
    assert {f.file for f in found} == {rel}, "validating one file reports on that file only"
    check_file(rel, found)


@pytest.mark.parametrize("relative", [False, True], ids=["absolute path", "relative path"])
def test_a_duplicate_id_beside_the_file_is_found_however_the_file_is_named(relative, monkeypatch):
    path = CORPUS / "models" / "duplicate-id.yaml"
    if relative:
        monkeypatch.chdir(CORPUS)
        path = Path("models") / "duplicate-id.yaml"
    code, found = validate(path)
    assert code == 1, found
    assert [(f.line, f.column, f.code) for f in found] == [(2, 5, "duplicate-id")]


# --------------------------------------------------------------------------- (b) corpus == expected.yaml


def test_every_file_has_expectations_and_every_expectation_a_file():
    files = corpus_files()
    assert len(files) >= 40
    assert set(files) == set(EXPECTED), (
        f"without an entry in expected.yaml: {sorted(set(files) - set(EXPECTED))}; entries without a file: {sorted(set(EXPECTED) - set(files))}"
    )
    for rel, entries in EXPECTED.items():
        assert entries and rel.split("/")[0] in KINDS, rel
        for e in entries:
            assert set(e) <= {"line", "column", "code", "says"} and isinstance(e["code"], str), (rel, e)
            assert isinstance(e["line"], int) and e["line"] >= 1 and isinstance(e["column"], int) and e["column"] >= 1, (rel, e)


def test_no_committed_corpus_file_is_large():
    for rel in corpus_files():
        assert (CORPUS / rel).stat().st_size <= 100 * 1024, rel


# --------------------------------------------------------------------------- (c) the whole folder at once


@pytest.fixture(scope="module")
def folder_run():
    return validate(*(CORPUS / kind for kind in KINDS))  # the corpus, not expected.yaml beside it


def test_the_whole_folder_exits_1_and_prints_only_located_findings(folder_run):
    code, found = folder_run
    assert code == 1
    assert {f.file for f in found} <= set(corpus_files())


@pytest.mark.parametrize("rel", corpus_files())
def test_each_bad_file_has_its_findings_in_a_whole_folder_run(folder_run, rel):
    _, found = folder_run
    check_file(rel, found)


# --------------------------------------------------------------------------- resource limits


def test_a_billion_laughs_document_is_refused_at_once():
    path = CORPUS / "models" / "billion-laughs.yaml"
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(OpennessError) as exc:
            yamlio.load(path)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [f.code for f in exc.value.findings] == ["yaml-anchor"]
    assert elapsed < 0.1, f"took {elapsed:.3f} s"
    assert peak < 5 * 1024 * 1024, f"peak {peak} bytes"
    start = time.perf_counter()
    code, found = validate(path)
    assert code == 1 and [f.code for f in found] == ["yaml-anchor"]
    assert time.perf_counter() - start < 1.0


def test_a_file_over_the_size_cap_is_refused(tmp_path):
    path = tmp_path / "models" / "too-large.yaml"
    path.parent.mkdir()
    with open(path, "w", encoding="utf-8") as fh:  # a valid start, then a note of more than 1 MiB
        fh.write("id: too-large\nname: Too large\nnotes: ")
        fh.write("x" * yamlio.MAX_BYTES + "\n")
    start = time.perf_counter()
    code, found = validate(path)
    assert time.perf_counter() - start < 1.0
    assert code == 1
    assert [(f.line, f.column, f.code) for f in found] == [(1, 1, "yaml-too-large")]
    assert "expected" in found[0].message and "found" in found[0].message and str(yamlio.MAX_BYTES) in found[0].message


def test_the_readme_states_the_corpus_size():
    import ast

    readme = (CORPUS.parents[2] / "README.md").read_text(encoding="utf-8")
    hostile = CORPUS.parents[1] / "test_hostile.py"
    faults = sum(isinstance(n, ast.FunctionDef) and n.name.startswith("test_") for n in ast.parse(hostile.read_text(encoding="utf-8")).body)
    files = len(corpus_files())
    m = re.search(r"(\d+) bad files in `tests/data/invalid/`.*?(\d+) fault tests in `tests/test_hostile.py`.*?(\d+)\s+cases in all", readme, re.S)
    assert m, "the README does not state the corpus size"
    assert (int(m[1]), int(m[2]), int(m[3])) == (files, faults, files + faults)
