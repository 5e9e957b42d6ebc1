#!/usr/bin/env python3
"""Lineage benchmark: `openness check --input` and `openness score --input` over a hub dump in
which a third of the records are derivatives (chains of up to 4 hops, merges, cycles, dangling
bases; see bench/gen_hub.py).

    python3 bench/bench_lineage.py                          # 250k, 500k and 1M records
    python3 bench/bench_lineage.py --sizes 1000000 2000000 --repeat 3

For each size it generates the input once (seed 1, outside the timing), then runs each command in
a fresh process and reads the process's own wall time, CPU time (user + system) and peak resident
memory (os.wait4's rusage).  The machine may be shared: CPU time is what one core spent, wall
time what you waited; the load average is printed with each run.  It prints a table and the
linearity ratio t(2N)/t(N) on CPU time.  Targets: 1,000,000 records in at most 30 s of one core
and at most 500 MB, linear.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import openness_cmd

HERE = Path(__file__).resolve().parent
COMMANDS = {
    "check": ["check", "--commercial", "--mau", "800M"],
    "score": ["score", "--rubric", "articles"],
}


def run(cmd: list[str]) -> tuple[float, float, int, float]:
    """(wall seconds, cpu seconds, peak MB, 1-minute load before the run) of one fresh process."""
    load = os.getloadavg()[0]
    t = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)} (exit {os.waitstatus_to_exitcode(status)})")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss // 1024, load


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", nargs="+", type=int, default=[250_000, 500_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--format", default="csv", choices=["csv", "jsonl"])
    ap.add_argument("--workdir", default="/tmp/openness-bench-lineage")
    args = ap.parse_args(argv)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    cpu_by: dict[tuple[str, int], float] = {}
    for n in args.sizes:
        src = work / f"hub-{n}.jsonl"
        if not src.exists():
            subprocess.run([sys.executable, str(HERE / "gen_hub.py"), "--count", str(n), "--seed", "1", "--out", str(src)], check=True)
        for name, cmd in COMMANDS.items():
            runs = [
                run([*openness_cmd(), *cmd, "--input", str(src), "--format", args.format, "--out", str(work / f"out-{name}-{n}.{args.format}"), "--force"])
                for _ in range(args.repeat)
            ]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            peak = max(r[2] for r in runs)
            load = statistics.median(r[3] for r in runs)
            cpu_by[(name, n)] = cpu
            rows.append((name, n, wall, cpu, peak, load, n / cpu))
            print(
                f"{name:5} {n:>9,} records  wall {wall:6.1f} s  cpu {cpu:6.1f} s  peak {peak:4d} MB  load {load:4.1f}  {n / cpu:,.0f} records/cpu-s", flush=True
            )
    for name in COMMANDS:
        for n in args.sizes:
            if (name, 2 * n) in cpu_by:
                print(f"{name}: cpu t({2 * n:,}) / t({n:,}) = {cpu_by[(name, 2 * n)] / cpu_by[(name, n)]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
