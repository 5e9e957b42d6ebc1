"""Writing files without losing anything: never overwrite unless asked, and always atomically.

The new content goes to a temporary file in the same folder, is flushed to disk, and then
takes the target's name in one step:

* without ``force``, by a hard link of the temporary file to the target, which fails if anything
  has taken the name meanwhile (an exclusive create: of two concurrent writers, one wins and the
  other says so); where the filesystem has no hard links, by creating the name with
  ``O_CREAT | O_EXCL`` and renaming the temporary file over that placeholder;
* with ``force``, by one rename over the target, which must be a regular file (never a device, a
  named pipe, a folder or a link).

An interrupted run (Ctrl-C, SIGTERM, SIGHUP) leaves either the old file or the new one, never a
half-written file, and removes its temporary file.  A disk that is full, read-only or not ours
is a one-line error naming the path and the cause.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from openness.errors import UsageError

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, TextIO

#: Errors of the filesystem that hold no hard links (or none across this folder): fall back to
#: an exclusive create of the name.
_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, getattr(errno, "ENOTSUP", -1), getattr(errno, "EOPNOTSUPP", -1)}


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived while a file was being written (handled like Ctrl-C)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _what(mode: int) -> str:
    for test, what in (
        (stat.S_ISLNK, "a link"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return what
    return "not a regular file"


def cannot_write(path: str | os.PathLike[str], exc: OSError) -> UsageError:
    """The one-line error for a write the environment refuses (disk full, read-only, not ours)."""
    return UsageError(f"cannot write {os.fspath(path)}: {exc.strerror or exc}")


def check_target(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """The path to write, after refusing an existing file (without ``force``), a folder, or (even
    with ``force``) anything that is not a regular file."""
    if not os.fspath(path):
        raise UsageError("expected a file name to write to; found an empty one")
    target = Path(path)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return target
    except (OSError, ValueError) as exc:  # a name too long, a folder we may not enter, a NUL
        raise cannot_write(target, exc) if isinstance(exc, OSError) else UsageError(f"cannot write {target!r}: {exc}") from None
    if stat.S_ISDIR(st.st_mode) or (stat.S_ISLNK(st.st_mode) and target.is_dir()):
        raise UsageError(f"{target} is a folder; expected a file name")
    if not force:
        raise UsageError(f"{target} exists; not overwriting it (use --force to replace it)")
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(f"{target} is {_what(st.st_mode)}; --force replaces regular files only")
    return target


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`Terminated` inside the block, as SIGINT raises
    KeyboardInterrupt, so that the temporary file is removed (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Terminated(signum)

    saved = {}
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            saved[sig] = signal.signal(sig, handler)
        except (OSError, ValueError):  # pragma: no cover - not allowed here
            continue
    try:
        yield
    finally:
        for sig, previous in saved.items():
            signal.signal(sig, previous)


def _commit(tmp: str, target: Path, force: bool, mode: int) -> None:
    """Give the finished temporary file the target's name (see the module's docstring)."""
    if force:
        try:
            st = os.lstat(target)
        except FileNotFoundError:
            pass
        else:
            if not stat.S_ISREG(st.st_mode):  # something else took the name meanwhile
                raise UsageError(f"{target} is {_what(st.st_mode)}; --force replaces regular files only")
        os.replace(tmp, target)
        return
    appeared = UsageError(f"{target} appeared while writing; not overwriting it (use --force to replace it)")
    try:
        os.link(tmp, target, follow_symlinks=False)
    except FileExistsError:
        raise appeared from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        try:  # no hard links here: take the name exclusively, then rename over our own placeholder
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
        except FileExistsError:
            raise appeared from None
        os.close(fd)
        os.replace(tmp, target)
    else:
        os.unlink(tmp)


@contextmanager
def atomic_open(path: str | os.PathLike[str], *, force: bool = False, sync: bool = True) -> Iterator[TextIO]:
    """A text file to write that takes the name ``path`` when the block ends without error.

    An exception (or an interrupt) inside the block leaves the old file, if any, as it was.
    Without ``force`` the name must still be free at the end; with it, only a regular file is
    replaced.  Errors of the filesystem become a one-line :class:`UsageError` naming the path.
    ``sync=False`` skips flushing the file to disk before it takes the name (for many files a
    run can simply write again, such as a whole database import): still never a half-written
    file to other readers, but a crash of the machine may lose it.
    """
    target = check_target(path, force=force)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise cannot_write(target, exc) from None
    try:
        with _signals_interrupt():
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                yield fh
                fh.flush()
                # mkstemp makes the file private (0600); give it the mode a plain open() would, or
                # keep the mode of the file it replaces
                mode = _mode(target)
                os.fchmod(fh.fileno(), mode)
                if sync:
                    os.fsync(fh.fileno())
            _commit(tmp, target, force, mode)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, (BrokenPipeError, InterruptedError)):
            raise cannot_write(target, exc) from None
        raise


def write_text(path: str | os.PathLike[str], text: str, *, force: bool = False, sync: bool = True) -> Path:
    """Write ``text`` to ``path`` atomically; refuse to replace an existing file unless ``force``."""
    with atomic_open(path, force=force, sync=sync) as fh:
        fh.write(text)
    return Path(path)
