"""Pin the catalog's GitHub evidence sources to commits, and snapshot the license texts it quotes.

A maintainer's one-off tool, not part of the package.  For every evidence whose source is a GitHub
page on a branch (``github.com/O/R/blob/main/P``), it looks for the newest commit of a local git
mirror of O/R whose file P contains the quote (whitespace-normalised, as ``openness validate``
compares), rewrites the source as the permalink ``github.com/O/R/blob/<commit>/P`` and adds
``read: <today>`` beside it.  Quotes no commit contains are listed, never rewritten.

With ``--snapshot``, every GitHub file quoted by a license record (and every file a model record
quotes whose name says it is a license or use policy) is copied verbatim into
``catalog/texts/`` and listed in ``catalog/texts/index.yaml`` (see ``openness/snapshots.py``).

    python tools/pin_sources.py --mirrors /work/.mirror [--snapshot] [--dry-run] catalog

Mirrors are bare git repositories at ``<mirrors>/<owner>+<name>/repo``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openness import snapshots, yamlio  # noqa: E402
from openness.catalog import display_name  # noqa: E402,F401
from openness.checks import walk  # noqa: E402
from openness.sources import normalise  # noqa: E402

BLOB = re.compile(r"^https://github\.com/([^/]+)/([^/]+)/(?:blob|raw)/([^/]+)/([^#?]+)(#.*)?$")
RAW = re.compile(r"^https://raw\.githubusercontent\.com/([^/]+)/([^/]+)/([^/]+)/([^#?]+)(#.*)?$")
LICENSE_NAME = re.compile(r"licen[cs]e|use_policy|acceptable_use|terms", re.IGNORECASE)


class Mirror:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._log: dict[tuple[str, str], list[str]] = {}
        self._text: dict[tuple[str, str], bytes | None] = {}

    def git(self, *args: str) -> bytes:
        return subprocess.run(["git", "-C", str(self.path), *args], capture_output=True, check=False).stdout

    def ref(self, name: str) -> str:
        for cand in (name, f"refs/heads/{name}", f"origin/{name}", "HEAD"):
            out = self.git("rev-parse", "--verify", "-q", cand + "^{commit}").strip()
            if out:
                return out.decode()
        return "HEAD"

    def commits(self, ref: str, path: str) -> list[str]:
        k = (ref, path)
        if k not in self._log:
            self._log[k] = self.git("log", "--format=%H", ref, "--", path).decode().split()
        return self._log[k]

    def show(self, commit: str, path: str) -> bytes | None:
        k = (commit, path)
        if k not in self._text:
            p = subprocess.run(["git", "-C", str(self.path), "show", f"{commit}:{path}"], capture_output=True, check=False)
            self._text[k] = p.stdout if p.returncode == 0 else None
        return self._text[k]

    def newest_with(self, ref: str, path: str, quote: str) -> str | None:
        want = normalise(quote)
        for c in self.commits(ref, path):
            raw = self.show(c, path)
            if raw is not None and want in normalise(raw.decode("utf-8", "replace")):
                return c
        return None


def parse(source: str) -> tuple[str, str, str, str, str] | None:
    m = BLOB.match(source) or RAW.match(source)
    if not m:
        return None
    owner, name, ref, path, frag = m.groups()
    return owner, name, ref, unquote(path), frag or ""


def evidence(doc: yamlio.Document) -> list[tuple[tuple, dict]]:
    return [(p, n) for p, n in walk(doc.data) if isinstance(n, dict) and isinstance(n.get("source"), str) and isinstance(n.get("quote"), str)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("catalog", type=Path)
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--snapshot", action="store_true")
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--read", default=dt.date.today().isoformat())
    args = ap.parse_args(argv)
    mirrors: dict[str, Mirror | None] = {}

    def mirror(owner: str, name: str) -> Mirror | None:
        k = f"{owner}+{name}"
        if k not in mirrors:
            p = args.mirrors / k / "repo"
            mirrors[k] = Mirror(p) if p.is_dir() else None
        return mirrors[k]

    missing: list[str] = []
    pinned = 0
    to_snapshot: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    files = sorted(p for sub in ("models", "licenses") for p in (args.catalog / sub).glob("*.yaml"))
    for f in files:
        doc = yamlio.load(f)
        lines = f.read_text(encoding="utf-8").split("\n")
        edits: list[tuple[int, str, str | None]] = []  # (line index, new source line, read line)
        is_license = f.parent.name == "licenses"
        for path, node in evidence(doc):
            src = node["source"]
            got = parse(src)
            if got is None:
                continue
            owner, name, ref, fpath, frag = got
            m = mirror(owner, name)
            already = snapshots.is_pinned(src)
            commit = None
            if m is not None:
                if already:
                    raw = m.show(ref, fpath)
                    commit = ref if raw is not None and normalise(node["quote"]) in normalise(raw.decode("utf-8", "replace")) else None
                else:
                    commit = m.newest_with(m.ref(ref), fpath, node["quote"])
            if commit is None:
                if not already:
                    missing.append(f"{display(f)}:{doc.mark((*path, 'source')).line}: {src} :: {node['quote'][:70]!r}" + ("" if m else " (no mirror)"))
                continue
            if is_license or LICENSE_NAME.search(fpath.rsplit("/", 1)[-1]):
                to_snapshot[(f"{owner}/{name}", fpath, commit)].add(src)
            if already:
                continue
            line = doc.mark((*path, "source")).line - 1
            text = lines[line]
            new_src = snapshots.addresses(f"{owner}/{name}", fpath, commit)[0] + frag
            if src not in text:
                missing.append(f"{display(f)}:{line + 1}: source not on its line, not rewritten: {src}")
                continue
            read = None
            if "read" not in node:
                indent = len(text) - len(text.lstrip(" -"))
                read = " " * indent + f"read: {args.read}"
            edits.append((line, text.replace(src, new_src), read))
            pinned += 1
        for line, new, read in sorted(edits, reverse=True):
            lines[line] = new
            if read is not None:
                lines.insert(line + 1, read)
        if edits and not args.dry_run:
            f.write_text("\n".join(lines), encoding="utf-8")
    print(f"pinned {pinned} sources in {len(files)} files")
    for x in missing:
        print("NOT PINNED", x)
    if args.snapshot:
        write_snapshots(args, mirror, to_snapshot)
    return 0


REUSE = {
    "aboutcode-org/scancode-toolkit": "ScanCode's license data is licensed CC-BY-4.0 (scancode-toolkit README, 'License' section); the license text itself is the licensor's, copied verbatim.",
}
DEFAULT_REUSE = "The licensor's license text, copied verbatim for reference; its terms of reuse are the repository's (see its LICENSE)."


def display(f: Path) -> str:
    return f.as_posix()


def snap_name(repo: str, path: str, commit: str) -> str:
    base = re.sub(r"[^A-Za-z0-9_.+-]+", "-", path.rsplit("/", 1)[-1]).strip("-.")
    if repo != "aboutcode-org/scancode-toolkit":
        parent = path.rsplit("/", 1)[0].rsplit("/", 1)[-1] if "/" in path else ""
        base = "-".join(x for x in (repo.split("/")[1], re.sub(r"[^A-Za-z0-9_.+-]+", "-", parent), base) if x)
    else:
        base = "scancode-" + base
    return f"{base}@{commit[:10]}".replace("@", "-at-")


def write_snapshots(args: argparse.Namespace, mirror, wanted: dict[tuple[str, str, str], set[str]]) -> None:
    folder = args.catalog / snapshots.FOLDER
    folder.mkdir(exist_ok=True)
    index = folder / snapshots.INDEX
    old: list[dict] = []
    unavailable: list[dict] = []
    if index.exists():
        data = yamlio.load(index).data
        old = data.get("texts", [])
        unavailable = data.get("unavailable", []) or []
    have = {(e["repository"], e["path"], e["commit"]) for e in old}
    entries = list(old)
    for repo, path, commit in sorted(wanted):
        if (repo, path, commit) in have:
            continue
        m = mirror(*repo.split("/"))
        raw = m.show(commit, path)
        name = snap_name(repo, path, commit)
        if not args.dry_run:
            (folder / name).write_bytes(raw)
        entries.append(
            {
                "file": name,
                "repository": repo,
                "path": path,
                "commit": commit,
                "blob": snapshots.git_blob_id(raw),
                "read": args.read,
                "reuse": REUSE.get(repo, DEFAULT_REUSE),
            }
        )
    entries.sort(key=lambda e: e["file"])
    out = [
        "# Verbatim snapshots of the texts the catalog quotes (see openness/snapshots.py).",
        "# Written by tools/pin_sources.py --snapshot; each blob is git's id of the file at that commit.",
        "texts:",
    ]
    for e in entries:
        out.append(f"  - file: {e['file']}")
        for k in ("repository", "path", "commit", "blob", "read", "reuse", "note"):
            if k in e:
                out.append(f"    {k}: {quote(e[k])}")
        if e.get("addresses"):
            out.append("    addresses:")
            out += [f"      - {a}" for a in e["addresses"]]
    mapped = {snapshots.key(a) for e in entries for a in (*snapshots.addresses(e["repository"], e["path"], e["commit"]), *e.get("addresses", []))}
    kept = [u for u in unavailable if snapshots.key(u["address"]) not in mapped]  # a snapshot ends a declaration
    if kept:
        out += UNAVAILABLE_HEADER
        for u in kept:
            out.append(f"  - address: {u['address']}")
            out.append(f"    why: {quote(u['why'])}")
    if not args.dry_run:
        index.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{len(entries)} snapshots in {index}")


UNAVAILABLE_HEADER = [
    "# Addresses quoted by a license record whose text no snapshot here holds, each with the reason (see",
    "# openness/snapshots.py): their quotes are reported as unverified by `openness audit`, not failed.",
    "# A declaration becomes a finding once a snapshot maps its address, so this list only shrinks.",
    "unavailable:",
]


def quote(s: str) -> str:
    import json

    return json.dumps(s, ensure_ascii=False)


if __name__ == "__main__":
    raise SystemExit(main())
