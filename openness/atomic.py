"""Writing files without losing anything: never overwrite unless asked, and always atomically.

The new content goes to a temporary file in the same folder, is flushed to disk, and then
replaces the target with one rename: an interrupted run leaves either the old file or the new
one, never a half-written file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from openness.errors import UsageError


def _mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def check_target(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """The path to write, after refusing an existing file (without ``force``) or a folder."""
    target = Path(path)
    if target.exists() and not force:
        raise UsageError(f"{target} exists; not overwriting it (use --force to replace it)")
    if target.is_dir():
        raise UsageError(f"{target} is a folder; expected a file name")
    return target


@contextmanager
def atomic_open(path: str | os.PathLike[str], *, force: bool = False, sync: bool = True) -> Iterator[TextIO]:
    """A text file to write that replaces ``path`` in one rename when the block ends without error.

    An exception (or an interrupt) inside the block leaves the old file, if any, as it was.
    ``sync=False`` skips flushing the file to disk before the rename (for many files a run can
    simply write again, such as a whole database import): still never a half-written file to
    other readers, but a crash of the machine may lose it.
    """
    target = check_target(path, force=force)
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            # mkstemp makes the file private (0600); give it the mode a plain open() would, or
            # keep the mode of the file it replaces
            os.fchmod(fh.fileno(), _mode(target))
            if sync:
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_text(path: str | os.PathLike[str], text: str, *, force: bool = False, sync: bool = True) -> Path:
    """Write ``text`` to ``path`` atomically; refuse to replace an existing file unless ``force``."""
    with atomic_open(path, force=force, sync=sync) as fh:
        fh.write(text)
    return Path(path)
