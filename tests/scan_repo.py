"""A realistic repository for `openness scan`, built by the tests (and by bench/bench_scan.py).

A RAG service (a sentence-transformers embedder, a Llama 3.1 fine-tune loaded from the hub, a
hosted API model), a vLLM deployment (compose file and a shell script), a TGI command line, an
Ollama Modelfile and an `ollama pull`, a training script and its YAML config, and a Hugging Face
cache folder laid out as huggingface_hub lays it out (snapshots linking into blobs) holding the
fine-tune's model card.  Returns what a correct scan must find: {file: [(line, reference), ...]}.
"""

from __future__ import annotations

import os
from pathlib import Path

FINE_TUNE = "acme/llama-3.1-8b-support-ft"

FILES = {
    "rag_service/embed.py": '''\
"""Embeddings for the retriever.  (A docstring naming "gpt-4" is not a reference.)"""
from sentence_transformers import SentenceTransformer

EMBEDDER = "sentence-transformers/all-MiniLM-L6-v2"

# model = SentenceTransformer("intfloat/e5-large-v2")  -- a comment never counts
embedder = SentenceTransformer(EMBEDDER)
''',
    "rag_service/generate.py": f'''\
import os

from openai import OpenAI
from transformers import AutoModelForCausalLM, AutoTokenizer

MODEL_ID = os.getenv("GENERATOR", "{FINE_TUNE}")
tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
model = AutoModelForCausalLM.from_pretrained(MODEL_ID, torch_dtype="auto")
client = OpenAI()


def fallback(prompt: str) -> str:
    reply = client.chat.completions.create(model="gpt-4o", messages=[{{"role": "user", "content": prompt}}])
    return reply.choices[0].message.content
''',
    "deploy/docker-compose.yaml": """\
services:
  llm:
    image: vllm/vllm-openai:latest
    command: ["--model", "meta-llama/Meta-Llama-3.1-8B-Instruct", "--max-model-len", "8192"]
    ports: ["8000:8000"]
  tgi:
    image: ghcr.io/huggingface/text-generation-inference:2.4
    command: --model-id mistralai/Mistral-7B-Instruct-v0.1
""",
    "deploy/serve.sh": """\
#!/bin/sh
# vllm serve some/commented-out-model
vllm serve google/gemma-2-9b-it --port 8001
""",
    "ollama/Modelfile": """\
FROM llama3.1:8b
PARAMETER temperature 0.2
SYSTEM You answer support questions.
""",
    "ollama/pull.sh": """\
#!/bin/sh
ollama pull phi3
""",
    "train/train.py": """\
import argparse

from huggingface_hub import hf_hub_download
from transformers import AutoModelForCausalLM

parser = argparse.ArgumentParser()
parser.add_argument("--base-model", default="mistralai/Mistral-7B-v0.1")
args = parser.parse_args()
model = AutoModelForCausalLM.from_pretrained(args.base_model)
config = hf_hub_download(repo_id="google/gemma-2-2b", filename="config.json")
""",
    "train/config.yaml": """\
base_model: meta-llama/Meta-Llama-3.1-8B
dataset: ./data/support.jsonl
learning_rate: 2.0e-5
""",
    "README.md": '# support bot\n\nUses `from_pretrained("meta-llama/Llama-2-7b")` in the docs only: Markdown is not read.\n',
}

CARD = """\
---
license: apache-2.0
base_model: meta-llama/Meta-Llama-3.1-8B-Instruct
base_model_relation: finetune
pipeline_tag: text-generation
---
# llama-3.1-8b-support-ft

A support assistant fine-tuned from Llama 3.1 8B Instruct.
"""

EXPECTED = {
    "rag_service/embed.py": [(7, "sentence-transformers/all-MiniLM-L6-v2")],
    "rag_service/generate.py": [(7, FINE_TUNE), (8, FINE_TUNE), (13, "gpt-4o")],
    "deploy/docker-compose.yaml": [(4, "meta-llama/Meta-Llama-3.1-8B-Instruct"), (8, "mistralai/Mistral-7B-Instruct-v0.1")],
    "deploy/serve.sh": [(3, "google/gemma-2-9b-it")],
    "ollama/Modelfile": [(1, "llama3.1:8b")],
    "ollama/pull.sh": [(2, "phi3")],
    "train/train.py": [(7, "mistralai/Mistral-7B-v0.1"), (9, "args.base_model"), (10, "google/gemma-2-2b")],
    "train/config.yaml": [(1, "meta-llama/Meta-Llama-3.1-8B")],
    ".cache/huggingface/hub/models--acme--llama-3.1-8b-support-ft/snapshots/0123abcd/README.md": [(1, FINE_TUNE)],
}

PYPROJECT = """\
[project]
name = "support-bot"
version = "1.0"

[tool.openness.policy]
commercial = true
monthly_active_users = "800M"
distill = false
unknown = "warn"
"""


def build(root: Path) -> dict[str, list[tuple[int, str]]]:
    for name, text in FILES.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    repo = root / ".cache/huggingface/hub/models--acme--llama-3.1-8b-support-ft"
    blob = repo / "blobs" / "5f2b0c7e1d"
    blob.parent.mkdir(parents=True)
    blob.write_text(CARD, encoding="utf-8")
    snap = repo / "snapshots" / "0123abcd"
    snap.mkdir(parents=True)
    os.symlink(os.path.relpath(blob, snap), snap / "README.md")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("0123abcd", encoding="utf-8")
    return EXPECTED
