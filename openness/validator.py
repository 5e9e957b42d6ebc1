"""Validate files and folders: every file, every finding, cross-file references included."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from openness import catalog as cat
from openness import rubric as rub
from openness import sources
from openness.errors import Finding, OpennessError


def _yaml_files(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(q for q in p.rglob("*") if q.is_file() and q.suffix in (".yaml", ".yml"))
        else:
            out.append(p)
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _kind(path: Path) -> str | None:
    from openness.snapshots import FOLDER, INDEX

    if path.name == INDEX and path.parent.name == FOLDER:
        return "texts"
    for part in reversed(path.parent.parts):
        if part in ("models", "licenses"):
            return cat.KINDS[part]
        if part == "rubrics":
            return "rubric"
        if part in ("usecases", "use-cases"):
            return "usecase"
    return None


def _sniff(path: Path) -> str:
    """Guess the kind of a file outside the known folders from its top-level keys."""
    try:
        head = path.read_bytes()[:65536].decode("utf-8", "replace")
    except OSError:
        return "model"
    keys = {line.split(":", 1)[0].strip() for line in head.splitlines() if line[:1].isalpha() and ":" in line}
    if "criteria" in keys:
        return "rubric"
    if "terms" in keys:
        return "license"
    if keys & {"monthly_active_users", "annual_revenue_usd", "distill", "fine_tune", "self_host", "commercial"} and "access" not in keys:
        return "usecase"
    return "model"


def validate_paths(
    paths: Sequence[str | os.PathLike[str]] = (),
    extra_catalogs: Sequence[str | os.PathLike[str]] = (),
    extra_rubrics: Sequence[str | os.PathLike[str]] = (),
    *,
    usecases: Sequence[str | os.PathLike[str]] = (),
    shipped: bool = True,
) -> list[Finding]:
    """All findings for the files under ``paths`` (default: the files of the extra folders, and
    the shipped files unless ``shipped`` is false).

    The extra catalog folders are also the context of cross-file checks: a model's license may
    be defined in one of them, and a name one of their records uses is checked against the others.
    """
    data = sources.data_root()
    hints: dict[Path, str] = {}
    if paths:
        given = [Path(p) for p in paths]
        missing = [p for p in given if not p.exists()]
        targets = _yaml_files([p for p in given if p.exists()])
    else:
        missing = []
        folders = [data / "catalog", data / "rubrics"] if shipped else []
        for kind, dirs in (("rubric", extra_rubrics), ("usecase", usecases)):
            for f in _yaml_files([Path(d) for d in dirs]):
                hints[f.resolve()] = kind
        targets = _yaml_files([*folders, *map(Path, extra_catalogs), *map(Path, extra_rubrics), *map(Path, usecases)])
    found = [Finding(str(p), 0, 0, "io", "expected a file or folder; found nothing at this path") for p in missing]
    roots = (data, data / "catalog", *map(Path, extra_catalogs), *{p.parent for p in targets})
    checked: list[cat.Loaded] = []
    for path in targets:
        kind = hints.get(path.resolve()) or _kind(path) or _sniff(path)
        if kind == "texts":
            from openness.snapshots import index_findings

            found += index_findings(path)
        elif kind == "rubric":
            _, problems = rub.read_rubric(path, (data, *map(Path, extra_rubrics), path.parent))
            found += problems
            found += _replaced_rubric(path, data / "rubrics")
        elif kind == "usecase":
            from openness.usecase import read_usecase

            _, problems = read_usecase(path)
            found += problems
        else:
            item, problems = cat.read_file(path, path.parent.resolve(), roots, kind)
            found += problems
            if item is not None and item.record is not None:
                checked.append(item)
    # cross-file references, against the shipped catalog and the catalog folders around the
    # files given (a model's license may be defined beside it)
    mine = {item.name for item in checked}
    mine_paths = {item.path.resolve() for item in checked}
    shipped_root = (data / "catalog").resolve()
    around = {p.parent.parent.resolve() for p in targets if p.parent.name in cat.KINDS}
    around |= {Path(d).resolve() for d in extra_catalogs}
    context: list[cat.Loaded] = []
    for root in (shipped_root, *sorted(around - {shipped_root})):
        for path in cat.catalog_files(root):
            if path.resolve() in mine_paths:
                continue
            item, _ = cat.read_file(path, path.parent, roots)
            if item is not None and item.record is not None:
                context.append(item)
    for f in cat._check_links(context + checked):
        if f.file in mine:
            found.append(f)
    found += cat.name_clashes(context + checked, shipped_root, mine_paths)
    from openness import cache

    cache.store().save()
    return sorted(set(found))


def _replaced_rubric(path: Path, shipped: Path) -> list[Finding]:
    """A rubric of your own named as a shipped one replaces it (by name, as intended): said as info."""
    for twin in (shipped / f"{path.stem}.yaml", shipped / f"{path.stem}.yml"):
        try:
            if twin.is_file() and twin.resolve() != path.resolve():
                name = cat.display_name(path)
                return [Finding(name, 1, 1, "replaces", f"this rubric replaces the shipped rubric {path.stem!r} ({cat.display_name(twin)} of the shipped rubrics) by its name, as intended", severity="notice")]
        except OSError:  # pragma: no cover
            return []
    return []


def check_all(catalogs: Sequence[str | os.PathLike[str]] = (), rubric_dirs: Sequence[str | os.PathLike[str]] = ()) -> None:
    """Raise :class:`OpennessError` unless the shipped and given files have no findings (a
    notice, such as a shipped record replaced by its id, is no finding against them)."""
    found = [f for f in validate_paths((), catalogs, rubric_dirs) if f.severity != "notice"]
    if found:
        raise OpennessError(found)
