"""The result cache: a replay prints exactly what a run prints, and any change to an input,
the code, the environment or the terminal means a run."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import textwrap
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
        entry = resultcache.unseal(path.read_bytes())
        assert resultcache.unchanged(entry)
        recorded = {Path(f).as_posix(): i for i, (f, _real, _st, _d) in enumerate(entry["files"])}
        import attr
        import openness.comparison

        for module in (openness.comparison, attr):
            name = Path(module.__file__).resolve().as_posix()
            assert name in recorded, name
            i = recorded[name]
            f, real, st, digest = entry["files"][i]

            def still(row, started, i=i):
                files = list(entry["files"])
                files[i] = row
                return resultcache.unchanged({**entry, "files": files, "started": started})

            long_after = st[1] + 10 * resultcache.RACY_NS
            other = (st[0] + 1, *st[1:])
            assert still((f, real, other, digest), long_after)  # touched: the same bytes
            assert not still((f, real, other, "0" * 64), long_after)  # edited
            assert not still((f, real, st, "0" * 64), st[1] + 1)  # edited just after its times were taken
            assert not still((f, real + ".elsewhere", st, digest), long_after)  # reached through another link
        assert not any("/__pycache__/" in f for f, _real, _st, _d in entry["files"])


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
    assert resultcache.unseal(entry.read_bytes())["out"] == good.stdout  # recorded afresh


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


# ------------------------------------------- what an adversarial review found, kept fixed

NOTES_QUOTE = "The model weights are published openly"


def _cites_notes(cat: Path, mid: str = "toy") -> Path:
    """A model in ``cat`` quoting ``notes/dev.txt`` (resolved against the catalog folders)."""
    text = model_yaml(mid).replace("source: seeds/001_a64b63d8ec4e31ef.txt", "source: notes/dev.txt").replace(
        "Meta's LLAMA 2 comes in three different sizes (7 billion, 13 billion, and 70 billion parameters).", NOTES_QUOTE
    )
    return write(cat / "models" / f"{mid}.yaml", text)


def _agrees(cache: Path, *argv: str, cwd: Path = ROOT, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run through the caches and fresh; they must print the same and exit the same."""
    cached = _openness(cache, *argv, cwd=cwd, env=_env(cache, **(extra or {})))
    fresh = _openness(cache, *argv, cwd=cwd, env=_env(cache, OPENNESS_NO_CACHE="1", **(extra or {})))
    assert (cached.returncode, cached.stdout, cached.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)
    return cached


def _aged(*paths: Path) -> None:
    for p in paths:
        for q in [p, *p.rglob("*")] if p.is_dir() else [p]:
            st = q.lstat()
            os.utime(q, ns=(st.st_atime_ns, st.st_mtime_ns - 10**10), follow_symlinks=False)
    time.sleep(2 * resultcache.SETTLE_NS / 1e9)  # the change times are now; let them settle


@pytest.mark.slow
@pytest.mark.parametrize("only_documents", [False, True], ids=["results", "documents"])
def test_a_source_that_now_resolves_elsewhere_is_checked_again(tmp_path, only_documents):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    _cites_notes(second)
    write(second / "notes" / "dev.txt", NOTES_QUOTE + " for everyone.\n")
    time.sleep(resultcache.SETTLE_NS / 1e9)
    argv = ("show", "toy", "--catalog", str(first), "--catalog", str(second))
    extra = {"OPENNESS_NO_RESULT_CACHE": "1"} if only_documents else {}
    assert _agrees(tmp_path / "cache", *argv, extra=extra).returncode == 0
    write(first / "notes" / "dev.txt", "Something else entirely.\n")  # an earlier root now has the file
    assert _agrees(tmp_path / "cache", *argv, extra=extra).returncode == 1


@pytest.mark.slow
@pytest.mark.parametrize("only_documents", [False, True], ids=["results", "documents"])
def test_a_link_pointed_at_an_identical_copy_is_seen(tmp_path, only_documents):
    work = tmp_path / "work"
    _cites_notes(work / "v1")
    write(work / "v1" / "notes" / "dev.txt", NOTES_QUOTE + ".\n")
    shutil.copytree(work / "v1", work / "v2")
    (work / "cat").symlink_to("v1")
    _aged(work)
    extra = {"OPENNESS_NO_RESULT_CACHE": "1"} if only_documents else {}
    argv = ("show", "toy", "--catalog", "cat")
    assert b"v1" in _agrees(tmp_path / "cache", *argv, cwd=work, extra=extra).stdout
    (work / "cat").unlink()
    (work / "cat").symlink_to("v2")
    assert b"v2" in _agrees(tmp_path / "cache", *argv, cwd=work, extra=extra).stdout
    # an evidence file swapped for a link that leads outside the catalog: a finding, not a replay
    outside = write(tmp_path / "outside" / "dev.txt", NOTES_QUOTE + ".\n")
    (work / "v2" / "notes" / "dev.txt").unlink()
    (work / "v2" / "notes" / "dev.txt").symlink_to(outside)
    assert _agrees(tmp_path / "cache", *argv, cwd=work, extra=extra).returncode == 1


@pytest.mark.slow
def test_dot_dot_after_a_link_is_resolved_by_the_file_system(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "deep").mkdir(parents=True)
    toy = write(elsewhere / "cat" / "models" / "toy.yaml", model_yaml("toy"))
    work = tmp_path / "work"
    work.mkdir()
    (work / "link").symlink_to(elsewhere / "deep")
    _aged(elsewhere)
    argv = ("list", "models", "--catalog", "link/../cat")
    assert b"Toy toy" in _agrees(tmp_path / "cache", *argv, cwd=work).stdout
    toy.write_text(toy.read_text().replace("name: Toy toy", "name: Toy edited"))
    assert b"Toy edited" in _agrees(tmp_path / "cache", *argv, cwd=work).stdout


@pytest.mark.slow
def test_a_cache_folder_inside_the_catalog_hides_nothing(tmp_path):
    cat = tmp_path / "cat"
    toy = write(cat / "models" / "toy.yaml", model_yaml("toy"))
    _aged(cat)
    argv = ("list", "models", "--catalog", str(cat))
    assert b"Toy toy" in _agrees(cat, *argv).stdout
    assert b"Toy toy" in _agrees(cat, *argv).stdout
    toy.write_text(toy.read_text().replace("name: Toy toy", "name: Toy edited"))
    assert b"Toy edited" in _agrees(cat, *argv).stdout


def _recorded(cache: Path, argv: list[str], command) -> bool:
    """Run ``command`` under a recorder, in-process; whether it left an entry."""
    with mock.patch.dict(os.environ, {"OPENNESS_CACHE_DIR": str(cache)}), _captured():
        os.environ.pop("OPENNESS_NO_CACHE", None)
        recorder = resultcache.recorder(argv)
        assert recorder is not None
        assert recorder.run(command) == 0
    return bool(_entries(cache))


def test_a_file_changed_while_the_command_ran_is_not_recorded(tmp_path):
    cat = tmp_path / "cat"
    toy = write(cat / "models" / "toy.yaml", model_yaml("toy"))
    _aged(cat)
    argv = ["list", "models", "--catalog", str(cat)]

    edited = write(tmp_path / "edited.yaml", toy.read_text().replace("name: Toy toy", "name: Toy yot"))
    os.utime(edited, ns=(toy.stat().st_atime_ns, toy.stat().st_mtime_ns))

    def run_then_edit(out, err):
        code = cli.run(argv, out, err)
        # another process (an editor, a checkout) writes new bytes of the same size and time
        subprocess.run(["cp", "-p", str(edited), str(toy)], check=True)
        return code

    assert _recorded(tmp_path / "control", argv, lambda out, err: cli.run(argv, out, err))  # a run is
    assert not _recorded(tmp_path / "cache", argv, run_then_edit)  # but not this one


@pytest.mark.slow
def test_a_damaged_entry_is_never_replayed(tmp_path):
    argv = ("facts",)
    good = _agrees(tmp_path, *argv)
    (entry,) = _entries(tmp_path)
    blob = bytearray(entry.read_bytes())
    blob[len(blob) // 2] ^= 0x10  # one bit, in the recorded output or the inputs
    entry.write_bytes(bytes(blob))
    assert resultcache.unseal(bytes(blob)) is None
    assert _agrees(tmp_path, *argv).stdout == good.stdout


def test_an_entry_of_the_wrong_shape_is_a_miss_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENNESS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("OPENNESS_NO_CACHE", raising=False)
    argv = ["facts"]
    with _captured():
        k = resultcache.key(argv)
        folder = Path(resultcache._folder(str(tmp_path)))
        folder.mkdir(parents=True)
        good = {"key": k, "started": 0, "files": [], "dirs": [], "code": 0, "out": b"x\n", "err": b""}
        target = Path(resultcache._entry_path(str(folder), k))
        for bad in ({"files": [(1, 2, 3, 4)]}, {"files": [("/x", "/x", (1, 2), None)]}, {"dirs": [("/", "/", "names")]}, {"code": None}, {"out": "x"}, {"started": "0"}):
            target.write_bytes(resultcache.seal({**good, **bad}))
            assert resultcache.replay(argv) is None, bad
        target.write_bytes(resultcache.seal(good))
        assert resultcache.replay(argv) == 0


def test_the_import_path_is_part_of_the_key(monkeypatch):
    base = resultcache.key(["compare"])
    monkeypatch.setattr(sys, "path", ["/another/checkout", *sys.path])
    assert resultcache.key(["compare"]) != base


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_replay_that_cannot_write_says_so_like_a_run(tmp_path):
    _openness(tmp_path, "facts")
    with open("/dev/full", "wb") as full:
        replay = subprocess.run([sys.executable, "-m", "openness", "facts"], stdout=full, stderr=subprocess.PIPE, env=_env(tmp_path), cwd=ROOT, timeout=120)
        fresh = subprocess.run([sys.executable, "-m", "openness", "facts"], stdout=full, stderr=subprocess.PIPE, env=_env(tmp_path, OPENNESS_NO_CACHE="1"), cwd=ROOT, timeout=120)
    assert replay.returncode == fresh.returncode == 2  # the environment's, not a bug (issue 13)
    assert replay.stderr == fresh.stderr == b"openness: error: cannot write standard output: No space left on device\n"
    assert b"Traceback" not in replay.stderr


# ------------------------------------------------------- and what a second review found


@pytest.mark.slow
def test_a_renamed_link_to_a_model_is_checked_again(tmp_path):
    store = write(tmp_path / "store" / "toy.yaml", model_yaml("toy"))
    (tmp_path / "cat" / "models").mkdir(parents=True)
    (tmp_path / "cat" / "models" / "toy.yaml").symlink_to(store)
    _aged(tmp_path / "store", tmp_path / "cat")
    for extra in ({}, {"OPENNESS_NO_RESULT_CACHE": "1"}):
        assert _agrees(tmp_path / "cache", "validate", "cat", cwd=tmp_path, extra=extra).returncode == 0
    (tmp_path / "cat" / "models" / "toy.yaml").rename(tmp_path / "cat" / "models" / "toy2.yaml")
    for extra in ({}, {"OPENNESS_NO_RESULT_CACHE": "1"}):
        renamed = _agrees(tmp_path / "cache", "validate", "cat", cwd=tmp_path, extra=extra)
        assert renamed.returncode == 1
        assert b"id-filename" in renamed.stdout + renamed.stderr


@pytest.mark.slow
def test_a_dangling_link_whose_target_appears_is_seen(tmp_path):
    write(tmp_path / "d" / "toy.yaml", model_yaml("toy"))
    (tmp_path / "t").mkdir()
    (tmp_path / "d" / "later.yaml").symlink_to(tmp_path / "t" / "later.yaml")
    _aged(tmp_path / "d", tmp_path / "t")
    dangling = _agrees(tmp_path / "cache", "validate", "d", cwd=tmp_path)
    assert dangling.returncode == 1 and b"[io]" in dangling.stdout  # a broken link is a finding (issue 13)
    (tmp_path / "t" / "later.yaml").write_text("id: later\nname: [oops\n")
    appeared = _agrees(tmp_path / "cache", "validate", "d", cwd=tmp_path)
    assert appeared.returncode == 1 and b"[yaml-syntax]" in appeared.stdout and b"[io]" not in appeared.stdout


@pytest.mark.slow
def test_a_missing_path_looked_for_through_a_link_that_is_repointed(tmp_path):
    first, second = tmp_path / "A", tmp_path / "B"
    (first / "models").mkdir(parents=True)
    (first / "inside").mkdir()
    (tmp_path / "outside").mkdir()
    (first / "notes").symlink_to("inside")  # notes/dev.txt is looked for here first, and missing
    _cites_notes(second)
    write(second / "notes" / "dev.txt", NOTES_QUOTE + ".\n")
    _aged(first, second)
    argv = ("show", "toy", "--catalog", str(first), "--catalog", str(second))
    assert _agrees(tmp_path / "cache", *argv).returncode == 0
    (first / "notes").unlink()
    (first / "notes").symlink_to(tmp_path / "outside")  # still missing there, but now outside
    assert _agrees(tmp_path / "cache", *argv).returncode == 1


def test_a_folder_changed_while_the_command_ran_is_not_recorded(tmp_path):
    cat = tmp_path / "cat"
    write(cat / "models" / "toy.yaml", model_yaml("toy"))
    later = write(tmp_path / "later.yaml", model_yaml("later"))
    _aged(cat, later)
    argv = ["list", "models", "--catalog", str(cat)]

    def run_then_add(out, err):
        code = cli.run(argv, out, err)
        # another process adds an old file to the folder while the command runs
        subprocess.run(["cp", "-p", str(later), str(cat / "models" / "later.yaml")], check=True)
        return code

    assert _recorded(tmp_path / "control", argv, lambda out, err: cli.run(argv, out, err))
    assert not _recorded(tmp_path / "cache", argv, run_then_add)


@pytest.mark.slow
def test_a_folder_name_that_is_not_utf8(tmp_path):
    bad = os.fsencode(tmp_path) + b"/bad\xffdir"
    os.makedirs(os.path.join(bad, b"models"))
    with open(os.path.join(bad, b"models", b"toy.yaml"), "w") as fh:
        fh.write(textwrap.dedent(model_yaml("toy")))
    assert _agrees(tmp_path / "cache", "list", "models", "--catalog", os.fsdecode(bad)).returncode == 0
    assert _agrees(tmp_path / "cache", "list", "models", "--catalog", os.fsdecode(bad)).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_named_on_the_command_line_is_not_read(tmp_path):
    argv = ("check", "mistral-7b", "--commercial", "--field-of-use", "/dev/zero")
    _agrees(tmp_path, *argv)
    assert _entries(tmp_path) == []


@pytest.mark.slow
def test_standard_output_closed(tmp_path):
    for env in (_env(tmp_path), _env(tmp_path, OPENNESS_NO_CACHE="1")):
        proc = subprocess.run([sys.executable, "-m", "openness", "list"], capture_output=False, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, cwd=ROOT, timeout=120, preexec_fn=lambda: os.close(1))
        assert b"Traceback" not in proc.stderr


@pytest.mark.slow
def test_a_kind_folder_created_in_a_catalog_folder_is_seen(tmp_path):
    cat = tmp_path / "cat"
    write(cat / "models" / "toy.yaml", model_yaml("toy"))  # no licenses/ yet
    _aged(cat)
    argv = ("list", "licenses", "--catalog", str(cat))
    assert b"mit2" not in _agrees(tmp_path / "cache", *argv).stdout
    text = (ROOT / "catalog" / "licenses" / "mit.yaml").read_text().replace("\nid: mit\n", "\nid: mit2\n", 1)
    write(cat / "licenses" / "mit2.yaml", text)
    assert b"mit2" in _agrees(tmp_path / "cache", *argv).stdout


def test_every_environment_variable_openness_reads_is_documented_and_in_the_key():
    """A setting that changes output must be part of the key, or a replay would ignore it."""
    import re

    read = set()
    for path in (ROOT / "openness").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        read |= set(re.findall(r"""environ(?:\.get)?[\[(]\s*["']([A-Z_]+)["']""", text))
        read |= set(re.findall(r"""["']([A-Z_]+)["']\s+(?:not\s+)?in\s+os\.environ""", text))
    assert {"NO_COLOR", "OPENNESS_NO_CACHE", "OPENNESS_CACHE_DIR"} <= read
    for name in read:
        assert name in cli.EPILOG, name
        assert name.startswith("OPENNESS_") or name in resultcache._ENV or name == "XDG_CACHE_HOME", name
