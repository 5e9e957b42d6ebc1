"""Where shipped data lives, and the evidence sources a record may cite."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")

_PKG = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """The folder holding the shipped ``catalog/``, ``rubrics/`` and ``seeds/``.

    In an installed wheel they are bundled inside the package (``openness/_data``); in a source
    checkout they are the top-level folders of the repository.
    """
    bundled = _PKG / "_data"
    if (bundled / "catalog").is_dir():
        return bundled
    return _PKG.parent


def shipped(kind: str) -> Path:
    return data_root() / kind


def normalise(text: str) -> str:
    """Whitespace-normalised text, the form in which quotes are compared."""
    return " ".join(text.split())


def while_unchanged(read: Callable[[Path], T], maxsize: int = 256) -> Callable[[str | os.PathLike[str]], T | None]:
    """``read(path)`` memoised while the file's size and modification time stay the same;
    None when the file cannot be read."""

    @lru_cache(maxsize=maxsize)
    def cached(path: Path, _mtime: int, _size: int) -> T | None:
        try:
            return read(path)
        except (OSError, UnicodeDecodeError):
            return None

    def call(path: str | os.PathLike[str]) -> T | None:
        p = Path(path)
        try:
            st = p.stat()
        except OSError:
            return None
        return cached(p, st.st_mtime_ns, st.st_size)

    return call


#: The largest evidence file read (as YAML files have theirs): a larger one is a finding, and is
#: never read whole.
MAX_EVIDENCE_BYTES = 4 * 1024 * 1024


def _read_evidence(path: Path) -> str | None:
    """The whitespace-normalised text of an evidence file; None when it is not a regular file,
    cannot be read, or is larger than :data:`MAX_EVIDENCE_BYTES`."""
    from openness import files
    from openness.errors import OpennessError

    try:
        raw = files.read_regular(path, str(path), MAX_EVIDENCE_BYTES)
    except OpennessError:
        return None
    if len(raw) > MAX_EVIDENCE_BYTES:
        return None
    return normalise(raw.decode("utf-8"))


def too_large(path: Path) -> int | None:
    """The size of an evidence file beyond :data:`MAX_EVIDENCE_BYTES`, else None."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return size if size > MAX_EVIDENCE_BYTES else None


_text = while_unchanged(_read_evidence)


def resolve(source: str, roots: tuple[Path, ...]) -> tuple[Path | None, str | None]:
    """The local file a relative evidence source names (or the snapshot an address maps to), or
    why it is not allowed.

    A relative source must stay inside one of the allowed roots (the shipped data folder, which
    holds ``seeds/``, and the catalog folders in use): absolute paths, ``..`` and links that
    lead outside are refused.
    """
    if source.startswith("https://"):
        # an address is checked offline when a catalog's texts/index.yaml maps it to a snapshot
        from openness.snapshots import snapshot

        return snapshot(source, roots), None
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", source):
        return None, "expected an https:// address or a path inside the seeds or catalog folders"
    pure = PurePosixPath(source)
    if pure.is_absolute() or ".." in pure.parts or "\\" in source or re.match(r"^[A-Za-z]:", source):
        return None, "expected a path inside the seeds or catalog folders (no absolute paths, no '..')"
    for root in roots:
        candidate = root / pure
        try:
            real = candidate.resolve()
            base = root.resolve()
        except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13)
            continue
        if not real.is_relative_to(base):
            return None, "expected a path inside the seeds or catalog folders; found one that leads outside them"
        if real.is_file():
            return real, None
    return None, "expected an existing file inside the seeds or catalog folders; found no such file"


def quote_found(path: Path, quote: str) -> bool:
    text = _text(path)
    return text is not None and normalise(quote) in text
