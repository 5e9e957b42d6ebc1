"""The result cache: a replay prints exactly what a run prints, and any change to an input,
the code, the environment or the terminal means a run."""

from __future__ import annotations

import io
import marshal
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from openness import cli, resultcache

from conftest import ROOT, model_yaml, write


def _env(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "OPENNESS_NO_CACHE" and k not in resultcache._ENV}
    env.update({"OPENNESS_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT), **extra})
    return env


def _openness(cache: Path, *argv: str, env: dict[str, str] | None = None, flags: tuple[str, ...] = (), cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, *flags, "-m", "openness", *argv], capture_output=True, env=env or _env(cache), cwd=cwd, timeout=120)


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("results-*/*"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [
        ("compare", "--rubric", "articles", "--format", "github"),
        ("compare", "--rubric", "mof", "--rubric", "osaid", "--format", "json"),
        ("check", "llama-2", "--commercial", "--mau", "800M"),
        ("show", "llama-3.1"),
        ("validate",),
    ],
)
def test_a_replay_prints_exactly_what_a_run_prints_without_loading_the_libraries(tmp_path, argv):
    computed = _openness(tmp_path, *argv, env=_env(tmp_path, OPENNESS_NO_CACHE="1"))
    recorded = _openness(tmp_path, *argv)
    assert len(_entries(tmp_path)) == 1, recorded.stderr
    replayed = _openness(tmp_path, *argv, flags=("-X", "importtime"))
    assert computed.returncode in (0, 6)
    assert recorded.returncode == replayed.returncode == computed.returncode
    assert recorded.stdout == replayed.stdout == computed.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in replayed.stderr.decode().splitlines() if line.startswith("import time:")}
    assert "openness.resultcache" in imported
    assert not imported & {"attrs", "yaml", "argparse", "openness.cli", "openness.catalog"}
    assert _openness(tmp_path, *argv).stderr == computed.stderr


@pytest.mark.slow
def test_every_kind_of_change_to_a_catalog_folder_is_seen(tmp_path):
    cat = tmp_path / "cat"
    toy = write(cat / "models" / "toy.yaml", model_yaml("toy"))
    old = toy.stat()
    os.utime(toy, ns=(old.st_atime_ns, old.st_mtime_ns - 10**10))  # old enough to be trusted by its times
    argv = ("compare", "--catalog", str(cat), "--format", "csv")
    cache = tmp_path / "cache"

    def names() -> list[str]:
        proc = _openness(cache, *argv)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == _openness(cache, *argv, env=_env(cache, OPENNESS_NO_CACHE="1")).stdout
        return [line.split(",")[1] for line in proc.stdout.decode().splitlines()[1:] if line.split(",")[1].startswith("Toy")]

    assert names() == ["Toy toy"]
    assert names() == ["Toy toy"]  # replayed
    # the same size and the same modification time: only the content tells
    stamp = toy.stat()
    toy.write_text(toy.read_text().replace("name: Toy toy", "name: Toy yot"))
    os.utime(toy, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert toy.stat().st_size == stamp.st_size
    assert names() == ["Toy yot"]
    write(cat / "models" / "second.yaml", model_yaml("second"))
    assert sorted(names()) == ["Toy second", "Toy yot"]
    (cat / "models" / "second.yaml").unlink()
    assert names() == ["Toy yot"]


@pytest.mark.slow
def test_a_rubric_named_by_path_is_an_input(tmp_path):
    rubric = tmp_path / "mine.yaml"
    rubric.write_text((ROOT / "rubrics" / "articles.yaml").read_text())
    argv = ("compare", "llama-2", "--rubric", str(rubric), "--format", "json")
    cache = tmp_path / "cache"
    first = _openness(cache, *argv)
    assert first.returncode == 0, first.stderr
    assert _openness(cache, *argv).stdout == first.stdout
    text = rubric.read_text()
    assert "weight: 20" in text
    rubric.write_text(text.replace("weight: 20", "weight: 40", 1))
    changed = _openness(cache, *argv)
    assert changed.stdout != first.stdout
    assert changed.stdout == _openness(cache, *argv, env=_env(cache, OPENNESS_NO_CACHE="1")).stdout


def test_the_code_that_ran_is_an_input(tmp_path):
    """Every module the run imported from outside the standard library, openness's own and its
    dependencies', is recorded; a change to any of them means a run."""
    argv = ["compare", "--format", "github"]
    with mock.patch.dict(os.environ, {"OPENNESS_CACHE_DIR": str(tmp_path)}):
        os.environ.pop("OPENNESS_NO_CACHE", None)
        _through_the_cache(argv)
        (path,) = _entries(tmp_path)
        entry = marshal.loads(path.read_bytes())
        assert resultcache.unchanged(entry)
        recorded = {Path(f).as_posix(): i for i, (f, _st, _d) in enumerate(entry["files"])}
        import attr
        import openness.comparison

        for module in (openness.comparison, attr):
            name = Path(module.__file__).resolve().as_posix()
            assert name in recorded, name
            i = recorded[name]
            f, st, digest = entry["files"][i]

            def still(row, started, i=i):
                files = list(entry["files"])
                files[i] = row
                return resultcache.unchanged({**entry, "files": files, "started": started})

            long_after = st[1] + 10 * resultcache.RACY_NS
            assert still((f, (st[0] + 1, st[1], st[2]), digest), long_after)  # touched: the same bytes
            assert not still((f, (st[0] + 1, st[1], st[2]), "0" * 64), long_after)  # edited
            assert not still((f, st, "0" * 64), st[1] + 1)  # edited just after its times were taken
        assert not any("/__pycache__/" in f for f, _st, _d in entry["files"])


@pytest.mark.slow
def test_errors_are_not_recorded_and_a_corrupt_entry_is_ignored(tmp_path):
    bad = _openness(tmp_path, "compare", "--rubric", "no-such-rubric")
    assert bad.returncode == 2
    assert _entries(tmp_path) == []
    good = _openness(tmp_path, "list", "licenses")
    (entry,) = _entries(tmp_path)
    entry.write_bytes(b"\x00 not an entry")
    again = _openness(tmp_path, "list", "licenses")
    assert (again.returncode, again.stdout) == (0, good.stdout)
    assert marshal.loads(entry.read_bytes())["out"] == good.stdout  # recorded afresh


def test_commands_that_write_or_read_a_stream_are_never_replayed(monkeypatch):
    monkeypatch.delenv("OPENNESS_NO_CACHE", raising=False)
    assert resultcache.applies(["compare", "--rubric", "mof"])
    assert resultcache.applies(["score", "llama-2", "--format", "json"])
    for argv in (
        ["report", "--out", "r.html"],
        ["badge", "llama-2"],
        ["new", "model", "x"],
        ["import", "hf-card", "README.md"],
        ["score", "--input", "hub.jsonl"],
        ["score", "--inp", "hub.jsonl"],
        ["score", "-ihub.jsonl"],
        ["score", "--input=hub.jsonl"],
        ["compare", "--help"],
        ["--version"],
        [],
    ):
        assert not resultcache.applies(argv), argv
    monkeypatch.setenv("OPENNESS_NO_CACHE", "1")
    assert not resultcache.applies(["compare"])


class _Terminal(io.StringIO):
    encoding, errors = "utf-8", "strict"

    def isatty(self) -> bool:
        return True


def test_the_environment_and_the_terminal_are_part_of_the_key(monkeypatch):
    for name in ("NO_COLOR", "OPENNESS_NO_CACHE", "OPENNESS_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    base = resultcache.key(["compare"])
    assert base is not None and base == resultcache.key(["compare"])
    assert resultcache.key(["compare", "--format", "csv"]) != base
    monkeypatch.setenv("NO_COLOR", "")
    assert resultcache.key(["compare"]) != base
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("OPENNESS_DEBUG", "1")
    assert resultcache.key(["compare"]) != base
    monkeypatch.delenv("OPENNESS_DEBUG")
    monkeypatch.setattr(sys, "stdout", _Terminal())
    assert resultcache.key(["compare"]) != base


# ----------------------------------------------------------------- in-process property


@contextmanager
def _captured():
    buf = io.BytesIO()
    stream = io.TextIOWrapper(buf, encoding="utf-8", write_through=True)
    with mock.patch.object(sys, "stdout", stream), mock.patch.object(sys, "stderr", io.TextIOWrapper(io.BytesIO(), encoding="utf-8")):
        yield buf


def _through_the_cache(argv: list[str]) -> tuple[int, bytes, bool]:
    with _captured() as buf:
        code = resultcache.replay(argv)
        replayed = code is not None
        if code is None:
            recorder = resultcache.recorder(argv)
            assert recorder is not None
            code = recorder.run(lambda out, err: cli.run(argv, out, err))
        sys.stdout.flush()
        printed = buf.getvalue()
    return code, printed, replayed


def _computed(argv: list[str]) -> tuple[int, bytes]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(argv, out, err)
    return code, out.getvalue().encode("utf-8")


EDITS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.sampled_from(["a", "b", "c"])),
        st.tuples(st.just("remove"), st.sampled_from(["a", "b", "c"])),
        st.tuples(st.just("weights"), st.sampled_from(["a", "b", "c"]), st.sampled_from(["open", "gated", "closed"])),
        st.tuples(st.just("touch"), st.sampled_from(["a", "b", "c"])),
        st.tuples(st.just("run"),),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_a_replay_always_equals_a_fresh_run_whatever_changed_in_between(tmp_path_factory, edits):
    root = tmp_path_factory.mktemp("prop")
    cat = root / "cat"
    (cat / "models").mkdir(parents=True)
    write(cat / "models" / "a.yaml", model_yaml("a"))
    argv = ["compare", "--catalog", str(cat), "--format", "csv"]
    with mock.patch.dict(os.environ, {"OPENNESS_CACHE_DIR": str(root / "cache")}):
        os.environ.pop("OPENNESS_NO_CACHE", None)
        for edit in [("run",), *edits, ("run",), ("run",)]:
            path = cat / "models" / f"{edit[1]}.yaml" if len(edit) > 1 else None
            if edit[0] == "add" and path is not None:
                write(path, model_yaml(edit[1]))
            elif edit[0] == "remove" and path is not None and path.exists() and len(list((cat / "models").iterdir())) > 1:
                path.unlink()
            elif edit[0] == "weights" and path is not None:
                write(path, model_yaml(edit[1], weights=edit[2]))
            elif edit[0] == "touch" and path is not None and path.exists():
                os.utime(path)
            time.sleep(resultcache.SETTLE_NS / 1e9)  # a file changed while a command runs is not recorded
            code, out, replayed = _through_the_cache(argv)
            event(f"replayed: {replayed}")
            assert (code, out) == _computed(argv)
        if code in resultcache.RECORDED_EXITS:  # (a catalog with findings, exit 1, is never recorded)
            assert replayed  # the last run follows a run with no change between
