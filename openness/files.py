"""Reading a file the way every reader in openness does: a regular file only, within a limit.

Kept apart from :mod:`openness.yamlio` (which still exposes :data:`MAX_BYTES`) so that a command that
reads files without parsing any YAML -- a warm run takes every document from the cache or the
package's snapshot -- need not import the YAML reader.
"""

from __future__ import annotations

import os
import stat

from openness.errors import Finding, OpennessError

#: The largest YAML file read (a larger one is a finding, and is never read whole).
MAX_BYTES = 1024 * 1024


def read_fd(fd: int, most: int) -> bytes:
    """At most ``most`` bytes from an open file descriptor, read in pieces of at most 1 MiB (a
    file that grows while it is read is never read past the bound)."""
    chunks, left = [], most
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _too_large(file: str, size: int) -> OpennessError:
    # A reader that stops after MAX_BYTES + 1 bytes (as it should) knows only that there are more.
    found = f"more than {MAX_BYTES} bytes" if size == MAX_BYTES + 1 else f"{size} bytes"
    return OpennessError([Finding(file, 1, 1, "yaml-too-large", f"expected a file of at most {MAX_BYTES} bytes (1 MiB); found {found}")])


_NOT_REGULAR = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(name: str, mode: int) -> OpennessError:
    what = next((w for test, w in _NOT_REGULAR if test(mode)), "something that is not a regular file")
    return OpennessError([Finding(name, 1, 1, "not-a-file", f"expected a regular file; found {what}, which is never read")])


def cannot_read(name: str, exc: BaseException) -> OpennessError:
    """The finding for a path that cannot be opened (a broken link, a link loop, a name too long …)."""
    why = getattr(exc, "strerror", None) or str(exc)
    return OpennessError([Finding(name, 1, 1, "io", f"expected a readable file; found that it cannot be read: {why}")])


def read_regular(path: str | os.PathLike[str], name: str | None = None, limit: int = MAX_BYTES) -> bytes:
    """The first ``limit + 1`` bytes at most of a regular file (so that a caller sees "more").

    Anything that is not a regular file -- a named pipe, a device, a folder, a socket, a broken
    link, a link loop -- is an :class:`OpennessError` with a finding, and is never read: the
    path is checked with stat() (which never blocks), opened without blocking, and checked again
    on the open descriptor (in case the path changed in between).
    """
    name = name or str(path)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(name, st.st_mode)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0))
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise cannot_read(name, exc) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(name, st.st_mode)
        if st.st_size > limit:  # refused before reading it
            raise (
                _too_large(name, st.st_size)
                if limit == MAX_BYTES
                else OpennessError([Finding(name, 1, 1, "too-large", f"expected a file of at most {limit} bytes; found {st.st_size} bytes")])
            )
        return read_fd(fd, limit + 1)
    except OSError as exc:
        raise cannot_read(name, exc) from None
    finally:
        os.close(fd)
