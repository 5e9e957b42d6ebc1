"""The ``openness`` command's entry point: replay a recorded result, else run the command.

Kept apart from :mod:`openness.cli` so that a replayed run imports neither argparse nor
attrs nor anything else the command needs (see :mod:`openness.resultcache`).
"""

from __future__ import annotations

import errno
import os
import sys


def silence_stdout() -> int:
    """After the reader closed the pipe (``openness compare | head``): no more output, no error."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


#: Errors of the environment, not of openness: a full disk, a read-only filesystem, no permission.
REFUSED = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG, errno.EIO})


def refused(exc: OSError) -> str | None:
    """The one line for a write the environment refused (exit status 2), else None (a bug)."""
    if exc.errno not in REFUSED:
        return None
    where = exc.filename if exc.filename is not None else "standard output"
    shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in str(where))
    return f"openness: error: cannot write {shown}: {exc.strerror or exc}\n"


def internal_error(exc: BaseException) -> str:
    """The one line printed instead of a traceback (exit status 3)."""
    return f"openness: internal error: {type(exc).__name__}: {exc} (set OPENNESS_DEBUG=1 for the traceback, and please report it)\n"


def main() -> None:
    from openness import resultcache

    try:
        code = resultcache.replay(sys.argv[1:])
    except BrokenPipeError:
        code = silence_stdout()
    except OSError as exc:  # the output can't be written (/dev/full): as a run would say it
        line = refused(exc)
        if line is not None:
            silence_stdout()
        sys.stderr.write(line or internal_error(exc))
        code = 2 if line is not None else 3
    if code is None:
        from openness.cli import main as run_command

        run_command()
    sys.exit(code)
