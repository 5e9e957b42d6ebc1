"""Writing files without losing anything: never overwrite unless asked, and always atomically.

The new content goes to a temporary file in the same folder, is flushed to disk, and then
replaces the target with one rename: an interrupted run leaves either the old file or the new
one, never a half-written file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openness.errors import UsageError


def write_text(path: str | os.PathLike[str], text: str, *, force: bool = False) -> Path:
    """Write ``text`` to ``path`` atomically; refuse to replace an existing file unless ``force``."""
    target = Path(path)
    if target.exists() and not force:
        raise UsageError(f"{target} exists; not overwriting it (use --force to replace it)")
    if target.is_dir():
        raise UsageError(f"{target} is a folder; expected a file name")
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target
