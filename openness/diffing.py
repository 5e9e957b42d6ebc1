"""What changed between two models (or two licenses), and across a family's releases.

``diff(a, b)`` lists every fact path whose value differs, or that is known on one side and
unknown on the other, with both values and both sides' evidence.  ``history(catalog, family)``
puts a family's models in release order, each with the diff from the release before.

(The module is ``diffing``, not ``diff``: a submodule named like the ``openness.diff`` function
would shadow it.)  Pure: no printing, no I/O.
"""

from __future__ import annotations

import re
import textwrap

from openness import frozen as attrs
from openness import vocabulary as vocab
from openness.errors import UsageError
from openness.records import Evidence, Fact, License, Model

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: Orders of enum values from the most restrictive to the most permissive, for the trend.
_ORDERS: dict[str, tuple[Any, ...]] = {
    **{f"license.{p}": ("prohibited", "conditional", "allowed") for p, s in vocab.LICENSE_FACTS.items() if s.values == vocab.PERMISSION},
    **{p: ("prohibited", "conditional", "allowed") for p, s in vocab.LICENSE_FACTS.items() if s.values == vocab.PERMISSION},
    "access.weights": ("none", "api-only", "leaked", "research-only", "gated", "open"),
    "access.self_hostable": (False, True),
}
#: License identity fields worth comparing (the id itself is the model's ``license`` fact).
_META = ("category",)


@attrs.frozen
class Change:
    """One fact path that differs between two records."""

    path: str
    before: Fact
    after: Fact

    @property
    def kind(self) -> str:
        """``changed``, ``now known`` or ``now unknown``."""
        if self.before.known and self.after.known:
            return "changed"
        return "now known" if self.after.known else "now unknown"

    @property
    def trend(self) -> str | None:
        """``more permissive`` / ``more restrictive`` for permissions, weights access and caps."""
        if not (self.before.known and self.after.known):
            return None
        a, b = self.before.value, self.after.value
        order = _ORDERS.get(self.path)
        if order and a in order and b in order:
            return "more permissive" if order.index(b) > order.index(a) else "more restrictive"
        if self.path.endswith(("user_cap", "revenue_cap")):
            ta = float("inf") if a == "none" else (a or {}).get("threshold") if isinstance(a, dict) else None
            tb = float("inf") if b == "none" else (b or {}).get("threshold") if isinstance(b, dict) else None
            if ta is not None and tb is not None and ta != tb:
                return "more permissive" if tb > ta else "more restrictive"
        return None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "trend": self.trend, "before": self.before.to_dict(), "after": self.after.to_dict()}


@attrs.frozen
class Diff:
    """Every differing fact between record ``a`` and record ``b``, in vocabulary order."""

    kind: str  # model | license
    a: str
    b: str
    changes: tuple[Change, ...]
    a_name: str | None = None
    b_name: str | None = None

    def change(self, path: str) -> Change | None:
        return next((c for c in self.changes if c.path == path), None)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(c.path for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "a": self.a, "b": self.b, "changes": [c.to_dict() for c in self.changes]}

    def to_text(self, quotes: bool = True) -> str:
        head = (
            f"{self.a_name or self.a} ({self.a}) → {self.b_name or self.b} ({self.b}): {len(self.changes)} fact{'s' if len(self.changes) != 1 else ''} differ"
        )
        lines = [head]
        for c in self.changes:
            lines += change_lines(c, "  ", quotes=quotes)
        return "\n".join(lines) + "\n"


def _value(f: Fact) -> str:
    return f.display if f.known else "unknown"


#: Words that pick the telling quote of a fact with several (else the first primary quote).
_PREFER = {"output_training": "output", "user_cap": r"\d", "revenue_cap": r"\d", "naming": "name", "attribution": "notice|display"}


def deciding_quote(f: Fact) -> Evidence | None:
    """The quote shown for a fact: one with its telling words, else the first primary one."""
    if not f.evidence:
        return None
    want = _PREFER.get(f.path.rsplit(".", 1)[-1])
    if want:
        for x in f.evidence:
            if re.search(want, x.quote, re.IGNORECASE):
                return x
    return next((x for x in f.evidence if x.primary), f.evidence[0])


def _quote_lines(label: str, f: Fact, indent: str) -> list[str]:
    if not f.known:
        return [_wrap(f"{label}: unknown ({f.unknown})", indent)]
    e = deciding_quote(f)
    if e is None:
        return []
    return [_wrap(f"{label}: “{e.quote}”", indent), f"{indent}  — {e.source}" + (f" ({e.locator})" if e.locator else "")]


def change_lines(c: Change, indent: str = "  ", quotes: bool = True, sides: tuple[str, ...] = ("before", "after")) -> list[str]:
    """A change as text lines: ``path: before → after (trend)`` and each side's deciding quote."""
    trend = f"  ({c.trend})" if c.trend else ""
    lines = [f"{indent}{c.path}: {_value(c.before)} → {_value(c.after)}{trend}"]
    if quotes:
        for side in sides:
            lines += _quote_lines(side, getattr(c, side), indent + "    ")
    return lines


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(
        " ".join(text.split()), width=100, initial_indent=indent, subsequent_indent=indent + "  ", break_on_hyphens=False, break_long_words=False
    )


def _facts(record: Model | License) -> dict[str, Fact]:
    if isinstance(record, Model):
        out = {p: f for p, f in record.all_facts.items() if not f.derived or p[len("license.") :] in _META}
        return out
    meta = {k: f for k, f in record.meta_facts().items() if k in _META}
    return {**meta, **record.facts}


def _sort_key(path: str) -> tuple[int, int, str]:
    """Vocabulary order: model facts, then benchmarks and figures by name, then license facts."""
    model = list(vocab.MODEL_FACTS)
    lic = [*_META, *vocab.LICENSE_FACTS]
    if path in vocab.MODEL_FACTS:
        return (0, model.index(path), "")
    sub = path[len("license.") :] if path.startswith("license.") else path
    if sub in lic:
        return (2, lic.index(sub), "")
    return (1, 0, path)


def _same(a: Fact, b: Fact) -> bool:
    if a.known != b.known:
        return False
    return not a.known or a.value == b.value


def diff(a: Model | License, b: Model | License) -> Diff:
    """Every fact path whose value differs between two models or two licenses."""
    if isinstance(a, Model) and isinstance(b, Model):
        kind = "model"
    elif isinstance(a, License) and isinstance(b, License):
        kind = "license"
    else:
        raise UsageError(f"expected two models or two licenses; found a {type(a).__name__.lower()} and a {type(b).__name__.lower()}")
    fa, fb = _facts(a), _facts(b)
    changes = []
    for path in sorted(set(fa) | set(fb), key=_sort_key):
        before = fa.get(path) or Fact.unrecorded(path)
        after = fb.get(path) or Fact.unrecorded(path)
        if not _same(before, after):
            changes.append(Change(path, before, after))
    return Diff(kind, a.id, b.id, tuple(changes), a.name, b.name)


# --------------------------------------------------------------------------- history

#: Paths a history shows first: what you may do, and how you get the model.
KEY_PREFIXES = ("license", "access.")


@attrs.frozen
class Step:
    """One release of a family, with what changed since the release before."""

    model: str
    name: str
    released: str | None
    license: str | None
    weights: str | None
    diff: Diff | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "name": self.name,
            "released": self.released,
            "license": self.license,
            "weights": self.weights,
            "changes": self.diff.to_dict()["changes"] if self.diff is not None else None,
        }


@attrs.frozen
class History:
    """A family's releases in date order (models with no known release date last, by id)."""

    family: str
    steps: tuple[Step, ...]

    @property
    def models(self) -> tuple[str, ...]:
        return tuple(s.model for s in self.steps)

    def to_dict(self) -> dict[str, Any]:
        return {"family": self.family, "steps": [s.to_dict() for s in self.steps]}

    def to_text(self) -> str:
        lines = [f"{self.family}: {len(self.steps)} release{'s' if len(self.steps) != 1 else ''} in date order"]
        for s in self.steps:
            lines += ["", f"{s.released or 'date unknown'}  {s.name} ({s.model})  license {s.license or 'unknown'}, weights {s.weights or 'unknown'}"]
            if s.diff is None:
                continue
            key = [c for c in s.diff.changes if c.path.startswith(KEY_PREFIXES)]
            other = [c.path for c in s.diff.changes if not c.path.startswith(KEY_PREFIXES)]
            if not key:
                lines.append("  no change in license terms or access")
            for c in key:
                lines += change_lines(c, "  ", quotes=c.path.startswith("license.terms."), sides=("after",))
            if other:
                lines.append(_wrap(f"and {len(other)} other fact{'s' if len(other) != 1 else ''} changed: {', '.join(other)}", "  "))
        return "\n".join(lines) + "\n"


def _date_key(m: Model) -> tuple[int, str, str]:
    f = m.fact("released")
    return (0, str(f.value), m.id) if f.known else (1, "", m.id)


def history(catalog: Any, family: str) -> History:
    """The family's models by release date, each step with the diff from the previous release."""
    models = catalog.family(family)
    if not models:
        import difflib

        families = sorted({m.family for m in catalog.models if m.family})
        close = difflib.get_close_matches(family.lower(), families, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; families: {', '.join(families)}"
        raise UsageError(f"no model family named {family!r}{hint}")
    models = sorted(models, key=_date_key)
    steps = []
    prev: Model | None = None
    for m in models:
        released = m.fact("released")
        lic = m.fact("license")
        weights = m.fact("access.weights")
        steps.append(
            Step(
                model=m.id,
                name=m.name,
                released=str(released.value) if released.known else None,
                license=str(lic.value) if lic.known else None,
                weights=str(weights.value) if weights.known else None,
                diff=diff(prev, m) if prev is not None else None,
            )
        )
        prev = m
    return History(models[0].family or family, tuple(steps))
