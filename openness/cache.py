"""A cache of documents that validated clean, so a repeated run skips parsing and schema checks.

An entry is keyed by everything its verdict depends on: the file's bytes, its name, its kind,
the schema of that kind and the openness version; and it records the local evidence files
(``seeds/…``) whose quotes were checked, with their hashes, which are re-checked on every hit.
Only clean documents are cached, so every finding is always computed afresh.

The cache lives in ``$OPENNESS_CACHE_DIR``, else ``$XDG_CACHE_HOME/openness``, else
``~/.cache/openness``; ``OPENNESS_NO_CACHE=1`` turns it off.  It is written atomically and
any problem with it (unwritable, corrupt) silently falls back to a full load.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from openness import schemas, sources

CACHE_VERSION = "1"
MAX_ENTRIES = 2000
FILE = "validated-v1.json"


def directory() -> Path | None:
    if os.environ.get("OPENNESS_NO_CACHE"):
        return None
    base = os.environ.get("OPENNESS_CACHE_DIR") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "openness")
    return Path(base)


@lru_cache(maxsize=None)
def _schema_digest(kind: str) -> str:
    try:
        return hashlib.sha256(schemas.path(kind).read_bytes()).hexdigest()
    except OSError:
        return "none"


#: The modules whose code decides whether a document is clean: a change to any of them
#: (an edit in a checkout, a new install) changes every key.
_CHECKERS = ("yamlio", "validation", "checks", "catalog", "rubric", "vocabulary", "sources", "records", "usecase", "cache")


@lru_cache(maxsize=None)
def _code_digest() -> str:
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in _CHECKERS:
        try:
            st = (here / f"{name}.py").stat()
            h.update(f"{name}:{st.st_size}:{st.st_mtime_ns};".encode())
        except OSError:
            h.update(f"{name}:-;".encode())
    return h.hexdigest()


def key(raw: bytes, name: str, kind: str) -> str:
    from openness import __version__

    h = hashlib.sha256()
    for part in (CACHE_VERSION, __version__, _code_digest(), kind, _schema_digest(kind), name):
        h.update(part.encode("utf-8") + b"\0")
    h.update(raw)
    return h.hexdigest()


#: The sha256 of a file, memoised while its size and modification time stay the same.
file_digest = sources.while_unchanged(lambda p: hashlib.sha256(p.read_bytes()).hexdigest(), maxsize=512)


class Store:
    """The entries of one run: read once, written back once if anything was added."""

    def __init__(self) -> None:
        self.dir = directory()
        self.entries: dict[str, Any] = {}
        self.dirty = False
        if self.dir is None:
            return
        try:
            with open(self.dir / FILE, encoding="utf-8") as fh:
                loaded = json.load(fh)
            if isinstance(loaded, dict):
                self.entries = loaded
        except (OSError, ValueError):
            self.entries = {}

    def get(self, k: str) -> Any:
        entry = self.entries.get(k)
        if not isinstance(entry, dict):
            return None
        for dep, digest in entry.get("deps", {}).items():
            if file_digest(dep) != digest:
                return None
        return entry

    def put(self, k: str, kind: str, data: Any, deps: list[Path]) -> None:
        if self.dir is None:
            return
        entry = {"kind": kind, "data": data, "deps": {str(p): file_digest(str(p)) for p in sorted(set(deps))}}
        self.entries.pop(k, None)
        self.entries[k] = entry
        self.dirty = True

    def save(self) -> None:
        if self.dir is None or not self.dirty:
            return
        items = list(self.entries.items())[-MAX_ENTRIES:]
        try:
            from openness.atomic import write_text

            self.dir.mkdir(parents=True, exist_ok=True)
            write_text(self.dir / FILE, json.dumps(dict(items), ensure_ascii=False, separators=(",", ":")), force=True)
            self.dirty = False
        except OSError:
            pass


_STORE: Store | None = None


def store() -> Store:
    """The process-wide store (re-read when the cache directory setting changes)."""
    global _STORE
    if _STORE is None or _STORE.dir != directory():
        _STORE = Store()
    return _STORE
