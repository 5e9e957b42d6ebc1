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

import math
import unicodedata
from pathlib import Path

from openness import frozen as attrs
from openness import lazyre
from openness.errors import Finding, OpennessError
from openness.files import MAX_BYTES as MAX_BYTES  # the limit, also read from here
from openness.files import _too_large, read_regular

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, TypeAlias

MAX_DEPTH = 40
#: The largest magnitude a number in a file may have: far above any real count, amount, weight or
#: size (a trillion users, a quadrillion dollars), and far enough below the float limit that no
#: sum of them overflows.  Anything beyond (``1e309``, a 5000-digit integer) is a finding.
MAX_NUMBER = 1e15
#: Characters that are never text: C0 and C1 control characters except tab and line feed (which
#: free text may hold).  YAML's escapes (``"\e"``, ``"\x1b"``) are the way they get in.
_CONTROL = lazyre.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Characters that make a name look other than it is: line breaks and tabs, bidirectional
#: overrides and isolates, marks and zero-width characters (refused in keys and in identity
#: fields, allowed in free text where a script may need a joiner).
_DECEPTIVE = lazyre.compile("[\t\n\r\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0]")
#: The fields that name or identify something, shown on one line in tables and terminals.
IDENTITY_FIELDS = frozenset(
    {
        "id",
        "name",
        "title",
        "label",
        "family",
        "developer",
        "aliases",
        "hf_repos",
        "hf_license",
        "hf_id",
        "spdx",
        "source",
        "url",
        "base_model",
        "license",
        "metric",
    }
)

_INT = lazyre.compile(r"^[-+]?[0-9]+$")
_FLOAT = lazyre.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_LINE_BREAK = lazyre.compile("\r\n|[\r\n\x85\u2028\u2029]")  # the line breaks YAML counts
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
#: Words YAML 1.1 reads as booleans; here they stay strings, and messages say so.
YAML11_BOOLS = {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"}
_STR_TAGS = {None, "!", "tag:yaml.org,2002:str"}

Path_: TypeAlias = "tuple[Any, ...]"


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
        if len(text) > 400:  # beyond MAX_NUMBER anyway; int() refuses more than 4300 digits
            return math.inf if text[0] != "-" else -math.inf
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def number_problem(value: Any) -> str | None:
    """Why a loaded number is not allowed (not finite, or beyond :data:`MAX_NUMBER`), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return "a number too large to hold" if value == value else "not a number"
    if abs(value) > MAX_NUMBER:
        return "a number beyond the range allowed"
    return None


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X}" + (f" ({unicodedata.name(ch)})" if unicodedata.name(ch, "") else "")


def text_problem(text: str, *, identity: bool) -> tuple[int, str] | None:
    """(index, what) of the first character a text may not hold: control characters anywhere;
    line breaks, tabs, bidirectional and zero-width characters in keys and identity fields."""
    m = _CONTROL.search(text)
    if m is None and identity:
        m = _DECEPTIVE.search(text)
    if m is None:
        return None
    ch = m.group(0)
    kind = "control character" if _CONTROL.match(ch) or ch in "\t\n\r" else "invisible or direction-changing character"
    return m.start(), f"the {kind} {_char_name(ch)}"


def _mark(ev: Any) -> Mark:
    return Mark(ev.start_mark.line + 1, ev.start_mark.column + 1)


def _position(raw: bytes, index: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of a byte offset into raw file contents."""
    before = raw[:index]
    start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[start:].decode("utf-8", "replace")) + 1


def _decode(raw: bytes, file: str) -> str:
    if len(raw) > MAX_BYTES:
        raise _too_large(file, len(raw))
    for bom, name in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if raw.startswith(bom):
            raise OpennessError([Finding(file, 1, 1, "yaml-encoding", f"expected UTF-8 text; found {name} (save the file as UTF-8)")])
    if b"\x00" in raw:
        line, col = _position(raw, raw.index(b"\x00"))
        raise OpennessError([Finding(file, line, col, "yaml-binary", "expected a YAML text file; found a NUL byte (binary data)")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start)
        raise OpennessError([Finding(file, line, col, "yaml-encoding", f"expected UTF-8 text; found the byte 0x{raw[exc.start]:02x}")]) from None
    return text[1:] if text.startswith("\ufeff") else text


#: The closing character of each kind of flow collection, as parsers name them.
_FLOW_CLOSE = {"flow sequence": "]", "flow mapping": "}"}


def _found_at(lines: list[str], line: int, col: int) -> str:
    """What stands at a 1-based position, named for a message."""
    rest = lines[line - 1][col - 1 :] if 0 < line <= len(lines) else ""
    if not (rest + "".join(lines[line:])).strip():
        return "the end of the file"
    if not rest.strip():
        return "the end of the line"
    word = rest.split()[0]
    return repr(word if len(word) <= 30 else word[:27] + "...")


def _syntax_message(problem: str, context: str, ctx: Mark | None, found: str) -> str:
    """An expected/found message for a parser error."""
    opened = f" opened at line {ctx.line}, column {ctx.column}" if ctx else ""
    p = problem.lower()
    if "mapping values are not allowed" in p:
        return "expected a value without ': ' inside it; found a second ': ' (put the text in quotes, or check the indentation)"
    if "end of stream" in p and "quoted scalar" in context:
        return f"expected the closing quote of the text{opened}; found the end of the file"
    for kind, close in _FLOW_CLOSE.items():
        if kind in context and (f"',' or '{close}'" in problem):
            what = "list" if close == "]" else "mapping"
            return f"expected ',' or '{close}' in the {what}{opened}; found {found}"
    if "block mapping" in context and ("expected key" in p or "<block end>" in p):
        return f"expected a `key: value` line at the indentation of the mapping{opened}; found {found} (check the indentation)"
    if "block collection" in context and ("'-' indicator" in p or "<block end>" in p):
        return f"expected a list item ('- ...') at the indentation of the list{opened}; found {found} (check the indentation)"
    if "node content" in p:
        return f"expected a value; found {found}"
    if "cannot start any token" in p:
        return f"expected a value; found {found}, which cannot start a plain value (put the text in quotes)"
    if "escape character" in p:
        return f'expected a valid escape in a double-quoted text (\\n, \\t, \\\\, \\" ...); found {found} (or use single quotes)'
    return f"expected valid YAML; found {found} ({problem}{'; ' + context if context else ''})"


def _loader() -> Any:
    """PyYAML's C parser where PyYAML was built with libyaml (imported on first parse: a run
    whose files all come from the cache never pays for it)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _syntax_finding(exc: Exception, file: str, text: str, loader: Any) -> Finding:
    import yaml

    lines = _LINE_BREAK.split(text)
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow (a control character)
        pos = exc.position
        if loader.__name__.startswith("C"):  # libyaml counts bytes of the UTF-8 text
            pos = len(text.encode("utf-8")[:pos].decode("utf-8", "ignore"))
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return Finding(file, line, col, "yaml-character", f"expected printable text; found the control character U+{char:04X}")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
    context = " ".join(str(getattr(exc, "context", None) or "").split())
    cmark = getattr(exc, "context_mark", None)
    ctx = Mark(cmark.line + 1, cmark.column + 1) if cmark is not None and cmark is not mark else None
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or ("\t" in here[: max(col, 1)] and here[: col - 1].strip(" \t") == ""):
        return Finding(file, line, col, "yaml-tab", "expected spaces for indentation; found a tab character")
    message = "invalid YAML: " + _syntax_message(problem, context, ctx, _found_at(lines, line, col))
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
    return _loads_with(text, file, _loader())


def _loads_with(text: str, file: str, loader: Any) -> Document:
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

    def note(m: Mark, code: str, message: str, path: Path_) -> None:
        """A finding that does not stop the parse (every bad number and text is reported)."""
        found.append(Finding(file, m.line, m.column, code, message, dotted(path)))

    def place(value: Any, m: Mark, ev: Any, raw: str | None = None) -> Path_ | None:
        """Attach a finished value to its parent; return its path (None when it became a key)."""
        if raw is not None and (problem := number_problem(value)) is not None:
            short = raw if len(raw) <= 30 else raw[:27] + "..."
            note(m, "yaml-number", f"expected a finite number between -1e15 and 1e15; found {problem} ({short})", here())
        if isinstance(value, str) and (_DECEPTIVE.search(value) or _CONTROL.search(value)):  # rare: work out where
            is_key = bool(stack) and not isinstance(stack[-1].value, list) and stack[-1].key is _NOKEY
            at = here()
            names = [p for p in at if isinstance(p, str)]
            identity = (
                is_key or bool(names and names[-1] in IDENTITY_FIELDS) or (bool(at) and at[-1] == "value" and len(names) >= 2 and names[-2] in IDENTITY_FIELDS)
            )
            bad = text_problem(value, identity=identity)
            if bad is not None:
                where = "a key" if is_key else "text"
                note(
                    m,
                    "text-character",
                    f"expected {where} without control, invisible or direction-changing characters; found {bad[1]} at character {bad[0] + 1}",
                    at,
                )
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

    def here() -> Path_:
        """The path of the node about to be placed."""
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        return top.path if top.key is _NOKEY else (*top.path, top.key)

    def check_node(ev: Any, m: Mark) -> None:
        path = here()
        if ev.anchor is not None:
            fail(m, "yaml-anchor", f"expected plain data; found the anchor &{ev.anchor} (anchors and aliases are not allowed)", path)
        if ev.tag is not None and ev.tag not in _STR_TAGS and not (ev.tag.startswith("tag:yaml.org,2002:") and ev.tag[18:] in ("map", "seq")):
            fail(m, "yaml-tag", f"expected plain data; found the tag {ev.tag}", path)

    import yaml

    try:
        ev: Any
        for ev in yaml.parse(text, Loader=loader):
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
                    fail(m, "yaml-too-deep", f"expected at most {MAX_DEPTH} levels of nesting; found more", here())
                container: Any = {} if kind == "MappingStartEvent" else []
                path = place(container, m, ev)
                if path is None:  # a collection used as a key: place() has failed already
                    continue
                stack.append(_Frame(container, path))
            elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                stack.pop()
            elif kind == "AliasEvent":
                m = _mark(ev)
                fail(m, "yaml-alias", f"expected plain data; found the alias *{ev.anchor} (anchors and aliases are not allowed)", here())
            elif kind == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    m = _mark(ev)
                    fail(m, "yaml-multi-document", "expected one YAML document; found a second one", ())
    except OpennessError:
        raise
    except yaml.YAMLError as exc:
        if loader is not yaml.SafeLoader and "nesting depth" in str(getattr(exc, "problem", "")):
            # libyaml (since PyYAML 6.0.2's wheels) stops at its own depth of 1000 while scanning
            # ahead, before this reader has seen the events.  PyYAML's own parser, which scans
            # no further than it must, meets MAX_DEPTH first: the same finding at the same
            # place whichever parser is installed.
            return _loads_with(text, file, yaml.SafeLoader)
        found.append(_syntax_finding(exc, file, text, loader))
        raise OpennessError(found) from None
    except RecursionError:  # pragma: no cover - guarded by MAX_DEPTH
        raise OpennessError([Finding(file, 1, 1, "yaml-too-deep", "expected less nesting")]) from None
    if not root:
        raise OpennessError([Finding(file, 1, 1, "yaml-empty", "expected a YAML document; found an empty file")])
    if found:
        raise OpennessError(found)
    return Document(file, root[0], marks, key_marks, texts)


def load(path: str | Path, display: str | None = None) -> Document:
    """Read and parse a file.  ``display`` is the name used in findings (defaults to the path)."""
    name = display or str(path)
    return loads(read_regular(path, name), name)
