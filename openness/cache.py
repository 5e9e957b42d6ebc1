"""A cache of documents that validated clean, so a repeated run skips parsing and schema checks.

An entry is keyed by everything its verdict depends on: the file's bytes, its name, its kind,
the schema of that kind, the openness version and the checking code; and it records the local
evidence files (``seeds/…``) whose quotes were checked, with their hashes, which are re-checked
on every hit.  Only clean documents are cached, so every finding is always computed afresh.

Each entry is one small file, ``documents-v<CACHE_VERSION>/<key>.<python>-m<marshal version>.marshal``
(``marshal`` because it is built in and fast; its format is specific to the Python version,
hence the name), so a run reads only the entries it asks for, however many stale ones are
left behind by earlier versions.  The folder is kept to :data:`MAX_ENTRIES` files, the oldest
written going first.

The cache lives in ``$OPENNESS_CACHE_DIR``, else ``$XDG_CACHE_HOME/openness``, else
``~/.cache/openness``; ``OPENNESS_NO_CACHE=1`` turns it off.  Each file is written atomically
(a temporary file, then one rename) and any problem with the cache (unwritable, corrupt,
truncated) silently falls back to a full load.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from openness import schemas, sources
from openness.resultcache import bound, cache_home, remove, seal, unseal, write_file

CACHE_VERSION = "4"
#: The folder (inside the cache directory) that holds one file per entry.
FOLDER = f"documents-v{CACHE_VERSION}"
#: What an entry file starts with, before its checksums (see ``resultcache.seal``).
MAGIC = b"openness-document\n"
#: How entry files end: marshal's format is specific to the Python version.
SUFFIX = f".{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}-m{marshal.version}.marshal"
#: At most this many files are kept in :data:`FOLDER`: a save that goes over removes the oldest,
#: down to nine tenths of it (so that the next few saves need not look at every file's age).
MAX_ENTRIES = 4000
#: The single-file cache of openness before entries had a file each; removed when found.
LEGACY_FILE = "validated-v1.json"


def directory() -> Path | None:
    """The cache folder (shared with the result cache), or None when caching is off."""
    base = cache_home()
    return None if base is None else Path(base)


@lru_cache(maxsize=None)
def _schema_digest(kind: str) -> str:
    try:
        return hashlib.sha256(schemas.path(kind).read_bytes()).hexdigest()
    except OSError:
        return "none"


#: The modules whose code decides whether a document is clean: a change to any of them
#: (an edit in a checkout, a new install) changes every key.
_CHECKERS = ("yamlio", "validation", "validator", "checks", "catalog", "rubric", "vocabulary", "sources", "records", "usecase", "errors", "cache")
#: The libraries that parse and check: an upgrade of either changes every key too.
_LIBRARIES = ("yaml", "jsonschema")


@lru_cache(maxsize=None)
def _code_digest() -> str:
    from importlib.util import find_spec

    here = Path(__file__).resolve().parent
    files = [(name, here / f"{name}.py") for name in _CHECKERS]
    for lib in _LIBRARIES:
        spec = find_spec(lib)  # where it is, without importing it
        files.append((lib, Path(spec.origin) if spec is not None and spec.origin else here / "-"))
    h = hashlib.sha256()
    for name, path in files:
        try:
            st = path.stat()
            h.update(f"{name}:{path}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns};".encode("utf-8", "surrogateescape"))
        except OSError:
            h.update(f"{name}:-;".encode())
    return h.hexdigest()


def key(raw: bytes, name: str, kind: str) -> str:
    from openness import __version__

    h = hashlib.sha256()
    for part in (CACHE_VERSION, __version__, _code_digest(), kind, _schema_digest(kind), name):
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    h.update(raw)
    return h.hexdigest()


#: The sha256 of a file, memoised while its size and modification time stay the same.
file_digest = sources.while_unchanged(lambda p: hashlib.sha256(p.read_bytes()).hexdigest(), maxsize=512)

_SCALARS = (str, int, float, bool, type(None))


def plain(value: Any) -> bool:
    """Whether ``value`` is made of plain JSON-like values only (dict with string keys, list,
    str, int, float, bool, None): what a YAML document loads as, and what is cached."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is list:
        return all(plain(v) for v in value)
    if kind is dict:
        return all(type(k) is str and plain(v) for k, v in value.items())
    return False


def _entry(k: str, loaded: Any) -> dict[str, Any] | None:
    """The entry read from a file, or None if it does not have the shape :meth:`Store.put` gives."""
    if type(loaded) is not dict or loaded.get("key") != k or type(loaded.get("kind")) is not str or "data" not in loaded:
        return None
    deps = loaded.get("deps")
    if type(deps) is not dict or not all(type(d) is str and type(h) is str for d, h in deps.items()):
        return None
    return loaded


class Store:
    """The entries of one run: each read from its own file when asked for, new ones written by :meth:`save`."""

    def __init__(self) -> None:
        self.dir = directory()
        self.folder = None if self.dir is None else self.dir / FOLDER
        #: Entries added by :meth:`put` and not yet written.
        self.pending: dict[str, dict[str, Any]] = {}

    def path(self, k: str) -> Path:
        assert self.folder is not None
        return self.folder / (k + SUFFIX)

    def _read(self, k: str) -> dict[str, Any] | None:
        if self.folder is None:
            return None
        try:
            with open(self.path(k), "rb") as fh:
                return _entry(k, unseal(fh.read(), MAGIC))
        except (OSError, ValueError, EOFError, TypeError):
            return None

    def get(self, k: str) -> Any:
        """The entry for key ``k`` (``kind``, ``data``, ``deps``), or None: not cached, unreadable,
        or one of the local evidence files it records has changed since."""
        entry = self.pending.get(k) or self._read(k)
        if entry is None:
            return None
        for dep, digest in entry["deps"].items():
            if file_digest(dep) != digest:
                return None
        return entry

    def put(self, k: str, kind: str, data: Any, deps: list[Path], sources: dict[str, str] | None = None) -> None:
        """Stage an entry: its data, the local evidence files it depends on (re-hashed on every
        hit) and how each cited source resolved (which the caller re-checks, knowing the roots)."""
        if self.folder is None or not plain(data):
            return
        self.pending[k] = {"key": k, "kind": kind, "data": data, "deps": {str(p): file_digest(str(p)) for p in sorted(set(deps))}, "sources": dict(sources or {})}

    def save(self) -> None:
        """Write the new entries, each to a temporary file renamed into place; then keep the
        folder to :data:`MAX_ENTRIES` files.  Any problem leaves the cache as it is."""
        if self.folder is None or not self.pending:
            return
        try:
            os.makedirs(self.folder, exist_ok=True)
            for k in list(self.pending):
                entry = self.pending.pop(k)
                try:
                    blob = seal(entry, MAGIC)
                except ValueError:  # pragma: no cover - put() keeps only plain values
                    continue
                try:
                    write_file(str(self.path(k)), blob)
                except OSError:
                    self.pending[k] = entry  # still a hit for the rest of this run
                    raise
        except OSError:
            return
        self._bound()
        remove(str(self.folder.parent / LEGACY_FILE))

    def _bound(self) -> None:
        """Keep the folder to :data:`MAX_ENTRIES` files, the oldest written going first, down to
        nine tenths of it (so the ages are looked at once per many saves, not every time)."""
        bound(str(self.folder), MAX_ENTRIES, MAX_ENTRIES - MAX_ENTRIES // 10)


_STORE: Store | None = None


def store() -> Store:
    """The process-wide store (made anew when the cache directory setting changes)."""
    global _STORE
    if _STORE is None or _STORE.dir != directory():
        _STORE = Store()
    return _STORE
