"""A validated snapshot of the shipped catalog and rubrics, built into the package.

A first run on a fresh machine would parse and schema-check every shipped file; the snapshot
holds what those checks concluded, made when the package was built.  ``python -m
openness.snapshot`` writes ``openness/_snapshot.json`` (the build hook, ``hatch_build.py``,
runs it for every wheel and editable install; it is never written while a command runs).

It can't be stale.  Each file's entry is stored under the same key as the document cache
(:func:`openness.cache.key`): the sha256 of the file's bytes, its name and kind, the schema of
that kind, the source of every module that checks it and the versions of PyYAML and jsonschema.
A run takes a file from the snapshot only when that key matches, so a contributor who edits
one byte of a file in ``catalog/`` (or of the checking code) gets that file parsed and checked
as usual.  The evidence files an entry quotes are re-hashed on every use, and each cited source
must still resolve to the same file, as for the document cache.  JSON, not marshal or pickle:
it is read, never executed.  ``OPENNESS_NO_CACHE=1`` turns it off with the cache.
"""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Where the snapshot lives: inside the package, beside this module.
PATH = Path(__file__).with_name("_snapshot.json")
FORMAT = 1


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
            return json.loads(fh.read())
    except (OSError, ValueError):
        return None


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
    import hashlib

    if texts.get("sha256") != hashlib.sha256(raw).hexdigest():
        return None
    base = sources.data_root()
    return {str(a): base / str(rel) for a, rel in texts["map"].items() if isinstance(rel, str)}


@lru_cache(maxsize=1)
def entries() -> dict[str, dict[str, Any]]:
    """Key -> entry (``kind``, ``data``, ``deps``, ``sources``), with the evidence paths placed
    under this installation's data folder; empty when there is no usable snapshot."""
    from openness import cache, sources

    loaded = _loaded()
    if not isinstance(loaded, dict) or loaded.get("format") != FORMAT or not isinstance(loaded.get("entries"), dict):
        return {}
    base = sources.data_root()
    out: dict[str, dict[str, Any]] = {}
    for k, entry in loaded["entries"].items():
        try:
            deps = {str(base / rel): digest for rel, digest in entry["deps"].items()}
            cited = {source: str(base / rel) for source, rel in entry["sources"].items()}
            checked = cache._entry(k, {"key": k, "kind": entry["kind"], "data": entry["data"], "deps": deps, "sources": cited})
        except (KeyError, TypeError, AttributeError):
            continue
        if checked is not None and isinstance(checked["sources"], dict):
            out[k] = checked
    return out


def build() -> dict[str, Any]:
    """Check every shipped file afresh (no cache, no snapshot) and return the snapshot of those
    with no findings."""
    from openness import cache, catalog, rubric, sources

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
    capture = Capture()
    capture.settings = cache._settings()  # so that cache.store() keeps it for this build
    previous, cache._STORE = cache._STORE, capture
    try:
        roots = (base, sources.shipped("catalog"))
        for path in catalog.catalog_files(sources.shipped("catalog")):
            catalog.read_file(path, sources.shipped("catalog"), roots)
        for path in rubric.available().values():
            rubric.read_rubric(path, (base, sources.shipped("rubrics"), path.parent))
    finally:
        cache._STORE = previous
    out: dict[str, Any] = {}
    texts: dict[str, Any] = {}
    from openness import snapshots

    index = sources.shipped("catalog") / snapshots.FOLDER / snapshots.INDEX
    if index.is_file():  # the address -> snapshot map of the shipped license texts, with the index's digest
        import hashlib

        texts = {
            "sha256": hashlib.sha256(index.read_bytes()).hexdigest(),
            "map": {a: _relative(str(p), base) for a, p in sorted(snapshots._load_map(index).items())},
        }
    for k, entry in sorted(capture.pending.items()):
        deps = {_relative(p, base): d for p, d in entry["deps"].items()}
        cited = {s: _relative(p, base) for s, p in entry["sources"].items()}
        if None in deps or None in cited.values():
            continue  # evidence outside the shipped data: not for the snapshot
        out[k] = {"kind": entry["kind"], "data": entry["data"], "deps": deps, "sources": cited}
    return {"format": FORMAT, "entries": out, "texts": texts}


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m openness.snapshot", description="write the validated snapshot of the shipped files")
    ap.add_argument("--out", default=str(PATH), help=f"where to write it (default: {PATH})")
    args = ap.parse_args(argv)
    os.environ.pop("OPENNESS_NO_CACHE", None)
    snap = build()
    if not snap["entries"]:
        sys.stderr.write("openness.snapshot: no shipped file checked clean; no snapshot written\n")
        return 1
    text = json.dumps(snap, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    tmp = f"{args.out}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    os.replace(tmp, args.out)
    sys.stdout.write(f"{args.out}: {len(snap['entries'])} files\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
