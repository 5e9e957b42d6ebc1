#!/usr/bin/env python3
"""Cold-start benchmark: `openness compare --rubric articles` over the shipped catalog, in a fresh
process each time, against `python -c "import yaml"` as the floor.

    python3 bench/bench_coldstart.py               # 21 runs of each, interleaved
    python3 bench/bench_coldstart.py --runs 41 --bytecode inherit

Four commands are timed, interleaved run by run so that background load hits them alike:

* floor: ``python -c "import yaml"`` (the interpreter and one C-accelerated dependency);
* warm: ``openness compare --rubric articles`` with a document cache filled by the warm-up
  runs (its own temporary ``OPENNESS_CACHE_DIR``);
* first run: the same with a new, empty ``OPENNESS_CACHE_DIR`` for every run, as on a fresh
  machine (the shipped files come from the package's validated snapshot, see
  ``openness/snapshot.py``; the run creates the cache folder and its key);
* no cache, no snapshot: the same with ``OPENNESS_NO_CACHE=1``, every file parsed and
  schema-checked (for reference: what a contributor's first run after editing every file costs).

Every command computes its answer (there is no replay of earlier output).

By default Python may cache bytecode (``PYTHONDONTWRITEBYTECODE`` is removed and
``PYTHONPYCACHEPREFIX`` points at a temporary folder, as an installed wheel has its ``.pyc``
files); ``--bytecode inherit`` keeps the environment as it is.  Reports the median and minimum
of each, and the ratios to the floor (targets: at most 3x the floor with a warm document
cache, at most 8x on a first run).  The output of every
timed run, in every mode, must be the same bytes, or the benchmark stops.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import openness_cmd


def timed_cpu(cmd: list[str], env: dict[str, str]) -> tuple[float, float, bytes]:
    """(wall seconds, the child's own user+system CPU seconds from os.wait4, its standard output)."""
    import threading

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    chunks: dict[str, bytes] = {}

    def drain(name: str, stream: object) -> None:
        chunks[name] = stream.read()  # type: ignore[attr-defined]

    readers = [threading.Thread(target=drain, args=(n, s)) for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for t in readers:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    for t in readers:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{chunks.get('err', b'').decode()}")
    return wall, usage.ru_utime + usage.ru_stime, chunks.get("out", b"")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="cold-start benchmark")
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--bytecode", choices=["cached", "inherit"], default="cached")
    ap.add_argument("--rubric", default="articles")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="openness-coldstart-"))
    base = dict(os.environ)
    base.pop("OPENNESS_NO_CACHE", None)
    if args.bytecode == "cached":
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        base["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    cache_env = dict(base, OPENNESS_CACHE_DIR=str(tmp / "cache"))
    tool = [*openness_cmd(), "compare", "--rubric", args.rubric]
    cmds = {
        "floor (python -c 'import yaml')": ([sys.executable, "-c", "import yaml"], base),
        "openness compare, warm cache": (tool, cache_env),
        "openness compare, first run": (tool, None),
        "openness compare, no cache/snapshot": (tool, dict(base, OPENNESS_NO_CACHE="1")),
    }
    fresh = iter(range(10**9))

    def env_of(env: dict[str, str] | None) -> dict[str, str]:
        """A new, empty cache folder for each first run."""
        return env if env is not None else dict(base, OPENNESS_CACHE_DIR=str(tmp / f"first-{next(fresh)}"))

    load_before = f"{os.getloadavg()[0]:.2f}"
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "from openness import snapshot, sources\n"
            "built = snapshot.catalog_image((sources.data_root(), sources.shipped('catalog'))) is not None\n"
            'print(f\'the package snapshot\\\'s built catalog is {"used" if built else "NOT used (every file from its own entry or parsed)"}\')',
        ],
        capture_output=True,
        text=True,
        env=base,
    )
    snapshot_note = probe.stdout.strip() or f"snapshot: unknown ({probe.stderr.strip()[-200:]})"
    expected = None
    for _ in range(2):  # warm-up: fill the document cache and the bytecode cache
        for cmd, env in cmds.values():
            _, _, out = timed_cpu(cmd, env_of(env))
            if cmd is tool:
                expected = expected or out
                if out != expected:
                    raise SystemExit("the modes printed different tables")
    times: dict[str, list[float]] = {k: [] for k in cmds}
    cpu: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(args.runs):
        for name, (cmd, env) in cmds.items():
            wall, used, out = timed_cpu(cmd, env_of(env))
            if cmd is tool and out != expected:
                raise SystemExit(f"{name}: printed a different table")
            times[name].append(wall)
            cpu[name].append(used)
    shutil.rmtree(tmp, ignore_errors=True)

    floor_name = next(iter(cmds))
    floor_med = statistics.median(times[floor_name])
    floor_min = min(times[floor_name])
    floor_cpu = statistics.median(cpu[floor_name])
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.runs} runs each, bytecode {args.bytecode}")
    print(f"load average before {load_before}, after {os.getloadavg()[0]:.2f}; {snapshot_note}")
    print(f"{'command':36} {'median ms':>9} {'min ms':>7} {'med/floor':>9} {'min/floor':>9} {'CPU ms':>7} {'CPU/floor':>9}")
    for name, ts in times.items():
        med, lo, c = statistics.median(ts), min(ts), statistics.median(cpu[name])
        print(f"{name:36} {med * 1000:>9.1f} {lo * 1000:>7.1f} {med / floor_med:>9.2f} {lo / floor_min:>9.2f} {c * 1000:>7.1f} {c / floor_cpu:>9.2f}")
    print("wall: median and minimum of the runs; CPU: median user+system time of the process (less sensitive to other load)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
