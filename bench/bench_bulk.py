#!/usr/bin/env python3
"""Bulk scoring benchmark: `openness score --input` over synthetic hub metadata.

    python3 bench/bench_bulk.py                       # 100k, 500k and 1M records, JSON Lines in, CSV out
    python3 bench/bench_bulk.py --sizes 100000 1000000 --input-format csv --format jsonl --repeat 3

For each size it generates the input once (bench/gen_hub.py, seed 1, outside the timing), then
runs the real command in a fresh process, timing the wall clock and reading the process's own
peak resident memory (os.wait4's rusage, so each run is measured alone).  It prints a table, the
records per second, and the linearity ratio: the time for 2N records over the time for N (the
target is at most 2.2).  Targets: 1,000,000 records in at most 30 s, peak memory under 300 MB.
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

HERE = Path(__file__).resolve().parent


def run_once(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one run of ``cmd`` in a fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    rss_mb = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 1024 / 1024
    return wall, rss_mb


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="bulk scoring benchmark")
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 500_000, 1_000_000])
    ap.add_argument("--input-format", choices=["jsonl", "csv"], default="jsonl")
    ap.add_argument("--format", choices=["csv", "jsonl"], default="csv", help="output format")
    ap.add_argument("--rubric", default="articles")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size (the median is reported)")
    ap.add_argument("--workdir", help="keep generated files here (default: a temporary folder)")
    args = ap.parse_args(argv)

    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="openness-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(HERE))
    import gen_hub

    results: dict[int, float] = {}
    fastest: dict[int, float] = {}
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; input {args.input_format}, output {args.format}, rubric {args.rubric}")
    print(f"{'records':>10} {'median s':>9} {'min s':>7} {'rec/s':>10} {'peak RSS MB':>12}")
    for n in args.sizes:
        src = work / f"hub-{n}.{args.input_format}"
        if not src.exists():
            gen_hub.main(["--count", str(n), "--seed", "1", "--format", args.input_format, "--out", str(src)])
        out = work / f"scores-{n}.{args.format}"
        cmd = [*openness_cmd(), "score", "--input", str(src), "--rubric", args.rubric, "--format", args.format, "--out", str(out), "--force"]
        walls, rss = [], []
        for _ in range(args.repeat):
            w, r = run_once(cmd)
            walls.append(w)
            rss.append(r)
        med = statistics.median(walls)
        results[n] = med
        fastest[n] = min(walls)
        print(f"{n:>10,} {med:>9.2f} {min(walls):>7.2f} {n / med:>10,.0f} {max(rss):>12.1f}", flush=True)
    sizes = sorted(results)
    for a in sizes:
        if 2 * a in results:
            print(
                f"linearity: t({2 * a:,}) / t({a:,}) = {results[2 * a] / results[a]:.2f} (medians), {fastest[2 * a] / fastest[a]:.2f} (minima); target <= 2.2"
            )
    if len(sizes) >= 2:
        a, b = sizes[0], sizes[-1]
        print(f"scaling: t({b:,}) / t({a:,}) = {results[b] / results[a]:.2f} for {b / a:g}x the records")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
