"""The cache of clean documents: a hit gives what a full load gives; any change means a full load."""

from __future__ import annotations

import builtins
import io
import marshal
import os
import sys

import pytest

import openness
from conftest import model_yaml, through_the_cache, write
from openness import cache, yamlio


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """The folder of entry files of an empty cache directory."""
    monkeypatch.setenv("OPENNESS_CACHE_DIR", str(tmp_path / "cache"))
    through_the_cache(monkeypatch)  # the shipped files too go through the cache
    return tmp_path / "cache" / cache.FOLDER


def _rendered(*dirs):
    cat = openness.load_catalog(*dirs)
    return openness.compare(cat.models, openness.load_rubric("articles")).render("json")


def _secret(folder):
    """The key that seals the entries of a cache's entry folder."""
    return (folder.parent / cache.KEY_FILE).read_bytes()


def seal(entry, folder):
    return cache.seal(entry, _secret(folder))


def unseal(blob, folder):
    return cache.unseal(blob, _secret(folder))


def _entries(folder):
    """key -> entry of every entry file in the folder."""
    return {p.name[: -len(cache.SUFFIX)]: unseal(p.read_bytes(), folder) for p in folder.glob("*" + cache.SUFFIX)}


def _no_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a document was parsed although its entry is cached")

    monkeypatch.setattr(yamlio, "loads", refuse)


def test_a_cache_hit_gives_the_same_result_as_a_full_load(fresh_cache, monkeypatch):
    first = _rendered()
    entries = _entries(fresh_cache)
    assert len(entries) >= 60
    assert all(e["key"] == k and cache.plain(e["data"]) for k, e in entries.items())
    with monkeypatch.context() as m:
        _no_parsing(m)
        assert _rendered() == first
    monkeypatch.setenv("OPENNESS_NO_CACHE", "1")
    assert _rendered() == first


def test_an_edited_file_is_validated_again(fresh_cache, tmp_path):
    path = write(tmp_path / "cat" / "models" / "toy.yaml", model_yaml())
    openness.load_catalog(tmp_path / "cat")
    path.write_text(path.read_text().replace("weights: {value: open", "weights: {value: opne"))
    with pytest.raises(openness.OpennessError) as exc:
        openness.load_catalog(tmp_path / "cat")
    assert [f.code for f in exc.value.findings] == ["schema-enum"]


def test_a_changed_evidence_source_invalidates_the_entries_that_quote_it(fresh_cache, tmp_path):
    write(tmp_path / "cat" / "notes.txt", "The model weights are published openly for everyone.\n")
    text = (
        model_yaml()
        .replace("source: seeds/001_a64b63d8ec4e31ef.txt", "source: notes.txt")
        .replace("Meta's LLAMA 2 comes in three different sizes (7 billion, 13 billion, and 70 billion parameters).", "The model weights are published openly")
    )
    write(tmp_path / "cat" / "models" / "toy.yaml", text)
    openness.load_catalog(tmp_path / "cat")
    (tmp_path / "cat" / "notes.txt").write_text("Nothing is published.\n")
    with pytest.raises(openness.OpennessError) as exc:
        openness.load_catalog(tmp_path / "cat")
    assert {f.code for f in exc.value.findings} == {"evidence-quote"}


def test_corrupt_and_truncated_entries_are_ignored_and_replaced(fresh_cache):
    first = _rendered()
    paths = sorted(fresh_cache.glob("*" + cache.SUFFIX))
    blobs = [p.read_bytes() for p in paths]
    damage = [
        blobs[0][: len(blobs[0]) // 2],  # truncated
        b"",  # empty
        b"\xff\x00not marshal at all",  # garbage
        seal([1, 2, 3], fresh_cache),  # the wrong shape
        seal({"key": "another key", "kind": "model", "data": {}, "deps": {}}, fresh_cache),  # another entry's content
        seal({**unseal(blobs[5], fresh_cache), "deps": ["not", "a", "mapping"]}, fresh_cache),
        blobs[6][:-1] + b"\x07",  # one byte changed at the end
        marshal.dumps(unseal(blobs[7], fresh_cache)),  # an entry without its seal
        blobs[8][:-40] + bytes(b ^ 1 for b in blobs[8][-40:]),  # bits flipped inside the data
    ]
    for path, blob in zip(paths, damage):
        path.write_bytes(blob)
    assert _rendered() == first
    for path, blob in zip(paths, blobs):
        assert path.read_bytes() == blob  # written again
    assert _entries(fresh_cache).keys() == {p.name[: -len(cache.SUFFIX)] for p in paths}


def test_findings_are_never_cached(fresh_cache, tmp_path):
    write(tmp_path / "cat" / "models" / "toy.yaml", model_yaml(weights="opne"))
    for _ in range(2):
        with pytest.raises(openness.OpennessError):
            openness.load_catalog(tmp_path / "cat")
    assert not [e for e in _entries(fresh_cache).values() if e["data"].get("id") == "toy"]


def test_only_plain_values_are_cached(fresh_cache):
    store = cache.Store()
    for i, data in enumerate([{"a": (1, 2)}, {"a": {1, 2}}, {1: "x"}, {"a": b"x"}, {"a": type("S", (str,), {})("x")}]):
        store.put(f"{i:064x}", "model", data, [])
    store.put("f" * 64, "model", {"a": [1, 2.5, True, None, {"b": "c"}]}, [])
    store.save()
    assert list(_entries(fresh_cache)) == ["f" * 64]


def test_an_entry_is_a_hit_in_the_same_run_before_it_is_saved(fresh_cache):
    store = cache.Store()
    store.put("a" * 64, "model", {"id": "x"}, [])
    assert store.get("a" * 64)["data"] == {"id": "x"}
    assert not fresh_cache.exists()
    store.save()
    assert cache.Store().get("a" * 64)["data"] == {"id": "x"}


def test_an_unwritable_cache_directory_does_not_fail_a_load(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache directory should be\n")
    monkeypatch.setenv("OPENNESS_CACHE_DIR", str(blocker))
    first = _rendered()
    assert _rendered() == first
    assert blocker.read_text() == "a file where the cache directory should be\n"
    monkeypatch.setenv("OPENNESS_NO_CACHE", "1")
    assert _rendered() == first


def test_the_folder_is_kept_to_max_entries_dropping_the_oldest(fresh_cache, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 10)
    fresh_cache.mkdir(parents=True)
    old = []
    for i in range(10):
        path = fresh_cache / f"{i:064x}{cache.SUFFIX}"
        path.write_bytes(b"stale")
        os.utime(path, ns=(10**18 + i * 10**9, 10**18 + i * 10**9))  # i = 0 is the oldest
        old.append(path.name)
    store = cache.Store()
    for i in range(3):
        store.put(f"{i:064x}".replace("0", "e"), "model", {"id": str(i)}, [])
    store.save()
    left = sorted(p.name for p in fresh_cache.iterdir())
    assert len(left) == 9  # 13 > 10: down to nine tenths of the bound
    assert set(left) & set(old) == set(old[4:])  # the six newest stale files stay, with the three new ones
    assert all(cache.Store().get(f"{i:064x}".replace("0", "e")) for i in range(3))
    store.put("d" * 64, "model", {"id": "d"}, [])
    store.save()
    assert len(list(fresh_cache.iterdir())) == 10  # at the bound, not over it: nothing removed


def test_nothing_is_evicted_below_the_bound_or_when_nothing_was_written(fresh_cache, monkeypatch):
    _rendered()
    count = len(list(fresh_cache.iterdir()))
    monkeypatch.setattr(cache, "MAX_ENTRIES", 5)
    _rendered()  # every entry is a hit: nothing written, nothing removed
    assert len(list(fresh_cache.iterdir())) == count


def test_a_run_reads_only_the_entries_it_asks_for(fresh_cache, monkeypatch):
    first = _rendered()
    junk = {fresh_cache / f"{i:064x}{cache.SUFFIX}": os.urandom(2000) for i in range(300)}
    junk[fresh_cache / ("b" * 64 + ".cpython-3.0-m1.marshal")] = b"another Python's entry"
    junk[fresh_cache / "notes.txt"] = b"not an entry"
    for path, blob in junk.items():
        path.write_bytes(blob)
    asked, opened = set(), []
    real_get = cache.Store.get

    def get(self, k):
        asked.add(k)
        return real_get(self, k)

    def spy(real):
        def spy_open(file, *args, **kwargs):
            if isinstance(file, (str, os.PathLike)) and kwargs.get("dir_fd") is not None:  # the cache reads relative to its open folder
                opened.append(os.fspath(file))
            return real(file, *args, **kwargs)

        return spy_open

    monkeypatch.setattr(cache.Store, "get", get)
    for module, name in ((builtins, "open"), (io, "open"), (os, "open")):
        monkeypatch.setattr(module, name, spy(getattr(module, name)))
    monkeypatch.setattr(cache, "_STORE", None)  # as in a new run
    _no_parsing(monkeypatch)
    assert _rendered() == first
    assert opened and sorted(opened) == sorted([cache.KEY_FILE, cache.FOLDER] + [k + cache.SUFFIX for k in asked])
    assert all(path.read_bytes() == blob for path, blob in junk.items())


def test_the_single_file_cache_of_earlier_versions_is_removed(fresh_cache):
    legacy = fresh_cache.parent / cache.LEGACY_FILE
    legacy.parent.mkdir(parents=True)
    legacy.write_text('{"' + "0" * 64 + '": {"kind": "model", "data": {}, "deps": {}}}')
    first = _rendered()
    assert not legacy.exists()
    assert len(_entries(fresh_cache)) >= 60
    assert _rendered() == first


def test_entry_files_are_named_for_the_python_and_marshal_versions():
    assert cache.SUFFIX.endswith(".marshal")
    assert f"{sys.version_info[0]}.{sys.version_info[1]}" in cache.SUFFIX
    assert f"m{marshal.version}" in cache.SUFFIX


def test_a_change_to_the_checking_code_changes_every_key(monkeypatch):
    before = cache.key(b"id: x\n", "x.yaml", "model")
    monkeypatch.setattr(cache, "_code_digest", lambda: "another version of the checks")
    assert cache.key(b"id: x\n", "x.yaml", "model") != before
