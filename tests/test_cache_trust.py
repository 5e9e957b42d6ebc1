"""No cache state, whatever its content, changes an answer, hangs a run or reaches another user.

Every command computes its answer; the only cache left keeps clean documents, private to the
user and sealed with a key only that user can read.  These tests run the command in a fresh
process under a timeout and compare it, byte for byte, with a run that uses no cache at all.
"""

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import openness
from conftest import ROOT, through_the_cache
from openness import cache, catalog, cli, rubric, sources

TIMEOUT = 120
ARGV = ("compare", "--rubric", "articles", "--format", "json")


def _env(cache_dir: Path | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENNESS_")}
    env["PYTHONPATH"] = str(ROOT)
    if cache_dir is not None:
        env["OPENNESS_CACHE_DIR"] = str(cache_dir)
    env.update(extra)
    return env


#: The command, with the package's snapshot of the shipped files set aside, so that every
#: shipped file goes through the cache under test.
NO_SNAPSHOT = "import sys; from openness import snapshot; snapshot.PATH = snapshot.PATH.with_name('absent'); from openness.cli import main; main()"


def _openness(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[bytes]:
    """A run in a fresh process; a hang fails the test (TimeoutExpired) instead of blocking it."""
    return subprocess.run([sys.executable, "-c", NO_SNAPSHOT, *argv], capture_output=True, env=env, cwd=ROOT, timeout=TIMEOUT)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """What the command prints with no cache at all."""
    proc = _openness(_env(None, OPENNESS_NO_CACHE="1"), *ARGV)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture
def warm(tmp_path):
    """A cache folder filled by one run: (folder, its entry folder, its key)."""
    home = tmp_path / "cache"
    assert _openness(_env(home), *ARGV).returncode == 0
    return home, home / cache.FOLDER, (home / cache.KEY_FILE).read_bytes()


def _entry_of(folder: Path, secret: bytes, ident: str) -> Path:
    for path in folder.glob("*" + cache.SUFFIX):
        entry = cache.unseal(path.read_bytes(), secret)
        if entry is not None and entry["data"].get("id") == ident:
            return path
    raise AssertionError(f"no entry for {ident}")


def _forged(path: Path, secret: bytes) -> bytes:
    """The entry at ``path`` with the model renamed, sealed with ``secret``."""
    entry = cache.unseal(path.read_bytes(), (path.parent.parent / cache.KEY_FILE).read_bytes())
    entry["data"]["name"] = "FORGED"
    return cache.seal(entry, secret)


def _same(home: Path, fresh: bytes) -> None:
    proc = _openness(_env(home), *ARGV)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == fresh
    assert b"FORGED" not in proc.stdout


# ------------------------------------------------------------ a hit is what a fresh run gives


def _shipped_files() -> list[tuple[str, Path]]:
    files = [("catalog", p) for p in catalog.catalog_files(sources.shipped("catalog"))]
    files += [("rubric", p) for p in rubric.available().values()]
    assert len(files) >= 40
    return files


def _read(kind: str, path: Path) -> str:
    """One shipped file read as a library call reads it; its record as text (every field)."""
    roots = (sources.data_root(), sources.shipped("catalog"), sources.shipped("rubrics"))
    if kind == "catalog":
        item, found = catalog.read_file(path, path.parent.parent, roots)
        assert not found
        return repr(item.record)
    record, found = rubric.read_rubric(path, roots)
    assert not found
    return repr(record)


def test_a_cache_hit_gives_byte_identical_records_for_every_shipped_file(tmp_path, monkeypatch):
    through_the_cache(monkeypatch)  # the shipped files too go through the cache
    files = _shipped_files()
    monkeypatch.setenv("OPENNESS_NO_CACHE", "1")
    without = {path: _read(kind, path) for kind, path in files}
    monkeypatch.delenv("OPENNESS_NO_CACHE")
    monkeypatch.setenv("OPENNESS_CACHE_DIR", str(tmp_path / "cache"))
    first = {path: _read(kind, path) for kind, path in files}
    cache.store().save()
    monkeypatch.setattr(cache, "_STORE", None)  # as in a new run: entries come from the files
    from openness import yamlio

    def refuse(*args, **kwargs):
        raise AssertionError("a document was parsed although its entry is cached")

    monkeypatch.setattr(yamlio, "loads", refuse)
    hit = {path: _read(kind, path) for kind, path in files}
    assert len(list((tmp_path / "cache" / cache.FOLDER).glob("*" + cache.SUFFIX))) == len(files)
    for _, path in files:
        assert first[path] == without[path], path
        assert hit[path] == without[path], path


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("snapshot", [False, True])
def test_every_shipped_rubric_prints_the_same_from_a_hit(tmp_path, monkeypatch, snapshot):
    if not snapshot:
        through_the_cache(monkeypatch)  # the shipped files too go through the cache
    cat = openness.load_catalog()
    commands = [("compare", "--rubric", name, "--format", "json") for name in rubric.available()]
    commands += [("show", m.id, "--format", "json") for m in cat.models[:: max(1, len(cat.models) // 4)]]
    commands += [("list", "models"), ("list", "licenses"), ("validate",)]
    monkeypatch.setenv("OPENNESS_NO_CACHE", "1")
    without = [_cli(*argv) for argv in commands]
    monkeypatch.delenv("OPENNESS_NO_CACHE")
    monkeypatch.setenv("OPENNESS_CACHE_DIR", str(tmp_path / "cache"))
    for _ in range(2):  # the first fills the cache, the second reads it
        monkeypatch.setattr(cache, "_STORE", None)
        assert [_cli(*argv) for argv in commands] == without
    assert all(code == 0 for code, _, _ in without)


# ------------------------------------------------------------------------- what is written


def test_the_cache_is_private_and_library_calls_write_nothing_unasked(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in _env(None, HOME=str(home)).items() if k != "XDG_CACHE_HOME"}
    code = "import openness; openness.load_catalog(); openness.load_rubric('articles'); openness.validate()"
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tmp_path, timeout=TIMEOUT)
    assert list(home.iterdir()) == []  # nothing written to the user's home
    assert _openness(env, *ARGV).returncode == 0  # the command uses ~/.cache/openness
    folder = home / ".cache" / "openness"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / cache.FOLDER).stat().st_mode) == 0o700
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert len(files) > 40
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 and p.stat().st_uid == os.geteuid() for p in files)
    assert len((folder / cache.KEY_FILE).read_bytes()) == cache.KEY_BYTES


def test_a_folder_others_may_read_is_made_private(tmp_path, fresh):
    home = tmp_path / "cache"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    _same(home, fresh)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


# -------------------------------------------------------------------------------- faults


@pytest.mark.slow
def test_a_forged_entry_is_a_miss(warm, fresh):
    home, folder, secret = warm
    target = _entry_of(folder, secret, "llama-2")
    genuine = target.read_bytes()
    target.write_bytes(_forged(target, b"\x00" * cache.KEY_BYTES))  # sealed without knowing the key
    _same(home, fresh)
    assert target.read_bytes() == genuine  # written again, sealed with the key
    # the sealed form of the same lie, under the old unkeyed checksum, is a miss too
    import marshal
    import zlib

    entry = cache.unseal(genuine, secret)
    entry["data"]["name"] = "FORGED"
    payload = marshal.dumps(entry)
    target.write_bytes(cache.MAGIC + zlib.crc32(payload).to_bytes(4, "big") + zlib.adler32(payload).to_bytes(4, "big") + payload)
    _same(home, fresh)
    # and the test can fail: with the key, the same forgery would be believed
    target.write_bytes(_forged(target, secret))
    assert b"FORGED" in _openness(_env(home), *ARGV).stdout


@pytest.mark.slow
def test_a_fifo_in_place_of_an_entry_or_the_key_is_a_miss_not_a_hang(warm, fresh):
    home, folder, secret = warm
    entries = sorted(folder.glob("*" + cache.SUFFIX))
    for path in entries[:5]:
        path.unlink()
        os.mkfifo(path)
    _same(home, fresh)
    (home / cache.KEY_FILE).unlink()
    os.mkfifo(home / cache.KEY_FILE)
    _same(home, fresh)
    assert stat.S_ISFIFO(os.lstat(home / cache.KEY_FILE).st_mode)  # not used, not replaced


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_in_place_of_an_entry_or_the_key_is_a_miss(warm, fresh, tmp_path):
    home, folder, secret = warm
    target = _entry_of(folder, secret, "llama-2")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(_forged(target, secret))  # even a well-sealed file is not read through a link
    target.unlink()
    target.symlink_to(elsewhere)
    others = sorted(folder.glob("*" + cache.SUFFIX))[:3]
    for path in others:
        if path != target:
            path.unlink()
            path.symlink_to("/dev/zero")
    _same(home, fresh)
    (home / cache.KEY_FILE).rename(tmp_path / "key")
    (home / cache.KEY_FILE).symlink_to(tmp_path / "key")
    target.unlink()
    target.symlink_to(elsewhere)
    _same(home, fresh)


@pytest.mark.slow
def test_a_folder_others_can_write_is_not_used_at_all(warm, fresh):
    home, folder, secret = warm
    target = _entry_of(folder, secret, "llama-2")
    target.write_bytes(_forged(target, secret))  # what someone could plant in a shared folder
    before = sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir())
    for mode in (0o777, 0o770, 0o722):
        home.chmod(mode)
        _same(home, fresh)
        assert sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()) == before  # nothing written
    home.chmod(0o700)
    folder.chmod(0o777)  # the entry folder alike
    _same(home, fresh)


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the folder to another user")
def test_a_folder_owned_by_another_user_is_not_used_at_all(warm, fresh):
    home, folder, secret = warm
    target = _entry_of(folder, secret, "llama-2")
    target.write_bytes(_forged(target, secret))
    before = sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir())
    os.chown(home, 54321, -1)
    _same(home, fresh)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()) == before
    os.chown(home, os.geteuid(), -1)
    os.chown(target, 54321, -1)  # one entry someone else owns
    _same(home, fresh)


def test_a_folder_owned_by_another_user_is_not_read_or_written(tmp_path, monkeypatch):
    """The same, in-process, for any user: the ownership check sees another owner."""
    through_the_cache(monkeypatch)  # the shipped files too go through the cache
    monkeypatch.setenv("OPENNESS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_STORE", None)
    first = _cli(*ARGV)
    entries = sorted((tmp_path / "cache" / cache.FOLDER).iterdir())
    assert entries
    monkeypatch.setattr(cache.os, "geteuid", lambda: os.getuid() + 4242)
    monkeypatch.setattr(cache, "_STORE", None)
    opened = []
    real_read = cache._read_private
    monkeypatch.setattr(cache, "_read_private", lambda *a, **k: opened.append(a) or real_read(*a, **k))
    for path in entries:
        path.unlink()  # had the folder been used, the run would write them again
    assert _cli(*ARGV) == first
    assert opened == [] and list((tmp_path / "cache" / cache.FOLDER).iterdir()) == []


def test_entries_others_may_read_or_a_damaged_key_are_misses(tmp_path, monkeypatch):
    through_the_cache(monkeypatch)  # the shipped files too go through the cache
    monkeypatch.setenv("OPENNESS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_STORE", None)
    first = _cli(*ARGV)
    folder = tmp_path / "cache" / cache.FOLDER
    for path in folder.iterdir():
        path.chmod(0o644)
    monkeypatch.setattr(cache, "_STORE", None)
    store = cache.store()
    assert all(store._read(p.name[: -len(cache.SUFFIX)]) is None for p in folder.iterdir())
    assert _cli(*ARGV) == first
    (tmp_path / "cache" / cache.KEY_FILE).write_bytes(b"short")
    monkeypatch.setattr(cache, "_STORE", None)
    assert cache.store()._open(create=True) is None
    assert _cli(*ARGV) == first


# ---------------------------------------------------------------------- the command itself


def test_every_environment_variable_openness_reads_is_documented():
    read = set()
    for path in (ROOT / "openness").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        read |= set(re.findall(r"""environ(?:\.get)?[\[(]\s*["']([A-Z_]+)["']""", text))
        read |= set(re.findall(r"""["']([A-Z_]+)["']\s+(?:not\s+)?in\s+os\.environ""", text))
    assert {"NO_COLOR", "OPENNESS_NO_CACHE", "OPENNESS_CACHE_DIR"} <= read
    for name in read:
        assert name in cli.EPILOG, name
    assert "OPENNESS_NO_RESULT_CACHE" not in cli.EPILOG


def test_the_command_and_python_m_run_the_same_entry_point():
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["openness"] == "openness.cli:main"
    assert "from openness.cli import main" in (ROOT / "openness" / "__main__.py").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_one_line_not_a_traceback(tmp_path):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "openness", "list"], stdout=full, stderr=subprocess.PIPE, env=_env(tmp_path), cwd=ROOT, timeout=TIMEOUT)
    assert proc.returncode != 0
    assert b"Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1


@pytest.mark.slow
def test_a_closed_pipe_or_closed_output_is_no_error(tmp_path):
    proc = subprocess.run(f"{sys.executable} -m openness compare | head -c 10", shell=True, capture_output=True, env=_env(tmp_path), cwd=ROOT, timeout=TIMEOUT)
    assert b"Traceback" not in proc.stderr and proc.stderr == b""
    proc = subprocess.run(
        [sys.executable, "-m", "openness", "list"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=_env(tmp_path),
        cwd=ROOT,
        timeout=TIMEOUT,
        preexec_fn=lambda: os.close(1),
    )
    assert b"Traceback" not in proc.stderr


# ------------------------------------------------------------------------------ the snapshot


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch):
    """A copy of the shipped data standing in for the package's, with its own snapshot file."""
    import shutil

    from openness import snapshot

    data = tmp_path / "data"
    for name in ("catalog", "rubrics", "seeds"):
        shutil.copytree(ROOT / name, data / name)
    monkeypatch.setattr(sources, "data_root", lambda: data)
    monkeypatch.setenv("OPENNESS_NO_CACHE", "")
    monkeypatch.delenv("OPENNESS_CACHE_DIR")  # a library call: no cache, only the snapshot
    monkeypatch.setattr(cache, "_STORE", None)
    monkeypatch.setattr(snapshot, "PATH", tmp_path / "_snapshot.json")
    snapshot.entries.cache_clear()
    yield data
    snapshot.entries.cache_clear()


def _parses(monkeypatch):
    from openness import yamlio

    parsed = []
    real = yamlio.loads
    monkeypatch.setattr(yamlio, "loads", lambda raw, name="<string>": parsed.append(name) or real(raw, name))
    return parsed


def test_the_snapshot_holds_every_shipped_file_and_a_hit_is_a_fresh_result(shipped_copy, monkeypatch):
    from openness import snapshot

    assert snapshot.main(["--out", str(snapshot.PATH)]) == 0
    snapshot.entries.cache_clear()
    assert len(snapshot.entries()) == len(_shipped_files())
    parsed = _parses(monkeypatch)
    cat = openness.load_catalog()
    table = openness.compare(cat.models, [openness.load_rubric(n) for n in rubric.available()]).render("json")
    assert parsed == []  # every shipped file from the snapshot
    monkeypatch.setenv("OPENNESS_NO_CACHE", "1")
    monkeypatch.setattr(cache, "_STORE", None)
    cat2 = openness.load_catalog()
    assert repr(cat2) == repr(cat)
    assert openness.compare(cat2.models, [openness.load_rubric(n) for n in rubric.available()]).render("json") == table
    assert len(parsed) == len(_shipped_files())


def test_a_file_edited_after_the_snapshot_was_made_is_checked_afresh(shipped_copy, monkeypatch):
    from openness import snapshot

    snapshot.main(["--out", str(snapshot.PATH)])
    snapshot.entries.cache_clear()
    path = shipped_copy / "catalog" / "models" / "llama-2.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nname: ", "\nname: EDITED ", 1), encoding="utf-8")
    parsed = _parses(monkeypatch)
    assert "EDITED" in openness.load_catalog().model("llama-2").name
    assert parsed == ["catalog/models/llama-2.yaml"]
    path.write_text(text.replace("weights:", "weights: {value: opne}\n  old_weights:", 1), encoding="utf-8")
    monkeypatch.setattr(cache, "_STORE", None)
    with pytest.raises(openness.OpennessError):
        openness.load_catalog()
    # a quoted evidence file that changed invalidates the entries that quote it
    path.write_text(text, encoding="utf-8")
    seed = shipped_copy / "seeds" / "001_a64b63d8ec4e31ef.txt"
    seed.write_text("nothing quoted here\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_STORE", None)
    with pytest.raises(openness.OpennessError) as exc:
        openness.load_catalog()
    assert {f.code for f in exc.value.findings} == {"evidence-quote"}


def _per_file(monkeypatch) -> list[str]:
    """The keys of the snapshot's per-file entries looked up from now on."""
    from openness import snapshot

    looked: list[str] = []
    real = snapshot.Entries.get
    monkeypatch.setattr(snapshot.Entries, "get", lambda self, k, default=None: looked.append(k) or real(self, k, default))
    return looked


def test_the_built_catalog_is_used_only_for_the_files_code_and_evidence_it_was_built_from(shipped_copy, monkeypatch):
    from openness import snapshot

    assert snapshot.main(["--out", str(snapshot.PATH)]) == 0
    snapshot.entries.cache_clear()
    looked = _per_file(monkeypatch)
    parsed = _parses(monkeypatch)
    built = openness.load_catalog()
    assert looked == [] and parsed == []  # every record from the built catalog
    assert built.version == max(d for r in (*built.models, *built.licenses) if (d := r.newest_read))
    monkeypatch.setenv("OPENNESS_NO_CACHE", "1")
    monkeypatch.setattr(cache, "_STORE", None)
    fresh = openness.load_catalog()
    assert repr(fresh) == repr(built) and fresh.version == built.version
    assert [(m.license_record, m.component_licenses) for m in fresh.models] == [(m.license_record, m.component_licenses) for m in built.models]
    assert (fresh.roots, fresh.own_models, fresh.own_licenses, fresh.replaced) == (built.roots, built.own_models, built.own_licenses, built.replaced)
    rubrics = [openness.load_rubric(n) for n in rubric.available()]
    assert openness.compare(built.models, rubrics).render("json") == openness.compare(fresh.models, rubrics).render("json")
    monkeypatch.setenv("OPENNESS_NO_CACHE", "")
    models = shipped_copy / "catalog" / "models"

    def per_file_after(change) -> list[str]:
        monkeypatch.setattr(cache, "_STORE", None)
        undo = change()
        looked.clear()
        try:
            openness.load_catalog()
        except openness.OpennessError:
            pass
        finally:
            undo()
        return list(looked)

    # one more file: every file is read from its own entry (and the new one parsed)
    extra = models / "zz-extra.yaml"

    def add():
        extra.write_bytes((models / "llama-2.yaml").read_bytes().replace(b"id: llama-2\n", b"id: zz-extra\n", 1))
        return extra.unlink

    assert len(per_file_after(add)) == len(catalog.catalog_files(shipped_copy / "catalog")) + 1
    # a file that is a link, a changed evidence file, a changed text snapshot or texts index
    target = models / "llama-2.yaml"

    def link():
        moved = shipped_copy / "llama-2.yaml"
        target.rename(moved)
        target.symlink_to(moved)
        return lambda: (target.unlink(), moved.rename(target))

    assert per_file_after(link)
    texts = shipped_copy / "catalog" / "texts"
    for evidence in (shipped_copy / "seeds" / "001_a64b63d8ec4e31ef.txt", next(texts.glob("*LICENSE*")), texts / "index.yaml"):
        original = evidence.read_bytes()

        def edit(path=evidence, original=original):
            path.write_bytes(original + b"\n")
            return lambda: path.write_bytes(original)

        assert per_file_after(edit), evidence
    # and with everything as it was, the built catalog again
    monkeypatch.setattr(cache, "_STORE", None)
    looked.clear()
    openness.load_catalog()
    assert looked == []


def test_a_file_written_since_the_last_full_check_is_read_again_whatever_its_size_and_times(shipped_copy, tmp_path, monkeypatch):
    """With a cache folder, a run that found the shipped files matching the built catalog keeps
    their state (inode, size, times); the next run reads and hashes them only if that changed.
    A file rewritten with its old size and modification time has a new change time."""
    from openness import snapshot

    assert snapshot.main(["--out", str(snapshot.PATH)]) == 0
    snapshot.entries.cache_clear()
    monkeypatch.setenv("OPENNESS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(snapshot, "RACY_SECONDS", 0.0)  # the copy was just made
    read: list[str] = []
    real = snapshot._read_file
    monkeypatch.setattr(snapshot, "_read_file", lambda path, follow, limit: read.append(path) or real(path, follow, limit))

    def run() -> str:
        monkeypatch.setattr(cache, "_STORE", None)
        read.clear()
        return openness.compare(openness.load_catalog().models, openness.load_rubric("articles")).render("json")

    first = run()
    assert read  # the first run reads every file and keeps their state
    assert run() == first and read == []  # the second finds them as they were
    path = shipped_copy / "catalog" / "models" / "llama-2.yaml"
    st = path.stat()
    text = path.read_bytes()
    edited = text.replace(b"\nname: Llama 2", b"\nname: Llama 9", 1)
    assert edited != text and len(edited) == len(text)
    path.write_bytes(edited)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # the same size and modification time
    cat = (monkeypatch.setattr(cache, "_STORE", None), openness.load_catalog())[1]
    assert cat.model("llama-2").name.startswith("Llama 9")
    # a forged or damaged state record is not believed
    path.write_bytes(text)
    run()
    folder = tmp_path / "cache" / cache.FOLDER
    (record,) = [p for p in folder.iterdir() if p.name.startswith("catalog-state-")]
    record.write_bytes(record.read_bytes()[:-1] + b"x")
    assert run() == first and read  # read whole again


def test_a_snapshot_naming_anything_but_the_record_classes_is_not_loaded(tmp_path, monkeypatch):
    """Loading a snapshot can't call a function: a file that names one is no snapshot."""
    import pickle

    from openness import snapshot

    marker = tmp_path / "ran"

    class Call:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    for forged in ({"format": snapshot.FORMAT, "texts": Call()}, {"format": snapshot.FORMAT, "catalog": {"records": pickle.dumps([Call()])}}):
        path = tmp_path / "_snapshot.pickle"
        path.write_bytes(pickle.dumps(forged))
        monkeypatch.setattr(snapshot, "PATH", path)
        snapshot._read.cache_clear()
        loaded = snapshot._loaded()
        assert loaded is None or snapshot.catalog_image((sources.data_root(), sources.shipped("catalog"))) is None
        assert not marker.exists()
    with pytest.raises(pickle.UnpicklingError):
        snapshot._unpickle(pickle.dumps(Path("x")), records=True)


def test_a_linked_entry_folder_or_a_device_entry_is_not_used(tmp_path, monkeypatch):
    """In-process: the entry folder is reached without following links; a device is never read."""
    through_the_cache(monkeypatch)  # the shipped files too go through the cache
    monkeypatch.setenv("OPENNESS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_STORE", None)
    first = _cli(*ARGV)
    home = tmp_path / "cache"
    folder = home / cache.FOLDER
    secret = (home / cache.KEY_FILE).read_bytes()
    target = _entry_of(folder, secret, "llama-2")
    target.write_bytes(_forged(target, secret))  # believed if read: the folder must not be
    folder.rename(tmp_path / "elsewhere")
    folder.symlink_to(tmp_path / "elsewhere")
    monkeypatch.setattr(cache, "_STORE", None)
    assert _cli(*ARGV) == first
    folder.unlink()
    (tmp_path / "elsewhere").rename(folder)
    if os.geteuid() == 0:  # only root makes device files
        os.unlink(target)
        os.mknod(target, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero
        monkeypatch.setattr(cache, "_STORE", None)
        assert _cli(*ARGV) == first
        assert stat.S_ISREG(os.lstat(target).st_mode)  # replaced by a real entry


def test_the_shipped_texts_map_comes_from_the_snapshot_only_for_the_bytes_it_was_built_from(monkeypatch):
    from openness import snapshot, snapshots, sources

    index = sources.shipped("catalog") / snapshots.FOLDER / snapshots.INDEX
    raw = index.read_bytes()
    monkeypatch.setenv("OPENNESS_NO_CACHE", "1")
    parsed = snapshots._load_map(index)  # read from the file itself
    assert parsed and snapshot.texts_map(index, raw) == parsed
    assert snapshot.texts_map(index, raw + b"\n# one more line\n") is None
    assert snapshot.texts_map(index.parent / "other.yaml", raw) is None
