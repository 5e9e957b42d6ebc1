"""Validate files and folders: every file, every finding, cross-file references included."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from openness import catalog as cat
from openness import files, sources
from openness import rubric as rub
from openness.errors import Finding, OpennessError

_real = cat.real_path


def _yaml_files(paths: Sequence[Path]) -> list[Path]:
    """The files to check: each path given, and every entry named *.yaml or *.yml in a folder
    given (a named pipe, a device, a folder or a broken link so named included: reading it
    gives the finding, as loading a catalog does)."""
    out: list[Path] = []
    for p in paths:
        if _is_dir(p):
            out += sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml"))
        else:
            out.append(p)
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = _real(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):  # a broken link, a link loop, a name too long: a file to report
        return False


def _present(path: Path) -> bool:
    """Whether something is at ``path``: a file, a folder, or a link (even a broken or looping
    one, which reading then reports); a name too long is there to report too."""
    try:
        os.lstat(path)
    except OSError as exc:
        return exc.errno not in (errno.ENOENT, errno.ENOTDIR)
    except ValueError:  # a NUL in the path
        return False
    return True


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
        if part == "policies":
            return "policy"
    return None


def _sniff(path: Path) -> str:
    """Guess the kind of a file outside the known folders from its top-level keys."""
    try:
        head = files.read_regular(path, limit=65536)[:65536].decode("utf-8", "replace")
    except OpennessError:  # not a regular file, or unreadable: reading it again gives the finding
        return "model"
    keys = {line.split(":", 1)[0].strip() for line in head.splitlines() if line[:1].isalpha() and ":" in line}
    if "criteria" in keys:
        return "rubric"
    if "terms" in keys:
        return "license"
    if keys & {"allow", "deny", "exclude", "conditional"} or ("unknown" in keys and "access" not in keys):
        return "policy"
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
        missing = [p for p in given if not _present(p)]
        targets = _yaml_files([p for p in given if p not in missing])
    else:
        missing = []
        folders = [data / "catalog", data / "rubrics"] if shipped else []
        for kind, dirs in (("rubric", extra_rubrics), ("usecase", usecases)):
            for f in _yaml_files([Path(d) for d in dirs]):
                hints[Path(os.path.realpath(f))] = kind
        targets = _yaml_files([*folders, *map(Path, extra_catalogs), *map(Path, extra_rubrics), *map(Path, usecases)])
    found = [Finding(str(p), 0, 0, "io", "expected a file or folder; found nothing at this path") for p in missing]
    roots = (data, data / "catalog", *map(Path, extra_catalogs), *{p.parent for p in targets})
    checked: list[cat.Loaded] = []
    for path in targets:
        kind = hints.get(Path(os.path.realpath(path))) or _kind(path) or _sniff(path)
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
        elif kind == "policy":
            from openness.scan.policy import read_policy

            try:
                read_policy(path)
            except OpennessError as exc:
                found += exc.findings
        else:
            item, problems = cat.read_file(path, _real(path.parent), roots, kind)
            found += problems
            if item is not None and item.record is not None:
                checked.append(item)
    # cross-file references, against the shipped catalog and the catalog folders around the
    # files given (a model's license may be defined beside it)
    mine = {item.name for item in checked}
    mine_paths = {_real(item.path) for item in checked}
    shipped_root = _real(data / "catalog")
    around = {_real(p.parent.parent) for p in targets if p.parent.name in cat.KINDS}
    around |= {_real(Path(d)) for d in extra_catalogs}
    context: list[cat.Loaded] = []
    for root in (shipped_root, *sorted(around - {shipped_root})):
        for path in cat.catalog_files(root):
            if _real(path) in mine_paths:
                continue
            item, _ = cat.read_file(path, path.parent, roots)
            if item is not None and item.record is not None:
                context.append(item)
    for link in cat._check_links(context + checked):
        if link.file in mine:
            found.append(link)
    found += cat.name_clashes(context + checked, shipped_root, mine_paths)
    from openness import cache

    cache.store().save()
    return sorted(set(found))


def _replaced_rubric(path: Path, shipped: Path) -> list[Finding]:
    """A rubric of your own named as a shipped one replaces it (by name, as intended): said as info."""
    for twin in (shipped / f"{path.stem}.yaml", shipped / f"{path.stem}.yml"):
        try:
            if twin.is_file() and _real(twin) != _real(path):
                name = cat.display_name(path)
                return [
                    Finding(
                        name,
                        1,
                        1,
                        "replaces",
                        f"this rubric replaces the shipped rubric {path.stem!r} ({cat.display_name(twin)} of the shipped rubrics) by its name, as intended",
                        severity="notice",
                    )
                ]
        except OSError:  # pragma: no cover
            return []
    return []


def check_all(catalogs: Sequence[str | os.PathLike[str]] = (), rubric_dirs: Sequence[str | os.PathLike[str]] = ()) -> None:
    """Raise :class:`OpennessError` unless the shipped and given files have no findings (a
    notice, such as a shipped record replaced by its id, is no finding against them)."""
    found = [f for f in validate_paths((), catalogs, rubric_dirs) if f.severity != "notice"]
    if found:
        raise OpennessError(found)
