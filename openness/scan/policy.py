"""What an organisation intends to do with the models its code uses: the policy ``openness scan`` applies.

A policy is a use case (the flags ``openness check`` knows: ``commercial``, ``monthly_active_users``,
``annual_revenue_usd``, ``fine_tune``, ``distill``, ``redistribute``, ``self_host``,
``hosted_service``, ``field_of_use``), plus:

``allow``        ``{models: [...], licenses: [...]}``: cleared by your organisation; a model on the list,
                 or whose every license (its own and its bases') is on the list, passes without the check
``deny``         ``{models: [...], licenses: [...]}``: never used; a model (or a base it derives from)
                 on the list, or a license anywhere in its lineage on the list, is blocked.  Deny beats allow.
``unknown``      ``warn`` (default: reported, the scan still passes) or ``block`` (the scan fails)
``conditional``  ``allow``, ``warn`` (default) or ``block``
``exclude``      paths (glob patterns) the scan does not read

It lives in a YAML file (``--policy FILE``) or in ``[tool.openness.policy]`` of pyproject.toml, and is
validated like every other file: ``openness schema policy`` prints its schema.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from openness import frozen as attrs
from openness.errors import Finding, OpennessError
from openness.usecase import ASKS, UseCase

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

STRICTNESS = ("allow", "warn", "block")
_USECASE_KEYS = (*ASKS,)


def _names(value: Any) -> tuple[str, ...]:
    return tuple(str(x).strip() for x in value or ())


@attrs.frozen
class Lists:
    models: tuple[str, ...] = attrs.field(default=(), converter=_names)
    licenses: tuple[str, ...] = attrs.field(default=(), converter=_names)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> Lists:
        d = d or {}
        return cls(d.get("models", ()), d.get("licenses", ()))

    def to_dict(self) -> dict[str, Any]:
        return {"models": list(self.models), "licenses": list(self.licenses)}


@attrs.frozen
class Policy:
    """A use case, allow and deny lists, and how strict to be about unknown and conditional verdicts."""

    usecase: UseCase = UseCase()
    allow: Lists = Lists()
    deny: Lists = Lists()
    unknown: str = "warn"
    conditional: str = "warn"
    exclude: tuple[str, ...] = ()
    #: Where the policy came from (a file name, ``pyproject.toml [tool.openness.policy]``, or the command line).
    source: str = "the command line"

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], source: str = "the command line") -> Policy:
        uc = UseCase.from_dict({k: d[k] for k in (*_USECASE_KEYS, "id", "title", "description") if k in d})
        return cls(
            usecase=uc,
            allow=Lists.from_dict(d.get("allow")),
            deny=Lists.from_dict(d.get("deny")),
            unknown=d.get("unknown", "warn"),
            conditional=d.get("conditional", "warn"),
            exclude=tuple(d.get("exclude", ())),
            source=source,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.usecase.to_dict(),
            "allow": self.allow.to_dict(),
            "deny": self.deny.to_dict(),
            "unknown": self.unknown,
            "conditional": self.conditional,
            "exclude": list(self.exclude),
            "source": self.source,
        }

    def fails(self, verdict: str) -> bool:
        """Whether a model with this verdict makes the scan fail."""
        if verdict == "blocked":
            return True
        if verdict == "unknown":
            return self.unknown == "block"
        if verdict == "conditional":
            return self.conditional == "block"
        return False

    def level(self, verdict: str) -> str:
        """error (fails the scan), warning or note: how a verdict is shown."""
        if self.fails(verdict):
            return "error"
        if verdict == "allowed":
            return "note"
        strict = self.unknown if verdict == "unknown" else self.conditional
        return "note" if strict == "allow" else "warning"


def _check(doc: Any, name: str) -> list[Finding]:
    from openness import checks
    from openness.validation import schema_findings

    found = schema_findings(doc, "policy")
    found += checks.markup_findings(doc)
    return sorted(found)


def read_policy(path: str | os.PathLike[str]) -> Policy:
    """A policy YAML file, or :class:`OpennessError` with every located finding."""
    from openness import yamlio
    from openness.catalog import display_name
    from openness.errors import UsageError

    p = Path(path)
    if not p.is_file():
        raise UsageError(f"no such policy file: {path}")
    name = display_name(p)
    doc = yamlio.load(p, name)
    found = _check(doc, name)
    if found:
        raise OpennessError(found)
    return Policy.from_dict(doc.data, name)


def _toml_position(text: str, keys: tuple[Any, ...]) -> tuple[int, int]:
    """The line and column of a key of ``[tool.openness.policy]`` (TOML parsers keep no positions):
    the first line after the table's header that names the last string key of the path."""
    lines = text.splitlines()
    header = next((i for i, ln in enumerate(lines) if re.match(r"^\s*\[\s*tool\.openness\.policy\s*\]", ln)), None)
    start = header if header is not None else 0
    words = [k for k in keys if isinstance(k, str)]
    for word in reversed(words):
        rx = re.compile(rf"""^\s*(?:{re.escape(word)}|["']{re.escape(word)}["'])\s*[=.]|^\s*\[\s*tool\.openness\.policy\.{re.escape(word)}\s*\]""")
        for i in range(start, len(lines)):
            if rx.search(lines[i]):
                return i + 1, len(lines[i]) - len(lines[i].lstrip()) + 1
    return (start + 1, 1) if header is not None else (1, 1)


def policy_from_pyproject(path: str | os.PathLike[str]) -> Policy | None:
    """``[tool.openness.policy]`` of a pyproject.toml, or None when it has none.

    Findings are located by searching the file for the offending key (TOML parsers keep no positions).
    """
    from openness import yamlio
    from openness.catalog import display_name

    p = Path(path)
    name = display_name(p)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OpennessError([Finding(name, 0, 0, "io", f"expected a readable UTF-8 file; found that it cannot be read: {exc}")]) from None
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the same parser, as a package (a dependency there)
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        raise OpennessError([Finding(name, line, col, "toml-syntax", f"expected valid TOML; found {exc}")]) from None
    section = data.get("tool", {}).get("openness", {})
    if not isinstance(section, dict) or "policy" not in section:
        return None
    raw = section["policy"]
    # the schema checks run on a document whose marks are found by searching the text
    marks: dict[tuple[Any, ...], yamlio.Mark] = {}

    def place(node: Any, where: tuple[Any, ...]) -> None:
        line, col = _toml_position(text, where)
        marks[where] = yamlio.Mark(line, col)
        if isinstance(node, dict):
            for k, v in node.items():
                place(v, (*where, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                place(v, (*where, i))

    place(raw, ())
    doc = yamlio.Document(name, raw, marks, dict(marks), {})
    found = _check(doc, name)
    if found:
        raise OpennessError(found)
    return Policy.from_dict(raw, f"{name} [tool.openness.policy]")


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above ``start`` (as pytest and ruff find theirs)."""
    here = start.resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None
