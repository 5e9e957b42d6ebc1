"""Find the model references a codebase makes: one finder per kind of file, standard library only.

Every finder returns :class:`Hit` objects (file, 1-based line and column, the reference as written,
and how it was found).  Nothing here resolves a reference or decides anything about it; a hit that
names no model the catalog knows is still a hit (the caller reports it as unknown).

Walking: ``.git``, ``node_modules``, virtual environments (a folder holding ``pyvenv.cfg``),
caches and build outputs are skipped; symbolic links to folders are never followed (so no loop
can form); only regular files are opened (no FIFOs or devices); files over :data:`MAX_BYTES` and
files with a NUL byte in their first block (binary files) are skipped.  A Hugging Face cache
folder (``models--owner--name``) is entered only for ``snapshots/*/README.md``.

Speed: a file is read once; its bytes are searched for cheap trigger words before any parser
runs, so a repository with no model reference costs little more than reading its files.
"""

from __future__ import annotations

import ast
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from openness import frozen as attrs

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: Files larger than this are not read (model weights, datasets, lock files).
MAX_BYTES = 2 * 1024 * 1024

#: Folders never entered.
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
        "site-packages",
        ".idea",
        ".vscode",
        "blobs",  # a Hugging Face cache's content-addressed files (weights), reached through snapshots/
    }
)

#: Files whose names say they are not worth parsing.
SKIP_FILES = frozenset(
    {"package-lock.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock", "uv.lock", "Cargo.lock", "tokenizer.json", "vocab.json", "merges.txt"}
)

_HF_CACHE_DIR = re.compile(r"^models--([A-Za-z0-9][\w.-]*)--([\w.-]+)$")


@attrs.frozen(order=True)
class Hit:
    """One reference to a model in one file."""

    file: str
    line: int
    column: int
    #: The reference as the file gives it (a hub repository id, an API model name, an Ollama name …).
    text: str
    #: How it was found: ``from_pretrained()``, ``config key model_name``, ``vllm serve`` …
    how: str
    #: The kind of name: hf (a hub repository or a name), ollama, card (a cached model card), dynamic (not a constant).
    kind: str = "name"
    #: For a card hit, the card file's path on disk; else empty.
    card: str = ""

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


# --------------------------------------------------------------------------- walking


def _is_venv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def walk(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, str]]:
    """(path on disk, name shown in reports) of every file worth reading, in a stable order.

    Names are relative to the folder given (or the file's own name when a file is given), with ``/``.
    """
    for given in paths:
        root = Path(given)
        try:
            st = os.stat(root)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            yield root, _display(root.as_posix())
            continue
        if not stat.S_ISDIR(st.st_mode):
            continue
        prefix = "" if str(given) in (".", "./") else _display(root.as_posix().rstrip("/")) + "/"
        yield from _walk_dir(root, prefix)


def _display(name: str) -> str:
    """A file name as reports show it: bytes that are not UTF-8 (kept by the file system's
    surrogate escapes, which no output can encode) become U+FFFD."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _listing(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:
        return []


def _walk_dir(folder: Path, prefix: str) -> Iterator[tuple[Path, str]]:
    """Depth first, in name order, without recursion (no depth of folders can exhaust the stack)."""
    stack: list[tuple[Iterator[os.DirEntry[str]], str]] = [(iter(_listing(str(folder))), prefix)]
    while stack:
        entries, pre = stack[-1]
        e = next(entries, None)
        if e is None:
            stack.pop()
            continue
        name = e.name
        try:
            if e.is_dir(follow_symlinks=False):
                if name in SKIP_DIRS or _is_venv(e.path):
                    continue
                if _HF_CACHE_DIR.match(name):
                    yield from _hf_cache_cards(Path(e.path), pre + _display(name) + "/")
                    continue
                stack.append((iter(_listing(e.path)), pre + _display(name) + "/"))
            elif name not in SKIP_FILES and e.is_file(follow_symlinks=False):
                yield Path(e.path), pre + _display(name)
        except OSError:
            continue


def _hf_cache_cards(folder: Path, prefix: str) -> Iterator[tuple[Path, str]]:
    """``snapshots/<revision>/README.md`` of one cached repository (often a link into blobs/); a
    cached repository without any card (``from_pretrained`` does not fetch one) is yielded as the
    folder itself, its name ending in ``/``: the repository it holds is still a reference."""
    snaps = folder / "snapshots"
    try:
        revisions = sorted(os.listdir(snaps))
    except OSError:
        revisions = []
    found = False
    for rev in revisions:
        card = snaps / rev / "README.md"
        try:
            st = os.stat(card)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            found = True
            yield card, f"{prefix}snapshots/{_display(rev)}/README.md"
    if not found:
        yield folder, prefix


def read_bytes(path: Path) -> bytes | None:
    """A regular file's bytes, or None (not a regular file, too large, unreadable or binary).

    Links to files are followed (a cache's snapshots link into its blobs); FIFOs, sockets and
    devices are never opened for reading: the file is opened without blocking and checked first.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES or b"\0" in raw[:8192]:
        return None
    return raw


# --------------------------------------------------------------------------- positions


class _Lines:
    """Offsets of line starts, to turn a character offset into a 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        import bisect

        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def _decode(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    return text[1:] if text.startswith("\ufeff") else text


# --------------------------------------------------------------------------- python


#: Bytes whose absence means a Python file names no model the finders look for (``in`` on bytes
#: is a fast substring search; a regular expression with alternatives is several times slower).
PY_WORDS = (b"model", b"Model", b"MODEL", b"from_pretrained", b"pipeline", b"_download", b"Transformer", b"Encoder", b"LLM", b"repo_id")


def _any(raw: bytes, words: tuple[bytes, ...]) -> bool:
    return any(w in raw for w in words)


#: Calls whose argument names a model, by the called name: (positional index, keywords).
_LOADERS: dict[str, tuple[int, tuple[str, ...]]] = {
    "from_pretrained": (0, ("pretrained_model_name_or_path", "model_id", "model_name_or_path", "repo_id")),
    "pipeline": (1, ("model",)),
    "hf_hub_download": (0, ("repo_id",)),
    "snapshot_download": (0, ("repo_id",)),
    "SentenceTransformer": (0, ("model_name_or_path",)),
    "CrossEncoder": (0, ("model_name", "model_name_or_path")),
    "LLM": (0, ("model",)),  # vLLM
    "AsyncEngineArgs": (0, ("model",)),
    "EngineArgs": (0, ("model",)),
    "GenerativeModel": (0, ("model_name",)),  # google.generativeai
}
#: Keyword arguments that name a model in any call (hosted APIs: ``model="gpt-4o"``).
_MODEL_KEYWORDS = frozenset({"model", "model_name", "model_id", "repo_id", "base_model", "model_name_or_path", "pretrained_model_name_or_path"})
_ENV_GETTERS = frozenset({"os.getenv", "getenv", "os.environ.get", "environ.get"})


def _call_name(func: ast.expr) -> tuple[str, str]:
    """(called name, the name before it): ``AutoModel.from_pretrained`` -> (from_pretrained, AutoModel)."""
    if isinstance(func, ast.Attribute):
        owner = func.value
        before = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
        return func.attr, before
    if isinstance(func, ast.Name):
        return func.id, ""
    return "", ""


def _module_constants(tree: ast.Module) -> dict[str, tuple[str, str]]:
    """Module-level ``NAME = "text"`` (and annotated) bindings; a name bound twice is dropped."""
    out: dict[str, tuple[str, str]] = {}
    seen: set[str] = set()
    for node in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for t in targets:
            if isinstance(t, ast.Name):
                if t.id in seen:
                    out.pop(t.id, None)
                    continue
                seen.add(t.id)
                s = _string(value, {})
                if s is not None:
                    out[t.id] = s
    return out


def _string(node: ast.expr | None, consts: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """(text, how) of a string constant, a module constant's name, or an env lookup's default."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value, ""
    if isinstance(node, ast.Name) and node.id in consts:
        text, via = consts[node.id]
        return text, f" via constant {node.id}{via}"
    if isinstance(node, ast.Call) and len(node.args) == 2 and _dotted(node.func) in _ENV_GETTERS:
        first = node.args[0]
        var = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else "?"
        got = _string(node.args[1], consts)
        if got is not None:
            return got[0], f" (default of environment variable {var})"
    return None


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _expr_text(node: ast.expr) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # noqa: BLE001 - unparse of odd nodes; the reference stays reported
        text = type(node).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def python_hits(raw: bytes, name: str) -> list[Hit]:
    """Model references in a Python file (comments and docstrings never count: the ``ast`` sees code)."""
    if not _any(raw, PY_WORDS):
        return []
    try:
        tree = ast.parse(raw, filename=name)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    consts = _module_constants(tree)
    hits: list[Hit] = []
    rows = raw.split(b"\n")

    def column(node: ast.expr) -> int:
        """ast counts UTF-8 bytes; reports count characters."""
        row = rows[node.lineno - 1] if 0 < node.lineno <= len(rows) else b""
        return len(row[: node.col_offset].decode("utf-8", "replace")) + 1

    def add(node: ast.expr, how: str) -> None:
        got = _string(node, consts)
        if got is not None:
            text, via = got
            if text.strip():
                hits.append(Hit(name, node.lineno, column(node), text.strip(), how + via, "name"))
        else:
            hits.append(Hit(name, node.lineno, column(node), _expr_text(node), how + " (not a constant: cannot be resolved)", "dynamic"))

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        called, before = _call_name(node.func)
        label = f"{before}.{called}()" if before else f"{called}()"
        taken: set[int] = set()
        spec = _LOADERS.get(called)
        if spec is not None and not (called == "LLM" and before not in ("", "vllm")):
            pos, keys = spec
            if "Peft" in before and called == "from_pretrained":
                pos, keys = 1, ("model_id",)
            target: ast.expr | None = None
            for kw in node.keywords:
                if kw.arg in keys:
                    target = kw.value
                    break
            if target is None and len(node.args) > pos and not isinstance(node.args[pos], ast.Starred):
                target = node.args[pos]
            if target is not None:
                taken.add(id(target))
                add(target, label)
        if called == "add_argument" and node.args:
            flag = node.args[0]
            if isinstance(flag, ast.Constant) and isinstance(flag.value, str) and re.search(r"model|repo_id", flag.value):
                for kw in node.keywords:
                    if kw.arg == "default" and _string(kw.value, consts) is not None:
                        taken.add(id(kw.value))
                        add(kw.value, f"default of command-line option {flag.value}")
        for kw in node.keywords:
            if kw.arg in _MODEL_KEYWORDS and id(kw.value) not in taken and _string(kw.value, consts) is not None:
                add(kw.value, f"{label} keyword {kw.arg}=")
    return hits


def notebook_hits(raw: bytes, name: str) -> list[Hit]:
    """Code cells of a Jupyter notebook, read as Python; each hit placed on the notebook file's line
    that holds the cell's source line (nbformat writes one JSON string per source line)."""
    if not _any(raw, PY_WORDS):
        return []
    text = _decode(raw)
    try:
        nb = json.loads(text)
    except (ValueError, RecursionError):
        return []
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        return []
    lines = _Lines(text)
    cursor = 0
    out: list[Hit] = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = cell.get("source", [])
        parts = [src] if isinstance(src, str) else [p for p in src if isinstance(p, str)] if isinstance(src, list) else []
        code = "".join(parts)
        rows = code.split("\n")
        # where each source line's JSON string starts in the file (in order), when it can be found
        starts: list[int | None] = []
        for row in rows:
            needle = json.dumps(row, ensure_ascii=False)[:-1]  # the opening quote and the text
            at = text.find(needle, cursor) if row.strip() else -1
            starts.append(at if at >= 0 else None)
            if at >= 0:
                cursor = at + len(needle)
        for h in python_hits(code.encode("utf-8"), name):
            start = starts[h.line - 1] if h.line - 1 < len(starts) else None
            if start is None:
                line, col = 1, 1
            else:
                line, col = lines.position(start + 1 + h.column - 1)
            out.append(attrs.evolve(h, line=line, column=col, how=h.how + " in a notebook cell"))
    return out


# --------------------------------------------------------------------------- configuration files


#: Keys whose value names a model, in YAML, JSON and TOML files (compared in lower case).
_CONFIG_KEY = re.compile(
    r"^(?:model|model_name|model_id|model_name_or_path|pretrained_model_name_or_path|base_model|repo_id"
    r"|tokenizer_name|hf_model|hub_model|[a-z0-9]+_model|[a-z0-9]+_model_(?:name|id))$"
)
_CONFIG_WORDS = (b"model", b"Model", b"MODEL", b"repo_id")
_NOT_MODEL_KEYS = frozenset({"served_model", "output_model", "hub_model_id", "push_to_hub_model_id"})


def _config_key(key: Any) -> bool:
    if not isinstance(key, str):
        return False
    k = key.strip().lower().replace("-", "_")
    return k not in _NOT_MODEL_KEYS and bool(_CONFIG_KEY.match(k))


def _plausible(value: str) -> bool:
    """A value that may name a model (not a number, a flag word, an empty or multi-line text)."""
    v = value.strip()
    if not v or len(v) > 200 or "\n" in v or " " in v:
        return False
    return not re.fullmatch(r"(?i)true|false|none|null|auto|default|[0-9.]+", v)


def _walk_data(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """(path, key, value) of every string (or list of strings) under a model key."""
    if isinstance(data, dict):
        for k, v in data.items():
            here = (*path, k)
            if _config_key(k):
                if isinstance(v, str) and _plausible(v):
                    yield here, str(k), v
                elif isinstance(v, list):
                    for i, item in enumerate(v):
                        if isinstance(item, str) and _plausible(item):
                            yield (*here, i), str(k), item
            if isinstance(v, (dict, list)):
                yield from _walk_data(v, here)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk_data(v, (*path, i))


def yaml_hits(raw: bytes, name: str) -> list[Hit]:
    """Model keys in a YAML file, located by the parser's marks (or by line when it will not parse)."""
    if not _any(raw, _CONFIG_WORDS):
        return []
    from openness import yamlio
    from openness.errors import OpennessError

    try:
        doc = yamlio.loads(raw, name)
    except (OpennessError, RecursionError):
        return _line_key_hits(_decode(raw), name, yaml=True)
    out = []
    for path, key, value in _walk_data(doc.data):
        m = doc.mark(path)
        out.append(Hit(name, m.line, m.column, value.strip(), f"config key {key}", "name"))
    return out


_LINE_KEY = re.compile(r"""^(\s*-?\s*["']?)([A-Za-z0-9_-]+)(["']?\s*[:=]\s*["']?)([^"'\s#,]+)""", re.M)


def _line_key_hits(text: str, name: str, yaml: bool = False) -> list[Hit]:
    """``key: value`` lines whose key names a model (YAML with aliases, several documents …)."""
    lines = _Lines(text)
    out = []
    for m in _LINE_KEY.finditer(text):
        if _config_key(m.group(2)) and _plausible(m.group(4)) and not m.group(4).startswith(("{", "[", "&", "*", "|", ">")):
            line, col = lines.position(m.start(4))
            out.append(Hit(name, line, col, m.group(4), f"config key {m.group(2)}", "name"))
    return out


def json_hits(raw: bytes, name: str) -> list[Hit]:
    """Model keys in a JSON file; each located by finding its ``"key": "value"`` pair in the text."""
    if not _any(raw, _CONFIG_WORDS):
        return []
    text = _decode(raw)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    try:
        return _locate_pairs(text, name, list(_walk_data(data)), r'"{key}"\s*:\s*(?:\[[^\]]*?)?"({value})"')
    except RecursionError:  # nested deeper than the walk can follow: nothing read from it
        return []


def toml_hits(raw: bytes, name: str) -> list[Hit]:
    """Model keys in a TOML file (``tomllib``); lines found by searching for ``key = "value"``."""
    if not _any(raw, _CONFIG_WORDS):
        return []
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the same parser, as a package (a dependency there)
        import tomli as tomllib
    text = _decode(raw)
    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError):
        return []
    try:
        return _locate_pairs(text, name, list(_walk_data(data)), r"""["']?{key}["']?\s*=\s*(?:\[[^\]]*?)?["']({value})["']""")
    except RecursionError:
        return []


def _locate_pairs(text: str, name: str, found: Iterable[tuple[tuple[Any, ...], str, str]], pattern: str) -> list[Hit]:
    lines = _Lines(text)
    out = []
    used: set[int] = set()
    for _path, key, value in found:
        rx = re.compile(pattern.format(key=re.escape(key), value=re.escape(json.dumps(value)[1:-1]) if pattern.startswith('"') else re.escape(value)), re.S)
        start = 0
        pos = None
        while True:
            m = rx.search(text, start)
            if m is None:
                break
            if m.start(1) not in used:
                pos = m.start(1)
                break
            start = m.start(1) + 1
        if pos is None:
            line, col = 1, 1
        else:
            used.add(pos)
            # at the opening quote, as the Python and YAML finders report a string
            line, col = lines.position(pos - 1 if pos and text[pos - 1] in "\"'" else pos)
        out.append(Hit(name, line, col, value.strip(), f"config key {key}", "name"))
    return out


# --------------------------------------------------------------------------- command lines


_CMD_WORDS = (b"--model", b"vllm", b"ollama", b"MODEL")
_VALUE = r"""["']?([^\s"'\\;|&)]+)"""
_COMMANDS = [
    (re.compile(r"--(model(?:[-_]id|[-_]name|[-_]name[-_]or[-_]path)?)(?:=|[ \t]+)" + _VALUE), "command-line option --{0}", "name"),
    (re.compile(r"""["'](--model(?:[-_]id)?)["']\s*,\s*["']([^"']+)["']"""), "command-line option {0} (argument list)", "name"),
    (re.compile(r"\bvllm[ \t]+serve[ \t]+" + _VALUE), "vllm serve", "name"),
    (re.compile(r"\bollama[ \t]+(?:pull|run)[ \t]+" + _VALUE), "ollama pull/run", "ollama"),
    (re.compile(r"""(?:^|[\s"'-])((?:[A-Z0-9]+_)*MODEL(?:_ID|_NAME)?)[ \t]*[=:][ \t]*""" + _VALUE, re.M), "environment variable {0}", "name"),
]


def command_hits(raw: bytes, name: str) -> list[Hit]:
    """vLLM and TGI command lines (``--model X``, ``--model-id X``, ``vllm serve X``), ``ollama
    pull/run NAME`` and ``MODEL_ID=…`` settings in shell scripts, Dockerfiles and compose files.

    A value that is a variable (``$MODEL``) is left to the assignment that sets it, when the file
    has one; otherwise it is reported as a reference that cannot be resolved.
    """
    if not _any(raw, _CMD_WORDS):
        return []
    text = _decode(raw)
    lines = _Lines(text)
    out: list[Hit] = []
    assigned = {m.group(1) for m in _COMMANDS[-1][0].finditer(text)}
    for rx, how, kind in _COMMANDS:
        for m in rx.finditer(text):
            groups = m.groups()
            value = groups[-1]
            label = how.format(*groups[:-1])
            line, col = lines.position(m.start(len(groups)))
            start = text.rfind("\n", 0, m.start()) + 1
            if text[start : m.start()].lstrip().startswith("#"):
                continue  # a shell comment
            if value.startswith("$"):
                var = value.strip("${}").split(":")[0]
                if var in assigned:
                    continue
                out.append(Hit(name, line, col, value, label + " (a variable: cannot be resolved)", "dynamic"))
                continue
            if value.startswith("-") or not _plausible(value):
                continue
            out.append(Hit(name, line, col, value, label, kind))
    return out


def modelfile_hits(raw: bytes, name: str) -> list[Hit]:
    """The ``FROM`` line of an Ollama Modelfile (instructions are case-insensitive)."""
    text = _decode(raw)
    lines = _Lines(text)
    out = []
    for m in re.finditer(r"^[ \t]*(?i:from)[ \t]+(\S+)", text, re.M):
        line, col = lines.position(m.start(1))
        out.append(Hit(name, line, col, m.group(1), "Modelfile FROM", "ollama"))
    return out


def card_hits(path: Path, name: str) -> list[Hit]:
    """A model card in a Hugging Face cache folder: the cached repository itself is the reference."""
    repo = None
    for part in reversed(Path(name).parts):
        m = _HF_CACHE_DIR.match(part)
        if m:
            repo = f"{m.group(1)}/{m.group(2)}"
            break
    if repo is None:
        return []
    return [Hit(name, 1, 1, repo, "Hugging Face cache folder", "card", str(path))]


# --------------------------------------------------------------------------- dispatch


_SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".env", ".service", ".mk")
_SHELL_NAMES = ("Dockerfile", "Containerfile", "Makefile", "Procfile", "Justfile", ".env")


def finder_for(name: str) -> list[Any]:
    """The finders that read a file of this name (none: the file is not read at all)."""
    base = name.rsplit("/", 1)[-1]
    lower = base.lower()
    if "/snapshots/" in name and base == "README.md" and "models--" in name:
        return ["card"]
    if lower == "modelfile" or lower.endswith(".modelfile"):
        return [modelfile_hits]
    if lower.endswith((".py", ".pyw")):
        return [python_hits]
    if lower.endswith(".ipynb"):
        return [notebook_hits]
    if lower.endswith((".yaml", ".yml")):
        return [yaml_hits, command_hits]
    if lower.endswith(".json"):
        return [json_hits]
    if lower.endswith(".toml"):
        return [toml_hits]
    if lower.endswith(_SHELL_SUFFIXES) or base.startswith(_SHELL_NAMES) or lower.endswith(".dockerfile"):
        return [command_hits]
    return []


def _excluded(name: str, pattern: str) -> bool:
    """A glob pattern matches the path, or any trailing part of it (``notebooks/*`` also excludes
    ``src/notebooks/a.py``); a pattern naming a folder excludes what is under it."""
    import fnmatch

    p = pattern.strip()
    while p.startswith("./"):
        p = p[2:]
    p = p.rstrip("/")
    for pat in (p, p + "/*"):
        if fnmatch.fnmatchcase(name, pat) or fnmatch.fnmatchcase(name, "*/" + pat):
            return True
    return False


def find(paths: Iterable[str | os.PathLike[str]], exclude: Iterable[str] = ()) -> tuple[list[Hit], int]:
    """Every hit in the files under ``paths`` (sorted, each once), and the number of files read."""
    patterns = [p for p in exclude if p.strip()]
    hits: set[Hit] = set()
    read = 0
    for path, name in walk(paths):
        if patterns and any(_excluded(name, p) for p in patterns):
            continue
        if name.endswith("/"):  # a cached repository with no model card
            m = _HF_CACHE_DIR.match(name.rstrip("/").rsplit("/", 1)[-1])
            if m:
                hits.add(Hit(name.rstrip("/"), 1, 1, f"{m.group(1)}/{m.group(2)}", "Hugging Face cache folder (no model card cached)", "name"))
            continue
        finders = finder_for(name)
        if not finders:
            continue
        if finders == ["card"]:
            if read_bytes(path) is not None:
                read += 1
                hits.update(card_hits(path, name))
            continue
        raw = read_bytes(path)
        if raw is None:
            continue
        read += 1
        for f in finders:
            hits.update(f(raw, name))
    # one reference at one place, even when two finders saw it (a compose file's command line)
    best: dict[tuple[str, int, int, str], Hit] = {}
    for h in sorted(hits):
        best.setdefault((h.file, h.line, h.column, h.text), h)
    return sorted(best.values()), read
