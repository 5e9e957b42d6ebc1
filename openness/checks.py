"""Checks shared by every kind of file: evidence sources and quotes, markup in free text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from openness import lazyre, snapshots, sources
from openness.errors import Finding
from openness.yamlio import Document

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: Free-text fields that are shown to people (and so must not carry markup).
TEXT_FIELDS = frozenset({"name", "title", "description", "note", "notes", "claim", "unknown", "label"})
#: The start of a tag (``<a``, ``</b``, ``<!--``, ``<?xml``) or a ``javascript:`` address.  A tag
#: counts when a ``>`` follows it anywhere (as ``<…[^>]*>`` would say), found without a pattern
#: that scans to the end of the text from every ``<``: one linear pass over the text.
_MARKUP_START = lazyre.compile(r"<\s*(?:/\s*)?[A-Za-z!?]|javascript:", re.IGNORECASE)
_JAVASCRIPT = lazyre.compile(r"javascript:", re.IGNORECASE)


def markup(text: str) -> str | None:
    """The first markup in a text (a tag up to its ``>``, or ``javascript:``), else None.

    Linear in the length of the text, whatever it holds (``<a`` repeated with no ``>``).
    """
    last = text.rfind(">")
    for m in _MARKUP_START.finditer(text):
        if m.group(0)[0] != "<":
            return m.group(0)
        if last >= m.end():
            return text[m.start() : text.index(">", m.end()) + 1]
        if last < m.start():  # no '>' after this tag start, nor after any later one: only javascript: may follow
            js = _JAVASCRIPT.search(text, m.start() + 1)
            return None if js is None else js.group(0)
    return None


def walk(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from walk(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from walk(v, (*path, i))


#: An address scheme (two letters or more, so that a Windows drive such as ``C:`` is left to
#: :func:`sources.resolve`).
_SCHEME = lazyre.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def _source_message(problem: str, source: str) -> str:
    """``expected …; found 'source'``, with the resolver's own finding (if any) after it."""
    expected, _, found = problem.partition("; found ")
    return f"{expected}; found {source!r}" + (f", {found}" if found else "")


def evidence_findings(doc: Document, roots: tuple[Path, ...], texts: Path | None = None) -> list[Finding]:
    """Every evidence source must be an address or a file inside the roots; quotes from
    local files must be in them (whitespace-normalised).  With ``texts``, the snapshot index of the
    catalog a license record is in (see :func:`openness.snapshots.kept_texts`), every address must
    map to a snapshot too, or be declared unavailable there, so that no quote is left unchecked."""
    out: list[Finding] = []
    for path, node in walk(doc.data):
        if not (isinstance(node, dict) and isinstance(node.get("source"), str) and isinstance(node.get("quote"), str)):
            continue
        source, quote = node["source"], node["quote"]
        problem: str | None
        if _SCHEME.match(source) and not source.startswith("https://"):  # http:, file:, javascript:, data: ...
            local, problem = None, "expected an https:// address or a path inside the seeds or catalog folders"
        else:
            local, problem = sources.resolve(source, roots)
        if problem:
            out.append(doc.finding((*path, "source"), "evidence-source", _source_message(problem, source)))
        elif local is None and texts is not None and snapshots.unavailable(source, texts) is None:
            out.append(
                doc.finding(
                    (*path, "source"),
                    "evidence-unverified",
                    f"expected an address with a snapshot in texts/index.yaml (this catalog keeps one of every text its licenses quote, so that each quote is checked offline), or declared there under 'unavailable:' with the reason; found {source!r}, which no snapshot maps",
                )
            )
        elif local is not None and (size := sources.too_large(local)) is not None:
            out.append(
                doc.finding(
                    (*path, "source"),
                    "evidence-too-large",
                    f"expected an evidence file of at most {sources.MAX_EVIDENCE_BYTES} bytes; found {source!r}, of {size} bytes (never read whole)",
                )
            )
        elif local is not None and not sources.quote_found(local, quote):
            short = quote if len(quote) <= 70 else quote[:67] + "..."
            out.append(doc.finding((*path, "quote"), "evidence-quote", f"expected a verbatim quote from {source}; found text that is not in it: {short!r}"))
    return out


def markup_findings(doc: Document) -> list[Finding]:
    out = []
    for path, node in walk(doc.data):
        hit = markup(node) if path and path[-1] in TEXT_FIELDS and isinstance(node, str) else None
        if hit is not None:
            out.append(doc.finding(path, "markup", f"expected plain text; found markup {hit!r}"))
    return out
