"""Verbatim snapshots of the texts the catalog quotes, so that quotes from addresses are checked offline.

A catalog folder may hold ``texts/``: verbatim copies of source files (license texts above all),
each taken from a repository at a commit, and ``texts/index.yaml`` saying where each came from::

    texts:
      - file: scancode-mit.LICENSE          # the snapshot, beside the index
        repository: aboutcode-org/scancode-toolkit
        path: src/licensedcode/data/licenses/mit.LICENSE
        commit: 0123…(40 hex digits)
        blob: 4567…(40 hex digits)           # git's blob id of the file: the snapshot is byte-identical
        read: 2026-12-01
        reuse: "CC-BY-4.0 (ScanCode's license data)"   # the snapshot's own terms of reuse
        addresses: [https://…]               # optional: other addresses of the same text

An evidence source is mapped to a snapshot by its address (data, not code): the GitHub permalink
of ``path`` at ``commit`` (``github.com/O/R/blob/C/P`` and ``raw.githubusercontent.com/O/R/C/P``)
and any ``addresses`` listed.  The quote is then verified against the snapshot, as a quote from a
``seeds/`` file is verified against that file.

A catalog that keeps ``texts/`` promises that its license records' quotes are all checked offline:
a license quote from an address that no snapshot maps is a finding (``openness validate``) and a
problem (``openness audit``).  An address whose text cannot be held (a vendor's web page with no
copy at a commit) is declared, with the reason, under ``unavailable:``; its quotes are then
reported as unverified, not failed, and the declaration itself becomes a finding as soon as a
snapshot maps the address::

    unavailable:
      - address: https://vendor.example/terms
        why: "the vendor's page only; no copy of this version at a commit was found"
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path

from openness import lazyre
from openness.errors import Finding

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

FOLDER = "texts"
INDEX = "index.yaml"
HEX40 = lazyre.compile(r"^[0-9a-f]{40}$")
REPO = lazyre.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+$")
FILE = lazyre.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]*$")
DATE = lazyre.compile(r"^\d{4}-\d{2}-\d{2}$")
REQUIRED = ("file", "repository", "path", "commit", "blob", "read", "reuse")
KEYS = frozenset((*REQUIRED, "addresses", "note"))

#: A GitHub address that names a fixed version: a 40-hex commit in a blob/raw/tree path, a raw
#: file at a commit, a commit page, or a pull request's commit.
PINNED = lazyre.compile(
    r"^https://(?:github\.com/[^/]+/[^/]+/(?:(?:blob|raw|tree|commit)/[0-9a-f]{40}(?:[/#?].*)?$|pull/\d+/commits/[0-9a-f]{40}(?:[/#?].*)?$)"
    r"|raw\.githubusercontent\.com/[^/]+/[^/]+/[0-9a-f]{40}/.*$)"
)
_GITHUB = lazyre.compile(r"^https://(?:www\.)?(?:github\.com|raw\.githubusercontent\.com)/", re.IGNORECASE)


def is_github(source: str) -> bool:
    return bool(_GITHUB.match(source))


def is_pinned(source: str) -> bool:
    """Whether a GitHub address names a commit (a permalink); non-GitHub addresses are not judged."""
    return not is_github(source) or bool(PINNED.match(source))


def addresses(repository: str, path: str, commit: str) -> tuple[str, str]:
    """The permalinks of a file at a commit: the GitHub page and the raw file."""
    from urllib.parse import quote

    p = quote(path, safe="/")
    return f"https://github.com/{repository}/blob/{commit}/{p}", f"https://raw.githubusercontent.com/{repository}/{commit}/{p}"


def git_blob_id(data: bytes) -> str:
    """git's object id of a file's bytes (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324 - git's id, not security


def key(address: str) -> str:
    """An address as the index compares it: without a fragment."""
    return address.split("#", 1)[0]


def kept_texts(record: Path) -> Path | None:
    """The snapshot index of a license record's catalog folder (``texts/index.yaml`` beside its
    ``licenses/``, as the shipped catalog keeps), else None.  Such a catalog promises that every
    quote of its license records is checked offline: a quote from an address that no snapshot
    maps (and that ``unavailable:`` does not declare) is then a finding, not a quote left unchecked."""
    index = record.parent.parent / FOLDER / INDEX
    return index if record.parent.name == "licenses" and index.is_file() else None


def _read_index(path: Path) -> tuple[Any, list[Finding]]:
    """(document, findings) for an index file."""
    from openness import yamlio
    from openness.errors import OpennessError

    try:
        doc = yamlio.load(path)
    except OpennessError as exc:
        return None, list(exc.findings)
    return doc, []


def index_findings(path: Path) -> list[Finding]:
    """Every problem of a ``texts/index.yaml``: shape, missing snapshots, a snapshot that is not
    byte-identical to the file it names (its git blob id differs), an address mapped twice."""
    doc, found = _read_index(path)
    if doc is None:
        return found
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("texts"), list):
        return [doc.finding((), "texts-index", "expected a mapping with `texts:`, a list of snapshots")]
    extra = sorted(set(data) - {"texts", "unavailable"})
    for k in extra:
        found.append(doc.finding((k,), "texts-index", f"expected only the keys 'texts' and 'unavailable'; found {k!r}", key=True))
    seen_addr: dict[str, int] = {}
    seen_file: dict[str, int] = {}
    for i, e in enumerate(data["texts"]):
        at = ("texts", i)
        if not isinstance(e, dict):
            found.append(doc.finding(at, "texts-index", "expected a mapping (file, repository, path, commit, blob, read, reuse)"))
            continue
        for k in sorted(set(e) - KEYS):
            found.append(doc.finding((*at, k), "texts-index", f"unknown key {k!r}; expected one of: {', '.join(sorted(KEYS))}", key=True))
        missing = [k for k in REQUIRED if not isinstance(e.get(k), str) or not e.get(k)]
        for k in missing:
            found.append(doc.finding(at, "texts-index", f"expected the key {k!r} (text); found it missing"))
        if missing:
            continue
        checks = (
            ("file", FILE, "a file name of letters, digits and . _ + -"),
            ("repository", REPO, "a GitHub repository owner/name"),
            ("commit", HEX40, "a commit of 40 lower-case hex digits"),
            ("blob", HEX40, "a git blob id of 40 lower-case hex digits"),
            ("read", DATE, "a date YYYY-MM-DD"),
        )
        bad = False
        for k, rx, words in checks:
            if not rx.match(e[k]):
                found.append(doc.finding((*at, k), "texts-index", f"expected {words}; found {e[k]!r}"))
                bad = True
        if bad:
            continue
        if e["file"] in seen_file:
            found.append(
                doc.finding((*at, "file"), "texts-index", f"expected each snapshot listed once; found {e['file']!r} also at texts[{seen_file[e['file']]}]")
            )
        seen_file.setdefault(e["file"], i)
        snap = path.parent / e["file"]
        try:
            raw = snap.read_bytes()
        except OSError:
            found.append(doc.finding((*at, "file"), "texts-snapshot", f"expected a snapshot file {e['file']!r} beside the index; found none"))
            continue
        got = git_blob_id(raw)
        if got != e["blob"]:
            found.append(
                doc.finding(
                    (*at, "blob"),
                    "texts-snapshot",
                    f"expected {e['file']} to be byte-identical to {e['repository']}:{e['path']} at {e['commit'][:12]} (blob {e['blob'][:12]}); found blob {got[:12]}",
                )
            )
        extra_addr = e.get("addresses", [])
        if not isinstance(extra_addr, list) or not all(isinstance(a, str) and a.startswith("https://") for a in extra_addr):
            found.append(doc.finding((*at, "addresses"), "texts-index", "expected a list of https:// addresses"))
            extra_addr = []
        for a in (*addresses(e["repository"], e["path"], e["commit"]), *extra_addr):
            k = key(a)
            if k in seen_addr and seen_addr[k] != i:
                found.append(
                    doc.finding((*at, "file"), "texts-index", f"expected each address mapped to one snapshot; found {a} also at texts[{seen_addr[k]}]")
                )
            seen_addr.setdefault(k, i)
    found += _unavailable_findings(doc, data.get("unavailable", []), seen_addr)
    return found


def _unavailable_findings(doc: Any, declared: Any, mapped: dict[str, int]) -> list[Finding]:
    """The ``unavailable:`` list: each an https address with a reason, listed once, and mapped
    by no snapshot (a declaration a snapshot has made untrue is a finding, so the list only shrinks)."""
    if not isinstance(declared, list):
        return [doc.finding(("unavailable",), "texts-index", "expected a list of {address, why}")]
    found: list[Finding] = []
    seen: dict[str, int] = {}
    for i, e in enumerate(declared):
        at = ("unavailable", i)
        if not isinstance(e, dict) or set(e) != {"address", "why"} or not all(isinstance(v, str) and v.strip() for v in e.values()):
            found.append(doc.finding(at, "texts-index", "expected a mapping with exactly the keys 'address' and 'why' (texts)"))
            continue
        a = key(e["address"])
        if not a.startswith("https://"):
            found.append(doc.finding((*at, "address"), "texts-index", f"expected an https:// address; found {e['address']!r}"))
        elif a in mapped:
            found.append(
                doc.finding(
                    (*at, "address"),
                    "texts-unavailable",
                    f"expected an address no snapshot maps; found {e['address']} mapped at texts[{mapped[a]}]: remove the declaration",
                )
            )
        elif a in seen:
            found.append(
                doc.finding((*at, "address"), "texts-index", f"expected each address declared once; found {e['address']} also at unavailable[{seen[a]}]")
            )
        seen.setdefault(a, i)
    return found


def _load_map(path: Path) -> dict[str, Path]:
    if not os.environ.get("OPENNESS_NO_CACHE"):  # the shipped index, as the package's snapshot read it
        from openness import snapshot

        try:
            raw = path.read_bytes()
        except OSError:
            raw = b""
        known = snapshot.texts_map(path, raw)
        if known is not None:
            return known
    doc, _found = _read_index(path)
    out: dict[str, Path] = {}
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("texts"), list):
        return out
    for e in doc.data["texts"]:
        if not isinstance(e, dict) or not all(isinstance(e.get(k), str) for k in ("file", "repository", "path", "commit")):
            continue
        if not FILE.match(e["file"]) or not HEX40.match(e["commit"]):
            continue
        snap = path.parent / e["file"]
        extra = [a for a in e.get("addresses", []) or [] if isinstance(a, str)] if isinstance(e.get("addresses", []), list) else []
        for a in (*addresses(e["repository"], e["path"], e["commit"]), *extra):
            out.setdefault(key(a), snap)
    return out


def _load_unavailable(path: Path) -> dict[str, str]:
    doc, _found = _read_index(path)
    data = doc.data if doc is not None else None
    if not isinstance(data, dict) or not isinstance(data.get("unavailable"), list):
        return {}
    return {
        key(e["address"]): e["why"] for e in data["unavailable"] if isinstance(e, dict) and isinstance(e.get("address"), str) and isinstance(e.get("why"), str)
    }


_UNAVAILABLE = None


def unavailable(address: str, index: Path | None) -> str | None:
    """Why no snapshot of an address can be kept, as the catalog's snapshot index declares under
    ``unavailable:``; else None."""
    global _UNAVAILABLE
    if index is None:
        return None
    if _UNAVAILABLE is None:
        from openness.sources import while_unchanged

        _UNAVAILABLE = while_unchanged(_load_unavailable, maxsize=32)
    return (_UNAVAILABLE(index) or {}).get(key(address))


def _index_map() -> Any:
    from openness.sources import while_unchanged

    return while_unchanged(_load_map, maxsize=32)


_MAP = None


@lru_cache(maxsize=64)
def _indexes(roots: tuple[Path, ...]) -> tuple[Path, ...]:
    """The index files the roots hold (``texts/`` in a catalog folder, or in a data root's
    ``catalog/``), in the roots' order, each once.  Found once per set of roots in a process;
    an index's content is re-read whenever the file changes."""
    out: dict[Path, None] = {}
    for root in roots:
        for folder in (root / FOLDER, root / "catalog" / FOLDER):
            if (folder / INDEX).is_file():
                out.setdefault(folder / INDEX)
    return tuple(out)


def maps(roots: tuple[Path, ...]) -> list[dict[str, Path]]:
    """The address -> snapshot maps of the roots' indexes, in the roots' order."""
    global _MAP
    if _MAP is None:
        _MAP = _index_map()
    return [m for index in _indexes(tuple(roots)) if (m := _MAP(index))]


def snapshot(address: str, roots: tuple[Path, ...], found: list[dict[str, Path]] | None = None) -> Path | None:
    """The snapshot an address maps to, in the first root (or its ``catalog/``) that maps it
    (``found``: the roots' :func:`maps`, when the caller has them)."""
    k = key(address)
    for mapping in maps(roots) if found is None else found:
        if k in mapping:
            return Path(mapping[k])
    return None
