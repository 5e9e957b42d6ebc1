"""What every importer shares: where evidence points, verbatim quotes, and writing the record.

An imported fact cites the file it came from: its published address when one is known, else the
file itself when it lies inside a folder that evidence may cite (the shipped data folder, a
``--catalog`` folder, or the folder the record is written to), so that ``openness validate``
checks every quote against it.  A file that can be cited neither way gives explained unknowns,
never unsourced values.  A quote is always the exact lines of the file that hold the value.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from openness import files, sources, yamlio
from openness.errors import Finding, OpennessError

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, TextIO

MIN_QUOTE, MAX_QUOTE = 8, 4000
#: The line breaks YAML counts, so that line numbers here are the parser's.
LINE_BREAK = yamlio._LINE_BREAK

#: Plain scalars the writer may leave unquoted (ids, enum words, addresses without spaces).
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/+-]*$")
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.+-]*$")


def evidence_roots(out: Path | None, catalog_dirs: Sequence[str | os.PathLike[str]] = ()) -> list[Path]:
    """The folders a written record's local evidence may lie in, in the order ``openness validate``
    looks (the shipped data first, which also works for ``load_catalog``; the record's own folder
    last)."""
    data = sources.data_root()
    folder = (out.parent if out is not None else Path.cwd()).resolve()
    return [data, data / "catalog", *map(Path, catalog_dirs), folder]


def local_source(path: Path, roots: Sequence[Path]) -> str | None:
    """``path`` relative to the first root it lies in (and resolves back from), else None."""
    try:
        real = path.resolve()
    except OSError:
        return None
    for root in roots:
        try:
            rel = real.relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            continue
        # cited files are looked up in every root in turn: the first match must be this file
        local, problem = sources.resolve(rel, tuple(roots))
        if local is not None and problem is None and local == real:
            return rel
    return None


class Origin:
    """A parsed source file and the evidence source its facts cite (``None``: cannot be cited)."""

    def __init__(self, doc: yamlio.Document, text: str, source: str | None, why_not: str = "") -> None:
        self.doc = doc
        self.lines = LINE_BREAK.split(text)
        self.source = source
        self.why_not = why_not

    # ------------------------------------------------------------------ quotes
    def span(self, path: tuple[Any, ...]) -> tuple[int, int]:
        """First and last 1-based line of the node at ``path`` (its key line included)."""
        path = tuple(path)
        first = None
        if path in self.doc.key_marks:
            first = self.doc.key_marks[path].line
        elif path in self.doc.marks:
            first = self.doc.marks[path].line
        if first is None:
            raise KeyError(path)
        last = first
        n = len(path)
        for table in (self.doc.marks, self.doc.key_marks):
            for p, m in table.items():
                if len(p) >= n and p[:n] == path and m.line > last:
                    last = m.line
        return first, last

    def quote(self, path: tuple[Any, ...]) -> str:
        """The exact lines holding ``path`` (indentation dropped; whitespace is not compared)."""
        first, last = self.span(path)
        return self.quote_lines(first, last)

    def quote_lines(self, first: int, last: int) -> str:
        def text(a: int, b: int) -> str:
            return "\n".join(s for s in (line.strip() for line in self.lines[a - 1 : b]) if s)

        out = text(first, last)
        while len(out) < MIN_QUOTE and (last < len(self.lines) or first > 1):
            if last < len(self.lines):
                last += 1
            else:
                first -= 1
            out = text(first, last)
        while len(out) > MAX_QUOTE and last > first:
            last -= 1
            out = text(first, last)
        if len(out) > MAX_QUOTE:  # one very long line: a prefix of it is still verbatim
            out = out[:MAX_QUOTE].rstrip()
        return out

    # ------------------------------------------------------------------ facts
    def fact(self, value: Any, *paths: tuple[Any, ...], note: str | None = None, quotes: Sequence[str] = ()) -> dict[str, Any]:
        """A fact with the value and one evidence entry per path (or quote given); an explained
        unknown when the file cannot be cited."""
        texts = [self.quote(p) for p in paths] + list(quotes)
        if self.source is None:
            seen = texts[0].splitlines()[0] if texts else ""
            return {"unknown": f"{self.why_not}" + (f" (the file says: {seen})" if seen else "")}
        node: dict[str, Any] = {"value": value, "evidence": [{"source": self.source, "quote": q} for q in dict.fromkeys(texts)]}
        if note:
            node["note"] = note
        return node

    def has(self, path: tuple[Any, ...]) -> bool:
        return tuple(path) in self.doc.marks


def unknown(reason: str) -> dict[str, Any]:
    return {"unknown": reason}


def get(data: Any, *keys: Any) -> Any:
    for k in keys:
        if isinstance(data, dict):
            data = data.get(k)
        elif isinstance(data, list) and isinstance(k, int) and 0 <= k < len(data):
            data = data[k]
        else:
            return None
    return data


def text_value(value: Any) -> str | None:
    """A non-empty string value (numbers as their text), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


# --------------------------------------------------------------------------- writing


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and isinstance(yamlio.resolve_plain(text), str) and text not in yamlio.YAML11_BOOLS:
        return text
    import json

    quoted = json.dumps(text, ensure_ascii=False)
    # characters YAML treats as line breaks inside a double-quoted scalar
    return quoted.replace("\u2028", "\\L").replace("\u2029", "\\P").replace("\x85", "\\N")


def _key(key: str) -> str:
    return key if _PLAIN_KEY.match(key) and isinstance(yamlio.resolve_plain(key), str) and key not in yamlio.YAML11_BOOLS else _scalar(key)


def _emit(data: dict[str, Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for k, v in data.items():
        if isinstance(v, dict) and v:
            out.append(f"{pad}{_key(k)}:")
            _emit(v, indent + 2, out)
        elif isinstance(v, list) and v and all(isinstance(x, dict) and x for x in v):
            out.append(f"{pad}{_key(k)}:")
            for item in v:
                sub: list[str] = []
                _emit(item, indent + 4, sub)
                sub[0] = f"{pad}  - " + sub[0].lstrip()
                out += sub
        elif isinstance(v, list):
            out.append(f"{pad}{_key(k)}: [{', '.join(_scalar(x) for x in v)}]")
        elif isinstance(v, dict):
            out.append(f"{pad}{_key(k)}: {{}}")
        else:
            out.append(f"{pad}{_key(k)}: {_scalar(v)}")


def dump_record(record: dict[str, Any], schema_line: str | None, header: Sequence[str] = ()) -> str:
    """A model record as YAML, with the schema line (see :func:`openness.project.schema_line`)
    and a header comment."""
    lines = [*([schema_line.rstrip("\n")] if schema_line else []), *(f"# {h}" for h in header)]
    _emit(record, 0, lines)
    return "\n".join(lines) + "\n"


def check_record(text: str, name: str, roots: Sequence[Path]) -> list[Finding]:
    """The findings ``openness validate`` would report on a written record (schema, evidence)."""
    from openness import checks
    from openness.validation import schema_findings

    doc = yamlio.loads(text, name)
    return schema_findings(doc, "model") + checks.evidence_findings(doc, tuple(roots)) + checks.markup_findings(doc)


def write_record(text: str, out: str | None, default: Path, force: bool, stdout: TextIO | None = None) -> str:
    """Write to ``out`` (``-``: standard output; None: ``default``); never overwrite without force.

    Returns a message for the user (empty when the record went to standard output).
    """
    if out == "-":
        (stdout or sys.stdout).write(text)
        return ""
    from openness.atomic import write_text

    target = write_text(Path(out) if out else default, text, force=force)
    return f"wrote {target}\ncheck it, then run: openness validate {target}\n"


def load_yaml(path: str | Path, display: str | None = None) -> tuple[str, str, yamlio.Document]:
    """(name in messages, text, parsed document) of a database record (MOT, OSAI) to import."""
    path = Path(path)
    name = display or str(path)
    text = read_text(path, name)
    return name, text, yamlio.loads(text, name)


def read_text(path: Path, name: str, limit: int = 16 * 1024 * 1024) -> str:
    """A file's text (UTF-8), or an :class:`OpennessError` with a located finding."""
    raw = files.read_regular(path, name, limit)  # a regular file only: a pipe or a device is a finding
    if len(raw) > limit:
        raise OpennessError([Finding(name, 1, 1, "import-too-large", f"expected a file of at most {limit} bytes")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        raise OpennessError(
            [Finding(name, before.count(b"\n") + 1, 1, "import-encoding", f"expected UTF-8 text; found the byte 0x{raw[exc.start]:02x}")]
        ) from None
    return text[1:] if text.startswith("\ufeff") else text
