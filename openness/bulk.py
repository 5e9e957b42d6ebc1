"""Score a stream of Hugging Face hub metadata records, one by one, in constant memory.

A record is a JSON object per line (JSON Lines) or a CSV row with a header, shaped like the hub's
model metadata: ``id``, ``license`` (else a ``license:…`` tag, or ``cardData.license``),
``gated``, ``pipeline_tag``, ``base_model``, ``tags``, ``downloads`` … .  Each record becomes the
facts the model-card importer would read from the same metadata (the license, through the
catalog's license records; the weights, gated or open; the modality, from the pipeline tag; the
base model, when the catalog has it) and is scored under one rubric with :func:`openness.score`.

Speed comes from the scorecard depending on a handful of fields only: the fields a rubric can
see are read from each record, and the scored line is memoised per distinct combination of
them, so a million records cost a few hundred scorings plus parsing and writing.  Output follows
input order, deterministically; bad lines become located findings and the rest is still scored.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring_ascii as _json_str
from pathlib import Path
from typing import Any, TextIO

from openness.atomic import atomic_open, check_target
from openness.errors import Finding, OpennessError, UsageError
from openness.importers import hub

FORMATS = ("csv", "jsonl")
#: How many findings are kept (and printed); the rest are only counted.
MAX_FINDINGS = 100
#: Raw-key memo size at which the memo is cleared (keeps memory bounded on adversarial input).
MAX_MEMO = 200_000
_BATCH = 2048
_UNHASHABLE = object()


class _Bad(str):
    """A memoised failure: the message to report for every line that hits it."""


class BulkResult:
    def __init__(self) -> None:
        self.scored = 0
        self.bad = 0
        self.findings: list[Finding] = []
        self.distinct = 0  # distinct scorecards computed
        self.last_bad = 0

    def add(self, f: Finding) -> None:
        self.bad += 1
        self.last_bad = f.line
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(f)


# --------------------------------------------------------------------------- facts of a record


class Scorer:
    """Facts of hub records -> scored output fragments, memoised per signature."""

    def __init__(self, catalog: Any, rubric: Any, fmt: str) -> None:
        if fmt not in FORMATS:
            raise UsageError(f"unknown output format {fmt!r} for bulk scoring; expected csv or jsonl")
        self.catalog = catalog
        self.rubric = rubric
        self.fmt = fmt
        self.licenses = hub.LicenseIndex(catalog.licenses, getattr(catalog, "own_licenses", ()))
        self.license_records = {lic.id: lic for lic in catalog.licenses}
        # as Catalog.model finds them; an ambiguous name names no model
        self.model_names: dict[str, str | None] = catalog.names("model")
        paths: set[str] = set()
        for c in rubric.criteria:
            try:
                paths.update(c.facts_read)
            except AttributeError:  # pragma: no cover - an engine without facts_read: read everything
                paths.update(("license", "access.weights", "modality", "base_model"))
        self.uses_license = any(p == "hf_license" or p == "license" or p.startswith(("license.", "hf_license.")) for p in paths)
        self.uses_weights = any(p == "access.weights" or p.startswith("access.weights.") for p in paths)
        self.uses_modality = any(p == "modality" or p.startswith("modality.") for p in paths)
        self.uses_base = any(p == "base_model" or p.startswith("base_model.") for p in paths)
        self.label_key = "tier" if rubric.tiers else "grade"
        self.by_signature: dict[tuple[Any, ...], str] = {}

    # the facts ---------------------------------------------------------------
    def signature(self, lic: Any, license_name: Any, gated: Any, pipeline: Any, base: Any) -> tuple[Any, ...]:
        """The normalised facts of raw field values (raises ValueError for a bad ``gated``)."""
        lic_id = reason = hf = None
        if self.uses_license:
            lic_id, reason = self.licenses.hub(list(lic) if isinstance(lic, tuple) else lic, license_name)
            hf = lic.strip() if isinstance(lic, str) and lic.strip() else None
            if lic_id is not None:
                reason = None
        weights = None
        if self.uses_weights:
            weights = "gated" if hub.gated(gated) else "open"
        modality = hub.PIPELINE_MODALITY.get(pipeline) if self.uses_modality and isinstance(pipeline, str) else None
        base_id = None
        if self.uses_base and isinstance(base, str) and base.strip():
            base_id = self.model_names.get(base.strip().lower())
        return (lic_id, reason, hf, weights, modality, base_id)

    def model(self, rid: str, sig: tuple[Any, ...]) -> Any:
        """The :class:`~openness.records.Model` a signature stands for (what gets scored)."""
        from openness.records import Fact, Model

        lic_id, reason, hf, weights, modality, base_id = sig
        facts: dict[str, Fact] = {}
        if hf is not None:
            facts["hf_license"] = Fact("hf_license", hf)
        if self.uses_license:
            facts["license"] = Fact("license", lic_id) if lic_id is not None else Fact("license", None, False, (), reason or "no license")
        if weights is not None:
            facts["access.weights"] = Fact("access.weights", weights)
        if modality is not None:
            facts["modality"] = Fact("modality", modality)
        if base_id is not None:
            facts["base_model"] = Fact("base_model", base_id)
        record = self.license_records.get(lic_id) if lic_id else None
        return Model(rid, rid, facts, license_record=record)

    def fragment(self, sig: tuple[Any, ...]) -> str:
        """The output line after the id, for a signature (scored once per signature)."""
        frag = self.by_signature.get(sig)
        if frag is None:
            from openness.scoring import score

            card = score(self.model("-", sig), self.rubric)
            frag = self.by_signature[sig] = self._render(card)
        return frag

    def _render(self, card: Any) -> str:
        total = None if card.total is None else round(card.total + 0.0, 2)
        label = card.tier if self.rubric.tiers else card.grade
        if self.fmt == "csv":
            cells = ["" if total is None else repr(total), label or "", str(card.unknown)]
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerow(cells)
            return "," + buf.getvalue()
        rest = {
            "total": total,
            self.label_key: label,
            "unknown": card.unknown,
            "points": {r.id: round(r.points + 0.0, 2) for r in card.results},
        }
        return "," + json.dumps(rest, ensure_ascii=False, separators=(",", ":"), allow_nan=False)[1:] + "\n"

    def header(self) -> str:
        return f"id,total,{self.label_key},unknown\n" if self.fmt == "csv" else ""


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
        except ValueError:
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
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"no such input file: {path}")
    fh = open(p, encoding="utf-8-sig", errors="surrogateescape", newline="")
    return fh, path, os.fstat(fh.fileno()).st_size


def sniff(path: str, first: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv",):
        return "csv"
    return "jsonl" if first.lstrip().startswith("{") else "csv"


# --------------------------------------------------------------------------- the loop


def score_stream(
    lines: Iterable[str],
    write: Callable[[str], Any],
    scorer: Scorer,
    *,
    kind: str,
    name: str = "<input>",
    progress: Progress | None = None,
) -> BulkResult:
    """Score every record of ``lines`` (JSON Lines or CSV, per ``kind``), writing as it goes."""
    result = BulkResult()
    write(scorer.header())
    if kind == "jsonl":
        _jsonl(lines, write, scorer, name, progress, result)
    elif kind == "csv":
        _csv(lines, write, scorer, name, progress, result)
    else:  # pragma: no cover - the CLI checks
        raise UsageError(f"unknown input format {kind!r}; expected jsonl or csv")
    result.distinct = len(scorer.by_signature)
    if progress is not None:
        progress.done(result.scored)
    return result


def _id_text(rid: str, fmt: str) -> str | None:
    """The id as the output writes it (None when it is not valid UTF-8 text)."""
    if not rid.isascii():
        try:
            rid.encode("utf-8")
        except UnicodeEncodeError:
            return None
    if fmt == "jsonl":
        return '{"id":' + _json_str(rid)
    if '"' in rid or "," in rid or "\n" in rid or "\r" in rid:
        return '"' + rid.replace('"', '""') + '"'
    return rid


def _lookup(memo: dict[Any, str], key: Any, scorer: Scorer, raw: tuple[Any, ...]) -> str:
    try:
        frag = memo.get(key)
    except TypeError:  # an unhashable value (a mapping where a string belongs)
        key = _UNHASHABLE
        frag = None
    if frag is None:
        try:
            sig = scorer.signature(*raw)
            frag = scorer.fragment(sig)
        except ValueError as exc:
            frag = _Bad(str(exc))
        if key is not _UNHASHABLE:
            if len(memo) >= MAX_MEMO:
                memo.clear()
            memo[key] = frag
    return frag


def _jsonl(lines: Iterable[str], write: Callable[[str], Any], scorer: Scorer, name: str, progress: Progress | None, result: BulkResult) -> None:
    loads = json.loads
    memo: dict[Any, str] = {}
    fmt = scorer.fmt
    ul, uw, um, ub = scorer.uses_license, scorer.uses_weights, scorer.uses_modality, scorer.uses_base
    buf: list[str] = []
    n = 0
    lineno = 0
    for line in lines:
        lineno += 1
        try:
            rec = loads(line)
        except ValueError as exc:
            if not line.strip():
                continue
            col = getattr(exc, "colno", 1)
            msg = getattr(exc, "msg", str(exc))
            result.add(Finding(name, lineno, col, "bulk-json", f"expected a JSON object on the line; found invalid JSON: {msg}"))
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
        lic = lname = gated = pipe = base = None
        if ul:
            lic = rec.get("license")
            if lic is None:
                lic = _license_from(rec)
            elif type(lic) is list:
                lic = tuple(lic)
            if type(lic) is str and lic == "other":
                lname = rec.get("license_name")
                if lname is None and isinstance(rec.get("cardData"), dict):
                    lname = rec["cardData"].get("license_name")
        if uw:
            gated = rec.get("gated")
        if um:
            pipe = rec.get("pipeline_tag")
        if ub:
            base = rec.get("base_model")
            if type(base) is list:
                base = base[0] if len(base) == 1 else None
        key = (lic, lname, gated, pipe, base)
        try:
            frag = memo[key]
        except (KeyError, TypeError):
            frag = _lookup(memo, key, scorer, key)
        if type(frag) is _Bad:
            result.add(Finding(name, lineno, 1, "bulk-record", str(frag)))
            continue
        head = _id_text(rid, fmt)
        if head is None:
            result.add(Finding(name, lineno, 1, "bulk-encoding", "expected UTF-8 text; found bytes that are not"))
            continue
        buf.append(head)
        buf.append(frag)
        n += 1
        if len(buf) >= _BATCH:
            write("".join(buf))
            buf.clear()
            if progress is not None:
                progress.update(n)
    if buf:
        write("".join(buf))
    result.scored = n


def _csv(lines: Iterable[str], write: Callable[[str], Any], scorer: Scorer, name: str, progress: Progress | None, result: BulkResult) -> None:
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        result.add(Finding(name, reader.line_num or 1, 1, "bulk-csv", f"expected a CSV header line; found {exc}"))
        return
    cols = {h.strip().lower(): i for i, h in reversed(list(enumerate(header)))}
    i_id = cols.get("id", cols.get("modelid"))
    if i_id is None:
        result.add(Finding(name, 1, 1, "bulk-csv", f"expected a header with an id column; found {', '.join(header) or 'an empty line'}"))
        return
    i_lic, i_lname, i_gated = cols.get("license"), cols.get("license_name"), cols.get("gated")
    i_pipe, i_base, i_tags = cols.get("pipeline_tag"), cols.get("base_model"), cols.get("tags")
    ncols = len(header)
    memo: dict[Any, str] = {}
    fmt = scorer.fmt
    ul, uw, um, ub = scorer.uses_license, scorer.uses_weights, scorer.uses_modality, scorer.uses_base
    buf: list[str] = []
    n = 0
    it: Iterator[list[str]] = iter(reader)
    while True:
        try:
            row = next(it)
        except StopIteration:
            break
        except csv.Error as exc:
            result.add(Finding(name, reader.line_num, 1, "bulk-csv", f"expected a CSV row; found {exc}"))
            continue
        if len(row) != ncols:
            if not row:
                continue
            result.add(Finding(name, reader.line_num, 1, "bulk-csv", f"expected {ncols} fields as in the header; found {len(row)}"))
            continue
        rid = row[i_id]
        if not rid:
            result.add(Finding(name, reader.line_num, 1, "bulk-id", "expected an id in the row; found an empty field"))
            continue
        lic = lname = gated = pipe = base = None
        if ul:
            lic = row[i_lic] if i_lic is not None else ""
            if not lic:
                lic = _csv_tags_license(row[i_tags]) if i_tags is not None else None
            if lic == "other" and i_lname is not None:
                lname = row[i_lname] or None
        if uw and i_gated is not None:
            gated = row[i_gated]
        if um and i_pipe is not None:
            pipe = row[i_pipe] or None
        if ub and i_base is not None:
            base = row[i_base] or None
        key = (lic, lname, gated, pipe, base)
        try:
            frag = memo[key]
        except KeyError:
            frag = _lookup(memo, key, scorer, key)
        if type(frag) is _Bad:
            result.add(Finding(name, reader.line_num, 1, "bulk-record", str(frag)))
            continue
        head = _id_text(rid, fmt)
        if head is None:
            result.add(Finding(name, reader.line_num, 1, "bulk-encoding", "expected UTF-8 text; found bytes that are not"))
            continue
        buf.append(head)
        buf.append(frag)
        n += 1
        if len(buf) >= _BATCH:
            write("".join(buf))
            buf.clear()
            if progress is not None:
                progress.update(n)
    if buf:
        write("".join(buf))
    result.scored = n


# --------------------------------------------------------------------------- the command


def run(args: Any, out: TextIO, err: TextIO | None = None) -> int:
    """``openness score --input FILE``: the CLI's entry.

    Every good record is scored and written; bad lines are skipped and raised at the end as an
    :class:`OpennessError` of located findings (the CLI prints them and exits 1).  ``err`` shows
    the progress line when it is a terminal.
    """
    from openness import project
    from openness.catalog import load_catalog
    from openness.rubric import load_rubric

    err = err or sys.stderr
    if getattr(args, "models", None):
        raise UsageError("give MODEL names or --input FILE, not both")
    fmt = {"text": "csv"}.get(args.format, args.format)
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {args.format!r} for --input; expected csv or jsonl")
    if len(args.rubric) > 1:
        raise UsageError("--input scores under one rubric; give --rubric once")
    target = Path(args.out) if getattr(args, "out", None) and args.out != "-" else None
    if target is not None:
        check_target(target, force=getattr(args, "force", False))
    fh, name, size = open_input(args.input)
    try:
        catalog = load_catalog(*project.folders("catalog", args.catalog))
        rubric = load_rubric(args.rubric[0] if args.rubric else "articles", project.folders("rubrics", args.rubrics))
        scorer = Scorer(catalog, rubric, fmt)
        first = fh.readline()
        kind = sniff(args.input, first)
        lines: Iterable[str] = _chain(first, fh)
        progress = None
        if err.isatty() if hasattr(err, "isatty") else False:
            buffer = getattr(fh, "buffer", None)
            progress = Progress(err, size, buffer.tell if buffer is not None and size else None)
        if target is None:
            result = score_stream(lines, out.write, scorer, kind=kind, name=name, progress=progress)
        else:
            with atomic_open(target, force=getattr(args, "force", False)) as dest:
                result = score_stream(lines, dest.write, scorer, kind=kind, name=name, progress=progress)
    finally:
        if fh is not sys.stdin:
            fh.close()
    if result.bad:
        found = list(result.findings)
        more = result.bad - len(found)
        if more:
            found.append(Finding(name, result.last_bad, 0, "bulk-more", f"{more} more bad line{'s' if more != 1 else ''} skipped (not shown)"))
        raise OpennessError(found)
    return 0


def _chain(first: str, rest: Iterable[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest
