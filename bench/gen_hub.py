#!/usr/bin/env python3
"""Generate synthetic Hugging Face hub model metadata, deterministically from a seed.

    python3 bench/gen_hub.py --count 1000000 --seed 1 --out /tmp/hub-1m.jsonl
    python3 bench/gen_hub.py --count 100000 --format csv --out /tmp/hub-100k.csv

Records are shaped like the hub's model listing (``id``, ``author``, ``license``, ``gated``,
``pipeline_tag``, ``library_name``, ``tags``, ``base_model``, ``downloads``, ``likes``,
``createdAt``).  The license mix is a rough picture of the hub's — most models carry no license,
then apache-2.0 and mit far ahead of the rest, with the OpenRAIL family, the Llama and Gemma
licenses, Creative Commons, ``other`` and a long tail — meant to exercise the scorer's memo the
way real data does, not to report hub statistics.  A fifth of the licensed records carry the
license only as a ``license:…`` tag, as the hub's API gives it.  A third of the records are
derivatives (``base_model``, ``cardData.base_model`` or only ``base_model:`` tags): of an official
base, of a derivative made before them (chains up to 4 hops), merges, plain records of the dump,
dangling bases (1%) and two-record cycles (0.5%).  Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys

#: (hub license id or None for no license, weight)
LICENSES = [
    (None, 380),
    ("apache-2.0", 230),
    ("mit", 100),
    ("openrail", 30),
    ("creativeml-openrail-m", 28),
    ("other", 35),
    ("cc-by-nc-4.0", 22),
    ("cc-by-4.0", 16),
    ("llama2", 14),
    ("llama3", 10),
    ("llama3.1", 12),
    ("llama3.2", 8),
    ("llama3.3", 3),
    ("gemma", 8),
    ("cc-by-sa-4.0", 6),
    ("cc-by-nc-sa-4.0", 5),
    ("gpl-3.0", 5),
    ("afl-3.0", 4),
    ("bigscience-openrail-m", 4),
    ("bigscience-bloom-rail-1.0", 2),
    ("openrail++", 3),
    ("unknown", 5),
    ("bsd-3-clause", 2),
    ("cc0-1.0", 2),
    ("agpl-3.0", 1),
    ("cc-by-nc-nd-4.0", 1),
    ("deepfloyd-if-license", 1),
    ("bigcode-openrail-m", 1),
    ("cc", 1),
    ("lgpl-3.0", 1),
    ("gpl-2.0", 1),
    ("wtfpl", 1),
]
PIPELINES = [
    ("text-generation", 30),
    (None, 20),
    ("text-classification", 8),
    ("text-to-image", 8),
    ("automatic-speech-recognition", 4),
    ("feature-extraction", 5),
    ("sentence-similarity", 4),
    ("token-classification", 3),
    ("image-classification", 4),
    ("fill-mask", 3),
    ("image-text-to-text", 3),
    ("text2text-generation", 3),
    ("reinforcement-learning", 3),
    ("translation", 1),
    ("text-to-speech", 1),
    ("object-detection", 1),
    ("summarization", 1),
    ("question-answering", 1),
    ("text-to-video", 1),
]
LIBRARIES = ["transformers", "diffusers", "peft", "sentence-transformers", "gguf", "timm", "ml-agents", "stable-baselines3", "mlx", "onnx"]
BASES = [
    "meta-llama/Llama-2-7b-hf",
    "meta-llama/Llama-3.1-8B-Instruct",
    "meta-llama/Meta-Llama-3-8B",
    "mistralai/Mistral-7B-v0.1",
    "google/gemma-7b",
    "Qwen/Qwen2.5-7B-Instruct",
    "runwayml/stable-diffusion-v1-5",
    "stabilityai/stable-diffusion-xl-base-1.0",
    "openai-community/gpt2",
    "EleutherAI/pythia-1b",
    "bert-base-uncased",
    "distilbert-base-uncased",
    "microsoft/phi-2",
]
RELATIONS = ["finetune", "adapter", "quantized", "merge"]
FIELDS = ["id", "author", "license", "gated", "pipeline_tag", "library_name", "tags", "base_model", "downloads", "likes", "createdAt"]


def _table(pairs: list[tuple[object, int]]) -> tuple[list[object], list[int]]:
    values = [v for v, _ in pairs]
    cum, total = [], 0
    for _, w in pairs:
        total += w
        cum.append(total)
    return values, cum


def records(count: int, seed: int):
    """Yield ``count`` records (dicts), the same ones for the same seed."""
    rng = random.Random(seed)
    pool: list[tuple[str, int]] = []  # recent derivatives with fewer than 4 hops behind them
    plain: list[str] = []  # recent records that name no base
    cycle_next: dict[int, str] = {}  # record index -> the id it must name (closing a cycle)
    forced_author: dict[int, str] = {}  # the next record's author, drawn early for a cycle
    lic_v, lic_c = _table(LICENSES)
    pipe_v, pipe_c = _table(PIPELINES)
    n_authors = max(10, count // 8)
    for i in range(count):
        author = forced_author.pop(i, None) or f"user{rng.randrange(n_authors):06d}"
        lic = rng.choices(lic_v, cum_weights=lic_c)[0]
        pipe = rng.choices(pipe_v, cum_weights=pipe_c)[0]
        lib = LIBRARIES[int(rng.random() ** 2 * len(LIBRARIES))]
        r = rng.random()
        gated = "manual" if r < 0.02 else "auto" if r < 0.05 else False
        tags = [lib]
        if pipe:
            tags.append(pipe)
        base: str | list[str] | None = None
        rid = f"{author}/model-{i:07d}"
        relation = None
        if i in cycle_next:  # the other half of a cycle: point back at the record before
            base, relation = cycle_next.pop(i), "finetune"
        elif rng.random() < 1 / 3:
            base, relation, depth = _pick_base(rng, i, rid, pool, plain, cycle_next)
            if i + 1 in cycle_next:
                forced_author[i + 1] = f"user{rng.randrange(n_authors):06d}"
                base = f"{forced_author[i + 1]}/model-{i + 1:07d}"
            if depth < 4 and len(pool) < 4096:
                pool.append((rid, depth))
            elif depth < 4:
                pool[rng.randrange(len(pool))] = (rid, depth)
        elif len(plain) < 4096:
            plain.append(rid)
        else:
            plain[rng.randrange(len(plain))] = rid
        for b in [base] if isinstance(base, str) else base or []:
            tags.append(f"base_model:{b}")
            tags.append(f"base_model:{relation or 'finetune'}:{b}")
        if lic:
            tags.append(f"license:{lic}")
        tags.append("region:us")
        rec = {
            "id": rid,
            "author": author,
            "gated": gated,
            "pipeline_tag": pipe,
            "library_name": lib,
            "tags": tags,
            "downloads": int(rng.paretovariate(1.2)) - 1,
            "likes": int(rng.paretovariate(1.8)) - 1,
            "createdAt": f"202{rng.randrange(2, 6)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T00:00:00.000Z",
        }
        if lic and rng.random() < 0.8:
            rec["license"] = lic
        if base:
            where = rng.random()
            if where < 0.7:
                rec["base_model"] = base
            elif where < 0.85:
                rec["cardData"] = {"base_model": base, "base_model_relation": relation}
            # else: the bases only as the hub's base_model: tags
        yield rec


def _pick_base(rng: random.Random, i: int, rid: str, pool: list, plain: list, cycle_next: dict) -> tuple:
    """(base or bases, relation, depth) for a derivative: an official base (a third), a derivative
    made before it (chains up to 4 hops), a merge of two, a plain record of the dump, a base that
    is nowhere (dangling, 1%) or a two-record cycle (0.5%)."""
    r = rng.random()
    if r < 0.35 or not pool:
        return rng.choice(BASES), rng.choice(RELATIONS[:3]), 1
    if r < 0.75:
        parent, depth = rng.choice(pool)
        return parent, rng.choice(RELATIONS[:3]), depth + 1
    if r < 0.88:
        a, da = rng.choice(pool)
        b = rng.choice(BASES)
        return [a, b], "merge", da + 1
    if r < 0.985 or not plain:
        return (rng.choice(plain) if plain else rng.choice(BASES)), "finetune", 1
    if r < 0.995:
        return f"ghost{rng.randrange(10**6):06d}/missing-base", "finetune", 9
    cycle_next[i + 1] = rid
    return f"PENDING-{i + 1}", "finetune", 9


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", "-n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--format", choices=["jsonl", "csv"], default=None, help="default: from --out's suffix, else jsonl")
    ap.add_argument("--out", "-o", default="-", help="file to write ('-' for standard output)")
    args = ap.parse_args(argv)
    fmt = args.format or ("csv" if args.out.endswith(".csv") else "jsonl")
    fh = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8", newline="")
    try:
        if fmt == "jsonl":
            dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
            buf = []
            for rec in records(args.count, args.seed):
                buf.append(dumps(rec))
                if len(buf) >= 4096:
                    fh.write("\n".join(buf) + "\n")
                    buf.clear()
            if buf:
                fh.write("\n".join(buf) + "\n")
        else:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(FIELDS)
            for rec in records(args.count, args.seed):
                base = rec.get("base_model") or (rec.get("cardData") or {}).get("base_model")
                row = dict(rec, tags=";".join(rec["tags"]), base_model=";".join(base) if isinstance(base, list) else base)
                w.writerow(["" if row.get(f) is None else row.get(f) for f in FIELDS])
    finally:
        if fh is not sys.stdout:
            fh.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
