#!/usr/bin/env python3
"""Whole-database benchmark: both public openness databases imported and scored, as a user would.

    python3 bench/bench_databases.py [--repeat 3]

Runs, each in a fresh process, on the snapshots in tests/data/frameworks (273 Model Openness
Tool records at lfai/model_openness_tool 8b5d30e, 193 Open Source AI Index records at
Language-Technology-Assessment/main-database 5a388e8):

    openness import mot  tests/data/frameworks/mot/models --commit SHA --out TMP/mot
    openness compare TMP/mot --rubric mof --format csv
    openness import osai tests/data/frameworks/osai --commit SHA --out TMP/osai
    openness compare TMP/osai --rubric osai-index --format csv

with a cold document cache (OPENNESS_CACHE_DIR pointing at an empty folder), and prints the wall
clock and the CPU time (user + system, from the children's rusage) of each step and the total.
Target: at most 10 s in all.  On a shared machine the wall clock follows the load (printed too);
the CPU time is what the run itself costs.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import openness_cmd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "frameworks"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    cmd = openness_cmd()
    mot_commit = (DATA / "mot" / "COMMIT").read_text().strip()
    osai_commit = (DATA / "osai" / "COMMIT").read_text().strip()
    totals: list[float] = []
    cpu_totals: list[float] = []
    steps: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "OPENNESS_CACHE_DIR": str(Path(tmp) / "cache"), "OPENNESS_NO_PROGRESS": "1"}
            plan = [
                ("import mot", [*cmd, "import", "mot", str(DATA / "mot" / "models"), "--commit", mot_commit, "--out", f"{tmp}/mot"]),
                ("compare mof", [*cmd, "compare", f"{tmp}/mot", "--rubric", "mof", "--format", "csv"]),
                ("import osai", [*cmd, "import", "osai", str(DATA / "osai"), "--commit", osai_commit, "--out", f"{tmp}/osai"]),
                ("compare osai-index", [*cmd, "compare", f"{tmp}/osai", "--rubric", "osai-index", "--format", "csv"]),
            ]
            total = cpu_total = 0.0
            for name, argv in plan:
                r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.perf_counter()
                res = subprocess.run(argv, env=env, capture_output=True, text=True)
                dt = time.perf_counter() - t0
                r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
                cpus.setdefault(name, []).append(cpu)
                cpu_total += cpu
                if res.returncode != 0:
                    print(f"{name} failed ({res.returncode}): {res.stderr[-2000:]}", file=sys.stderr)
                    return 1
                steps.setdefault(name, []).append(dt)
                total += dt
            totals.append(total)
            cpu_totals.append(cpu_total)
    for name, ts in steps.items():
        print(
            f"{name:20s} wall median {statistics.median(ts):6.2f} s  cpu median {statistics.median(cpus[name]):5.2f} s  (wall runs: {', '.join(f'{t:.2f}' for t in ts)})"
        )
    med = statistics.median(totals)
    print(
        f"{'total':20s} wall median {med:6.2f} s  cpu median {statistics.median(cpu_totals):5.2f} s  target <= 10 s wall: {'met' if med <= 10 else 'NOT met'}"
    )
    print(f"load average during the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
