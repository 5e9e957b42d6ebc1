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


def main() -> None:
    from openness import resultcache

    try:
        code = resultcache.replay(sys.argv[1:])
    except BrokenPipeError:
        code = silence_stdout()
    if code is None:
        from openness.cli import main as run_command

        run_command()
    sys.exit(code)
