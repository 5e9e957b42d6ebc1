"""Checks shared by every kind of file: evidence sources and quotes, markup in free text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openness import sources
from openness.errors import Finding
from openness.yamlio import Document

#: Free-text fields that are shown to people (and so must not carry markup).
TEXT_FIELDS = frozenset({"name", "title", "description", "note", "notes", "claim", "unknown", "label"})
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|javascript:", re.IGNORECASE)


def walk(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from walk(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from walk(v, (*path, i))


def evidence_findings(doc: Document, roots: tuple[Path, ...]) -> list[Finding]:
    """Every evidence source must be an address or a file inside the roots; quotes from
    local files must be in them (whitespace-normalised)."""
    out: list[Finding] = []
    for path, node in walk(doc.data):
        if not (isinstance(node, dict) and isinstance(node.get("source"), str) and isinstance(node.get("quote"), str)):
            continue
        source, quote = node["source"], node["quote"]
        local, problem = sources.resolve(source, roots)
        if problem:
            out.append(doc.finding((*path, "source"), "evidence-source", f"{problem}; found {source!r}"))
        elif local is not None and not sources.quote_found(local, quote):
            short = quote if len(quote) <= 70 else quote[:67] + "..."
            out.append(
                doc.finding((*path, "quote"), "evidence-quote", f"expected a verbatim quote from {source}; found text that is not in it: {short!r}")
            )
    return out


def markup_findings(doc: Document) -> list[Finding]:
    out = []
    for path, node in walk(doc.data):
        if path and path[-1] in TEXT_FIELDS and isinstance(node, str) and _MARKUP.search(node):
            hit = _MARKUP.search(node).group(0)  # type: ignore[union-attr]
            out.append(doc.finding(path, "markup", f"expected plain text; found markup {hit!r}"))
    return out
