"""The user's own project: which folders of models, licenses, rubrics and use cases are theirs.

Found the way pytest and ruff find their configuration: walking up from the working folder, the
nearest ``pyproject.toml`` with a ``[tool.openness]`` table names the folders (paths relative to
that file)::

    [tool.openness]
    catalog = ["catalog"]        # folders holding models/ and licenses/
    rubrics = ["rubrics"]
    usecases = ["usecases"]
    schemas = "schemas"          # where `openness schema --write` puts the JSON Schemas

Every key is optional and defaults to the value shown.  Without such a table, ``catalog/``,
``rubrics/`` and ``usecases/`` folders in the working folder are the project's -- except in the
openness source checkout itself, whose ``catalog/`` and ``rubrics/`` are the shipped ones.
Commands layer the project's folders on top of the shipped ones.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from openness import frozen as attrs
from openness.errors import Finding, OpennessError

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: The table's keys and their defaults (folders relative to the pyproject.toml).
DEFAULTS: dict[str, Any] = {"catalog": ["catalog"], "rubrics": ["rubrics"], "usecases": ["usecases"], "schemas": "schemas"}
LISTS = ("catalog", "rubrics", "usecases")
#: Subtables other commands read: [tool.openness.policy] is `openness scan`'s policy.
OTHER_KEYS = ("policy",)


def _probe(path: Path) -> Path:
    """Say that the answer depends on whether ``path`` exists (an audit event that a cache of
    answers, where one listens, records; checking a path opens nothing that it would see)."""
    sys.audit("openness.probe", os.fspath(path))
    return path


@attrs.frozen
class Project:
    """The folders of a user's project (absolute paths; a folder may not exist yet)."""

    root: Path
    config: Path | None  #: the pyproject.toml that names the folders; None when found by folder names
    catalog: tuple[Path, ...]
    rubrics: tuple[Path, ...]
    usecases: tuple[Path, ...]
    schemas: Path
    #: The openness source checkout itself: its folders are the shipped ones, not layered on top.
    checkout: bool = False

    def existing(self, key: str) -> tuple[Path, ...]:
        """The folders of one kind (catalog, rubrics, usecases) that exist."""
        return tuple(p for p in getattr(self, key) if _probe(p).is_dir())

    def describe(self) -> str:
        if self.config is not None:
            return f"the project of {self.config}"
        return f"the catalog/, rubrics/ and usecases/ folders of {self.root}"


def _read_pyproject(path: Path) -> dict[str, Any] | None:
    """The ``[tool.openness]`` table of a pyproject.toml, None when it has none."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if not re.search(rb"tool\s*\.\s*[\"']?openness|\[\s*tool\s*\]", raw):  # most pyproject.toml files are someone else's
        return None
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the same parser, as a package
        import tomli as tomllib
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        raise OpennessError([Finding(str(path), line, col, "pyproject", f"expected a TOML file; found: {exc}")]) from None
    tool = data.get("tool")
    table = tool.get("openness") if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise OpennessError([Finding(str(path), _line_of(raw, "openness"), 1, "pyproject", "expected [tool.openness] to be a table")])
    return table


def _line_of(raw: bytes, key: str) -> int:
    """The line of a key in the [tool.openness] table (TOML parsers give no positions)."""
    lines = raw.decode("utf-8", "replace").splitlines()
    start = next((i for i, text in enumerate(lines) if re.match(r"\s*\[\s*tool\s*\.\s*openness\s*\]", text)), None)
    if start is None:
        return 0
    for i in range(start + 1, len(lines)):
        if re.match(rf"\s*{re.escape(key)}\s*=", lines[i]):
            return i + 1
        if lines[i].lstrip().startswith("["):
            break
    return start + 1


def _from_table(pyproject: Path, table: dict[str, Any]) -> Project:
    root = pyproject.parent
    raw = pyproject.read_bytes()
    found: list[Finding] = []
    for key in table:
        if key not in DEFAULTS and key not in OTHER_KEYS:
            import difflib

            close = difflib.get_close_matches(key, list(DEFAULTS), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of: {', '.join(DEFAULTS)}"
            found.append(Finding(str(pyproject), _line_of(raw, key), 1, "pyproject", f"unknown key {key!r} in [tool.openness]{hint}"))
    values: dict[str, Any] = {}
    for key, default in DEFAULTS.items():
        value = table.get(key, default)
        if key in LISTS and isinstance(value, str):
            value = [value]
        ok = isinstance(value, str) and value if key not in LISTS else isinstance(value, list) and all(isinstance(v, str) and v for v in value)
        if not ok:
            what = "a folder name as text" if key not in LISTS else 'a list of folder names, such as ["catalog"]'
            found.append(Finding(str(pyproject), _line_of(raw, key), 1, "pyproject", f"expected {key} in [tool.openness] to be {what}; found {value!r}"))
            continue
        values[key] = tuple(root / v for v in value) if key in LISTS else root / value
    if found:
        raise OpennessError(found)
    return Project(root, pyproject, values["catalog"], values["rubrics"], values["usecases"], values["schemas"])


def is_source_checkout(folder: Path) -> bool:
    """Whether ``folder`` is the top of the openness source checkout (its catalog/ is the shipped one)."""
    from openness import sources

    try:
        if folder.resolve() == sources.data_root().resolve():
            return True
    except OSError:
        return False
    table = _project_name(folder / "pyproject.toml")
    return table == "openness" and _probe(folder / "openness" / "vocabulary.py").is_file()


def _project_name(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    m = re.search(r'(?ms)^\[project\]\s*$.*?^name\s*=\s*"([^"]+)"', text)
    return m.group(1) if m else None


def default(folder: Path) -> Project:
    """The project laid out by folder names in ``folder``."""
    return Project(folder, None, (folder / "catalog",), (folder / "rubrics",), (folder / "usecases",), folder / "schemas")


def find(start: str | os.PathLike[str] | None = None) -> Project | None:
    """The user's project around ``start`` (default: the working folder), or None.

    Raises :class:`OpennessError` for a [tool.openness] table that cannot be read.
    """
    here = Path(start) if start is not None else Path.cwd()
    try:
        here = here.resolve()
    except OSError:
        return None
    for folder in (here, *here.parents):
        pyproject = _probe(folder / "pyproject.toml")
        if pyproject.is_file():
            table = _read_pyproject(pyproject)
            if table is not None:
                return _from_table(pyproject, table)
    if is_source_checkout(here):
        return None
    project = default(here)
    if any(project.existing(key) for key in LISTS):
        return project
    return None


def folders(key: str, extra: Sequence[str | os.PathLike[str]] = ()) -> list[str]:
    """The folders of one kind (catalog, rubrics, usecases) a command reads: the project's that
    exist, then ``extra`` (those given with --catalog / --rubrics)."""
    found = find()
    mine = [str(p) for p in found.existing(key)] if found is not None else []
    return [*mine, *map(str, extra)]


def for_writing(start: str | os.PathLike[str] | None = None) -> Project:
    """Where ``openness new`` and ``openness import`` write: the project found, or the working
    folder's default layout (inside the openness source checkout: its own folders)."""
    found = find(start)
    if found is not None:
        return found
    here = (Path(start) if start is not None else Path.cwd()).resolve()
    if is_source_checkout(here):
        return attrs.evolve(default(here), schemas=here / "openness" / "schemas", checkout=True)
    return default(here)


def schema_line(kind: str, folder: Path, project: Project) -> str | None:
    """The editor's ``$schema`` modeline for a file written to ``folder``: relative to the
    project's copy of the schemas (``openness schema --write``), or to the source tree inside the
    openness checkout; None when there is no copy (a modeline never points into an installed
    package)."""
    target = _probe(project.schemas / f"{kind}.schema.json").resolve()
    if not target.is_file():
        return None
    try:
        rel = os.path.relpath(target, folder.resolve())
    except ValueError:  # another drive on Windows
        rel = target.as_uri()
    return f"# yaml-language-server: $schema={Path(rel).as_posix()}\n"
