"""What the benchmark scripts share (they run as `python3 bench/NAME.py`, so this folder is on sys.path)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def openness_cmd() -> list[str]:
    """The `openness` command of the Python running the benchmark."""
    beside = Path(sys.executable).with_name("openness")
    if beside.exists():
        return [str(beside)]
    exe = shutil.which("openness")
    return [exe] if exe else [sys.executable, "-m", "openness"]
