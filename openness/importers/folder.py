"""Import a whole database folder (the Model Openness Tool's ``models/``, the Open Source AI
Index's records) in one process: one model record per source file, each fact citing its source
file at a pinned commit (``https://github.com/OWNER/NAME/blob/COMMIT/PATH``).

The commit is ``--commit SHA``, else the folder's own git checkout's ``HEAD`` (when the checkout is
of the database's repository and has no uncommitted change under the folder).  Files the database
keeps beside its records (the Index's ``_parameters*.yml`` and ``a_submission_template.yaml``) are
not records and are skipped.  A file that cannot be imported becomes a located finding; the
others are still written.  With ``--diff`` nothing is written: the catalog's ``osai.*`` facts are
compared with the snapshot's (see :func:`diff_osai`).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import quote

from openness.errors import Finding, OpennessError, UsageError

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, TextIO

#: kind -> (database repository, file patterns, names that are not records)
DATABASES = {
    "mot": ("lfai/model_openness_tool", ("*.yml", "*.yaml"), ()),
    "osai": ("Language-Technology-Assessment/main-database", ("*.yaml", "*.yml"), ("a_submission_template.yaml",)),
}
_SHA = re.compile(r"^[0-9a-f]{40}$")


def record_files(kind: str, folder: Path) -> tuple[Path, list[Path]]:
    """(the folder the records are in, the record files in a stable order)."""
    if kind == "mot" and (folder / "models").is_dir() and not any(folder.glob("*.yml")):
        folder = folder / "models"  # a checkout of the MOT's repository
    _repo, patterns, skip = DATABASES[kind]
    files = sorted({p for pat in patterns for p in folder.glob(pat) if p.is_file()}, key=lambda p: p.name)
    return folder, [p for p in files if not p.name.startswith(("_", ".")) and p.name not in skip]


def _git_dir(folder: Path) -> Path | None:
    for d in (folder, *folder.parents):
        if (d / ".git").exists():
            return d
    return None


def _read_head(top: Path) -> str | None:
    git = top / ".git"
    if git.is_file():  # a worktree: "gitdir: PATH"
        text = git.read_text(encoding="utf-8").strip()
        if not text.startswith("gitdir:"):
            return None
        git = (top / text.split(":", 1)[1].strip()).resolve()
    try:
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if _SHA.match(head):
        return head
    if head.startswith("ref: "):
        ref = head[5:]
        common = git
        if (git / "commondir").is_file():
            common = (git / (git / "commondir").read_text(encoding="utf-8").strip()).resolve()
        for base in (git, common):
            try:
                sha = (base / ref).read_text(encoding="utf-8").strip()
                if _SHA.match(sha):
                    return sha
            except OSError:
                pass
            try:
                for line in (base / "packed-refs").read_text(encoding="utf-8").splitlines():
                    if line.endswith(" " + ref) and _SHA.match(line[:40]):
                        return line[:40]
            except OSError:
                pass
    return None


def _remote_is(top: Path, repo: str) -> bool:
    """Whether the checkout's configuration names the database's repository as a remote."""
    git = top / ".git"
    if git.is_file():
        return False
    try:
        config = (git / "config").read_text(encoding="utf-8")
    except OSError:
        return False
    return re.search(r"url\s*=\s*\S*" + re.escape(repo) + r"(\.git)?\s*$", config, re.M | re.I) is not None


def _clean(top: Path, folder: Path) -> bool | None:
    """Whether git reports no change under the folder (None when git cannot say)."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        return None
    try:
        res = subprocess.run(["git", "-C", str(top), "status", "--porcelain", "--", str(folder)], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return res.returncode == 0 and not res.stdout.strip()


def pinned(kind: str, folder: Path, commit: str | None, repository: str | None, path_in_repo: str | None) -> tuple[str, str, str]:
    """(repository, commit, the folder's path in the repository) the records cite."""
    repo = repository or DATABASES[kind][0]
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*", repo):
        raise UsageError(f"expected --repository OWNER/NAME; found {repo!r}")
    top = _git_dir(folder.resolve())
    checkout = top is not None and _remote_is(top, repo)
    if commit is None:
        if not checkout:
            raise UsageError(
                f"cannot pin the records to a commit: {folder} is not a git checkout of {repo}; give --commit SHA (the commit of the database the folder holds)"
            )
        assert top is not None
        commit = _read_head(top)
        if commit is None:
            raise UsageError(f"cannot read the commit of the checkout {top}; give --commit SHA")
        if _clean(top, folder) is False:
            raise UsageError(
                f"the checkout {top} has uncommitted changes under {folder}: the records would cite files that differ from commit {commit[:12]}; commit them or give --commit SHA"
            )
    if not _SHA.match(commit):
        raise UsageError(f"expected --commit to be a 40-digit lower-case hexadecimal commit id; found {commit!r}")
    if path_in_repo is None:
        if checkout:
            assert top is not None
            path_in_repo = folder.resolve().relative_to(top.resolve()).as_posix()
        elif kind == "mot":
            path_in_repo = folder.name if folder.name in ("models", "Test_Data") else "models"
        else:
            path_in_repo = ""
    path_in_repo = path_in_repo.strip("/")
    if path_in_repo == ".":
        path_in_repo = ""
    return repo, commit, path_in_repo


def source_url(repo: str, commit: str, path_in_repo: str, name: str) -> str:
    rel = f"{path_in_repo}/{name}" if path_in_repo else name
    return f"https://github.com/{repo}/blob/{commit}/{quote(rel)}"


class Progress:
    """A one-line progress bar on a terminal's standard error (nothing otherwise)."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.on = bool(getattr(self.stream, "isatty", lambda: False)()) and total > 0 and "OPENNESS_NO_PROGRESS" not in os.environ
        self.label, self.total, self.last = label, total, 0.0

    def update(self, done: int) -> None:
        if not self.on:
            return
        now = time.monotonic()
        if done < self.total and now - self.last < 0.05:
            return
        self.last = now
        width = 30
        fill = int(width * done / self.total)
        self.stream.write(f"\r{self.label} [{'#' * fill}{'.' * (width - fill)}] {done}/{self.total}")
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def _ids(files: list[Path]) -> dict[Path, str]:
    from openness.importers import hub

    out: dict[Path, str] = {}
    used: set[str] = set()
    for p in files:
        base = hub.slug(p.stem)
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base[:76]}-{n}", n + 1
        used.add(ident)
        out[p] = ident
    return out


def run_folder(args: argparse.Namespace, out: TextIO, err: TextIO | None = None) -> int:
    """``openness import mot|osai DIR``: every record of the folder, in one process."""
    import importlib

    from openness.catalog import load_catalog
    from openness.importers import KINDS
    from openness.importers.common import dump_record, evidence_roots

    kind = args.import_kind
    if kind not in DATABASES:
        raise UsageError(f"import {kind} takes one file, not a folder")
    if args.model_id is not None:
        raise UsageError("--id names one record; a folder import names each record after its file")
    if getattr(args, "source", None):
        raise UsageError("--source is the address of one file; for a folder give --commit (and --repository, --path-in-repo)")
    folder, files = record_files(kind, Path(args.path))
    if not files:
        raise UsageError(f"no {kind} records (*.yml, *.yaml) in {args.path}")
    repo, commit, in_repo = pinned(kind, folder, getattr(args, "commit", None), getattr(args, "repository", None), getattr(args, "path_in_repo", None))
    from openness import project as proj

    given = tuple(getattr(args, "catalog", []) or [])
    here = proj.for_writing()
    mine = () if here.checkout else tuple(map(str, here.existing("catalog")))
    catalogs = (*mine, *given)
    catalog = load_catalog(*catalogs)
    if getattr(args, "diff", False):
        return diff_osai(files, catalog, repo, commit, in_repo, out)
    if not args.out or args.out == "-":
        raise UsageError("expected --out DIR, the catalog folder the records are written to (as DIR/models/<id>.yaml)")
    target_dir = Path(args.out) / "models"
    ids = _ids(files)
    if not args.force:
        existing = [target_dir / f"{i}.yaml" for i in ids.values() if (target_dir / f"{i}.yaml").exists()]
        if existing:
            raise UsageError(f"{existing[0]} exists ({len(existing)} of the records to write do); not overwriting (use --force to replace them)")
    module, func, _help = KINDS[kind]
    importer = getattr(importlib.import_module(module), func)
    label = {"mot": "a Model Openness Tool record", "osai": "an Open Source AI Index record"}[kind]
    roots = evidence_roots((target_dir / "x.yaml").resolve(), catalogs)
    modeline = proj.schema_line("model", target_dir, here)
    bar = Progress(f"import {kind}", len(files), err)
    records: list[tuple[Path, str]] = []
    findings: list[Finding] = []
    for n, path in enumerate(files, 1):
        src = source_url(repo, commit, in_repo, path.name)
        try:
            record = importer(path, catalog, source=src, model_id=ids[path], out=None, catalog_dirs=catalogs)
        except OpennessError as exc:
            findings += exc.findings
        else:
            text = dump_record(record, modeline, [f"Imported from {label} ({src}) by `openness import {kind}`; review before committing."])
            records.append((target_dir / f"{ids[path]}.yaml", text))
        bar.update(n)
    from openness import cache
    from openness.atomic import write_text
    from openness.catalog import _check_document, read_cached

    # each record is checked as `openness validate` checks it (and as loading the folder will:
    # the clean document is cached, so scoring the folder next does not check it again)
    target_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for target, text in records:
        write_text(target, text, force=True, sync=False)
        _kind, _data, _doc, problems = read_cached(target, "model", tuple(roots), _check_document(target, tuple(roots)))
        if problems:  # pragma: no cover - a bug in an importer: never leave an invalid record
            target.unlink()
            findings += problems
        else:
            written.append(target)
    cache.store().save()
    shipped = _shipped_names(catalog if not catalogs else None)
    clashes = sorted(t.stem for t in written if t.stem in shipped)
    msg = [f"wrote {len(written)} of {len(files)} records ({repo} at {commit[:12]}) to {target_dir}"]
    if clashes:
        msg.append(
            f"{len(clashes)} imported ids are also the id, name or alias of a shipped model ({', '.join(clashes[:8])}{' …' if len(clashes) > 8 else ''}): "
            f"`openness score {args.out}` scores the imported records; by name they may resolve to the shipped one"
        )
    msg.append(f"score them: openness compare {args.out} --rubric {'mof' if kind == 'mot' else 'osai-index'}")
    out.write("\n".join(msg) + "\n")
    if findings:
        raise OpennessError(findings)
    return 0


def _shipped_names(shipped: Any = None) -> set[str]:
    from openness.catalog import load_catalog

    names: set[str] = set()
    for m in (shipped or load_catalog()).models:
        names.update(n.lower() for n in (m.id, m.name, *m.aliases))
    return names


# --------------------------------------------------------------------------- --diff


def diff_osai(files: list[Path], catalog: Any, repo: str, commit: str, in_repo: str, out: TextIO) -> int:
    """What changed between the catalog's ``osai.*`` facts and a snapshot of the index: for every
    catalog model whose facts cite an index record, the record's classes now."""
    from openness import vocabulary, yamlio
    from openness.importers.osai import OSAI_KEYS

    by_name = {p.name: p for p in files}
    lines: list[str] = []
    changed = 0
    for m in catalog.models:
        facts = {p: m.fact(f"osai.{p}") for p in vocabulary.OSAI_PARAMETERS}
        cited = sorted(n for n in {_record_name(e.source) for f in facts.values() if f.known for e in f.evidence} if n is not None)
        if not cited:
            continue
        name = cited[0]
        path = by_name.get(name)
        head = f"{m.id}: {name}"
        if path is None:
            lines.append(f"{head}: no such record in the snapshot (deleted or renamed at {commit[:12]})")
            changed += 1
            continue
        data = yamlio.load(path).data
        diffs = []
        for p, f in facts.items():
            key = next((k for k in OSAI_KEYS.get(p, (p,)) if isinstance(data, dict) and k in data), None)
            now = data.get(key, {}).get("class") if key and isinstance(data.get(key), dict) else None
            was = f.value if f.known else None
            if key is None and p in vocabulary.OSAI_REMOVED:
                continue  # no longer a parameter of the index: the catalog keeps the last rating
            if now != was:
                diffs.append(f"  osai.{p}: {was or 'unknown'} -> {now or ('removed from the index' if p in vocabulary.OSAI_REMOVED else 'not rated')}")
        if diffs:
            changed += 1
            system = data.get("system") if isinstance(data, dict) else None
            rates = system.get("endmodelname") or system.get("name") if isinstance(system, dict) else None
            lines.append(f"{head} (now {source_url(repo, commit, in_repo, name)}" + (f", rating {rates}" if rates else "") + ")")
            lines += diffs
    lines.append(f"{changed} catalog models differ from the index at {commit[:12]}")
    lines.append(
        "(osai.package and osai.api are no longer parameters of the index since main-database ff85b6f; the catalog keeps their last ratings for osai-index-2025)"
    )
    out.write("\n".join(lines) + "\n")
    return 0


def _record_name(source: str) -> str | None:
    from urllib.parse import unquote

    m = re.match(r"https://github\.com/Language-Technology-Assessment/main-database/blob/[^/]+/(.+)$", source)
    return unquote(m.group(1)).rsplit("/", 1)[-1] if m else None
