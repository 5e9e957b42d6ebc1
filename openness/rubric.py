"""Rubrics are data: criteria that read facts by path, weights, grades and tiers."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from openness import frozen as attrs
from openness import sources, vocabulary
from openness.errors import Finding, OpennessError, UsageError
from openness.records import Evidence

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

    from openness import yamlio

KINDS = ("levels", "bands", "presence", "all_of", "any_of")
NUMERIC = ("number", "integer", "numbers")


def level_key(value: Any) -> str:
    """The key under which a fact value is looked up in a criterion's ``levels``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@attrs.frozen
class Band:
    min: float
    score: float
    label: str | None = None


@attrs.frozen
class Condition:
    """A test on one fact, or an ``all_of`` / ``any_of`` group of conditions."""

    fact: str | None = None
    values: tuple[Any, ...] | None = None
    min: float | None = None
    max: float | None = None
    group: str | None = None  # all_of | any_of
    children: tuple[Condition, ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Condition:
        for group in ("all_of", "any_of"):
            if group in d:
                return cls(group=group, children=tuple(cls.from_dict(c) for c in d[group]))
        vals = d.get("in")
        return cls(d["fact"], tuple(vals) if vals is not None else None, d.get("min"), d.get("max"))

    @property
    def facts(self) -> tuple[str, ...]:
        """Every fact path this condition reads, in order."""
        if self.group:
            return tuple(f for c in self.children for f in c.facts)
        return (self.fact,) if self.fact else ()

    def describe(self) -> str:
        if self.group:
            joiner = " and " if self.group == "all_of" else " or "
            return "(" + joiner.join(c.describe() for c in self.children) + ")"
        parts = []
        if self.values is not None:
            parts.append(f"{self.fact} in [{', '.join(level_key(v) for v in self.values)}]")
        if self.min is not None:
            parts.append(f"{self.fact} >= {self.min:g}")
        if self.max is not None:
            parts.append(f"{self.fact} <= {self.max:g}")
        return " and ".join(parts)


@attrs.frozen
class Criterion:
    id: str
    title: str
    weight: float
    kind: str
    fact: str | None = None
    levels: Mapping[str, float] = attrs.field(factory=dict)
    otherwise: float | None = None
    bands: tuple[Band, ...] = ()
    present: float = 1.0
    absent: float = 0.0
    conditions: tuple[Condition, ...] = ()
    unknown: str | float | None = None
    group: str | None = None
    description: str | None = None
    why: tuple[Evidence, ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Criterion:
        return cls(
            id=d["id"],
            title=d["title"],
            weight=float(d["weight"]),
            kind=d["kind"],
            fact=d.get("fact"),
            levels={str(k): float(v) for k, v in (d.get("levels") or {}).items()},
            otherwise=d.get("otherwise"),
            bands=tuple(sorted((Band(b["min"], b["score"], b.get("label")) for b in d.get("bands", ())), key=lambda b: b.min)),
            present=float(d.get("present", 1.0)),
            absent=float(d.get("absent", 0.0)),
            conditions=tuple(Condition.from_dict(c) for c in d.get("conditions", ())),
            unknown=d.get("unknown"),
            group=d.get("group"),
            description=d.get("description"),
            why=tuple(Evidence.from_dict(e) for e in d.get("why", ())),
        )

    @property
    def facts_read(self) -> tuple[str, ...]:
        if self.fact:
            return (self.fact,)
        return tuple(dict.fromkeys(f for c in self.conditions for f in c.facts))


@attrs.frozen
class Grade:
    min: float
    label: str


@attrs.frozen
class Tier:
    label: str
    requires: tuple[str, ...]
    description: str | None = None


@attrs.frozen
class Rubric:
    id: str
    title: str
    unknown: str | float
    criteria: tuple[Criterion, ...]
    version: str | None = None
    description: str | None = None
    url: str | None = None
    sources: tuple[Evidence, ...] = ()
    grades: tuple[Grade, ...] = ()
    tiers: tuple[Tier, ...] = ()
    file: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], file: str | None = None) -> Rubric:
        return cls(
            id=d["id"],
            title=d["title"],
            unknown=d["unknown"],
            criteria=tuple(Criterion.from_dict(c) for c in d["criteria"]),
            version=None if d.get("version") is None else str(d["version"]),
            description=d.get("description"),
            url=d.get("url"),
            sources=tuple(Evidence.from_dict(e) for e in d.get("sources", ())),
            grades=tuple(sorted((Grade(g["min"], g["label"]) for g in d.get("grades", ())), key=lambda g: -g.min)),
            tiers=tuple(Tier(t["label"], tuple(t["requires"]), t.get("description")) for t in d.get("tiers", ())),
            file=file,
        )

    def criterion(self, cid: str) -> Criterion:
        for c in self.criteria:
            if c.id == cid:
                return c
        raise KeyError(cid)


# --------------------------------------------------------------------------- semantic checks


def _fact_problem(path: str) -> str | None:
    if vocabulary.spec_for(path) is not None:
        return None
    import difflib

    close = difflib.get_close_matches(path, vocabulary.all_paths(), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else " (`openness facts` lists them)"
    return f"expected a fact path from the vocabulary; found {path!r}{hint}"


def _condition_findings(doc: yamlio.Document, at: tuple[Any, ...], conditions: list[Any]) -> list[Finding]:
    out: list[Finding] = []
    for j, cond in enumerate(conditions):
        if not isinstance(cond, dict):
            continue
        for group in ("all_of", "any_of"):
            if isinstance(cond.get(group), list):
                out += _condition_findings(doc, (*at, j, group), cond[group])
        if not isinstance(cond.get("fact"), str):
            continue
        problem = _fact_problem(cond["fact"])
        if problem:
            out.append(doc.finding((*at, j, "fact"), "rubric-fact", problem))
            continue
        cspec = vocabulary.spec_for(cond["fact"])
        allowed = [level_key(v) for v in vocabulary.allowed_values(cspec)] if cspec else []
        for k, val in enumerate(cond.get("in") or []):
            if allowed and level_key(val) not in allowed:
                out.append(
                    doc.finding((*at, j, "in", k), "rubric-level", f"expected a value of {cond['fact']} ({', '.join(allowed)}); found {level_key(val)!r}")
                )
    return out


def semantic_findings(doc: yamlio.Document) -> list[Finding]:
    """Checks the schema cannot express: fact paths, level coverage, band order, tier references."""
    d = doc.data
    out: list[Finding] = []
    ids: dict[str, int] = {}
    for i, c in enumerate(d.get("criteria", [])):
        at = ("criteria", i)
        cid = c.get("id")
        if cid in ids:
            out.append(
                doc.finding((*at, "id"), "rubric-duplicate-criterion", f"expected each criterion id once; found {cid!r} again (first is criteria[{ids[cid]}])")
            )
        else:
            ids[cid] = i
        fact = c.get("fact")
        spec = None
        if isinstance(fact, str):
            problem = _fact_problem(fact)
            if problem:
                out.append(doc.finding((*at, "fact"), "rubric-fact", problem))
            spec = vocabulary.spec_for(fact)
        kind = c.get("kind")
        if spec is not None and kind == "levels" and isinstance(c.get("levels"), dict):
            allowed = [level_key(v) for v in vocabulary.allowed_values(spec)]
            keys = list(c["levels"])
            if allowed:
                for k in keys:
                    if k not in allowed:
                        import difflib

                        close = difflib.get_close_matches(k, allowed, n=1)
                        hint = f"; did you mean {close[0]!r}?" if close else ""
                        out.append(
                            doc.finding(
                                (*at, "levels", k),
                                "rubric-level",
                                f"expected a level named after a value of {fact} ({', '.join(allowed)}); found {k!r}{hint}",
                                key=True,
                            )
                        )
                missing = [a for a in allowed if a not in keys]
                if missing and c.get("otherwise") is None:
                    out.append(
                        doc.finding(
                            (*at, "levels"),
                            "rubric-levels-cover",
                            f"expected levels for every value of {fact}; found none for {', '.join(missing)} (add them, or an `otherwise` score)",
                        )
                    )
        if spec is not None and kind == "bands" and spec.type not in NUMERIC:
            out.append(doc.finding((*at, "kind"), "rubric-kind", f"expected bands only on a numeric fact; found {fact} of type {spec.type}"))
        out += _condition_findings(doc, (*at, "conditions"), c.get("conditions") or [])
    for i, t in enumerate(d.get("tiers") or []):
        for j, req in enumerate(t.get("requires") or []):
            if req not in ids:
                out.append(doc.finding(("tiers", i, "requires", j), "rubric-tier-ref", f"expected the id of a criterion of this rubric; found {req!r}"))
    mins = [g.get("min") for g in d.get("grades") or []]
    if len(set(mins)) != len(mins):
        out.append(doc.finding(("grades",), "rubric-grades", "expected grades with different minimum totals; found a repeated minimum"))
    return out


def read_rubric(path: Path, roots: tuple[Path, ...]) -> tuple[Rubric | None, list[Finding]]:
    from openness.catalog import display_name, read_cached

    def check(doc: yamlio.Document, kind: str) -> list[Finding]:
        from openness import checks
        from openness.validation import schema_findings

        found = schema_findings(doc, "rubric")
        found += checks.markup_findings(doc)
        if isinstance(doc.data, dict):
            found += checks.evidence_findings(doc, roots)
            if not found:
                found += semantic_findings(doc)
        return found

    _kind, data, _doc, found = read_cached(path, "rubric", roots, check)
    if found or data is None:
        return None, found
    return Rubric.from_dict(data, file=display_name(path)), []


def rubric_dirs(extra: Sequence[str | os.PathLike[str]] = (), shipped: bool = True) -> tuple[Path, ...]:
    dirs = [sources.shipped("rubrics")] if shipped else []
    for d in extra:
        p = Path(d)
        if not os.path.isdir(p):  # False for a name too long or a link loop, where Path.is_dir raises
            raise UsageError(f"no such rubrics folder: {d}")
        dirs.append(p)
    return tuple(dirs)


def available(extra: Sequence[str | os.PathLike[str]] = (), shipped: bool = True) -> dict[str, Path]:
    """Rubric name -> file; a later folder's file overrides an earlier one of the same name."""
    out: dict[str, Path] = {}
    for d in rubric_dirs(extra, shipped):
        for p in sorted(d.glob("*.y*ml")):
            out[p.stem] = p
    return dict(sorted(out.items()))


def load_rubric(name: str | os.PathLike[str], dirs: Sequence[str | os.PathLike[str]] = (), *, shipped: bool = True) -> Rubric:
    """A rubric by name (from the shipped ``rubrics/`` and ``dirs``) or by file path."""
    found = available(dirs, shipped)
    key = str(name)
    path = found.get(key)
    if path is None:
        candidate = Path(key)
        # anything at the path (a pipe, a folder or a broken link too): reading it gives the finding
        if candidate.suffix in (".yaml", ".yml") and os.path.lexists(candidate):
            path = candidate
        else:
            import difflib

            close = difflib.get_close_matches(key, list(found), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else f"; available: {', '.join(found) or 'none'}"
            raise UsageError(f"no rubric named {key!r}{hint}")
    roots = (sources.data_root(), *rubric_dirs(dirs, shipped), path.parent)
    rubric, problems = read_rubric(path, roots)
    from openness import cache

    cache.store().save()
    if problems:
        raise OpennessError(problems)
    assert rubric is not None
    return rubric
