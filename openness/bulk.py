"""Reading and writing hub metadata dumps, the parts every bulk command shares.

A record is a JSON object per line (JSON Lines) or a CSV row with a header, shaped like the hub's
model metadata: ``id``, ``license`` (else a ``license:…`` tag, or ``cardData.license``),
``gated``, ``pipeline_tag``, ``base_model``, ``tags``, ``downloads`` … .  ``openness score
--input`` and ``openness check --input`` (:mod:`openness.bulkcheck`, which resolves lineage across
the dump) read them here and write through here.

Bad lines become located findings and are skipped; every good record is still answered.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring_ascii as _json_str
from pathlib import Path
from typing import Any

from openness.errors import Finding, UsageError
from openness.textsafe import _FORMULA_START, csv_cell, visible

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import TextIO

FORMATS = ("csv", "jsonl")
#: How many findings are kept (and printed); the rest are only counted.
MAX_FINDINGS = 100


class BulkResult:
    """What a bulk run did: records answered, bad lines (the first MAX_FINDINGS kept as findings)."""

    def __init__(self) -> None:
        self.scored = 0
        self.bad = 0
        self.findings: list[Finding] = []
        self.distinct = 0  # distinct answers computed
        self.last_bad = 0

    def add(self, f: Finding) -> None:
        self.bad += 1
        self.last_bad = f.line
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(f)


# --------------------------------------------------------------------------- reading


def _license_from(rec: dict[str, Any]) -> Any:
    """A record's license when it has no top-level ``license``: cardData's, else a license tag."""
    card = rec.get("cardData") or rec.get("card_data")
    if isinstance(card, dict):
        lic = card.get("license")
        if lic is not None:
            return tuple(lic) if isinstance(lic, list) else lic
    tags = rec.get("tags")
    if isinstance(tags, list):
        for t in tags:
            if isinstance(t, str) and t.startswith("license:"):
                return t[8:]
    return None


def csv_tags(text: str) -> list[str]:
    """The tags of a CSV ``tags`` cell: a JSON list, or names separated by ``;``, ``|``, ``,`` or
    spaces.  A cell that is not JSON, or is nested too deep to read, holds no tags."""
    if not text:
        return []
    if text.startswith("["):
        try:
            tags = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested too deep to read: no tags
            return []
        return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    return text.replace(";", " ").replace("|", " ").replace(",", " ").split()


def _csv_tags_license(text: str) -> str | None:
    """The license a CSV ``tags`` cell names (a ``license:…`` tag), or None."""
    if not text or "license:" not in text:
        return None
    for t in csv_tags(text):
        if t.startswith("license:"):
            return t[8:]
    return None


class Progress:
    """A one-line progress display on stderr (only used when stderr is a terminal)."""

    def __init__(self, stream: TextIO, total_bytes: int | None, tell: Callable[[], int] | None, label: str = "scoring") -> None:
        self.stream, self.total, self.tell, self.label = stream, total_bytes, tell, label
        self.start = self.last = time.monotonic()

    def update(self, n: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.2:
            return
        self.last = now
        pct = ""
        if self.total and self.tell is not None:
            try:
                pct = f" {min(100.0, 100.0 * self.tell() / self.total):5.1f}%"
            except (OSError, ValueError):
                pct = ""
        rate = n / max(now - self.start, 1e-9)
        self.stream.write(f"\r{self.label}: {n:,} records{pct}  {rate:,.0f}/s ")
        self.stream.flush()

    def done(self, n: int) -> None:
        self.update(n, force=True)
        self.stream.write("\n")
        self.stream.flush()


def open_input(path: str) -> tuple[TextIO, str, int | None]:
    """(text stream, display name, size in bytes or None) for a path or ``-``."""
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", errors="surrogateescape", newline=""), "<stdin>", None
    if not path:
        raise UsageError("expected an input file after --input (or - for standard input); found an empty name")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise UsageError(f"no such input file: {path}") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read input file {path}: {getattr(exc, 'strerror', None) or exc}") from None
    # a regular file, or a stream: a named pipe or a socket (`--input <(zcat hub.jsonl.gz)`)
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
        what = "a folder" if stat.S_ISDIR(mode) else "a device"
        raise UsageError(f"cannot read input file {path}: it is {what}; expected a file, a pipe, or - for standard input")
    try:
        fh = open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as exc:
        raise UsageError(f"cannot read input file {path}: {exc.strerror or exc}") from None
    st = os.fstat(fh.fileno())
    return fh, path, st.st_size if stat.S_ISREG(st.st_mode) else None


def sniff(path: str, first: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv",):
        return "csv"
    return "jsonl" if first.lstrip().startswith("{") else "csv"


def _id_text(rid: str, fmt: str) -> str:
    """The id as the output writes it: the start of a JSON object (ASCII, every control character
    escaped), or a CSV cell that is neither a formula nor a terminal escape.  The readers only
    pass ids that are UTF-8 text without NUL."""
    if fmt == "jsonl":
        return '{"id":' + _json_str(rid)
    if not (rid.isascii() and rid.isprintable()) or rid.startswith(_FORMULA_START) or rid.startswith("::"):
        rid = csv_cell(visible(rid))  # never validated: no escape sequence, no formula
    if '"' in rid or "," in rid or "\n" in rid or "\r" in rid:
        return '"' + rid.replace('"', '""') + '"'
    return rid


def text_cell(text: str) -> str:
    """A CSV cell of text built from input that was never validated (base names, lineage paths,
    the findings about them): control, bidirectional and invisible characters (and stray
    surrogates, bytes that were not UTF-8) escaped, and never the start of a formula."""
    if not text or (text.isprintable() and text[0] not in "=+-@:"):
        return text  # (every character visible() escapes is one Python calls unprintable)
    return csv_cell(visible(text))


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's mapping; a key given twice is an error (not silently the last value)."""
    d = dict(pairs)
    if len(d) != len(pairs):
        seen: set[str] = set()
        for k, _ in pairs:
            if k in seen:
                raise _DuplicateKey(k)
            seen.add(k)
    return d


_DECODER = json.JSONDecoder(object_pairs_hook=_unique_keys)


def _nul_finding(name: str, lineno: int, where: str) -> Finding:
    return Finding(name, lineno, 1, "bulk-nul", f"expected text without NUL characters; found a NUL in {where}")


#: The longest input line read (in characters); a longer one is a finding, skipped without ever
#: being held whole (a stream with no line breaks costs no more memory than this).
MAX_LINE = 1 << 20


class _LongLine(str):
    pass


#: Stands for a line longer than MAX_LINE (an empty line to a CSV reader, so numbering holds).
TOO_LONG = _LongLine("\n")


def _too_long(name: str, lineno: int) -> Finding:
    return Finding(name, lineno, 1, "bulk-line-too-long", f"expected a line of at most {MAX_LINE} characters; found a longer one (skipped)")


def bounded_lines(fh: TextIO) -> Iterator[str]:
    """The lines of a stream, each at most :data:`MAX_LINE` characters; a longer line is read past
    in pieces and given as :data:`TOO_LONG`."""
    readline = fh.readline
    while True:
        line = readline(MAX_LINE)
        if not line:
            return
        if len(line) == MAX_LINE and line[-1] not in "\r\n":
            while True:
                rest = readline(MAX_LINE)
                if len(rest) < MAX_LINE or rest[-1] in "\r\n":
                    break
            yield TOO_LONG
            continue
        yield line


def _chain(first: str, rest: Iterable[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


# --------------------------------------------------------------------------- the records of a dump


def _bad_id(name: str, lineno: int, rid: str) -> Finding | None:
    """Why an id cannot be written (a NUL, or bytes that are not UTF-8), or None."""
    if "\x00" in rid:
        return _nul_finding(name, lineno, "the id")
    if not rid.isascii():
        try:
            rid.encode("utf-8")
        except UnicodeEncodeError:
            return Finding(name, lineno, 1, "bulk-encoding", "expected UTF-8 text; found bytes that are not")
    return None


def jsonl_records(lines: Iterable[str], name: str, result: BulkResult) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """``(line number, id, record)`` of every good JSON Lines record, in order.

    A bad line is a located finding in ``result`` and is skipped: invalid JSON, nesting too deep
    to read, a key given twice, a line longer than :data:`MAX_LINE` (:func:`bounded_lines`),
    something other than an object, no id, an id holding NUL or bytes that are not UTF-8.
    Blank lines are passed over."""
    loads = _DECODER.decode
    lineno = 0
    for line in lines:
        lineno += 1
        if line is TOO_LONG:
            result.add(_too_long(name, lineno))
            continue
        try:
            rec = loads(line)
        except _DuplicateKey as exc:
            result.add(Finding(name, lineno, 1, "bulk-duplicate-key", f"expected each key once in the record; found {str(exc)!r} again"))
            continue
        except RecursionError:  # a line nested thousands of levels deep
            result.add(Finding(name, lineno, 1, "bulk-json", "expected a JSON object of ordinary depth on the line; found nesting too deep to read"))
            continue
        except ValueError as exc:
            if not line.strip():
                continue
            result.add(
                Finding(
                    name,
                    lineno,
                    getattr(exc, "colno", 1),
                    "bulk-json",
                    f"expected a JSON object on the line; found invalid JSON: {getattr(exc, 'msg', str(exc))}",
                )
            )
            continue
        if type(rec) is not dict:
            result.add(Finding(name, lineno, 1, "bulk-record", f"expected a JSON object on the line; found {type(rec).__name__}"))
            continue
        rid = rec.get("id")
        if type(rid) is not str or not rid:
            rid = rec.get("modelId")
            if type(rid) is not str or not rid:
                result.add(Finding(name, lineno, 1, "bulk-id", "expected an id (a non-empty string) in the record; found none"))
                continue
        if "\x00" in rid or not rid.isascii():
            bad = _bad_id(name, lineno, rid)
            if bad is not None:
                result.add(bad)
                continue
        yield lineno, rid, rec


def csv_rows(lines: Iterable[str], name: str, result: BulkResult) -> tuple[dict[str, int], Iterator[tuple[int, str, list[str]]]]:
    """The header's columns (lower-cased name -> first index; empty when the header is unusable,
    a finding) and ``(line number, id, row)`` of every good row after it, in order.

    A bad row is a located finding in ``result`` and is skipped: a CSV error, a field count
    other than the header's, a NUL in any cell, an empty id, an id that is not UTF-8 text, a
    line longer than :data:`MAX_LINE`.  Blank lines are passed over."""
    nul = [0]  # the number of lines read so far that held a NUL

    def watched(lines: Iterable[str]) -> Iterator[str]:
        physical = 0
        for line in lines:
            physical += 1
            if line is TOO_LONG:  # skipped: the reader sees an empty line, which it passes over
                result.add(_too_long(name, physical))
            elif "\x00" in line:
                nul[0] += 1
            yield line

    reader = csv.reader(watched(lines))
    try:
        header = next(reader)
    except StopIteration:
        return {}, iter(())
    except csv.Error as exc:
        result.add(Finding(name, reader.line_num or 1, 1, "bulk-csv", f"expected a CSV header line; found {exc}"))
        return {}, iter(())
    cols = {h.strip().lower(): i for i, h in reversed(list(enumerate(header)))}
    i_id = cols.get("id", cols.get("modelid"))
    if i_id is None:
        result.add(Finding(name, 1, 1, "bulk-csv", f"expected a header with an id column; found {', '.join(header) or 'an empty line'}"))
        return {}, iter(())
    if nul[0]:
        result.add(_nul_finding(name, 1, "the header"))
        return {}, iter(())

    def rows() -> Iterator[tuple[int, str, list[str]]]:
        ncols = len(header)
        it: Iterator[list[str]] = iter(reader)
        while True:
            try:
                row = next(it)
            except StopIteration:
                return
            except csv.Error as exc:
                result.add(Finding(name, reader.line_num, 1, "bulk-csv", f"expected a CSV row; found {exc}"))
                continue
            if len(row) != ncols:
                if not row:
                    continue
                result.add(Finding(name, reader.line_num, 1, "bulk-csv", f"expected {ncols} fields as in the header; found {len(row)}"))
                continue
            if nul[0] and any("\x00" in cell for cell in row):
                result.add(_nul_finding(name, reader.line_num, "a cell of the row"))
                continue
            rid = row[i_id]
            if not rid:
                result.add(Finding(name, reader.line_num, 1, "bulk-id", "expected an id in the row; found an empty field"))
                continue
            if not rid.isascii():
                bad = _bad_id(name, reader.line_num, rid)
                if bad is not None:
                    result.add(bad)
                    continue
            yield reader.line_num, rid, row

    return cols, rows()


# --------------------------------------------------------------------------- the command's frame

#: ``answer(lines, write, name, input_kind, progress)``: read the records of ``lines`` (``jsonl``
#: or ``csv``), write every answer through ``write``, and say what happened.
Answer = Callable[[Iterable[str], Callable[[str], Any], str, str, "Progress | None"], "BulkResult"]


def run(args: Any, out: TextIO, err: TextIO | None, answer: Answer, *, label: str = "scoring") -> int:
    """The frame of a bulk command (``score --input``, ``check --input``), the one path from the
    input to the output.

    Before anything is read: ``--out ''`` is a usage error; ``--out FILE`` that exists is refused
    without ``--force``, and with it anything but a regular file.  The input is a file, a named
    pipe or ``-`` (a device or a folder is refused), read in lines of at most :data:`MAX_LINE`
    characters; its kind is sniffed from its name or first line.  The answers go to ``out``, or
    to ``--out`` through :func:`openness.atomic.atomic_open` (a temporary file that takes the
    name only at the end, never over a file that appeared meanwhile, removed on an error, Ctrl-C,
    SIGTERM or SIGHUP; a full or read-only disk is one line).  Bad lines are skipped and raised
    at the end as an :class:`OpennessError` of located findings (exit 1); ``err`` shows the
    progress line when it is a terminal.
    """
    from openness.atomic import atomic_open, check_target
    from openness.errors import OpennessError

    err = err or sys.stderr
    out_arg = getattr(args, "out", None)
    if out_arg == "":
        raise UsageError("expected a file name after --out (or - for standard output); found an empty one")
    target = Path(out_arg) if out_arg is not None and out_arg != "-" else None
    force = bool(getattr(args, "force", False))
    if target is not None:
        check_target(target, force=force)
    fh, name, size = open_input(args.input)
    try:
        lines = bounded_lines(fh)
        first = next(lines, "")
        input_kind = sniff(args.input, first)
        progress = None
        if err.isatty() if hasattr(err, "isatty") else False:
            buffer = getattr(fh, "buffer", None)
            progress = Progress(err, size, buffer.tell if buffer is not None and size else None, label)
        if target is None:
            result = answer(_chain(first, lines), out.write, name, input_kind, progress)
        else:
            with atomic_open(target, force=force) as dest:
                result = answer(_chain(first, lines), dest.write, name, input_kind, progress)
    finally:
        if name == "<stdin>":
            fh.detach()  # type: ignore[attr-defined]  # (a TextIOWrapper) the wrapper goes; standard input stays open
        else:
            fh.close()
    if result.bad:
        found = list(result.findings)
        more = result.bad - len(found)
        if more:
            found.append(Finding(name, result.last_bad, 0, "bulk-more", f"{more} more bad line{'s' if more != 1 else ''} skipped (not shown)"))
        raise OpennessError(found)
    return 0
