"""The only YAML reader in openness.

It builds plain Python values (dict, list, str, int, float, bool, None) from the parser's
event stream, so it controls every trap itself:

* YAML 1.1 surprises are off: only ``true``/``false`` are booleans (``no`` stays the string
  ``"no"``), timestamps stay strings, and the source text of every non-string scalar is kept so
  a message can say ``found 3.10`` rather than ``3.1``.
* Anchors, aliases and tags are rejected at the first event (a billion-laughs document fails in
  microseconds, before anything is expanded); duplicate keys are rejected; mapping keys are
  always strings.
* Size, nesting depth and encoding are checked before or while parsing.
* Every value and every key has a 1-based line and column.

Problems never escape as PyYAML exceptions: they become :class:`~openness.errors.Finding`
objects inside an :class:`~openness.errors.OpennessError`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs
import yaml

from openness.errors import Finding, OpennessError

try:  # the C parser when PyYAML was built with libyaml
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40

_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
#: Words YAML 1.1 reads as booleans; here they stay strings, and messages say so.
YAML11_BOOLS = {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"}
_STR_TAGS = {None, "!", "tag:yaml.org,2002:str"}

Path_ = tuple[Any, ...]


@attrs.frozen
class Mark:
    line: int
    column: int


@attrs.frozen
class Document:
    """A parsed file: its data, and where each value and key stands in the text."""

    file: str
    data: Any
    marks: dict[Path_, Mark] = attrs.field(repr=False)
    key_marks: dict[Path_, Mark] = attrs.field(repr=False)
    #: The source text of plain scalars that did not load as strings.
    texts: dict[Path_, str] = attrs.field(repr=False)

    def mark(self, path: Path_, *, key: bool = False) -> Mark:
        """The position of ``path`` (or its key), else of its nearest ancestor."""
        path = tuple(path)
        if key and path in self.key_marks:
            return self.key_marks[path]
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, Mark(1, 1))

    def finding(self, path: Path_, code: str, message: str, *, key: bool = False) -> Finding:
        m = self.mark(path, key=key)
        return Finding(self.file, m.line, m.column, code, message, dotted(path))


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar, by the YAML 1.2 core schema's rules."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def _mark(ev: Any) -> Mark:
    return Mark(ev.start_mark.line + 1, ev.start_mark.column + 1)


def _decode(raw: bytes, file: str) -> str:
    if len(raw) > MAX_BYTES:
        raise OpennessError(
            [Finding(file, 1, 1, "yaml-too-large", f"expected a file of at most {MAX_BYTES} bytes; found {len(raw)} bytes")]
        )
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise OpennessError([Finding(file, line, 1, "yaml-binary", "expected a YAML text file; found a NUL byte (binary data)")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise OpennessError(
            [Finding(file, line, col, "yaml-encoding", f"expected UTF-8 text; found the byte 0x{raw[exc.start]:02x}")]
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _syntax_finding(exc: yaml.YAMLError, file: str, text: str) -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or ("\t" in here[: max(col, 1)] and here[: col - 1].strip(" \t") == ""):
        return Finding(file, line, col, "yaml-tab", "expected spaces for indentation; found a tab character")
    message = f"invalid YAML: {problem}"
    if context:
        message += f" ({context})"
    return Finding(file, line, col, "yaml-syntax", message)


class _Frame:
    __slots__ = ("value", "path", "key", "key_mark")

    def __init__(self, value: Any, path: Path_) -> None:
        self.value = value
        self.path = path
        self.key: Any = _NOKEY
        self.key_mark: Mark | None = None


_NOKEY = object()


def loads(text: str | bytes, file: str = "<string>") -> Document:
    """Parse one YAML document.  Raises :class:`OpennessError` with located findings."""
    if isinstance(text, bytes):
        text = _decode(text, file)
    elif len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise OpennessError([Finding(file, 1, 1, "yaml-too-large", f"expected a file of at most {MAX_BYTES} bytes")])
    marks: dict[Path_, Mark] = {}
    key_marks: dict[Path_, Mark] = {}
    texts: dict[Path_, str] = {}
    stack: list[_Frame] = []
    root: list[Any] = []
    documents = 0
    found: list[Finding] = []

    def fail(m: Mark, code: str, message: str, path: Path_) -> None:
        found.append(Finding(file, m.line, m.column, code, message, dotted(path)))
        raise OpennessError(found)

    def place(value: Any, m: Mark, ev: Any, raw: str | None = None) -> Path_ | None:
        """Attach a finished value to its parent; return its path (None when it became a key)."""
        if not stack:
            root.append(value)
            marks[()] = m
            if raw is not None:
                texts[()] = raw
            return ()
        top = stack[-1]
        if isinstance(top.value, list):
            path = (*top.path, len(top.value))
            top.value.append(value)
        elif top.key is _NOKEY:
            if isinstance(value, (dict, list)):
                fail(m, "yaml-complex-key", "expected a plain scalar as mapping key; found a collection", top.path)
            key = raw if raw is not None else value
            if key is None:
                key = ""
            key = str(key)
            if key in top.value:
                first = key_marks.get((*top.path, key))
                where = f" (first at line {first.line}, column {first.column})" if first else ""
                fail(m, "yaml-duplicate-key", f"expected each key once; found {key!r} again{where}", (*top.path, key))
            top.key, top.key_mark = key, m
            return None
        else:
            path = (*top.path, top.key)
            top.value[top.key] = value
            key_marks[path] = top.key_mark  # type: ignore[assignment]
            top.key = _NOKEY
        marks[path] = m
        if raw is not None:
            texts[path] = raw
        return path

    def check_node(ev: Any, m: Mark) -> None:
        path = stack[-1].path if stack else ()
        if ev.anchor is not None:
            fail(m, "yaml-anchor", f"expected plain data; found the anchor &{ev.anchor} (anchors and aliases are not allowed)", path)
        if ev.tag is not None and ev.tag not in _STR_TAGS and not (ev.tag.startswith("tag:yaml.org,2002:") and ev.tag[18:] in ("map", "seq")):
            fail(m, "yaml-tag", f"expected plain data; found the tag {ev.tag}", path)

    try:
        for ev in yaml.parse(text, Loader=_Loader):
            kind = type(ev).__name__
            if kind == "ScalarEvent":
                m = _mark(ev)
                check_node(ev, m)
                if not ev.style and ev.tag is None and ev.implicit[0]:
                    value = resolve_plain(ev.value)
                    raw = ev.value if not isinstance(value, str) else None
                else:
                    value, raw = ev.value, None
                place(value, m, ev, raw)
            elif kind in ("MappingStartEvent", "SequenceStartEvent"):
                m = _mark(ev)
                check_node(ev, m)
                if len(stack) >= MAX_DEPTH:
                    fail(m, "yaml-too-deep", f"expected at most {MAX_DEPTH} levels of nesting; found more", stack[-1].path)
                container: Any = {} if kind == "MappingStartEvent" else []
                path = place(container, m, ev)
                if path is None:  # a collection used as a key: place() has failed already
                    continue
                stack.append(_Frame(container, path))
            elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                stack.pop()
            elif kind == "AliasEvent":
                m = _mark(ev)
                fail(m, "yaml-alias", f"expected plain data; found the alias *{ev.anchor} (anchors and aliases are not allowed)", stack[-1].path if stack else ())
            elif kind == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    m = _mark(ev)
                    fail(m, "yaml-multi-document", "expected one YAML document; found a second one", ())
    except OpennessError:
        raise
    except yaml.YAMLError as exc:
        found.append(_syntax_finding(exc, file, text))
        raise OpennessError(found) from None
    except RecursionError:  # pragma: no cover - guarded by MAX_DEPTH
        raise OpennessError([Finding(file, 1, 1, "yaml-too-deep", "expected less nesting")]) from None
    if not root:
        raise OpennessError([Finding(file, 1, 1, "yaml-empty", "expected a YAML document; found an empty file")])
    return Document(file, root[0], marks, key_marks, texts)


def load(path: str | Path, display: str | None = None) -> Document:
    """Read and parse a file.  ``display`` is the name used in findings (defaults to the path)."""
    name = display or str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise OpennessError([Finding(name, 0, 0, "io", f"cannot read the file: {exc.strerror or exc}")]) from None
    return loads(raw, name)
