"""Build hook: every wheel (and editable install) carries the validated snapshot of the shipped
catalog and rubrics, made from the files being packaged (see openness/snapshot.py).

A snapshot entry is used only when the file, its schema, the checking code and the library
versions hash to the key it was made under, so a snapshot can make a run faster but never
different; if it can't be made here, the build goes on without it (every shipped file is then
checked on the first run).
"""

from __future__ import annotations

import os
import subprocess
import sys

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TARGET = "openness/_snapshot.pickle"
#: The catalog files' entries, beside it (read only when the built catalog is not used).
MORE = "openness/_snapshot-entries.pickle"
#: The record classes' compiled __init__s (see openness/frozen.py), for the building interpreter.
INITS = "openness/_inits.marshal"


class SnapshotHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        out = os.path.join(self.root, *TARGET.split("/"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENNESS_")}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (self.root, env.get("PYTHONPATH")) if p)
        try:
            subprocess.run([sys.executable, "-m", "openness.snapshot", "--out", out], cwd=self.root, env=env, check=True, capture_output=True, timeout=600)
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            self.app.display_warning(f"openness: no validated snapshot in this build ({exc}; {detail.decode(errors='replace').strip()[-300:]})")
            return
        build_data["artifacts"] += [TARGET, MORE, INITS]
