"""Reading and writing hub metadata dumps, the parts every bulk command shares.

A record is a JSON object per line (JSON Lines) or a CSV row with a header, shaped like the hub's
model metadata: ``id``, ``license`` (else a ``license:…`` tag, or ``cardData.license``),
``gated``, ``pipeline_tag``, ``base_model``, ``tags``, ``downloads`` … .  ``openness score
--input`` and ``openness check --input`` (:mod:`openness.bulkcheck`, which resolves lineage across
the dump) read them here and write through here.

Bad lines become located findings and are skipped; every good record is still answered.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring_ascii as _json_str
from pathlib import Path
from typing import Any, TextIO

from openness.errors import Finding, UsageError
from openness.textsafe import _FORMULA_START, csv_cell, visible

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


def _csv_tags_license(text: str) -> str | None:
    if not text:
        return None
    if text.startswith("["):
        try:
            tags = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested too deep to read: no tags
            tags = []
        items = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    else:
        items = text.replace(";", " ").replace("|", " ").replace(",", " ").split()
    for t in items:
        if t.startswith("license:"):
            return t[8:]
    return None


class Progress:
    """A one-line progress display on stderr (only used when stderr is a terminal)."""

    def __init__(self, stream: TextIO, total_bytes: int | None, tell: Callable[[], int] | None) -> None:
        self.stream, self.total, self.tell = stream, total_bytes, tell
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
        self.stream.write(f"\rscoring: {n:,} records{pct}  {rate:,.0f}/s ")
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


def _id_text(rid: str, fmt: str) -> str | None:
    """The id as the output writes it (None when it is not valid UTF-8 text)."""
    if not rid.isascii():
        try:
            rid.encode("utf-8")
        except UnicodeEncodeError:
            return None
    if fmt == "jsonl":
        return '{"id":' + _json_str(rid)  # ASCII JSON: every control character escaped
    if not (rid.isascii() and rid.isprintable()) or rid.startswith(_FORMULA_START) or rid.startswith("::"):
        rid = csv_cell(visible(rid))  # never validated: no escape sequence, no formula
    if '"' in rid or "," in rid or "\n" in rid or "\r" in rid:
        return '"' + rid.replace('"', '""') + '"'
    return rid


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
