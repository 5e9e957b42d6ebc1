"""How long `openness scan` takes on a repository of 10,000 files, against reading its files.

    python3 bench/bench_scan.py                       # 10,000 files; with and without model references
    python3 bench/bench_scan.py --files 20000 --repeat 5 --workdir /tmp/openness-scan-bench

Builds two git repositories of generated source files (Python mostly, then JavaScript, Markdown,
JSON, YAML and shell, 1-8 KB each, same seed same bytes): one with no model reference at all, one
where one Python file in fifty and one config in ten names a model (plus the realistic repository of
tests/scan_repo.py, with its Hugging Face cache folder).  For each it times, median of --repeat runs
with warm file caches:

  floor    git ls-files | xargs cat > /dev/null       (reading every tracked file)
  scan     openness scan REPO --no-pyproject --format json > /dev/null   (a fresh process)

and prints the files, references found, both times and their ratio.  Target: scan <= 5 s for 10,000
files, and close to the floor when there is nothing to find.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import openness_cmd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

PY_BODY = '''\
import json
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class Record{n}:
    key: str
    value: int = 0

    def as_dict(self) -> dict:
        return {{"key": self.key, "value": self.value}}


def load_{n}(path: str) -> list[Record{n}]:
    """Read records from a JSON file; skip the ones without a key."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    out = []
    for item in data:
        if not item.get("key"):
            log.warning("record without a key: %r", item)
            continue
        out.append(Record{n}(item["key"], int(item.get("value", 0))))
    return out
'''
JS_BODY = (
    "export function handler{n}(req, res) {{\n  const items = req.body.items || [];\n  res.json({{ count: items.length, first: items[0] ?? null }});\n}}\n"
)
MD_BODY = "# Section {n}\n\nThis page explains how the service handles request batches, retries and timeouts.\n\n"
JSON_BODY = '{{"name": "component-{n}", "version": "1.{n}.0", "dependencies": {{"left-pad": "^1.3.0"}}, "scripts": {{"test": "jest"}}}}\n'
YAML_BODY = "name: job-{n}\nruns-on: ubuntu-latest\nsteps:\n  - run: make test\n  - run: make lint\n"
SH_BODY = "#!/bin/sh\nset -eu\necho building {n}\nmake -j4 all\n"
MODEL_PY = '\nfrom transformers import AutoModel\nencoder = AutoModel.from_pretrained("google/gemma-2-2b")\n'
MODEL_YAML = "model_name: mistralai/Mistral-7B-v0.1\n"

KINDS = [("py", PY_BODY, 60), ("js", JS_BODY, 15), ("md", MD_BODY, 10), ("json", JSON_BODY, 5), ("yaml", YAML_BODY, 5), ("sh", SH_BODY, 5)]


def build(root: Path, files: int, with_models: bool, seed: int = 1) -> None:
    rng = random.Random(seed)
    root.mkdir(parents=True)
    weights = [w for _, _, w in KINDS]
    for i in range(files):
        ext, body, _ = rng.choices(KINDS, weights)[0]
        repeat = rng.randint(1, 8) if ext == "py" else rng.randint(4, 60)
        text = "".join(body.format(n=i * 100 + j) for j in range(repeat))
        if with_models and ext == "py" and i % 50 == 0:
            text += MODEL_PY
        if with_models and ext == "yaml" and i % 10 == 0:
            text = MODEL_YAML + text
        folder = root / f"pkg{i % 40}" / f"mod{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{i}.{ext}").write_text(text, encoding="utf-8")
    if with_models:
        import scan_repo

        scan_repo.build(root / "service")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)


def timed(cmd: str | list[str], cwd: Path, shell: bool = False) -> tuple[float, str]:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, shell=shell, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return time.perf_counter() - t0, p.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="openness-scan-bench-"))
    scan = [*openness_cmd(), "scan", ".", "--no-pyproject", "--format", "json"]
    print(f"{'repository':<22} {'files':>7} {'refs':>5} {'floor s':>8} {'scan s':>7} {'ratio':>6}")
    for label, with_models in (("no model reference", False), ("with references", True)):
        root = work / label.replace(" ", "-")
        if not root.exists():
            build(root, args.files, with_models)
        tracked = int(subprocess.run("git ls-files | wc -l", cwd=root, shell=True, capture_output=True, text=True).stdout)
        timed("git ls-files -z | xargs -0 cat > /dev/null", root, shell=True)  # warm the file cache
        timed(scan, root)
        floors, scans, out = [], [], ""
        for _ in range(args.repeat):
            floors.append(timed("git ls-files -z | xargs -0 cat > /dev/null", root, shell=True)[0])
            t, out = timed(scan, root)
            scans.append(t)
        import json

        refs = len(json.loads(out)["references"]) if out else -1
        floor, took = statistics.median(floors), statistics.median(scans)
        print(f"{label:<22} {tracked:>7} {refs:>5} {floor:>8.2f} {took:>7.2f} {took / floor:>6.1f}")


if __name__ == "__main__":
    main()
