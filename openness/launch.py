"""The ``openness`` command's entry point: replay a recorded result, else run the command.

Kept apart from :mod:`openness.cli` so that a replayed run imports neither argparse nor
attrs nor anything else the command needs (see :mod:`openness.resultcache`).
"""

from __future__ import annotations

import os
import sys


def silence_stdout() -> int:
    """After the reader closed the pipe (``openness compare | head``): no more output, no error."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


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
        sys.stderr.write(internal_error(exc))
        code = 3
    if code is None:
        from openness.cli import main as run_command

        run_command()
    sys.exit(code)
