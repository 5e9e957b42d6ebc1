"""A validated snapshot of the shipped catalog and rubrics, built into the package.

A first run on a fresh machine would parse and schema-check every shipped file; the snapshot
holds what those checks concluded, made when the package was built.  ``python -m
openness.snapshot`` writes ``openness/_snapshot.pickle`` (the build hook, ``hatch_build.py``,
runs it for every wheel and editable install; it is never written while a command runs).

It holds three things:

* **one entry per shipped file** (catalog files and rubrics), stored under the same key as the
  document cache (:func:`openness.cache.key`): the sha256 of the file's bytes, its name and
  kind, the schema of that kind, the source of every module that checks it and the versions of
  PyYAML and jsonschema.  A run takes a file's entry only when that key matches, so a
  contributor who edits one byte of a file (or of the checking code) gets that file parsed and
  checked as usual.  Each entry is plain data in marshal's format, decoded (and checked to be
  plain data) only when its file is looked up.
* **the built shipped catalog**: the records every shipped model and license file makes, with
  what they cite, under one key made of every shipped catalog file's name and bytes, the
  checking code (and :mod:`openness.frozen`, which the records are made with) and the library
  versions.  When the shipped catalog folder holds exactly those files, unchanged, and every
  evidence file they quote still hashes as it did and each cited source still resolves to the
  same file, a run uses these records instead of reading each file's entry and building its
  records again: the answer is the same, and it is the bulk of a warm run's time saved.
* **the shipped license texts' address map** (``catalog/texts/index.yaml``), with the index's
  digest.

It can't be stale: any change to a shipped file, an evidence file or the checking code makes the
affected part miss, and the file is then checked afresh.  ``OPENNESS_NO_CACHE=1`` turns the
snapshot off with the cache.

The format is pickle, read only from the package's own folder (where the code it runs with
lives) and through an unpickler that can name nothing but the record classes of
:mod:`openness.records`: no other class or function can be called by loading it.  (The
document cache in the user's cache folder is marshal under a seal; it never holds pickle.)
"""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import stat
import sys
from functools import lru_cache
from pathlib import Path

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: Where the snapshot lives: inside the package, beside this module.
PATH = Path(__file__).with_name("_snapshot.pickle")
FORMAT = 2

#: The classes a snapshot may name: the records of the shipped catalog (module, class name).
_RECORDS = frozenset(("openness.records", n) for n in ("Model", "License", "Fact", "Evidence", "Claim", "Hop", "Inheritance"))


try:  # the C unpickler itself: pickle.py's own import is not needed to load
    from _pickle import Unpickler as _Base
    from _pickle import UnpicklingError
except ImportError:  # pragma: no cover - an interpreter without the C accelerator
    from pickle import Unpickler as _Base
    from pickle import UnpicklingError


class _Unpickler(_Base):
    """Loads plain data and the record classes, and refuses to name any other global."""

    allowed: frozenset[tuple[str, str]] = frozenset()

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.allowed:
            return super().find_class(module, name)
        raise UnpicklingError(f"the snapshot names {module}.{name}, which it may not")


class _RecordUnpickler(_Unpickler):
    allowed = _RECORDS


def _unpickle(blob: bytes, records: bool = False) -> Any:
    return (_RecordUnpickler if records else _Unpickler)(io.BytesIO(blob)).load()


def _relative(path: str, base: Path) -> str | None:
    try:
        return Path(path).relative_to(base).as_posix()
    except ValueError:
        return None


def _loaded() -> Any:
    """The snapshot file's content (None when there is none or it is damaged), read once for
    each version of the file: a snapshot remade in the same process is read again."""
    try:
        st = os.stat(PATH)
    except OSError:
        return None
    return _read(st.st_mtime_ns, st.st_size, st.st_ino)


@lru_cache(maxsize=2)
def _read(mtime_ns: int, size: int, ino: int) -> Any:
    try:
        with open(PATH, "rb") as fh:
            loaded = _unpickle(fh.read())
    except Exception:  # noqa: BLE001 - a damaged or foreign file is no snapshot, whatever it raises
        return None
    return loaded if isinstance(loaded, dict) and loaded.get("format") == FORMAT else None


def texts_map(index: Path, raw: bytes) -> dict[str, Path] | None:
    """The shipped texts index's address -> snapshot map, when ``index`` is the shipped index and
    ``raw`` (its bytes now) is what the snapshot was built from; else None."""
    from openness import snapshots, sources

    if index != sources.shipped("catalog") / snapshots.FOLDER / snapshots.INDEX:
        return None
    loaded = _loaded()
    texts = loaded.get("texts") if isinstance(loaded, dict) else None
    if not isinstance(texts, dict) or not isinstance(texts.get("map"), dict):
        return None
    if texts.get("sha256") != hashlib.sha256(raw).hexdigest():
        return None
    base = sources.data_root()
    return {str(a): base / str(rel) for a, rel in texts["map"].items() if isinstance(rel, str)}


class Entries:
    """Key -> entry (``kind``, ``data``, ``deps``, ``sources``) of the snapshot's files, each
    decoded when it is looked up, with the evidence paths placed under this
    installation's data folder.

    The entries come in groups (the rubrics', then the catalog files'), each one pickled dict of
    key -> marshalled entry; a group is unpacked only when a key is not in the groups before it, so that a
    run that takes the shipped catalog from the built records never unpacks the catalog's."""

    def __init__(self, groups: list[Any], base: Path) -> None:
        self._groups = list(groups)
        self._raw: dict[str, bytes] = {}
        self._base = base
        self._done: dict[str, dict[str, Any] | None] = {}

    def _unpack(self) -> bool:
        """Unpack the next group; False when none is left."""
        while self._groups:
            blob = self._groups.pop(0)
            if callable(blob):  # a group kept in a file of its own, read when it is needed
                blob = blob()
            try:
                group = _unpickle(blob) if type(blob) is bytes else None
            except Exception:  # noqa: BLE001 - a damaged group holds no entries
                group = None
            if isinstance(group, dict):
                self._raw.update({k: v for k, v in group.items() if type(k) is str and type(v) is bytes})
            return True
        return False

    def __len__(self) -> int:
        while self._unpack():
            pass
        return len(self._raw)

    def get(self, k: str, default: Any = None) -> dict[str, Any] | None:
        if k in self._done:
            return self._done[k] or default
        while k not in self._raw and self._unpack():
            pass
        blob = self._raw.get(k)
        entry = None if blob is None else self._decode(k, blob)
        self._done[k] = entry
        return entry or default

    def _decode(self, k: str, blob: bytes) -> dict[str, Any] | None:
        from openness import cache

        try:
            entry = marshal.loads(blob)
            deps = {str(self._base / rel): digest for rel, digest in entry["deps"].items()}
            cited = {source: str(self._base / rel) for source, rel in entry["sources"].items()}
            loaded = {"key": k, "kind": entry["kind"], "data": entry["data"], "deps": deps, "sources": cited}
        except (ValueError, EOFError, KeyError, TypeError, AttributeError):
            return None
        checked = cache._entry(k, loaded)  # plain values only, as the document cache's
        return checked if checked is not None and isinstance(checked["sources"], dict) else None


@lru_cache(maxsize=1)
def entries() -> Entries:
    """The snapshot's per-file entries (empty when there is no usable snapshot)."""
    from openness import sources

    loaded = _loaded()
    groups = loaded.get("entries") if isinstance(loaded, dict) else None
    groups = list(groups) if isinstance(groups, list) else []
    more = loaded.get("more") if isinstance(loaded, dict) else None
    if isinstance(more, str):
        groups.append(lambda: _more(more))
    return Entries(groups, sources.data_root())


def _more_path(snapshot: Path) -> Path:
    """The file beside a snapshot that holds the catalog files' entries (read only when the built
    catalog is not used)."""
    return snapshot.with_name(snapshot.stem + "-entries" + snapshot.suffix)


def _more(digest: str) -> bytes | None:
    """The catalog files' entries, when the file beside the snapshot is the one it was made with."""
    try:
        with open(_more_path(PATH), "rb") as fh:
            blob = fh.read()
    except OSError:
        return None
    return blob if hashlib.sha256(blob).hexdigest() == digest else None


def _image_key(files: list[tuple[str, bytes]], base: Path) -> str | None:
    """The key of the built catalog: the checking code, the record classes, the library
    versions and the schemas, the catalog's texts index (whose ``unavailable:`` list the license
    checks read), then every file's name and bytes, in order; None if the index can't be read."""
    from openness import __version__, cache, snapshots
    from openness import files as files_module

    index = base / "catalog" / snapshots.FOLDER / snapshots.INDEX
    index_raw = b"" if not os.path.lexists(index) else _read_file(str(index), follow=False, limit=files_module.MAX_BYTES)
    if index_raw is None:
        return None

    h = hashlib.sha256()
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "frozen.py"), "rb") as fh:
        frozen = hashlib.sha256(fh.read()).hexdigest()
    for part in (
        "catalog-image",
        cache.CACHE_VERSION,
        __version__,
        cache._code_digest(),
        frozen,
        cache._schema_digest("model"),
        cache._schema_digest("license"),
    ):
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    h.update(b"texts index\0" + str(len(index_raw)).encode() + b"\0" + index_raw)
    for name, raw in files:
        h.update(name.encode("utf-8", "surrogateescape") + b"\0" + str(len(raw)).encode() + b"\0" + raw)
    return h.hexdigest()


def _read_file(path: str, follow: bool, limit: int) -> bytes | None:
    """A regular file's bytes, None if it is not a regular file (a link too, unless
    ``follow``), is larger than ``limit`` or can't be read (:func:`openness.files.read_regular`,
    with None for its findings)."""
    from openness import files

    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0) | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        raw = files.read_fd(fd, limit + 1)  # a file that grew while it was read is over the limit
        return raw if len(raw) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _shipped_names(base: Path) -> list[str] | None:
    """The shipped catalog files' names (as :func:`openness.catalog.display_name` names them);
    None when the catalog folder or one of its kind folders is a link."""
    from openness import catalog

    root = base / "catalog"
    real = os.path.realpath(base)
    for sub in ("", *catalog.KINDS):
        if os.path.realpath(os.path.join(root, sub)) != os.path.join(real, "catalog", sub).rstrip(os.sep):
            return None
    prefix = len(str(base)) + 1
    return [str(path)[prefix:].replace(os.sep, "/") for path in catalog.catalog_files(root)]


def _shipped_files(base: Path, names: list[str]) -> list[tuple[str, bytes]] | None:
    """(name, bytes) of each shipped catalog file named (see :func:`_shipped_names`); None when
    one is a link, is not a regular file or can't be read (those are checked file by file)."""
    from openness import files

    out = []
    for name in names:
        raw = _read_file(os.path.join(base, name), follow=False, limit=files.MAX_BYTES)
        if raw is None:
            return None
        out.append((name, raw))
    return out


def catalog_image(allowed: tuple[Path, ...]) -> list[tuple[str, str, Any]] | None:
    """(kind, name, record) of every shipped catalog file, from the snapshot's built catalog,
    when it was built from exactly the files, code and evidence there are now; else None.

    ``allowed``: the roots evidence sources resolve in (each cited source must resolve to the
    file it did when the snapshot was made)."""
    from openness import sources

    loaded = _loaded()
    image = loaded.get("catalog") if isinstance(loaded, dict) else None
    if not isinstance(image, dict):
        return None
    base = sources.data_root()
    deps, cited = image.get("deps"), image.get("sources")
    if not isinstance(deps, dict) or not isinstance(cited, dict) or not isinstance(image.get("names"), list):
        return None
    root = str(base)
    names = _shipped_names(base)
    if names is None or names != image["names"]:
        return None
    unchanged = _unchanged_since_checked(image, root, names)
    if not unchanged and not _content_matches(image, base, names):
        return None
    if not (unchanged and allowed[:1] == (base,)):
        # where each cited source resolves: with the data folder first in the roots and its
        # texts index and evidence files as they were when last checked, as it did then
        if not _sources_resolve_alike(cited, allowed, root):
            return None
    import gc

    enabled = gc.isenabled()
    gc.disable()  # some 10,000 objects with no cycles among them: no collection needs to look at them
    try:
        items = _unpickle(image["records"], records=True)
    except Exception:  # noqa: BLE001 - damaged: every file is read as usual
        return None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(items, list) or len(items) != len(names):
        return None
    return [tuple(item) for item in items]


def _sources_resolve_alike(cited: dict[str, Any], allowed: tuple[Path, ...], root: str) -> bool:
    """Whether each cited source resolves to the file it did when the snapshot was made."""
    from openness import snapshots, sources

    found = snapshots.maps(allowed)  # an address resolves to the snapshot the first index maps it to
    for source, rel in cited.items():
        if type(source) is not str or type(rel) is not str:
            return False
        if source.startswith("https://"):
            local = snapshots.snapshot(source, allowed, found)
        else:
            local, _problem = sources.resolve(source, allowed)
        if local is None or str(local) != os.path.join(root, rel):
            return False
    return True


#: What a record of the files' state (below) is sealed under in the document cache.
_STATE_MAGIC = b"openness-catalog-state\n"
#: A file changed less than this many seconds before its state was taken may change again within
#: the same tick of a coarse file-system clock: no record is kept then (git's "racy" files).
RACY_SECONDS = 2.0


def _state_paths(image: dict[str, Any], root: str, names: list[str]) -> list[tuple[str, bool]]:
    """(path, follow links) of every file the built catalog's key and checks read: the catalog
    files (never through a link), the texts index (and the place of one that would come first),
    the evidence files, the schemas and the record classes' module."""
    from openness import snapshots

    here = os.path.dirname(os.path.abspath(__file__))
    out = [(os.path.join(root, n), False) for n in names]
    out.append((os.path.join(root, "catalog", snapshots.FOLDER, snapshots.INDEX), False))
    out.append((os.path.join(root, snapshots.FOLDER, snapshots.INDEX), False))  # absent: none maps an address before it
    out += [(os.path.join(root, rel), True) for rel in image["deps"]]
    out += [(os.path.join(here, "schemas", f"{kind}.schema.json"), True) for kind in ("model", "license")]
    out.append((os.path.join(here, "frozen.py"), True))
    return out


def _state(paths: list[tuple[str, bool]]) -> list[list[int]] | None:
    """Each file's device, inode, size, modification and change times (0s for an absent one);
    None when one is not a regular file (or, where links are not followed, is a link)."""
    out = []
    for path, follow in paths:
        try:
            st = os.stat(path) if follow else os.lstat(path)
        except FileNotFoundError:
            out.append([0, 0, -1, 0, 0])
            continue
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        out.append([st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns])
    return out


def _state_name(image: dict[str, Any]) -> str:
    return f"catalog-state-{image['key']}"


def _unchanged_since_checked(image: dict[str, Any], root: str, names: list[str]) -> bool:
    """Whether every file the built catalog depends on is, by its inode, size and times, as it was
    when a run of this user last read it whole and found it matching (a record the document cache
    keeps, sealed like its entries).  A file written since has a new change time, whatever its
    content or modification time say, so it is read and hashed again."""
    from openness import cache

    record = cache.store().read_sealed(_state_name(image), _STATE_MAGIC)
    if not isinstance(record, dict) or record.get("key") != image["key"] or record.get("root") != root:
        return False
    if record.get("code") != cache._code_digest():
        return False
    state = _state(_state_paths(image, root, names))
    return state is not None and record.get("state") == state


def _content_matches(image: dict[str, Any], base: Path, names: list[str]) -> bool:
    """Whether the files' bytes hash to the built catalog's key and its evidence files to their
    digests (the state of each is taken first, and kept for the next run when all match)."""
    import time

    from openness import cache, sources

    root = str(base)
    paths = _state_paths(image, root, names)
    before = _state(paths)
    files = _shipped_files(base, names)
    if files is None:
        return False
    key = _image_key(files, base)
    if key is None or key != image.get("key"):
        return False
    for rel, digest in image["deps"].items():
        raw = _read_file(os.path.join(root, rel), follow=True, limit=sources.MAX_EVIDENCE_BYTES)
        if raw is None or hashlib.sha256(raw).hexdigest() != digest:
            return False
    now = time.time_ns()
    if before is not None and all(now - max(s[3], s[4]) > RACY_SECONDS * 1e9 for s in before):
        record = {"key": image["key"], "root": root, "code": cache._code_digest(), "state": before}
        cache.store().write_sealed(_state_name(image), _STATE_MAGIC, record)
    return True


def _dumps(value: Any) -> bytes:
    import pickle

    return pickle.dumps(value, protocol=5)


def _interned(record: Any, pool: dict[Any, Any]) -> Any:
    """The record with equal evidence shared (a quote cited by several facts is one object), and
    its newest reading worked out, so that loading it makes fewer objects and does less work."""
    from openness import frozen as attrs

    facts = {}
    for path, fact in record.facts.items():
        evidence = tuple(pool.setdefault(e, e) for e in fact.evidence)
        facts[path] = attrs.evolve(fact, evidence=evidence) if fact.evidence else fact
    out = attrs.evolve(record, facts=facts)
    _ = out.newest_read  # computed now, kept with the record
    return out


def build() -> dict[str, Any]:
    """Check every shipped file afresh (no cache, no snapshot) and return the snapshot of those
    with no findings, and the built shipped catalog when every catalog file is clean."""
    from openness import cache, catalog, rubric, snapshots, sources
    from openness import frozen as attrs

    class Capture(cache.Store):
        """Misses every lookup (so every file is checked) and keeps every clean entry."""

        def __init__(self) -> None:
            super().__init__()
            self.folder = Path(os.devnull)
            self.off = False

        def get(self, k: str) -> Any:
            return None

        def save(self) -> None:
            pass

    base = sources.data_root()
    shipped = sources.shipped("catalog")
    capture = Capture()
    capture.settings = cache._settings()  # so that cache.store() keeps it for this build
    previous, cache._STORE = cache._STORE, capture
    items: list[Any] = []
    clean = True
    try:
        roots = (base, shipped)
        for path in catalog.catalog_files(shipped):
            item, problems = catalog.read_file(path, shipped, roots)
            if problems or item is None or item.record is None:
                clean = False
            else:
                items.append(item)
        catalog_keys = set(capture.pending)
        for path in rubric.available().values():
            rubric.read_rubric(path, (base, sources.shipped("rubrics"), path.parent))
        clean = clean and not catalog._check_links(items)
    finally:
        cache._STORE = previous
    out: dict[str, dict[str, bytes]] = {"rubric": {}, "catalog": {}}
    texts: dict[str, Any] = {}
    index = shipped / snapshots.FOLDER / snapshots.INDEX
    if index.is_file():  # the address -> snapshot map of the shipped license texts, with the index's digest
        texts = {
            "sha256": hashlib.sha256(index.read_bytes()).hexdigest(),
            "map": {a: _relative(str(p), base) for a, p in sorted(snapshots._load_map(index).items())},
        }
    deps_all: dict[str, str] = {}
    cited_all: dict[str, str] = {}
    for k, entry in sorted(capture.pending.items()):
        deps = {_relative(p, base): d for p, d in entry["deps"].items()}
        cited = {s: _relative(p, base) for s, p in entry["sources"].items()}
        if None in deps or None in cited.values():
            clean = clean and k not in catalog_keys
            continue  # evidence outside the shipped data: not for the snapshot
        doc = {"kind": entry["kind"], "data": entry["data"], "deps": deps, "sources": cited}
        out["catalog" if k in catalog_keys else "rubric"][k] = marshal.dumps(doc)
        if k in catalog_keys:
            deps_all.update(deps)  # type: ignore[arg-type]
            cited_all.update(cited)
    more = _dumps(out["catalog"])
    snap: dict[str, Any] = {
        "format": FORMAT,
        "entries": [_dumps(out["rubric"])],
        "more": hashlib.sha256(more).hexdigest(),
        "texts": texts,
        "files": len(out["rubric"]) + len(out["catalog"]),
        "_more": more,  # written to its own file by main()
    }
    names = _shipped_names(base)
    files = _shipped_files(base, names) if names is not None else None
    key = _image_key(files, base) if files is not None else None
    if clean and files is not None and key is not None and [n for n, _ in files] == [i.name for i in items]:
        pool: dict[Any, Any] = {}
        interned = [attrs.evolve(i, record=_interned(i.record, pool)) for i in items]
        # the models with their licenses joined in, as the catalog joins them: a run on the
        # shipped catalog alone takes them as they are
        joined = catalog._assemble(interned, (shipped,))
        by_id = {("model", m.id): m for m in joined.models}
        records = []
        for i in interned:
            record = by_id.get((i.kind, i.record.id), i.record)
            _ = record.newest_read  # computed now, kept with the record
            records.append((i.kind, i.name, record))
        snap["catalog"] = {
            "names": [n for n, _ in files],
            "key": key,
            "deps": dict(sorted(deps_all.items())),
            "sources": dict(sorted(cited_all.items())),
            "records": _dumps(records),
        }
    return snap


#: The record classes' compiled ``__init__``s, beside the snapshot (see :data:`openness.frozen.PRECOMPILED`).
INITS = "_inits.marshal"


def _write_inits(path: Path) -> None:
    """Every module of the package imported (so that every record class is made), then each
    class's ``__init__`` compiled into ``path``, for this interpreter's bytecode."""
    import importlib
    import pkgutil

    import openness
    from openness import frozen

    for mod in pkgutil.walk_packages(openness.__path__, "openness."):
        if not mod.name.endswith("__main__"):
            importlib.import_module(mod.name)
    frozen.write_precompiled(str(path))


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m openness.snapshot", description="write the validated snapshot of the shipped files")
    ap.add_argument("--out", default=str(PATH), help=f"where to write it (default: {PATH})")
    args = ap.parse_args(argv)
    os.environ.pop("OPENNESS_NO_CACHE", None)
    snap = build()
    if not snap["files"]:
        sys.stderr.write("openness.snapshot: no shipped file checked clean; no snapshot written\n")
        return 1
    more = snap.pop("_more")
    out = Path(args.out)
    _write_inits(out.with_name(INITS))
    for path, blob in ((_more_path(out), more), (out, _dumps(snap))):
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    built = "; the shipped catalog built" if "catalog" in snap else "; the shipped catalog not built (a file has findings)"
    sys.stdout.write(f"{args.out}: {snap['files']} files{built}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
